from django.urls import path

from actionplans import views

app_name = "actionplans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("reminders/", views.reminder_preferences, name="reminder-preferences"),
    path("reminders/calendar/", views.calendar_token, name="calendar-token"),
    path("reminders/sent/", views.reminder_log, name="reminder-log"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
