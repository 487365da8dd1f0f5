"""Reads for the records pages."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from actionplans.plans.models import ActionPlan
from actionplans.records.models import LegalHold, RetentionRun
from agencies.models import Partnership
from agencies.permissions import AnyUser, is_member


def _sees(user: AnyUser, partnership: Partnership) -> bool:
    """A member sees their partnership; a superuser every partnership (for records only)."""
    return is_member(user, partnership) or bool(
        user.is_authenticated and user.is_active and user.is_superuser
    )


def partnership_or_404(user: AnyUser, pk: int) -> Partnership:
    partnership = Partnership.objects.filter(pk=pk).first()
    if partnership is None or not _sees(user, partnership):
        raise Http404
    return partnership


def plan_or_404(user: AnyUser, pk: int) -> ActionPlan:
    plan = ActionPlan.objects.select_related("inspection__partnership").filter(pk=pk).first()
    if plan is None or not _sees(user, plan.inspection.partnership):
        raise Http404
    return plan


def hold_or_404(user: AnyUser, pk: int) -> LegalHold:
    hold = LegalHold.objects.select_related("plan__inspection__partnership").filter(pk=pk).first()
    if hold is None or not _sees(user, hold.plan.inspection.partnership):
        raise Http404
    return hold


def run_or_404(user: AnyUser, pk: int) -> RetentionRun:
    run = RetentionRun.objects.select_related("partnership").filter(pk=pk).first()
    if run is None or not _sees(user, run.partnership):
        raise Http404
    return run


def plans_with_holds(partnership: Partnership) -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.filter(inspection__partnership=partnership)
        .select_related("inspection")
        .prefetch_related("legal_holds")
        .annotate(open_hold=Exists(LegalHold.objects.filter(plan=OuterRef("pk"), lifted_at=None)))
        .order_by("-inspection__pk")
    )


def recent_runs(partnership: Partnership) -> QuerySet[RetentionRun]:
    return RetentionRun.objects.filter(partnership=partnership)[:10]
