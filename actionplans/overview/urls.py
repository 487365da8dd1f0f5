from django.urls import path

from actionplans.overview import views

urlpatterns = [
    path("partnerships/<int:pk>/overview/", views.overview, name="partnership-overview"),
    path(
        "partnerships/<int:pk>/overview/little-progress.xlsx",
        views.little_progress_download,
        name="partnership-little-progress-download",
    ),
]
