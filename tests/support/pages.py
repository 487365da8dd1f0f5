"""The pages each role can open, for the accessibility and injection sweeps."""

from django.urls import reverse

from actionplans.measures.models import Measure
from actionplans.plans.models import Action, ActionPlan, Evidence
from actionplans.submission.models import SubmittedPlan
from agencies.models import Membership
from inspections.models import Finding, Recommendation

READER_PAGES = [
    "home",
    "notifications",
    "my-actions",
    "plan",
    "plan-search",
    "action",
    "history",
    "inspection",
    "accessibility",
    "help",
    "dashboard",
    "plan-dashboard",
    "submission",
    "board-reports",
    "reminders",
]
OWNER_PAGES = [*READER_PAGES, "progress", "evidence", "revise", "reading-create", "update-all"]
LEAD_PAGES = [
    *OWNER_PAGES,
    "inspection-create",
    "inspection-update",
    "finding-create",
    "finding-update",
    "finding-delete",
    "findings-paste",
    "findings-undo",
    "findings-remove",
    "recommendation-create",
    "recommendation-update",
    "recommendation-delete",
    "action-create",
    "action-update",
    "action-delete",
    "send-back",
    "readiness",
    "import",
    "measure-create",
    "measure-update",
    "reminder-log",
    "people",
    "invite",
    "overview",
    "member-change",
    "member-remove",
]


def page_urls(names: list[str], action: Action) -> dict[str, str]:
    plan: ActionPlan = action.plan
    inspection = plan.inspection
    finding = Finding.objects.filter(inspection=inspection).first()
    recommendation: Recommendation = action.recommendation
    urls = {
        "home": reverse("actionplans:home"),
        "notifications": reverse("actionplans:notifications"),
        "my-actions": reverse("actionplans:my-actions"),
        "plan": plan.get_absolute_url(),
        # A search with one value the form cannot use: the results and the error summary.
        "plan-search": plan.get_absolute_url() + "?q=audit&sort=rag&status=finished",
        "action": action.get_absolute_url(),
        "history": reverse("actionplans:action-history", args=[action.pk]),
        "inspection": inspection.get_absolute_url(),
        "accessibility": reverse("accessibility"),
        "help": reverse("help"),
        "progress": reverse("actionplans:progress-create", args=[action.pk]),
        "evidence": reverse("actionplans:evidence-create", args=[action.pk]),
        "revise": reverse("actionplans:action-revise-due-date", args=[action.pk]),
        "inspection-create": reverse("actionplans:inspection-create"),
        "inspection-update": reverse("inspections:inspection-update", args=[inspection.pk]),
        "finding-create": reverse("inspections:finding-create", args=[inspection.pk]),
        "findings-paste": reverse("inspections:findings-paste", args=[inspection.pk]),
        "findings-undo": reverse("inspections:findings-undo", args=[inspection.pk]),
        "findings-remove": reverse("inspections:findings-remove", args=[inspection.pk]),
        "recommendation-create": reverse("inspections:recommendation-create", args=[inspection.pk]),
        "recommendation-update": reverse(
            "inspections:recommendation-update", args=[inspection.pk, recommendation.pk]
        ),
        "recommendation-delete": reverse(
            "inspections:recommendation-delete", args=[inspection.pk, recommendation.pk]
        ),
        "action-create": reverse("actionplans:action-create", args=[plan.pk]),
        "action-update": reverse("actionplans:action-update", args=[action.pk]),
        "action-delete": reverse("actionplans:action-delete", args=[action.pk]),
        "send-back": reverse("actionplans:action-send-back", args=[action.pk]),
        "dashboard": reverse("actionplans:dashboard"),
        "reminders": reverse("actionplans:reminder-preferences"),
        "reminder-log": reverse("actionplans:reminder-log"),
        "plan-dashboard": reverse("actionplans:plan-dashboard", args=[plan.pk]),
        "readiness": reverse("actionplans:plan-readiness", args=[plan.pk]),
        "board-reports": reverse("actionplans:board-reports", args=[plan.pk]),
        "import": reverse("actionplans:import-upload", args=[plan.pk]),
        "measure-create": reverse("actionplans:measure-create", args=[plan.pk]),
        "update-all": reverse("actionplans:my-actions-update"),
        "people": reverse("people:people", args=[inspection.partnership_id]),
        "invite": reverse("people:invite", args=[inspection.partnership_id]),
        "overview": reverse("actionplans:partnership-overview", args=[inspection.partnership_id]),
    }
    member = (
        Membership.objects.filter(partnership=inspection.partnership_id, role="owner")
        .order_by("pk")
        .first()
    )
    if member is not None:
        for name in ("member-change", "member-remove"):
            urls[name] = reverse(f"people:{name}", args=[inspection.partnership_id, member.pk])
    measure = Measure.objects.filter(recommendation=action.recommendation).first()
    if measure is not None:
        urls["measure-update"] = reverse("actionplans:measure-update", args=[measure.pk])
        urls["reading-create"] = reverse("actionplans:reading-create", args=[measure.pk])
    submission = SubmittedPlan.objects.filter(plan=plan).first()
    if submission is not None:
        urls["submission"] = submission.get_absolute_url()
    if finding is not None:
        urls["finding-update"] = reverse(
            "inspections:finding-update", args=[inspection.pk, finding.pk]
        )
        urls["finding-delete"] = reverse(
            "inspections:finding-delete", args=[inspection.pk, finding.pk]
        )
    evidence = Evidence.objects.filter(action=action).first()
    if evidence is not None and evidence.kind == Evidence.Kind.FILE:
        urls["download"] = reverse("actionplans:evidence-download", args=[evidence.pk])
    return {name: urls[name] for name in names if name in urls}
