"""When each person last looked at their work queue."""

from django.conf import settings
from django.db import models


class QueueVisit(models.Model):
    """ "Changed since you last looked" shows what others did after `since`.

    A visit is the person's looking at the queue, on and off, until they are away longer than
    `services.VISIT_GAP`: a reload within it (after signing something off, say) keeps the list,
    and the next visit starts from where this one ended (`viewed_at`). "Mark all as seen" moves
    `since` to that moment."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="queue_visit"
    )
    since = models.DateTimeField()
    viewed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user} last looked at {self.viewed_at:%-d %B %Y, %H:%M}"
