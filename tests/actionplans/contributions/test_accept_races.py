"""Two people accepting the same contribution at the same moment make one progress update (the
contribution's row lock queues them; the second is told it was already accepted)."""

import threading
import uuid
from typing import Any

import pytest
from django.db import connection

from actionplans.contributions import services
from actionplans.contributions.models import ContributedUpdate
from actionplans.plans.models import ProgressUpdate
from tests.support.contributions import build_contributor_world, send_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races two transactions on PostgreSQL"
    ),
]


def test_it_makes_one_progress_update_from_two_acceptances():
    world = build_contributor_world()
    sent, _ = send_request(world)
    contribution = services.submit_contribution(
        update_request=sent,
        action=world.action,
        text="Done",
        suggested_rag="green",
        form_token=uuid.uuid4(),
        from_ip="192.0.2.1",
    )
    outcomes: list[Any] = []
    start = threading.Barrier(2)

    def accept(person: Any) -> None:
        try:
            start.wait()
            services.accept_contribution(
                contribution=contribution, by=person, text="Done", rag="green"
            )
            outcomes.append("accepted")
        except services.ContributionError as refused:
            outcomes.append(str(refused))
        except BaseException as exc:  # reported to the test, which fails on it
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(p,)) for p in (world.owner, world.lead)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count("accepted") == 1
    assert any("already accepted" in str(outcome) for outcome in outcomes)
    assert ProgressUpdate.objects.filter(action=world.action).count() == 1
    assert ContributedUpdate.objects.get().status == "accepted"
