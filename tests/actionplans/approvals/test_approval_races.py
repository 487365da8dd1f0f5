"""Two approvers answering at the same moment: both answers are kept (the plan's row lock
queues them, it does not lose one)."""

import threading
from typing import Any

import pytest
from django.db import connection

from actionplans.approvals import services
from actionplans.approvals.digest import submission_digest
from actionplans.approvals.models import ApprovalDecision
from agencies.models import Agency, Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races two transactions on PostgreSQL"
    ),
]


def test_concurrent_approvals_by_different_approvers_are_all_recorded():
    action: Any = ActionFactory()
    plan = action.plan
    partnership = plan.inspection.partnership
    Agency.objects.filter(pk=action.owner_agency_id).update(kind=Agency.Kind.OTHER)
    people = []
    for kind in (Agency.Kind.POLICE, Agency.Kind.HEALTH, Agency.Kind.CHILDRENS_SERVICES):
        agency = AgencyFactory(kind=kind, partnerships=[partnership])
        membership: Any = MembershipFactory(
            partnership=partnership, role=Membership.Role.OWNER, agency=agency
        )
        people.append(membership.user)
    lead: Any = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD)
    services.add_default_approvers(plan=plan)
    services.send_for_approval(plan=plan, by=lead.user)
    digest = submission_digest(plan)
    errors: list[BaseException] = []

    def approve(person: Any) -> None:
        try:
            start.wait()
            services.answer_approval(
                plan=plan, by=person, approve=True, reason="", digest_seen=digest
            )
        except BaseException as exc:  # reported to the test, which fails on it
            errors.append(exc)
        finally:
            connection.close()

    # The police approver twice at once as well: one approval of theirs is recorded.
    threads = [threading.Thread(target=approve, args=(p,)) for p in [*people, people[0]]]
    start = threading.Barrier(len(threads))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert ApprovalDecision.objects.filter(decision="approved").count() == 3
    assert set(ApprovalDecision.objects.values_list("person", flat=True)) == {p.pk for p in people}
