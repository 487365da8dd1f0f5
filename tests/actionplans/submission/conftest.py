import pytest

from agencies.models import User
from demo.loader import load_demo


@pytest.fixture
def lead(client):
    """The demo's partnership lead, signed in."""
    load_demo()
    user = User.objects.get(email="lead@southampton.example")
    client.force_login(user)
    return user
