"""A small partnership where work is handed off: two leads, two police owners, a health owner,
a manager, a deactivated lead, and people of another partnership who must hear nothing."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from actionplans.plans.models import Action
from agencies.models import Agency, Membership, User
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory
from tests.support.outbox import send_queued_emails


@dataclass
class Handoffs:
    action: Action
    police: Agency
    health: Agency
    lead: User
    second_lead: User
    police_owner: User
    second_police_owner: User
    health_owner: User
    manager: User
    deactivated_lead: User
    other_lead: User  # lead of another partnership
    other_police_owner: User  # police owner, but in the other partnership only


def build_handoffs(*, due: dt.date = dt.date(2026, 12, 18)) -> Handoffs:
    # Factories are typed as themselves, not as the rows they make.
    p: Any = PartnershipFactory()
    q: Any = PartnershipFactory()
    police: Any = AgencyFactory(partnerships=[p, q])
    health: Any = AgencyFactory(partnerships=[p])

    def member(partnership: Any, role: str, agency: Any = None, **user: object) -> Any:
        return MembershipFactory(
            partnership=partnership,
            role=role,
            agency=agency,
            **{f"user__{k}": v for k, v in user.items()},
        ).user

    police_owner = member(p, Membership.Role.OWNER, police)
    inspection = InspectionFactory(partnership=p)
    recommendation = RecommendationFactory(inspection=inspection, lead_agency=police)
    action: Any = ActionFactory(
        plan=ActionPlanFactory(inspection=inspection),
        recommendation=recommendation,
        reference="2.1",
        title="Extend notifications to early years settings",
        lead_user=police_owner,
        start_date=dt.date(2026, 1, 5),
        due_date=due,
    )
    return Handoffs(
        action=action,
        police=police,
        health=health,
        lead=member(p, Membership.Role.LEAD),
        second_lead=member(p, Membership.Role.LEAD),
        police_owner=police_owner,
        second_police_owner=member(p, Membership.Role.OWNER, police),
        health_owner=member(p, Membership.Role.OWNER, health),
        manager=member(p, Membership.Role.MANAGER),
        deactivated_lead=member(p, Membership.Role.LEAD, is_active=False),
        other_lead=member(q, Membership.Role.LEAD),
        other_police_owner=member(q, Membership.Role.OWNER, police),
    )


def send_handoff_emails() -> int:
    """Send every hand-off email waiting in the outbox, as the worker would."""
    return send_queued_emails()
