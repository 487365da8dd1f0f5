"""A plan with two actions of one agency, an owner and a lead, another partnership's action,
and a helper that sends an update request and reads its link's token from the email."""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from actionplans.contributions.models import Contributor, UpdateRequest
from actionplans.contributions.services import send_update_request
from agencies.models import Membership
from outbox.models import Email
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory

LINK = re.compile(r"/contribute/([A-Za-z0-9_-]+)/")


@dataclass
class ContributorWorld:
    action: Any
    sibling: Any  # another action of the same plan and owner agency, not asked about
    other_partnership_action: Any
    lead: Any
    owner: Any
    other_owner: Any  # an owner of another agency of the same partnership
    contributor: Contributor


def build_contributor_world() -> ContributorWorld:
    action: Any = ActionFactory()
    sibling: Any = ActionFactory(plan=action.plan, recommendation=action.recommendation)
    partnership = action.plan.inspection.partnership
    other_action: Any = ActionFactory()
    other_agency_action: Any = ActionFactory(plan=action.plan)
    lead: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    owner: Any = MembershipFactory(
        partnership=partnership, role=Membership.Role.OWNER, agency=action.owner_agency
    ).user
    other_owner: Any = MembershipFactory(
        partnership=partnership,
        role=Membership.Role.OWNER,
        agency=other_agency_action.owner_agency,
    ).user
    contributor = Contributor.objects.create(
        partnership=partnership, name="Jo Bloggs", email="jo.bloggs@school.example"
    )
    return ContributorWorld(action, sibling, other_action, lead, owner, other_owner, contributor)


def send_request(world: ContributorWorld, **kwargs: Any) -> tuple[UpdateRequest, str]:
    """Send a request for the world's action (by its owner) and return it with its token."""
    sent = send_update_request(
        actions=kwargs.pop("actions", [world.action]),
        contributor=kwargs.pop("contributor", world.contributor),
        message=kwargs.pop("message", "How is the audit going?"),
        by=kwargs.pop("by", world.owner),
        **kwargs,
    )
    email = Email.objects.filter(to=sent.contributor.email).latest("pk")
    match = LINK.search(email.body)
    assert match is not None
    return sent, match.group(1)


def answer(action: Any, **fields: Any) -> dict[str, Any]:
    """The contributor's form for `action`, as posted."""
    prefix = f"action-{action.pk}"
    data = {
        "action": str(action.pk),
        f"{prefix}-form_token": str(fields.pop("form_token", uuid.uuid4())),
        f"{prefix}-text": fields.pop("text", "Audit half done; all schools replied."),
        f"{prefix}-suggested_rag": fields.pop("rag", "green"),
    }
    data.update({f"{prefix}-{key}": value for key, value in fields.items()})
    return data
