"""An action answers recommendations of several sources: the lead links it (and unlinks it),
within the rules, and the action's history and both plans' pages say so."""

import pytest
from django.urls import reverse

from actionplans.plans.history import action_history
from actionplans.plans.models import ActionLink, ActionPlan
from actionplans.sharing.services import LinkRefused, link_action, unlink_action
from tests.support.shared_action import SharedWorld, build_shared_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SharedWorld:
    return build_shared_world()


def link_url(world: SharedWorld, recommendation=None) -> str:
    recommendation = recommendation or world.r3
    return reverse("actionplans:action-link", args=[world.review.pk, recommendation.pk])


def unlink_url(world: SharedWorld) -> str:
    return reverse("actionplans:action-unlink", args=[world.action.pk, world.r3.pk])


def version(plan: ActionPlan) -> str:
    return ActionPlan.objects.get(pk=plan.pk).version


def test_linking_records_who_and_bumps_both_plans(world):
    before = version(world.jtai), version(world.review)
    link = link_action(action=world.action, recommendation=world.r3, by=world.lead)
    assert link.linked_by == world.lead
    assert list(world.action.also_answers.all()) == [world.r3]
    assert version(world.jtai) != before[0]
    assert version(world.review) != before[1]


def test_unlinking_bumps_both_plans_and_the_history_says_both(world):
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    before = version(world.jtai), version(world.review)
    assert unlink_action(action=world.action, recommendation=world.r3, by=world.lead)
    assert not world.action.also_answers.exists()
    assert version(world.jtai) != before[0]
    assert version(world.review) != before[1]
    said = [(entry.who, entry.summary) for entry in action_history(world.action)]
    assert (str(world.lead), "Also answers CSPR 2025 R3") in said
    assert (str(world.lead), "No longer answers CSPR 2025 R3") in said


def test_another_partnerships_recommendation_is_refused(world):
    with pytest.raises(LinkRefused, match="another partnership"):
        link_action(action=world.action, recommendation=world.elsewhere, by=world.lead)
    assert not ActionLink.objects.exists()


def test_the_actions_own_recommendation_is_refused(world):
    with pytest.raises(LinkRefused, match="was made for recommendation R1"):
        link_action(action=world.action, recommendation=world.own, by=world.lead)


def test_a_second_link_to_the_same_recommendation_is_refused(world):
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    with pytest.raises(LinkRefused, match="already answers CSPR 2025 R3"):
        link_action(action=world.action, recommendation=world.r3, by=world.lead)
    assert ActionLink.objects.count() == 1


def test_the_link_page_lists_the_other_plans_actions_by_plan(client, world):
    client.force_login(world.lead)
    page = client.get(link_url(world)).content.decode()
    assert "JTAI 2025" in page
    assert "1.1 Deliver multi-agency neglect training" in page
    assert f'value="{world.action.pk}"' in page


def test_the_lead_links_from_the_page(client, world):
    client.force_login(world.lead)
    response = client.post(link_url(world), {"action": world.action.pk})
    assert response.status_code == 302
    assert list(world.action.also_answers.all()) == [world.r3]


def test_choosing_nothing_says_what_to_do(client, world):
    client.force_login(world.lead)
    response = client.post(link_url(world), {})
    assert response.status_code == 400
    assert "Select the action that also answers this recommendation" in response.content.decode()
    assert not ActionLink.objects.exists()


def test_an_action_of_another_partnership_cannot_be_chosen(client, world):
    from tests.actionplans.factories import ActionFactory

    stranger = ActionFactory(plan=world.elsewhere.inspection.action_plan)
    client.force_login(world.lead)
    response = client.post(link_url(world), {"action": stranger.pk})
    assert response.status_code == 400
    assert "Select one of the actions listed" in response.content.decode()
    assert not ActionLink.objects.exists()


def test_a_duplicate_from_the_page_is_refused_with_a_message(client, world):
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    client.force_login(world.lead)
    response = client.post(link_url(world), {"action": world.action.pk})
    assert response.status_code == 400
    assert ActionLink.objects.count() == 1


@pytest.mark.parametrize("who", ["manager", "owner"])
def test_only_the_lead_may_link_or_unlink(client, world, who):
    link_action(action=world.action, recommendation=world.r4, by=world.lead)
    client.force_login(getattr(world, who))
    assert client.get(link_url(world)).status_code == 403
    assert client.post(link_url(world), {"action": world.action.pk}).status_code == 403
    url = reverse("actionplans:action-unlink", args=[world.action.pk, world.r4.pk])
    assert client.post(url).status_code == 403
    assert ActionLink.objects.count() == 1


def test_the_lead_unlinks_after_a_confirm(client, world):
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    client.force_login(world.lead)
    confirm = client.get(unlink_url(world)).content.decode()
    assert "Unlink the action from CSPR 2025 R3?" in confirm
    assert ActionLink.objects.count() == 1
    assert client.post(unlink_url(world)).status_code == 302
    assert not ActionLink.objects.exists()


def test_the_action_page_shows_what_else_it_answers(client, world):
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    client.force_login(world.owner)
    page = client.get(world.action.get_absolute_url()).content.decode()
    assert "Also answers" in page
    review_page = reverse("actionplans:plan-detail", args=[world.review.pk])
    assert f'href="{review_page}#recommendation-{world.r3.pk}">CSPR 2025 R3</a>' in page


def test_the_other_plans_page_shows_the_shared_action(client, world):
    client.force_login(world.lead)
    review_page = reverse("actionplans:plan-detail", args=[world.review.pk])
    assert "Shared: owned by JTAI 2025" not in client.get(review_page).content.decode()
    link_action(action=world.action, recommendation=world.r3, by=world.lead)
    page = client.get(review_page).content.decode()
    assert "Shared: owned by JTAI 2025" in page
    assert f'href="{world.action.get_absolute_url()}"' in page
    assert f'href="{unlink_url(world)}"' in page
    jtai_page = client.get(world.jtai.get_absolute_url()).content.decode()
    assert "Also answers CSPR 2025 R3" in jtai_page


def test_the_plan_page_offers_the_lead_a_link(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("actionplans:plan-detail", args=[world.review.pk])).content.decode()
    assert f'href="{link_url(world)}"' in page
