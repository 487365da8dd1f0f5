from django.urls import path

from actionplans.measures import views

urlpatterns = [
    path("dashboard/", views.dashboard_across, name="dashboard"),
    path("plans/<int:pk>/dashboard/", views.plan_dashboard, name="plan-dashboard"),
    path("plans/<int:pk>/measures/new/", views.measure_create, name="measure-create"),
    path("measures/<int:pk>/edit/", views.measure_update, name="measure-update"),
    path("measures/<int:pk>/readings/new/", views.reading_create, name="reading-create"),
]
