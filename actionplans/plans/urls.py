from django.urls import path

from actionplans.plans.views import actions, bulk, plans, progress

urlpatterns = [
    path("my-actions/", plans.my_actions, name="my-actions"),
    path("my-actions/update/", bulk.update_all, name="my-actions-update"),
    path("inspections/new/", plans.inspection_create, name="inspection-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:plan_pk>/actions/new/", actions.action_create, name="action-create"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", actions.action_update, name="action-update"),
    path("actions/<int:pk>/remove/", actions.ActionDeleteView.as_view(), name="action-delete"),
    path("actions/<int:pk>/move/", actions.action_move, name="action-move"),
    path(
        "plans/<int:pk>/recommendations/<int:recommendation_pk>/renumber/",
        actions.actions_renumber,
        name="actions-renumber",
    ),
    path("actions/<int:pk>/history/", actions.action_history, name="action-history"),
    path("actions/<int:pk>/sign-off/", actions.action_sign_off, name="action-sign-off"),
    path("actions/<int:pk>/send-back/", actions.action_send_back, name="action-send-back"),
    path("actions/<int:pk>/reopen/", actions.action_reopen, name="action-reopen"),
    path("actions/<int:pk>/progress/new/", progress.progress_create, name="progress-create"),
    path("actions/<int:pk>/due-date/", progress.revise_due_date, name="action-revise-due-date"),
    path("actions/<int:pk>/evidence/new/", progress.evidence_create, name="evidence-create"),
    path("evidence/<int:pk>/download/", progress.evidence_download, name="evidence-download"),
]
