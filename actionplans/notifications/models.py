"""A notification: something that happened for one person, shown in the app and (optionally)
emailed through the outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from actionplans.plans.models import Action, ActionPlan
from actionplans.plans.signals import HandOff
from agencies.models import Partnership


class Notification(models.Model):
    # The one list of hand-offs (actionplans/plans/signals.py), under the name models use.
    Kind = HandOff

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # The partnership it is about: shown only while the recipient is still a member.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="notifications"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # A hand-off about the whole plan (its approval) names the plan instead of an action.
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    text = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created"]),
            # The header's unread count on every page: only the unread rows are in it.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}"

    def get_absolute_url(self) -> str:
        """Opening it marks it read, then goes to what it is about."""
        return reverse("actionplans:notification-open", args=[self.pk])

    @property
    def target_url(self) -> str:
        if self.action_id is not None:
            return reverse("actionplans:action-detail", args=[self.action_id])
        if self.plan_id is not None and self.kind == self.Kind.APPROVAL_REQUESTED:
            return reverse("actionplans:plan-approval", args=[self.plan_id])
        if self.plan_id is not None:
            return reverse("actionplans:plan-approvers", args=[self.plan_id])
        return reverse("actionplans:home")
