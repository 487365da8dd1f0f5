from django.urls import path

from actionplans.queues import views

urlpatterns = [
    path("", views.home, name="home"),
    path("seen/", views.mark_all_seen, name="queue-seen"),
]
