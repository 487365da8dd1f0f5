"""The Reminders page gives the calendar address in a box to copy, with steps for Outlook and
Google Calendar, and the address in the box is the one that works."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.support.reminders import plan_with_people

pytestmark = pytest.mark.django_db


def test_the_address_is_in_a_labelled_box_with_steps_for_outlook_and_google(client):
    _, _, owner = plan_with_people()
    client.force_login(owner)
    off = client.get(reverse("actionplans:reminder-preferences")).content.decode()
    assert "Your calendar feed is off." in off
    assert 'id="feed-url"' not in off

    client.post(reverse("actionplans:calendar-token"), {"action": "regenerate"})
    page = client.get(reverse("actionplans:reminder-preferences")).content.decode()
    assert '<label class="govuk-label govuk-label--s" for="feed-url">' in page
    box = re.search(r'<textarea[^>]*id="feed-url"[^>]*>(.*?)</textarea>', page, re.S)
    assert box is not None
    assert "readonly" in box.group(0)
    assert 'aria-describedby="feed-url-hint"' in box.group(0)
    assert "Add it to Outlook" in page
    assert "Subscribe from web" in page
    assert "Add it to Google Calendar" in page
    assert "From URL" in page

    client.logout()
    feed = client.get(urlsplit(unescape(box.group(1)).strip()).path)
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar"


def test_turning_the_feed_on_says_what_it_is_and_how_to_subscribe(client):
    _, _, owner = plan_with_people()
    client.force_login(owner)
    url = reverse("actionplans:calendar-token")
    first = client.post(url, {"action": "regenerate"}, follow=True).content.decode()
    assert "has a new address" not in first  # there was no old one
    assert (
        "Your calendar feed is on: it shows your actions&#x27; due dates and your plans&#x27; "
        "submission deadlines. Copy the address below and add it to your calendar"
    ) in first
    # Once the feed is on, the button makes a new address, and the message says so.
    again = client.post(url, {"action": "regenerate"}, follow=True).content.decode()
    assert "Your calendar feed has a new address" in again
    assert "the old one no longer works" in again
