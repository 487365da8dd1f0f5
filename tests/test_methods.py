"""The site's pages take GET and POST only: a PUT, PATCH or DELETE is refused before any view runs.

Django's DeleteView answers DELETE by deleting at once, without the form's checks; a recommendation
that still has actions then raised ProtectedError (a 500). The read-only API answers 405 itself.
"""

import pytest
from django.urls import reverse

from inspections.models import Recommendation
from tests.support.access_world import build_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH"])
def test_a_recommendation_with_actions_is_not_removed_by_another_method(client, method):
    world = build_world()
    recommendation = world.objects["recommendation_a"]
    client.force_login(world.users["lead"])
    url = reverse(
        "inspections:recommendation-delete",
        kwargs={"inspection_pk": world.objects["inspection"].pk, "pk": recommendation.pk},
    )

    response = client.generic(method, url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_an_action_is_not_removed_by_delete(client):
    world = build_world()
    action = world.objects["action_a"]
    client.force_login(world.users["lead"])

    response = client.delete(reverse("actionplans:action-delete", kwargs={"pk": action.pk}))

    assert response.status_code == 405
    action.refresh_from_db()


def test_the_api_still_answers_for_itself(client):
    world = build_world()
    client.force_login(world.users["lead"])

    response = client.delete(reverse("api:plan-detail", kwargs={"pk": world.objects["plan"].pk}))

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
