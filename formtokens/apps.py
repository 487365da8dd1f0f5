"""One-time form tokens: a create form saves once, whatever app the form belongs to. It imports
no other app of ours, so that agencies, inspections and actionplans may all use it."""

from django.apps import AppConfig


class FormTokensConfig(AppConfig):
    name = "formtokens"
    verbose_name = "One-time form tokens"
    default_auto_field = "django.db.models.BigAutoField"
