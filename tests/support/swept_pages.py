"""The pages a sweep opens as each role: every GET URL of the access matrix that answers the role
with a page (so a new page is swept without being listed anywhere else), and the account pages
every signed-in person has. Used by the rendered-page and the phone-width sweeps."""

from django.test import Client
from django.urls import reverse

from tests.support.access_world import ROLES, World
from tests.test_access_matrix import MATRIX

SWEPT_ROLES = ("anonymous", "lead", "owner_a", "manager", "superuser")
ACCOUNT_PAGES = [
    reverse("accounts:account"),
    reverse("accounts:password-change"),
    reverse("accounts:two-factor-setup"),
    reverse("accounts:access-tokens"),
]


def client_as(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def matrix_urls(world: World, role: str) -> list[str]:
    """Each URL the access matrix says this role may GET, once, in order."""
    column = ROLES.index(role)
    return sorted(
        {
            reverse(row.url_name, kwargs=row.kwargs(world))
            for row in MATRIX
            if row.verb == "GET" and row.answers[column] == 200
        }
    )
