"""Loading the Southampton demo (its data is in `demo.data`) into the database.

The plan is written as a timeline: each action's progress updates and sign-off carry their real
dates, and `load_demo` shows the plan as it stood on one day ("as of"). By default that is today,
with the real dates; `--deadline-in N` shows the day N days before the 24 October 2025 deadline,
with every date shifted so that the deadline falls N days from today.

Loading is idempotent: rows are found by their natural keys and written only when they differ.
Most rows are written here rather than through the product's services: those date what they
write by the moment they are called (progress, sign-off, evidence) or always add a row, while the
demo must write the day it shows and load again without change. The submission's frozen copy is
the exception: it is made by the same service as the real "Mark as submitted", so it is made
exactly as a real one is.
"""

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from accounts.tokens import hash_key
from actionplans.approvals.digest import document_digest
from actionplans.approvals.models import ApprovalDecision, ApprovalRequest, Approver
from actionplans.documents.plan import Approval, build_plan_document
from actionplans.measures.models import Measure, MeasureReading
from actionplans.notifications.handoffs import told
from actionplans.notifications.models import Notification
from actionplans.plans.models import (
    Action,
    ActionLink,
    ActionPlan,
    Evidence,
    ProgressUpdate,
    Rag,
)
from actionplans.plans.services import SENT_BACK_PREFIX
from actionplans.queues.models import QueueVisit
from actionplans.reminders.models import ReminderPreference
from actionplans.submission.services import freeze_plan, remove_frozen_copies
from agencies.models import Agency, IdentityProvider, Invitation, Membership, Partnership, User
from agencies.people.services import INVITATION_LIFE
from demo.data import (
    ACTION_OWNERS,
    ACTIONS,
    AGENCIES,
    APPROVALS,
    DEADLINE_WORKING_DAYS,
    DEMO_PASSWORD,
    EVIDENCE,
    FIELDWORK,
    FINDINGS,
    INSPECTION_THEME,
    INSPECTION_TITLE,
    INSPECTORATES,
    INVITED_AGENCY,
    INVITED_EMAIL,
    LEAD_EMAIL,
    LEGAL_BASIS,
    LETTER_PUBLISHED,
    LOCAL_AREA,
    MEASURES,
    OWNER_EMAIL,
    PARTNERSHIP_NAME,
    PARTNERSHIP_SLUG,
    QUEUES_LAST_LOOKED,
    REAL_DEADLINE,
    REAL_SENT_FOR_APPROVAL_ON,
    REAL_SUBMITTED_ON,
    RECOMMENDATIONS,
    REVIEW_ACTIONS,
    REVIEW_APPROVALS,
    REVIEW_APPROVERS,
    REVIEW_FINDINGS,
    REVIEW_INCIDENT_KNOWN,
    REVIEW_LEGAL_BASIS,
    REVIEW_PERIOD,
    REVIEW_PLAN_DUE,
    REVIEW_PUBLISHED,
    REVIEW_RECOMMENDATIONS,
    REVIEW_SENT_FOR_APPROVAL_ON,
    REVIEW_SHARED,
    REVIEW_SHORT_TITLE,
    REVIEW_THEME,
    REVIEW_TITLE,
    USERS,
    MeasureSpec,
    Update,
)
from inspections.models import Finding, Inspection, Recommendation, Regime


@dataclass
class DemoResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def _date_history(
    action: Action, *, added: dt.datetime, revised_on: dt.datetime | None, revised_by: User
) -> None:
    """Put the action's creation and revision on the demo's timeline, not the day it was loaded,
    so that board reports, the History page and the lead's work queue tell the story as it
    happened: first written with its original date, then revised by its owner."""
    Action.objects.filter(pk=action.pk).update(created_at=added)
    history = Action.history.filter(id=action.pk)  # type: ignore[attr-defined]  # added by simple-history
    history.update(history_date=added)
    if revised_on is None:
        return
    first, latest = history.order_by("history_id").first(), history.order_by("history_id").last()
    if first is not None and latest is not None and first.revised_due_date is not None:
        # Saved already revised: the versions before the revision get the original date, and
        # the revision becomes a change of its own, by the owner.
        history.update(revised_due_date=None, revised_reason="")
        revision = history.model(
            **{
                f.attname: getattr(latest, f.attname)
                for f in history.model._meta.concrete_fields
                if f.attname != "history_id"
            }
        )
        revision.history_type, revision.history_user_id = "~", revised_by.pk
        revision.save()
    history.filter(revised_due_date=action.revised_due_date).update(history_date=revised_on)


def _tell(
    result: DemoResult, action: Action, update: Update, *, lead: User, owner: User, at: dt.datetime
) -> None:
    """The notification a progress update in the story made: a send-back tells the owner, a
    request for sign-off tells the lead."""
    if update.sent_back:
        reason = update.text.removeprefix(SENT_BACK_PREFIX)
        _notification(result, Notification.Kind.SENT_BACK, action, owner, lead, at, reason=reason)
    elif update.status == Action.Status.AWAITING_SIGN_OFF:
        _notification(result, Notification.Kind.SIGN_OFF_REQUESTED, action, lead, owner, at)


def _notification(
    result: DemoResult,
    kind: str,
    action: Action,
    recipient: User,
    actor: User,
    at: dt.datetime,
    **details: Any,
) -> None:
    """One notification, as the services make it when people hand work off. Those from before
    the demo's people last looked at their queues are read."""
    notification = _save(
        result,
        Notification,
        {"recipient": recipient, "kind": kind, "action": action, "actor": actor},
        {
            "partnership_id": action.plan.inspection.partnership_id,
            "text": told(kind, action, actor, details, plan_name=action.plan.inspection.short_name),
        },
    )
    read = at if at.date() < QUEUES_LAST_LOOKED else None
    Notification.objects.filter(pk=notification.pk).update(created=at, read_at=read)


def _save(
    result: DemoResult,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
) -> Any:
    """Find a row by its natural key; create it, or write it only if something differs."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        result.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        result.updated += 1
    return obj


def _set_m2m(result: DemoResult, manager: Any, wanted: list[models.Model]) -> None:
    if {o.pk for o in manager.all()} != {o.pk for o in wanted}:
        manager.set(wanted)
        result.updated += 1


@transaction.atomic
def load_demo(
    *,
    deadline_in: int | None = None,
    today: dt.date | None = None,
    freeze_submission: bool = False,
) -> DemoResult:
    """Load (or bring up to date) the Southampton demo; see the module's docstring.

    With `freeze_submission`, a submitted plan also gets its frozen copy (Word and PDF as they
    read today), made by the service that the real "Mark as submitted" uses.
    """
    today = today or timezone.localdate()
    if deadline_in is None:
        as_of, shift = today, dt.timedelta(0)
    else:
        as_of = REAL_DEADLINE - dt.timedelta(days=deadline_in)
        shift = (today + dt.timedelta(days=deadline_in)) - REAL_DEADLINE

    def day(real: dt.date) -> dt.date:
        return real + shift

    def moment(real: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day(real), dt.time(hour)))

    result = DemoResult()
    partnership = _save(
        result,
        Partnership,
        {"slug": PARTNERSHIP_SLUG},
        {"name": PARTNERSHIP_NAME, "local_area": LOCAL_AREA},
    )
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        agencies[spec.key] = _save(
            result,
            Agency,
            {"name": spec.name},
            {"short_name": spec.short_name, "kind": spec.kind, "description": spec.description},
        )
        if not _serves(agencies[spec.key], partnership):
            agencies[spec.key].partnerships.add(partnership)
            result.updated += 1

    # A disabled example of an organisation sign-in, to copy in the admin: the README's
    # "Sign in with your organisation's account" explains each field.
    _save(
        result,
        IdentityProvider,
        {"issuer": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"},
        {
            "name": "Example police force (Microsoft Entra ID): disabled example",
            "client_id": "the application (client) id from the Entra admin centre",
            "client_secret": "a client secret value from the Entra admin centre",
            "email_domains": "police.example",
            "trusts_email_addresses": True,
            "enabled": False,
        },
    )

    users: dict[str, User] = {}
    for u in USERS:
        user = _save(
            result,
            User,
            {"email": u.email},
            {
                "first_name": u.first_name,
                "last_name": u.last_name,
                "job_title": u.job_title,
                "is_staff": u.is_staff,
                "is_superuser": u.is_staff,
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            result.updated += 1
        users[u.email] = user
        if u.role:
            _save(
                result,
                Membership,
                {"user": user, "partnership": partnership},
                {"role": u.role, "agency": agencies[u.agency] if u.agency else None},
            )
            # Everyone starts with the digest and the nudges on (they can switch them off).
            _save(result, ReminderPreference, {"user": user}, {})
    lead = users[LEAD_EMAIL]
    _pending_invitation(result, partnership, agencies[INVITED_AGENCY], lead)

    inspection = _save(
        result,
        Inspection,
        {"partnership": partnership, "title": INSPECTION_TITLE},
        {
            "regime": Regime.objects.get(code="jtai"),
            # What names the plan in queues, emails and file names (shifted dates keep the year
            # of their fieldwork).
            "short_title": f"JTAI {day(FIELDWORK[0]):%Y}",
            "theme": INSPECTION_THEME,
            "inspectorates": INSPECTORATES,
            "legal_basis": LEGAL_BASIS,
            "fieldwork_start": day(FIELDWORK[0]),
            "fieldwork_end": day(FIELDWORK[1]),
            "letter_published": day(LETTER_PUBLISHED),
            "submission_deadline": day(REAL_DEADLINE),
            # Shifted, the deadline is no longer that many working days after the letter.
            "deadline_working_days": None if shift else DEADLINE_WORKING_DAYS,
            "status": Inspection.Status.LETTER_PUBLISHED,
        },
    )
    findings: dict[str, Finding] = {}
    for position, (reference, kind, text) in enumerate(FINDINGS, start=1):
        findings[reference] = _save(
            result,
            Finding,
            {"inspection": inspection, "reference": reference},
            {"kind": kind, "text": text, "position": position},
        )
    recommendations: dict[str, Recommendation] = {}
    for position, r in enumerate(RECOMMENDATIONS, start=1):
        recommendation = _save(
            result,
            Recommendation,
            {"inspection": inspection, "reference": r.reference},
            {
                "title": r.title,
                "text": r.text or (findings[r.finding].text if r.finding else ""),
                "finding": findings[r.finding] if r.finding else None,
                "lead_agency": agencies[r.lead],
                "source": Recommendation.Source.AGENCY_RESPONSE
                if r.source_agency
                else Recommendation.Source.LETTER,
                "source_agency": agencies[r.source_agency] if r.source_agency else None,
                "position": position,
            },
        )
        _set_m2m(
            result,
            recommendation.contributing_agencies,
            [agencies[k] for k in r.contributing],
        )
        recommendations[r.reference] = recommendation

    submitted = as_of >= REAL_SUBMITTED_ON
    plan = _save(
        result,
        ActionPlan,
        {"inspection": inspection},
        {
            "status": ActionPlan.Status.MONITORING if submitted else ActionPlan.Status.DRAFT,
            "submitted_at": moment(REAL_SUBMITTED_ON, 16) if submitted else None,
            "submitted_by": lead if submitted else None,
        },
    )
    for position, a in enumerate(ACTIONS, start=1):
        owner = users[OWNER_EMAIL[a.owner]]
        shown = [u for u in a.updates if u.date <= as_of]
        signed_off = a.signed_off is not None and a.signed_off <= as_of
        revised = a.revised if a.revised and a.revised[2] <= as_of else None
        status: str = Action.Status.NOT_STARTED
        rag: str = Rag.NOT_RATED
        if shown:
            status, rag = shown[-1].status, shown[-1].rag
        if signed_off:
            assert a.signed_off is not None
            status, rag = Action.Status.COMPLETE, Rag.BLUE
        action = _save(
            result,
            Action,
            {"plan": plan, "reference": a.reference},
            {
                "recommendation": recommendations[a.recommendation],
                "title": a.title,
                "description": a.description,
                "owner_agency": agencies[a.owner],
                "lead_name": a.lead_name,
                "lead_user": owner if a.owner != "opcc" else None,
                "start_date": day(a.start),
                "due_date": day(a.due),
                "revised_due_date": day(revised[0]) if revised else None,
                "revised_reason": revised[1] if revised else "",
                "status": status,
                "rag": rag,
                "success_measure": a.success_measure,
                "signed_off_at": moment(a.signed_off, 10) if signed_off and a.signed_off else None,
                "signed_off_by": lead if signed_off else None,
                "position": position,
            },
        )
        _set_m2m(result, action.contributing_agencies, [agencies[k] for k in a.contributing])
        _date_history(
            action,
            # Written into the plan by the day it was due, and never after the "as of" day.
            added=moment(min(a.start, REAL_SUBMITTED_ON, as_of), 9),
            revised_on=moment(revised[2], 12) if revised else None,
            revised_by=owner,
        )
        if revised:
            _notification(
                result,
                Notification.Kind.DUE_DATE_REVISED,
                action,
                lead,
                owner,
                moment(revised[2], 12),
                old_date=day(a.due),
                new_date=day(revised[0]),
                reason=revised[1],
            )
        for update in a.updates:
            if update.date <= as_of:
                saved = _save(
                    result,
                    ProgressUpdate,
                    {"action": action, "text": update.text},
                    {
                        "author": lead if update.sent_back else owner,
                        "date": day(update.date),
                        "rag": update.rag,
                        "status": update.status,
                        "sent_back": update.sent_back,
                        "internal": update.sent_back,  # as send_back_action records it
                    },
                )
                # Recorded on the demo's timeline, as "since you last looked" reads it.
                ProgressUpdate.objects.filter(pk=saved.pk).update(
                    created_at=moment(update.date, 12)
                )
                _tell(result, action, update, lead=lead, owner=owner, at=moment(update.date, 12))
            else:
                # Not yet written on the "as of" day (a shifted demo loaded after a real one).
                deleted, _ = ProgressUpdate.objects.filter(action=action, text=update.text).delete()
                result.deleted += deleted
    for position, m in enumerate(MEASURES, start=1):
        measure = _save(
            result,
            Measure,
            {"plan": plan, "name": m.name},
            {
                "recommendation": recommendations[m.recommendation] if m.recommendation else None,
                "owner_agency": agencies[m.owner],
                "unit": m.unit,
                "direction": m.direction,
                "baseline": Decimal(m.baseline) if m.baseline else None,
                "target": Decimal(m.target),
                "frequency": m.frequency,
                "position": position,
            },
        )
        _set_readings(result, measure, m, as_of, day, users[OWNER_EMAIL[m.owner]])
    if freeze_submission and submitted and not plan.submissions.exists():
        # Frozen as the real "Mark as submitted" freezes a plan; the plan as it reads now stands
        # in for the plan as it read on the day it was submitted.
        assert plan.submitted_at is not None
        document = build_plan_document(plan)
        approved_by = []
        # The partners approved exactly what is frozen: the digest of this very document.
        digest = document_digest(document)
        ApprovalRequest.objects.filter(plan=plan).delete()
        request = ApprovalRequest.objects.create(
            plan=plan, digest=digest, sent_by=lead, sent_at=moment(REAL_SENT_FOR_APPROVAL_ON, 9)
        )
        for key, approved_on in APPROVALS:
            person = users[OWNER_EMAIL[key]]
            approver = _save(
                result, Approver, {"plan": plan, "agency": agencies[key]}, {"person": person}
            )
            decision = ApprovalDecision.objects.create(
                approver=approver,
                request=request,
                person=person,
                decision=ApprovalDecision.Decision.APPROVED,
                digest=digest,
                decided_at=moment(approved_on, 11),
            )
            approved_by.append(
                Approval(
                    person=str(person),
                    agency=str(approver.agency),
                    approved_at=timezone.localtime(decision.decided_at),
                    digest=digest,
                )
            )
        freeze_plan(
            plan=plan,
            by=lead,
            at=plan.submitted_at,
            gaps=[],
            document=document,
            approved_by=approved_by,
        )
        result.created += 1
    elif not submitted:
        # A plan shown before its deadline has no frozen copies: removed through the one
        # service that may (the database refuses it otherwise). Nor has it been sent for
        # approval yet: the lead does that in the demo.
        result.deleted += remove_frozen_copies(plan=plan)
        result.deleted += ApprovalRequest.objects.filter(plan=plan).delete()[0]
    for reference, description, url, added in EVIDENCE:
        action = Action.objects.get(plan=plan, reference=reference)
        author = users[OWNER_EMAIL[ACTION_OWNERS[reference]]]
        if added <= as_of:
            _save(
                result,
                Evidence,
                {"action": action, "url": url},
                {
                    "kind": Evidence.Kind.LINK,
                    "description": description,
                    "added_by": author,
                    "added_at": moment(added, 12),
                },
            )
        else:
            result.deleted += Evidence.objects.filter(action=action, url=url).delete()[0]
    _load_practice_review(
        result,
        partnership=partnership,
        agencies=agencies,
        users=users,
        jtai=recommendations,
        as_of=as_of,
    )
    if as_of >= QUEUES_LAST_LOOKED:
        looked = moment(QUEUES_LAST_LOOKED, 9)
        for user in users.values():
            QueueVisit.objects.update_or_create(
                user=user, defaults={"since": looked, "viewed_at": looked}
            )
    return result


def _pending_invitation(
    result: DemoResult, partnership: Partnership, agency: Agency, lead: User
) -> None:
    """One invitation waiting for an answer, so the People page shows one. It is made without
    its email (nobody holds its link: "Resend" on the People page sends a working one), and made
    again only when the last one has expired or been used up."""
    if Membership.objects.filter(partnership=partnership, user__email=INVITED_EMAIL).exists():
        return
    pending = Invitation.objects.pending().filter(partnership=partnership, email=INVITED_EMAIL)
    if any(not invitation.is_expired for invitation in pending):
        return
    now = timezone.now()
    result.updated += pending.update(revoked_at=now)
    sent = now - dt.timedelta(days=2)
    Invitation.objects.create(
        partnership=partnership,
        email=INVITED_EMAIL,
        role=Membership.Role.OWNER,
        agency=agency,
        token_hash=hash_key(secrets.token_urlsafe(32)),
        invited_by=lead,
        sent_at=sent,
        expires_at=sent + INVITATION_LIFE,
    )
    result.created += 1


def _serves(agency: Agency, partnership: Partnership) -> bool:
    return agency.partnerships.filter(pk=partnership.pk).exists()


def _set_readings(
    result: DemoResult,
    measure: Measure,
    spec: MeasureSpec,
    as_of: dt.date,
    day: Callable[[dt.date], dt.date],
    author: User,
) -> None:
    """The readings taken by the "as of" day; rewritten together, since shifted dates collide."""
    wanted = [
        MeasureReading(
            measure=measure,
            date=day(r.date),
            value=Decimal(r.value),
            sample_size=r.sample_size,
            comment=r.comment,
            author=author,
        )
        for r in spec.readings
        if r.date <= as_of
    ]
    fields = ("date", "value", "sample_size", "comment", "author_id")
    existing = measure.readings.order_by("date")
    if [tuple(getattr(r, f) for f in fields) for r in existing] == [
        tuple(getattr(r, f) for f in fields) for r in wanted
    ]:
        return
    deleted, _ = existing.delete()
    MeasureReading.objects.bulk_create(wanted)
    result.deleted += deleted
    result.created += len(wanted)


def _load_practice_review(
    result: DemoResult,
    *,
    partnership: Partnership,
    agencies: dict[str, Agency],
    users: dict[str, User],
    jtai: dict[str, Recommendation],
    as_of: dt.date,
) -> None:
    """The partnership's second source, a practice review published after the JTAI, whose plan
    is still being written; one of its actions also answers the JTAI. A demo showing a day
    before the review was published has none of it (its dates are never shifted: it is only
    shown when its dates have happened)."""
    if as_of < REVIEW_PUBLISHED:
        # The plan first: its actions hold the review's recommendations (protected).
        reviews = Inspection.objects.filter(partnership=partnership, title=REVIEW_TITLE)
        result.deleted += ActionPlan.objects.filter(inspection__in=reviews).delete()[0]
        result.deleted += reviews.delete()[0]
        return

    def moment(real: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(real, dt.time(hour)))

    lead = users[LEAD_EMAIL]
    review = _save(
        result,
        Inspection,
        {"partnership": partnership, "title": REVIEW_TITLE},
        {
            "regime": Regime.objects.get(code="practice-review"),
            "short_title": REVIEW_SHORT_TITLE,
            "theme": REVIEW_THEME,
            "inspectorates": [],
            "legal_basis": REVIEW_LEGAL_BASIS,
            "fieldwork_start": REVIEW_PERIOD[0],
            "fieldwork_end": REVIEW_PERIOD[1],
            "rule_starts_on": REVIEW_INCIDENT_KNOWN,
            "letter_published": REVIEW_PUBLISHED,
            "submission_deadline": REVIEW_PLAN_DUE,
            "deadline_working_days": None,
            "status": Inspection.Status.LETTER_PUBLISHED,
        },
    )
    findings = {
        reference: _save(
            result,
            Finding,
            {"inspection": review, "reference": reference},
            {"kind": kind, "text": text, "position": position},
        )
        for position, (reference, kind, text) in enumerate(REVIEW_FINDINGS, start=1)
    }
    recommendations: dict[str, Recommendation] = {}
    for position, r in enumerate(REVIEW_RECOMMENDATIONS, start=1):
        recommendations[r.reference] = _save(
            result,
            Recommendation,
            {"inspection": review, "reference": r.reference},
            {
                "title": r.title,
                "text": r.text,
                "finding": findings[r.finding] if r.finding else None,
                "lead_agency": agencies[r.lead],
                "position": position,
            },
        )
        _set_m2m(
            result,
            recommendations[r.reference].contributing_agencies,
            [agencies[k] for k in r.contributing],
        )
    plan = _save(result, ActionPlan, {"inspection": review}, {"status": ActionPlan.Status.DRAFT})
    for position, a in enumerate(REVIEW_ACTIONS, start=1):
        owner = users[OWNER_EMAIL[a.owner]]
        shown = [u for u in a.updates if u.date <= as_of]
        action = _save(
            result,
            Action,
            {"plan": plan, "reference": a.reference},
            {
                "recommendation": recommendations[a.recommendation],
                "title": a.title,
                "owner_agency": agencies[a.owner],
                "lead_name": a.lead_name,
                "lead_user": owner,
                "start_date": a.start,
                "due_date": a.due,
                "status": shown[-1].status if shown else Action.Status.NOT_STARTED,
                "rag": shown[-1].rag if shown else Rag.NOT_RATED,
                "success_measure": a.success_measure,
                "position": position,
            },
        )
        _set_m2m(result, action.contributing_agencies, [agencies[k] for k in a.contributing])
        _date_history(action, added=moment(a.start, 9), revised_on=None, revised_by=owner)
        for update in shown:
            saved = _save(
                result,
                ProgressUpdate,
                {"action": action, "text": update.text},
                {
                    "author": owner,
                    "date": update.date,
                    "rag": update.rag,
                    "status": update.status,
                },
            )
            ProgressUpdate.objects.filter(pk=saved.pk).update(created_at=moment(update.date, 12))
    shared_action, jtai_reference = REVIEW_SHARED
    link = _save(
        result,
        ActionLink,
        {
            "action": Action.objects.get(plan=plan, reference=shared_action),
            "recommendation": jtai[jtai_reference],
        },
        {"linked_by": lead},
    )
    linked_at = moment(REVIEW_ACTIONS[0].start, 10)
    ActionLink.objects.filter(pk=link.pk).update(linked_at=linked_at)
    ActionLink.history.filter(id=link.pk).update(  # type: ignore[attr-defined]  # simple-history
        history_date=linked_at, history_user=lead
    )
    _review_approvals(result, plan=plan, agencies=agencies, users=users, as_of=as_of)


def _review_approvals(
    result: DemoResult,
    *,
    plan: ActionPlan,
    agencies: dict[str, Agency],
    users: dict[str, User],
    as_of: dt.date,
) -> None:
    """The review's plan names the three statutory partners as approvers; once sent, one has
    approved exactly the draft as it reads, and two are still to answer."""
    for key in REVIEW_APPROVERS:
        _save(
            result,
            Approver,
            {"plan": plan, "agency": agencies[key]},
            {"person": users[OWNER_EMAIL[key]]},
        )
    ApprovalRequest.objects.filter(plan=plan).delete()
    if as_of < REVIEW_SENT_FOR_APPROVAL_ON:
        return
    digest = document_digest(build_plan_document(plan))
    request = ApprovalRequest.objects.create(
        plan=plan,
        digest=digest,
        sent_by=users[LEAD_EMAIL],
        sent_at=timezone.make_aware(dt.datetime.combine(REVIEW_SENT_FOR_APPROVAL_ON, dt.time(9))),
    )
    for key, approved_on in REVIEW_APPROVALS:
        if approved_on <= as_of:
            ApprovalDecision.objects.create(
                approver=Approver.objects.get(plan=plan, agency=agencies[key]),
                request=request,
                person=users[OWNER_EMAIL[key]],
                decision=ApprovalDecision.Decision.APPROVED,
                digest=digest,
                decided_at=timezone.make_aware(dt.datetime.combine(approved_on, dt.time(11))),
            )
    result.updated += 1
