"""One partnership answering two sources, a JTAI ("JTAI 2025") and a child safeguarding
practice review ("CSPR 2025"), each with its own plan; the JTAI's action 1.1 (training) is the
one both ask for. Another partnership has a recommendation of its own."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from actionplans.plans.models import Action, ActionPlan
from agencies.models import Membership, Partnership, User
from inspections.models import Finding, Recommendation
from tests.actionplans.factories import ActionFactory, ActionPlanFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.inspections.factories import (
    FindingFactory,
    InspectionFactory,
    RecommendationFactory,
)


@dataclass
class SharedWorld:
    partnership: Partnership
    jtai: ActionPlan
    review: ActionPlan
    action: Action  # JTAI 2025, 1.1, made for JTAI recommendation R1
    own: Recommendation  # JTAI R1
    r3: Recommendation  # CSPR 2025 R3
    r4: Recommendation  # CSPR 2025 R4
    review_finding: Finding  # the area for improvement behind R3
    elsewhere: Recommendation  # another partnership's
    lead: User
    manager: User
    owner: User


def build_shared_world() -> SharedWorld:
    partnership: Any = PartnershipFactory(local_area="Southampton")
    police: Any = AgencyFactory(partnerships=[partnership])
    lead: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    manager: Any = MembershipFactory(partnership=partnership, role=Membership.Role.MANAGER).user
    owner: Any = MembershipFactory(
        partnership=partnership, role=Membership.Role.OWNER, agency=police
    ).user
    jtai_inspection = InspectionFactory(partnership=partnership, short_title="JTAI 2025")
    review_inspection = InspectionFactory(
        partnership=partnership,
        short_title="CSPR 2025",
        fieldwork_start=dt.date(2025, 6, 2),
        fieldwork_end=dt.date(2025, 6, 6),
    )
    jtai: Any = ActionPlanFactory(inspection=jtai_inspection)
    review: Any = ActionPlanFactory(inspection=review_inspection)
    own: Any = RecommendationFactory(
        inspection=jtai_inspection,
        reference="R1",
        title="Train staff in recognising neglect",
        lead_agency=police,
        finding=FindingFactory(inspection=jtai_inspection, reference="AFI 1"),
    )
    review_finding: Any = FindingFactory(inspection=review_inspection, reference="AFI 3")
    r3: Any = RecommendationFactory(
        inspection=review_inspection,
        reference="R3",
        title="Neglect training for all practitioners",
        lead_agency=police,
        finding=review_finding,
    )
    r4: Any = RecommendationFactory(
        inspection=review_inspection,
        reference="R4",
        title="Check the training reached the front line",
        lead_agency=police,
    )
    action: Any = ActionFactory(
        plan=jtai,
        recommendation=own,
        reference="1.1",
        title="Deliver multi-agency neglect training",
        owner_agency=police,
        due_date=dt.date(2026, 3, 31),
    )
    elsewhere: Any = RecommendationFactory(
        inspection=ActionPlanFactory().inspection, reference="R9", title="Another area's"
    )
    return SharedWorld(
        partnership, jtai, review, action, own, r3, r4, review_finding, elsewhere,
        lead, manager, owner,
    )  # fmt: skip
