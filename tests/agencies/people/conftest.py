from dataclasses import dataclass
from typing import Any

import pytest

from agencies.models import Membership
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory


@dataclass
class People:
    partnership: Any
    other: Any
    police: Any
    health: Any
    lead: Any
    owner: Any
    manager: Any
    other_lead: Any


@pytest.fixture
def people() -> People:
    partnership = PartnershipFactory(name="Southampton Safeguarding Children Partnership")
    other = PartnershipFactory()
    police = AgencyFactory(name="Hampshire Constabulary", partnerships=[partnership, other])
    health = AgencyFactory(name="Southampton Health", partnerships=[partnership])
    return People(
        partnership=partnership,
        other=other,
        police=police,
        health=health,
        lead=MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user,
        owner=MembershipFactory(
            partnership=partnership, role=Membership.Role.OWNER, agency=police
        ).user,
        manager=MembershipFactory(partnership=partnership, role=Membership.Role.MANAGER).user,
        other_lead=MembershipFactory(partnership=other, role=Membership.Role.LEAD).user,
    )
