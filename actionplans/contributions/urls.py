from django.urls import path

from actionplans.contributions import link_views, views

urlpatterns = [
    path("actions/<int:pk>/request-update/", views.request_update, name="request-update"),
    path("plans/<int:pk>/contributions/", views.plan_contributions, name="plan-contributions"),
    path("contributions/<int:pk>/", views.decide_contribution, name="contribution-decide"),
    path(
        "update-requests/<int:pk>/withdraw/", views.withdraw_request, name="update-request-withdraw"
    ),
    path("contribute/<str:token>/", link_views.contribute, name="contribute"),
]
