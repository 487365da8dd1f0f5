"""PostgreSQL itself refuses to change or remove a frozen copy (a submitted plan, a board report);
only `remove_frozen_copies` (the demo loader's reset) lifts the refusal, for its own transaction."""

import pytest
from django.db import IntegrityError, connection, transaction

from actionplans.submission.models import BoardReport, SubmittedPlan
from actionplans.submission.services import remove_frozen_copies
from tests.support.access_world import build_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (migration 0009)"
    ),
]

FROZEN = [("submission", SubmittedPlan), ("board_report", BoardReport)]


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize(("key", "model"), FROZEN)
def test_an_update_is_refused(world, key, model):
    frozen = world.objects[key]

    refused = pytest.raises(IntegrityError, match="frozen copies are kept as produced")
    with refused, transaction.atomic():
        model.objects.filter(pk=frozen.pk).update(word_document="elsewhere.docx")

    frozen.refresh_from_db()
    assert frozen.word_document.name != "elsewhere.docx"


@pytest.mark.parametrize(("key", "model"), FROZEN)
def test_a_delete_is_refused(world, key, model):
    frozen = world.objects[key]

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=frozen.pk).delete()

    assert model.objects.filter(pk=frozen.pk).exists()


def test_plain_sql_is_refused_too(world):
    frozen = world.objects["submission"]

    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE actionplans_submittedplan SET data = '{}' WHERE id = %s", [frozen.pk]
        )

    frozen.refresh_from_db()
    assert frozen.data != {}


def test_the_demo_reset_removes_them_and_the_refusal_returns_at_once(world):
    plan = world.objects["plan"]

    with transaction.atomic():
        removed = remove_frozen_copies(plan=plan)
        other = SubmittedPlan.objects.create(
            plan=plan,
            submitted_at=world.objects["submission"].submitted_at,
            submitted_by=world.users["lead"],
            data={},
        )
        # Still inside the caller's transaction: the refusal is back.
        with pytest.raises(IntegrityError), transaction.atomic():
            SubmittedPlan.objects.filter(pk=other.pk).delete()

    assert removed == 2
    assert not BoardReport.objects.filter(plan=plan).exists()
    assert list(SubmittedPlan.objects.filter(plan=plan)) == [other]


def test_the_demo_reset_never_lifts_the_refusal_of_updates(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jtai.remove_frozen_copies', 'on', true)")
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardReport.objects.filter(pk=world.objects["board_report"].pk).update(since="2020-01-01")
