from django.urls import path

from actionplans.records import views

urlpatterns = [
    path("plans/<int:pk>/close/", views.plan_close, name="plan-close"),
    path("plans/<int:pk>/reopen/", views.plan_reopen, name="plan-reopen"),
    path("plans/<int:pk>/hold/", views.hold_place, name="hold-place"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold-lift"),
    path("partnerships/<int:pk>/records/", views.records, name="records"),
    path("partnerships/<int:pk>/audit.csv", views.audit_export, name="audit-export"),
    path("subject-access/", views.subject_access, name="subject-access"),
    path("retention-runs/<int:pk>/apply/", views.run_apply, name="retention-apply"),
]
