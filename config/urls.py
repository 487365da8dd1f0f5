from django.contrib import admin
from django.urls import include, path

from agencies import views as account_views

urlpatterns = [
    path("", include("actionplans.urls")),
    path("inspections/", include("inspections.urls")),
    path("sign-in/", account_views.SignInView.as_view(), name="login"),
    path("sign-out/", account_views.SignOutView.as_view(), name="logout"),
    path("account/", include("agencies.urls")),
    path("admin/", admin.site.urls),
]
