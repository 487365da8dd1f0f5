"""Every page of the action plan, under one namespace (`actionplans:<name>`). Each sub-package
lists its own pages; find a page's view from its URL in the sub-package named here."""

from actionplans.measures import urls as measures
from actionplans.plans import urls as plans
from actionplans.reminders import urls as reminders
from actionplans.submission import urls as submission

app_name = "actionplans"

urlpatterns = [
    *plans.urlpatterns,
    *submission.urlpatterns,
    *reminders.urlpatterns,
    *measures.urlpatterns,
]
