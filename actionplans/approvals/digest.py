"""The digest of what the plan would send: the one thing an approval approves.

It is computed from the same document the frozen copy keeps (`documents.plan`), less what
changes with the moment it is produced (its production time and status line) and the approvals
themselves. A change to anything the inspectorate would read changes it; the plan's `version`
(replaced on every write, for the page cache) is not used, so a write that changes nothing sent
keeps an approval valid."""

import hashlib
import json
from dataclasses import asdict
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from actionplans.documents.plan import PlanDocument, build_plan_document
from actionplans.plans.models import ActionPlan
from ui import cache

# Produced-at, the plan's status and who approved: they differ between the approved draft and
# the copy sent, while nothing the partners approved has changed.
NOT_APPROVED_CONTENT = ("generated_at", "status", "submitted_at", "approved_by")


def submission_content(document: PlanDocument) -> dict[str, Any]:
    data = asdict(document)
    for name in NOT_APPROVED_CONTENT:
        data.pop(name, None)
    return data


def document_digest(document: PlanDocument) -> str:
    text = json.dumps(
        submission_content(document), cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


def submission_digest(plan: ActionPlan) -> str:
    """The digest of the plan's submission content as it reads now."""
    return document_digest(build_plan_document(plan))


def shown_digest(plan: ActionPlan) -> str:
    """The digest for showing where approvals stand on a busy page (the plan page), kept in the
    cache under the plan's version, which every write to what the plan shows replaces in the
    same transaction. Deciding (an answer, a submission) always computes it afresh."""
    version = ActionPlan.objects.filter(pk=plan.pk).values_list("version", flat=True).get()
    key = f"plan-digest:{plan.pk}:{version}"
    digest: str | None = cache.get(key)
    if digest is None:
        digest = submission_digest(plan)
        cache.put(key, digest, 3600)
    return digest
