"""The one-time form tokens' clean-up, run daily from config/celery.py."""

from celery import shared_task
from django.utils import timezone

from formtokens.services import forget_old_tokens


@shared_task
def forget_old_form_tokens() -> int:
    return forget_old_tokens(now=timezone.now())
