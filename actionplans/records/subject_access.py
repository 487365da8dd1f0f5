"""A subject access export: every row that names one person, as a zip of JSON files, with the
security log lines that carry their user id.

The rows are found by walking every installed model for a relation to the user model, so a new
model is included without a change here; `REVIEWED` lists the relations someone has checked
for secrets, and a test fails when a relation is not in it (tests/actionplans/records/). What
is secret (password hashes, token hashes, authenticator keys, calendar tokens) is never
exported: `SECRET_FIELDS` drops it from every row."""

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from agencies.models import User

# model label -> fields never exported (each is, or reveals, a credential).
SECRET_FIELDS: dict[str, set[str]] = {
    "agencies.User": {"password"},
    "agencies.Invitation": {"token_hash"},
    "agencies.HistoricalInvitation": {"token_hash"},
    "agencies.PersonalAccessToken": {"key_hash"},
    "otp_totp.TOTPDevice": {"key"},
    "otp_static.StaticDevice": set(),
    "actionplans.ReminderPreference": {"calendar_token"},
    "formtokens.UsedFormToken": {"token"},
    "actionplans.UpdateRequest": {"token_hash"},
}

# Every relation to the user model, checked for secrets (SECRET_FIELDS) by a person.
REVIEWED = {
    "admin.LogEntry.user",
    "otp_totp.TOTPDevice.user",
    "otp_static.StaticDevice.user",
    "agencies.HistoricalMembership.user",
    "agencies.HistoricalMembership.history_user",
    "agencies.Membership.user",
    "agencies.HistoricalInvitation.invited_by",
    "agencies.HistoricalInvitation.accepted_by",
    "agencies.HistoricalInvitation.history_user",
    "agencies.Invitation.invited_by",
    "agencies.Invitation.accepted_by",
    "agencies.PersonalAccessToken.user",
    "outbox.Email.recipient",
    "inspections.HistoricalInspection.history_user",
    "inspections.HistoricalFinding.history_user",
    "inspections.HistoricalRecommendation.history_user",
    "actionplans.ActionPlan.submitted_by",
    "actionplans.ActionPlan.closed_by",
    "actionplans.HistoricalAction.lead_user",
    "actionplans.HistoricalAction.signed_off_by",
    "actionplans.HistoricalAction.history_user",
    "actionplans.Action.lead_user",
    "actionplans.Action.signed_off_by",
    "actionplans.HistoricalActionLink.linked_by",
    "actionplans.HistoricalActionLink.history_user",
    "actionplans.ActionLink.linked_by",
    "actionplans.HistoricalProgressUpdate.author",
    "actionplans.HistoricalProgressUpdate.history_user",
    "actionplans.ProgressUpdate.author",
    "actionplans.HistoricalEvidence.added_by",
    "actionplans.HistoricalEvidence.history_user",
    "actionplans.Evidence.added_by",
    "actionplans.Approver.person",
    "actionplans.ApprovalRequest.sent_by",
    "actionplans.ApprovalDecision.person",
    "actionplans.MeasureReading.author",
    "actionplans.Notification.recipient",
    "actionplans.Notification.actor",
    "actionplans.QueueVisit.user",
    "actionplans.RetentionPolicy.changed_by",
    "actionplans.LegalHold.placed_by",
    "actionplans.UpdateRound.opened_by",
    "actionplans.UpdateRound.closed_by",
    "actionplans.RoundRecipient.user",
    "actionplans.LegalHold.lifted_by",
    "actionplans.RetentionRun.applied_by",
    "actionplans.Reminder.recipient",
    "actionplans.ReminderPreference.user",
    "actionplans.SubmittedPlan.submitted_by",
    "actionplans.BoardReport.produced_by",
    "actionplans.PlanImport.uploaded_by",
    "actionplans.UpdateRequest.created_by",
    "actionplans.UpdateRequest.withdrawn_by",
    "actionplans.ContributedUpdate.decided_by",
    "formtokens.UsedFormToken.person",
}


def user_relations() -> list[tuple[type[models.Model], Any]]:
    """Every concrete relation from an installed model to the user model."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is User:
                found.append((model, field))
    return found


def relation_name(model: type[models.Model], field: Any) -> str:
    return f"{model._meta.label}.{field.name}"


def _row(model: type[models.Model], obj: models.Model) -> dict[str, Any]:
    secret = SECRET_FIELDS.get(model._meta.label, set())
    row: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in secret or isinstance(field, models.BinaryField):
            continue
        value = getattr(obj, field.attname)
        row[field.attname] = (
            value.name if isinstance(value, models.fields.files.FieldFile) else value
        )
    return row


def _files(user: User) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    yield "user.json", [_row(User, user)]
    for model, field in user_relations():
        rows = model._default_manager.filter(**{field.name: user}).order_by("pk")  # type: ignore[attr-defined]
        found = [_row(model, obj) for obj in rows]
        if found:
            yield f"{model._meta.label_lower}.{field.name}.json", found
    # Emails to their address that no row ties to them (sent before they had an account).
    email_model = apps.get_model("outbox", "Email")
    loose = email_model.objects.filter(to__iexact=user.email, recipient=None).order_by("pk")
    if loose:
        yield "outbox.email.to.json", [_row(email_model, obj) for obj in loose]
    # As a contributor by link (no account): the same address, in any partnership.
    contributor_model = apps.get_model("actionplans", "Contributor")
    contributors = contributor_model.objects.filter(email__iexact=user.email).order_by("pk")
    if contributors:
        yield "actionplans.contributor.json", [_row(contributor_model, c) for c in contributors]
        for label, path in (
            ("UpdateRequest", "contributor__in"),
            ("ContributedUpdate", "request__contributor__in"),
        ):
            model = apps.get_model("actionplans", label)
            rows = model.objects.filter(**{path: contributors}).order_by("pk")
            if rows:
                yield (
                    f"actionplans.{label.lower()}.contributor.json",
                    [_row(model, r) for r in rows],
                )


def security_log_lines(user: User) -> list[str]:
    """The security log's lines that name the person: by user id, or (a failed sign-in) by
    the address they typed."""
    path = settings.SECURITY_LOG_FILE
    if not path or not Path(path).exists():
        return []
    by_id = re.compile(rf"\buser={user.pk}\b")
    email = user.email.lower()
    with open(path, encoding="utf-8", errors="replace") as log:
        return [line for line in log if by_id.search(line) or email in line.lower()]


def subject_access_zip(user: User) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        index = []
        for name, rows in _files(user):
            archive.writestr(name, json.dumps(rows, cls=DjangoJSONEncoder, indent=2))
            index.append(f"{name}: {len(rows)} row(s)")
        lines = security_log_lines(user)
        archive.writestr("security-log.txt", "".join(lines))
        index.append(f"security-log.txt: {len(lines)} line(s)")
        archive.writestr("README.txt", "\n".join(["Subject access export", *index, ""]))
    return buffer.getvalue()
