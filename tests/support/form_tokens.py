"""Posting a create form's page twice with its one-time token, as a double click or Back then
Save does."""

import re

from django.test import Client


def token_on(page: str) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f-]{36})"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def post_twice(client: Client, url: str, data: dict) -> tuple:
    token = token_on(client.get(url).content.decode())
    first = client.post(url, {**data, "form_token": token})
    second = client.post(url, {**data, "form_token": token}, follow=True)
    return first, second
