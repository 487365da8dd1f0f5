from django.urls import path

from actionplans.sharing import views

urlpatterns = [
    path(
        "plans/<int:pk>/recommendations/<int:recommendation_pk>/link/",
        views.action_link,
        name="action-link",
    ),
    path(
        "actions/<int:pk>/also-answers/<int:recommendation_pk>/unlink/",
        views.action_unlink,
        name="action-unlink",
    ),
    path(
        "partnerships/<int:pk>/traceability/",
        views.partnership_traceability,
        name="traceability",
    ),
    path(
        "partnerships/<int:pk>/traceability.xlsx",
        views.partnership_traceability_download,
        name="traceability-download",
    ),
]
