"""Every page of the action plan, under one namespace (`actionplans:<name>`). Each sub-package
lists its own pages; find a page's view from its URL in the sub-package named here."""

from actionplans.approvals import urls as approvals
from actionplans.contributions import urls as contributions
from actionplans.measures import urls as measures
from actionplans.notifications import urls as notifications
from actionplans.overview import urls as overview
from actionplans.plans import urls as plans
from actionplans.queues import urls as queues
from actionplans.records import urls as records
from actionplans.reminders import urls as reminders
from actionplans.rounds import urls as rounds
from actionplans.sharing import urls as sharing
from actionplans.submission import urls as submission

app_name = "actionplans"

urlpatterns = [
    *queues.urlpatterns,
    *plans.urlpatterns,
    *submission.urlpatterns,
    *approvals.urlpatterns,
    *contributions.urlpatterns,
    *reminders.urlpatterns,
    *measures.urlpatterns,
    *notifications.urlpatterns,
    *overview.urlpatterns,
    *sharing.urlpatterns,
    *records.urlpatterns,
    *rounds.urlpatterns,
]
