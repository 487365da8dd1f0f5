"""One partnership with two plans (two inspections), each with an action "2.1" owned by the same
agency and led by the same person: only the plan's short name tells the two apart."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from actionplans.plans.models import Action
from agencies.models import Membership, User
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory, regime


@dataclass
class TwoPlans:
    older: Action  # of the JTAI of 2025, with no short title of its own: "JTAI 2025"
    newer: Action  # of the inspection of 2026 its lead called "Neglect 2026"
    lead: User
    owner: User


def build_two_plans(
    *, older_due: dt.date = dt.date(2026, 12, 18), newer_due: dt.date = dt.date(2026, 12, 18)
) -> TwoPlans:
    partnership: Any = PartnershipFactory()
    police: Any = AgencyFactory(partnerships=[partnership])
    lead: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    owner: Any = MembershipFactory(
        partnership=partnership, role=Membership.Role.OWNER, agency=police
    ).user

    def action(inspection: Any, due: dt.date) -> Any:
        return ActionFactory(
            plan=ActionPlanFactory(inspection=inspection),
            recommendation=RecommendationFactory(inspection=inspection, lead_agency=police),
            reference="2.1",
            title="Extend notifications to early years settings",
            lead_user=owner,
            start_date=dt.date(2026, 11, 15),  # recent: no nudge for want of updates
            due_date=due,
        )

    older = InspectionFactory(partnership=partnership, regime=regime("jtai"))
    newer = InspectionFactory(
        partnership=partnership,
        regime=regime("other"),
        short_title="Neglect 2026",
        fieldwork_start=dt.date(2026, 3, 2),
        fieldwork_end=dt.date(2026, 3, 6),
        letter_published=dt.date(2026, 4, 30),
        submission_deadline=dt.date(2026, 8, 7),
    )
    return TwoPlans(
        older=action(older, older_due), newer=action(newer, newer_due), lead=lead, owner=owner
    )
