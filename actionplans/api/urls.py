"""`/api/v1/…` (the endpoints), `/api/schema/` (OpenAPI) and `/api/docs/` (its page)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from actionplans.api import views

app_name = "api"

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("actions", views.ActionViewSet, basename="action")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-update")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("readings", views.ReadingViewSet, basename="reading")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
]
