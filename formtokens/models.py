from django.conf import settings
from django.db import models
from django.utils import timezone


class UsedFormToken(models.Model):
    """A create form that has been saved once: the hidden token it was rendered with.

    The unique token is what makes a second POST of the same page (a double click, or Back then
    Save) create nothing, even when the two arrive at the same moment."""

    token = models.UUIDField(unique=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.token} ({self.used_at:%-d %B %Y})"
