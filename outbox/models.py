"""An email the service sends: written in the transaction of the change that sends it, then
claimed by one sender at a time, sent once, and kept (without its bodies) as the record."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Email(models.Model):
    to = models.EmailField(max_length=254)
    # The account it is for, when it is for one: a deactivated account is sent nothing.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(max_length=200)
    # Blanked once sent: they may carry a link that works as a key (an invitation's).
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A sender holds the email until this moment; a sender killed mid-send lets it lapse.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # After a failed attempt, not tried again before this moment (twice as long each time).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the email will not be sent: too many failed attempts, or the account "
        "it was for was deactivated.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(given_up_at__isnull=True),
                name="email_sent_or_given_up_not_both",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="email_unsent_idx",
                condition=Q(sent_at__isnull=True, given_up_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"

    @property
    def state(self) -> str:
        if self.sent_at is not None:
            return "sent"
        if self.given_up_at is not None:
            return "given up"
        return "waiting"
