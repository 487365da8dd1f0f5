"""An update round: a lead asks every open action's people for progress at once, before a date
(a board meeting, the month's end), and sees who has answered. One recipient row per person,
however many of the round's actions they are asked about."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from actionplans.contributions.models import Contributor, UpdateRequest
from actionplans.plans.models import Action, ActionPlan
from actionplans.submission.models import BoardReport


class UpdateRound(models.Model):
    class Repeats(models.TextChoices):
        NONE = "none", "Does not repeat"
        MONTHLY = "monthly", "Every month"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="update_rounds")
    name = models.CharField(max_length=150)
    closes_on = models.DateField()
    repeats = models.CharField(max_length=10, choices=Repeats.choices, default=Repeats.NONE)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Blank when the round was closed by the daily task, after its closing date.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The board report prepared at the close, for the round's period.
    board_report = models.OneToOneField(
        BoardReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # One open round per plan: people would not know which request to answer.
            models.UniqueConstraint(
                fields=["plan"], condition=Q(closed_at=None), name="one_open_round_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (closes {self.closes_on:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:round-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RoundRecipient(models.Model):
    """One person asked in a round: an agency owner's account, or a named contributor (asked by
    one update request for all their actions of the round)."""

    round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contributor = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actions = models.ManyToManyField(Action, related_name="+")
    update_request = models.OneToOneField(
        UpdateRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The address the request went to, as it was then: delivery failures are found by it.
    email = models.EmailField()
    asked_at = models.DateTimeField(default=timezone.now)
    # Set when the reminder is claimed (a conditional UPDATE), so it is sent once.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, contributor__isnull=False)
                | Q(user__isnull=False, contributor__isnull=True),
                name="round_recipient_is_one_person",
            ),
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="one_recipient_row_per_user_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "contributor"],
                condition=Q(contributor__isnull=False),
                name="one_recipient_row_per_contributor_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.round.name}"

    @property
    def name(self) -> str:
        if self.contributor is not None:
            return self.contributor.name
        return str(self.user)
