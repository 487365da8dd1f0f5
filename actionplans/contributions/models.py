"""People who give progress by a link, never signing in: the contributor, the request sent to
them (its token kept only as a hash), and what they send back, which changes nothing on the plan
until someone who may update the action accepts it."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from actionplans.plans.models import Action, ProgressUpdate, Rag
from agencies.models import Partnership

DEFAULT_EXPIRY = dt.timedelta(hours=72)
EXPIRY_CHOICES = (
    (dt.timedelta(hours=24), "24 hours"),
    (dt.timedelta(hours=72), "3 days"),
    (dt.timedelta(days=7), "7 days"),
    (dt.timedelta(days=14), "14 days"),
)


def contribution_path(instance: "ContributedUpdate", filename: str) -> str:
    # The contributor's file name is never part of the path (see plans/evidence.py).
    return f"contributions/{instance.request_id}/{uuid.uuid4().hex}"


class Contributor(models.Model):
    """A person outside the service's accounts, known to one partnership by name and email."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contributors"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("email"), name="unique_contributor_email_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.email})"


class NamedContributor(models.Model):
    """The person an action's updates usually come from, asked first next time."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="+")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.contributor.name} for {self.action.reference}"


class UpdateRequest(models.Model):
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="requests")
    actions = models.ManyToManyField(Action, related_name="+")
    message = models.TextField(blank=True)
    # sha256 of the link's token, in hex: the token itself is only ever in the email.
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Update request to {self.contributor.name} of {self.created_at:%-d %B %Y}"

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None and not self.is_expired()


class ContributedUpdate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    request = models.ForeignKey(
        UpdateRequest, on_delete=models.CASCADE, related_name="contributions"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    suggested_rag = models.CharField("RAG suggested", max_length=10, choices=Rag.choices)
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_file = models.FileField(upload_to=contribution_path, blank=True, max_length=200)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)
    evidence_size = models.PositiveBigIntegerField(null=True, blank=True)
    # The form's one-time token: the contributor has no account for `formtokens` to tie it to,
    # so the row itself carries it and a second post of the same page finds it taken.
    form_token = models.UUIDField(unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    from_ip = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    progress_update = models.OneToOneField(
        ProgressUpdate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contribution",
    )

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            # One pending contribution per action per request: the owner decides before more.
            models.UniqueConstraint(
                fields=["request", "action"],
                condition=models.Q(status="pending"),
                name="one_pending_contribution_per_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} from {self.request.contributor.name}"
