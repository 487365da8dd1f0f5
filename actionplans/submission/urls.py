from django.urls import path

from actionplans.submission import views

urlpatterns = [
    path("plans/<int:pk>/export.<str:kind>", views.plan_export, name="plan-export"),
    path("plans/<int:pk>/readiness/", views.plan_readiness, name="plan-readiness"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan-submit"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission-detail"),
    path(
        "submissions/<int:pk>/download.<str:kind>",
        views.submission_download,
        name="submission-download",
    ),
    path("plans/<int:pk>/board-reports/", views.board_reports, name="board-reports"),
    path(
        "board-reports/<int:pk>/download.<str:kind>",
        views.board_report_download,
        name="board-report-download",
    ),
    path("plans/<int:pk>/import/", views.import_upload, name="import-upload"),
    path("plans/<int:pk>/import/<int:import_pk>/", views.import_preview, name="import-preview"),
    path("plans/<int:pk>/import/template.xlsx", views.import_template, name="import-template"),
]
