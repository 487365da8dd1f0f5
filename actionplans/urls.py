from django.urls import path

from actionplans import views, views_dashboard, views_exports, views_reminders

app_name = "actionplans"

urlpatterns = [
    path("", views.home, name="home"),
    path("my-actions/", views.my_actions, name="my-actions"),
    path("inspections/new/", views.inspection_create, name="inspection-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_pk>/actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_update, name="action-update"),
    path("actions/<int:pk>/remove/", views.ActionDeleteView.as_view(), name="action-delete"),
    path("actions/<int:pk>/move/", views.action_move, name="action-move"),
    path("actions/<int:pk>/history/", views.action_history, name="action-history"),
    path("actions/<int:pk>/progress/new/", views.progress_create, name="progress-create"),
    path("actions/<int:pk>/due-date/", views.revise_due_date, name="action-revise-due-date"),
    path("actions/<int:pk>/evidence/new/", views.evidence_create, name="evidence-create"),
    path("actions/<int:pk>/sign-off/", views.action_sign_off, name="action-sign-off"),
    path("actions/<int:pk>/send-back/", views.action_send_back, name="action-send-back"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
    path("plans/<int:pk>/export.<str:kind>", views_exports.plan_export, name="plan-export"),
    path("plans/<int:pk>/readiness/", views_exports.plan_readiness, name="plan-readiness"),
    path("plans/<int:pk>/submit/", views_exports.plan_submit, name="plan-submit"),
    path("submissions/<int:pk>/", views_exports.submission_detail, name="submission-detail"),
    path(
        "submissions/<int:pk>/download.<str:kind>",
        views_exports.submission_download,
        name="submission-download",
    ),
    path("plans/<int:pk>/board-reports/", views_exports.board_reports, name="board-reports"),
    path(
        "board-reports/<int:pk>/download.<str:kind>",
        views_exports.board_report_download,
        name="board-report-download",
    ),
    path("plans/<int:pk>/import/", views_exports.import_upload, name="import-upload"),
    path(
        "plans/<int:pk>/import/<int:import_pk>/",
        views_exports.import_preview,
        name="import-preview",
    ),
    path(
        "plans/<int:pk>/import/template.xlsx",
        views_exports.import_template,
        name="import-template",
    ),
    # Reminders (issue 5).
    path("reminders/", views_reminders.reminder_preferences, name="reminder-preferences"),
    path("reminders/calendar/", views_reminders.calendar_token, name="calendar-token"),
    path("reminders/sent/", views_reminders.reminder_log, name="reminder-log"),
    path("calendar/<str:token>.ics", views_reminders.calendar_feed, name="calendar-feed"),
    # The dashboard and measures (issue 6).
    path("dashboard/", views_dashboard.dashboard_across, name="dashboard"),
    path("plans/<int:pk>/dashboard/", views_dashboard.plan_dashboard, name="plan-dashboard"),
    path("plans/<int:pk>/measures/new/", views_dashboard.measure_create, name="measure-create"),
    path("measures/<int:pk>/edit/", views_dashboard.measure_update, name="measure-update"),
    path(
        "measures/<int:pk>/readings/new/",
        views_dashboard.reading_create,
        name="reading-create",
    ),
]
