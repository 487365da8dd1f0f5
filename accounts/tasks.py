"""Clean-up of what signing in leaves behind, run daily from config/celery.py."""

from celery import shared_task
from django.contrib.sessions.backends.db import SessionStore


@shared_task
def clear_expired_sessions() -> None:
    # Sessions live in the database (ADR 0002) and Django only removes expired ones when asked
    # (its own `clearsessions`); without this they would be kept, with the person's id, forever.
    SessionStore.clear_expired()
