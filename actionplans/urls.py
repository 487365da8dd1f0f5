from django.urls import path

from actionplans import views, views_dashboard

app_name = "actionplans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
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
