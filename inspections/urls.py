from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("<int:pk>/", views.inspection_detail, name="inspection-detail"),
]
