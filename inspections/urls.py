from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("<int:pk>/edit/", views.InspectionUpdateView.as_view(), name="inspection-update"),
    path(
        "<int:inspection_pk>/findings/new/",
        views.FindingCreateView.as_view(),
        name="finding-create",
    ),
    path(
        "<int:inspection_pk>/findings/paste/",
        views.findings_paste,
        name="findings-paste",
    ),
    path(
        "<int:inspection_pk>/findings/undo/",
        views.findings_undo,
        name="findings-undo",
    ),
    path(
        "<int:inspection_pk>/findings/remove/",
        views.findings_remove,
        name="findings-remove",
    ),
    path(
        "<int:inspection_pk>/findings/<int:pk>/edit/",
        views.FindingUpdateView.as_view(),
        name="finding-update",
    ),
    path(
        "<int:inspection_pk>/findings/<int:pk>/remove/",
        views.FindingDeleteView.as_view(),
        name="finding-delete",
    ),
    path(
        "<int:inspection_pk>/recommendations/new/",
        views.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    path(
        "<int:inspection_pk>/recommendations/<int:pk>/edit/",
        views.RecommendationUpdateView.as_view(),
        name="recommendation-update",
    ),
    path(
        "<int:inspection_pk>/recommendations/<int:pk>/remove/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation-delete",
    ),
]
