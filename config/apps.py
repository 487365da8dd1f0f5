from django.contrib.admin.apps import AdminConfig as BaseAdminConfig


class AdminConfig(BaseAdminConfig):
    # The admin is for superusers only (config/admin.py says why).
    default_site = "config.admin.SuperuserAdminSite"
