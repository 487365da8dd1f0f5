"""Two workers sending a round's reminders at the same moment write one reminder per person
(each is claimed by a conditional UPDATE; the second run finds it claimed)."""

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from actionplans.rounds import services
from outbox.models import Email
from tests.actionplans.rounds.conftest import CLOSES_ON, NOW

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races two transactions on PostgreSQL"
    ),
]


def test_two_workers_remind_each_person_once(world):
    round_ = services.open_round(
        plan=world.plan, name="November board", closes_on=CLOSES_ON, by=world.lead, now=NOW
    )
    asked = Email.objects.count()
    window = dt.datetime(2025, 11, 18, 7, 0, tzinfo=dt.UTC)
    outcomes: list[Any] = []
    start = threading.Barrier(2)

    def remind() -> None:
        try:
            start.wait()
            outcomes.append(services.remind_round_recipients(now=window))
        except BaseException as exc:  # reported to the test, which fails on it
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=remind) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(isinstance(n, int) for n in outcomes), outcomes
    assert sum(outcomes) == 4
    assert Email.objects.count() - asked == round_.recipients.count() == 4
    reminded = list(Email.objects.order_by("pk")[asked:].values_list("to", flat=True))
    assert len(reminded) == len(set(reminded))
