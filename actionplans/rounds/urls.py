from django.urls import path

from actionplans.rounds import views

urlpatterns = [
    path("plans/<int:pk>/rounds/", views.round_list, name="rounds"),
    path("plans/<int:pk>/rounds/new/", views.round_open, name="round-open"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
]
