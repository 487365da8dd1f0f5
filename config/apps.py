from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    # The GOV.UK Frontend build recipe (package.json, Sass sources) is not for publishing.
    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "build"]


class AdminConfig(BaseAdminConfig):
    # The admin is for superusers only (config/admin.py says why).
    default_site = "config.admin.SuperuserAdminSite"
