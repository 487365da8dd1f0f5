from django.urls import path

from actionplans.approvals import views

urlpatterns = [
    path("plans/<int:pk>/approvers/", views.plan_approvers, name="plan-approvers"),
    path("plans/<int:pk>/approvers/send/", views.approval_send, name="approval-send"),
    path("approvers/<int:pk>/", views.approver_change, name="approver-change"),
    path("approvers/<int:pk>/remove/", views.approver_remove, name="approver-remove"),
    path("plans/<int:pk>/approval/", views.plan_approval, name="plan-approval"),
]
