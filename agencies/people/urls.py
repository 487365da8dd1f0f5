from django.urls import path

from agencies.people import views

app_name = "people"

urlpatterns = [
    path("partnerships/<int:pk>/people/", views.people, name="people"),
    path("partnerships/<int:pk>/people/invite/", views.invite, name="invite"),
    path(
        "partnerships/<int:pk>/people/<int:member_pk>/",
        views.member_change,
        name="member-change",
    ),
    path(
        "partnerships/<int:pk>/people/<int:member_pk>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path(
        "partnerships/<int:pk>/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "partnerships/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
