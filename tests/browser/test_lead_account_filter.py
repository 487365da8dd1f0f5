"""On the lead's action form the lead person's account list offers only the people of the
chosen owner agency, and follows the owner agency when it changes."""

import pytest
from django.urls import reverse

from actionplans.models import Action
from agencies.models import Membership
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "lead@southampton.example"


def offered(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The agency of each person the list offers."""
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "#id_lead_user option[data-agency]:not([hidden])", "os => os.map(o => o.dataset.agency)"
    )


def test_the_account_list_follows_the_owner_agency(visitor):
    load_demo()
    action = Action.objects.filter(
        plan__inspection__partnership__memberships__user__email=LEAD, lead_user__isnull=False
    ).first()
    assert action is not None
    owner = str(action.owner_agency_id)
    other = (
        Membership.objects.filter(partnership=action.plan.inspection.partnership)
        .exclude(agency=None)
        .exclude(agency=action.owner_agency)
        .first()
    )
    assert other is not None
    page = visitor.page
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    visitor.goto(reverse("actionplans:action-update", args=[action.pk]))
    assert set(offered(page)) == {owner}
    page.get_by_label("Owner agency").select_option(str(other.agency_id))
    # The other agency's people, and the person still chosen (the server says if they do not fit).
    assert str(other.agency_id) in offered(page)
    assert offered(page).count(owner) == 1
    assert visitor.errors == []
