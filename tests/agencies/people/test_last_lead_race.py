"""Two leads demoting each other at the same moment cannot leave the partnership without a
lead: the leads' rows are locked in one order, so the second change waits, then is refused.
Row locks need PostgreSQL (SQLite locks the whole file)."""

import threading
from typing import Any

import pytest
from django.db import connection

from agencies.models import Membership
from agencies.people import services
from tests.agencies.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
def test_two_leads_demoting_each_other_at_once_leave_one_lead():
    partnership: Any = PartnershipFactory()
    first: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD)
    second: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(target: Membership, by: Any) -> None:
        try:
            start.wait()
            services.change_membership(
                membership=target, role=Membership.Role.MANAGER, agency=None, by=by
            )
            outcomes.append("changed")
        except services.PeopleChangeRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=demote, args=(second, first.user)),
        threading.Thread(target=demote, args=(first, second.user)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["changed", "refused"]
    leads = Membership.objects.filter(partnership=partnership, role=Membership.Role.LEAD)
    assert leads.count() == 1
