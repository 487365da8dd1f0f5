import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from actionplans.plans.models import ActionPlan
from agencies.models import Agency, Membership, Partnership, User
from tests.actionplans.factories import ActionPlanFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.inspections.factories import InspectionFactory

TODAY = dt.date(2026, 5, 12)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 5, 12, 12, tzinfo=ZoneInfo("Europe/London"))):
        yield


@dataclass
class Partners:
    partnership: Partnership
    police: Agency
    lead: User
    manager: User
    owner: User
    jtai: ActionPlan


@pytest.fixture
def partners(db) -> Partners:
    partnership: Partnership = PartnershipFactory(
        name="Southampton Safeguarding Children Partnership", local_area="Southampton"
    )
    police: Agency = AgencyFactory(
        name="Hampshire and Isle of Wight Constabulary", partnerships=[partnership]
    )
    jtai: ActionPlan = ActionPlanFactory(
        inspection=InspectionFactory(partnership=partnership, short_title="JTAI 2025")
    )
    lead: User = MembershipFactory(partnership=partnership).user
    manager: User = MembershipFactory(partnership=partnership, role=Membership.Role.MANAGER).user
    owner: User = MembershipFactory(
        partnership=partnership, role=Membership.Role.OWNER, agency=police
    ).user
    return Partners(partnership, police, lead, manager, owner, jtai)
