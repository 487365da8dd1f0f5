from django.urls import path

from actionplans.reminders import views

urlpatterns = [
    path("reminders/", views.reminder_preferences, name="reminder-preferences"),
    path("reminders/calendar/", views.calendar_token, name="calendar-token"),
    path("reminders/sent/", views.reminder_log, name="reminder-log"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
