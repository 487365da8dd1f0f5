"""Who approves a plan before it is submitted, each time it was sent to them, and what they said.

An approval names the exact content it approves by its digest (`approvals.digest`): a change to
what would be sent makes every earlier approval an approval of an earlier version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from agencies.models import Agency


class Approver(models.Model):
    """One partner agency's place among the plan's approvers, and the person who fills it.

    The person is a member of the plan's partnership for that agency, or a partnership lead;
    left empty until the lead names someone."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="approvers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="approver_one_per_agency"),
            models.UniqueConstraint(fields=["plan", "person"], name="approver_one_place_each"),
        ]

    def __str__(self) -> str:
        return f"{self.person or 'No one yet'} for {self.agency} on {self.plan}"


class ApprovalRequest(models.Model):
    """The lead sending the plan, as it read then, to its approvers."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="approval_requests")
    digest = models.CharField(max_length=64)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} sent for approval on {self.sent_at:%-d %B %Y}"


class ApprovalDecision(models.Model):
    """An approver's answer to one request: approved (this digest), or changes asked for."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes-requested", "Asked for changes"

    approver = models.ForeignKey(Approver, on_delete=models.CASCADE, related_name="decisions")
    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="decisions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    digest = models.CharField(max_length=64, help_text="The content the decision was about.")
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            # One answer per approver to each time the plan is sent: a second POST of the
            # same form, or two at once, records nothing more.
            models.UniqueConstraint(
                fields=["approver", "request", "person"],
                name="approval_one_decision_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(decision="changes-requested") | ~Q(reason=""),
                name="approval_changes_have_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.person} on {self.decided_at:%-d %B %Y}"

    @property
    def approved(self) -> bool:
        return self.decision == self.Decision.APPROVED
