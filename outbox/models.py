"""An email the service sends: written in the transaction of the change that sends it, then
claimed by one sender at a time, sent once, and kept (without its bodies) as the record."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Email(models.Model):
    class DeliveryStatus(models.TextChoices):
        """What GOV.UK Notify says became of an email it took (outbox/statuses.py reads it back);
        blank for an email sent by SMTP, which says nothing after the server takes it."""

        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        PERMANENT_FAILURE = "permanent-failure", "The address does not exist"
        TEMPORARY_FAILURE = "temporary-failure", "The inbox was full or unavailable"
        TECHNICAL_FAILURE = "technical-failure", "Notify could not send it"
        # Not Notify's word: Notify refused the request itself (a 4xx), e.g. an invalid address.
        REFUSED = "refused", "Not an address Notify can send to"

    # Notify stops trying at these: the status read-back asks no more.
    FINAL_STATUSES = (
        DeliveryStatus.DELIVERED,
        DeliveryStatus.PERMANENT_FAILURE,
        DeliveryStatus.TEMPORARY_FAILURE,
        DeliveryStatus.TECHNICAL_FAILURE,
        DeliveryStatus.REFUSED,
    )
    # What a lead is shown: an address that will not take mail, which only they can correct.
    UNDELIVERABLE_STATUSES = (DeliveryStatus.PERMANENT_FAILURE, DeliveryStatus.REFUSED)

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
    # Which email it is: the template's name ("agencies/emails/invitation"), which picks the
    # Notify template and names the email to a lead once its body is gone.
    kind = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A sender holds the email until this moment; a sender killed mid-send lets it lapse.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # After a failed attempt, not tried again before this moment (twice as long each time).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Sent through Notify: its notification id, and what became of it when last asked.
    provider_id = models.CharField(max_length=64, blank=True)
    delivery_status = models.CharField(max_length=32, choices=DeliveryStatus.choices, blank=True)
    status_checked_at = models.DateTimeField(null=True, blank=True)
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
            # The status read-back's question: Notify's emails of the last days, not yet final.
            models.Index(
                fields=["sent_at"], name="email_notify_sent_idx", condition=~Q(provider_id="")
            ),
            # The few that could not be delivered, found by address for a lead's pages.
            models.Index(
                fields=["to"],
                name="email_undeliverable_idx",
                condition=Q(delivery_status__in=["permanent-failure", "refused"]),
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

    @property
    def kind_label(self) -> str:
        """The kind in words ("agencies/emails/invitation" → "Invitation"), else the subject."""
        if not self.kind:
            return self.subject
        return self.kind.rsplit("/", 1)[-1].replace("_", " ").replace("-", " ").capitalize()
