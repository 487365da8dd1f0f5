"""A plan with four open actions and a complete one: two of the police (whose two owners are
asked once each, for both), one of health (one owner), one named to a contributor; a lead and a
manager of the partnership, and a lead of another."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from actionplans.contributions.models import Contributor, NamedContributor
from actionplans.plans.models import Action
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory
from tests.support.fake_notify import fake_notify  # noqa: F401  (the fixture)

# The demo's today: a Wednesday.
NOW = dt.datetime(2025, 11, 5, 9, 0, tzinfo=dt.UTC)
CLOSES_ON = dt.date(2025, 11, 20)


@dataclass
class RoundWorld:
    plan: Any
    police_actions: list[Any]
    health_action: Any
    named_action: Any
    complete_action: Any
    police_owners: list[Any]
    health_owner: Any
    contributor: Contributor
    lead: Any
    manager: Any
    other_lead: Any


@pytest.fixture
def world(time_machine) -> RoundWorld:
    time_machine.move_to(NOW, tick=False)
    first: Any = ActionFactory()
    plan = first.plan
    partnership = plan.inspection.partnership
    police = first.owner_agency
    second: Any = ActionFactory(plan=plan, owner_agency=police)
    health_action: Any = ActionFactory(plan=plan)
    named_action: Any = ActionFactory(plan=plan, owner_agency=police)
    complete_action: Any = ActionFactory(
        plan=plan, owner_agency=police, status=Action.Status.COMPLETE, signed_off_at=NOW
    )
    police_owners = [
        MembershipFactory(partnership=partnership, role=Membership.Role.OWNER, agency=police).user
        for _ in range(2)
    ]
    health_owner = MembershipFactory(
        partnership=partnership,
        role=Membership.Role.OWNER,
        agency=health_action.owner_agency,
    ).user
    contributor = Contributor.objects.create(
        partnership=partnership, name="Jo Bloggs", email="jo.bloggs@school.example"
    )
    NamedContributor.objects.create(action=named_action, contributor=contributor)
    return RoundWorld(
        plan=plan,
        police_actions=[first, second],
        health_action=health_action,
        named_action=named_action,
        complete_action=complete_action,
        police_owners=police_owners,
        health_owner=health_owner,
        contributor=contributor,
        lead=MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user,
        manager=MembershipFactory(partnership=partnership, role=Membership.Role.MANAGER).user,
        other_lead=MembershipFactory(role=Membership.Role.LEAD).user,
    )
