"""Pasting findings shows first what would be saved: the letter's paragraphs without its
headings, bullets and numbering, each ticked, with the reference it will get."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from agencies.models import Membership
from inspections.models import Finding
from inspections.pasted_letter import read_letter
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import FindingFactory, InspectionFactory
from tests.support.form_tokens import token_on

pytestmark = pytest.mark.django_db

# The partners' published responses to the Southampton letter, as copied from the web page.
SOUTHAMPTON = (Path(__file__).parent / "letters" / "southampton_responses.txt").read_text()

AREAS = """Areas for improvement

1. The timeliness of high-risk referrals by the police to the
children's resource service (CRS).

2) The capacity of the health navigator role to respond to all requests for information.

a. Arrangements to share written records of strategy meetings.

• The quality of return home interviews.

- Oversight of children missing education.

AFI 6: The recording of ethnicity and the child's voice."""


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def inspection(client):
    inspection = InspectionFactory()
    lead = MembershipFactory(partnership=inspection.partnership, role=Membership.Role.LEAD)
    client.force_login(lead.user)
    return inspection


def url_of(inspection):
    return reverse("inspections:findings-paste", args=[inspection.pk])


def test_the_letters_own_numbering_bullets_and_headings_are_left_out():
    letter = read_letter(AREAS)
    assert letter.paragraphs == [
        "The timeliness of high-risk referrals by the police to the children's resource "
        "service (CRS).",
        "The capacity of the health navigator role to respond to all requests for information.",
        "Arrangements to share written records of strategy meetings.",
        "The quality of return home interviews.",
        "Oversight of children missing education.",
        "The recording of ethnicity and the child's voice.",
    ]
    assert letter.left_out == ["Areas for improvement"]


def test_a_real_letter_gives_its_points_one_by_one_without_headings():
    letter = read_letter(SOUTHAMPTON)
    found = letter.paragraphs
    for heading in ("Key Observations & Concerns", "Our Commitment", "Conclusion"):
        assert heading in letter.left_out
        assert heading not in found
    # A bulleted, numbered point on its own, its "- 1." gone.
    assert (
        "Ensure timely police recognition and referral: All officers must promptly identify and "
        "act on safeguarding risk, minimizing delays to strategy meetings." in found
    )
    # The bullets of one block are one finding each, their wrapped lines joined.
    assert (
        "Strengths in leadership and child-centred working: Officers acted within a cohesive, "
        "caring multi-agency culture, effectively responding to children's needs. Leaders "
        "implemented strong oversight and reflective learning outputs." in found
    )
    assert (
        "The capacity of the health navigator role to respond to all requests for information."
        in found
    )
    assert not [p for p in found if re.match(r"^([-•]|\d+[.)])\s", p)]


def test_pasting_shows_the_findings_to_be_and_saves_nothing(client, inspection):
    FindingFactory(inspection=inspection, kind="area_for_improvement", reference="AFI 1")
    response = client.post(url_of(inspection), {"kind": "area_for_improvement", "text": AREAS})
    html = response.content.decode()
    assert response.status_code == 200
    assert Finding.objects.count() == 1
    assert "Check the findings before you save them" in html
    assert html.count('name="keep"') == 6
    assert html.count("checked") == 6
    assert "AFI 2" in html
    assert "AFI 7" in html
    assert "Area for improvement" in html
    # Shown without its bullet (the paste itself rides along in a hidden field).
    assert ">Oversight of children missing education.</label>" in html
    assert "Areas for improvement" in html  # shown as left out, not as a finding
    assert "Save these findings" in html


def test_only_the_ticked_paragraphs_are_saved_numbered_without_gaps(client, inspection):
    FindingFactory(inspection=inspection, kind="area_for_improvement", reference="AFI 1")
    response = client.post(
        url_of(inspection),
        {"kind": "area_for_improvement", "text": AREAS, "keep": ["0", "2", "5"], "save": "yes"},
    )
    assert response.status_code == 302
    added = Finding.objects.filter(inspection=inspection).exclude(reference="AFI 1")
    assert [(f.reference, f.text) for f in added.order_by("position")] == [
        (
            "AFI 2",
            "The timeliness of high-risk referrals by the police to the children's resource "
            "service (CRS).",
        ),
        ("AFI 3", "Arrangements to share written records of strategy meetings."),
        ("AFI 4", "The recording of ethnicity and the child's voice."),
    ]


def test_going_back_to_change_the_paste_shows_it_as_pasted(client, inspection):
    response = client.post(
        url_of(inspection), {"kind": "strength", "text": AREAS, "keep": ["0"], "edit": "yes"}
    )
    html = response.content.decode()
    assert 'name="text"' in html
    assert "<textarea" in html
    assert "AFI 6: The recording of ethnicity" in html
    assert re.search(r'value="strength"[^>]*checked', html)
    assert not Finding.objects.exists()


def test_unticking_every_paragraph_says_what_to_do_and_keeps_the_paste(client, inspection):
    response = client.post(url_of(inspection), {"kind": "strength", "text": AREAS, "save": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one paragraph to save as a finding" in html
    assert html.count('name="keep"') == 6
    assert not Finding.objects.exists()


def test_a_real_letter_pasted_whole_can_be_saved_as_previewed(client, inspection):
    preview = client.post(url_of(inspection), {"kind": "other", "text": SOUTHAMPTON})
    kept = re.findall(
        r'name="keep" type="checkbox" value="(\d+)" checked', preview.content.decode()
    )
    assert len(kept) == len(read_letter(SOUTHAMPTON).paragraphs)
    client.post(
        url_of(inspection), {"kind": "other", "text": SOUTHAMPTON, "keep": kept, "save": "yes"}
    )
    texts = list(Finding.objects.order_by("position").values_list("text", flat=True))
    assert texts == read_letter(SOUTHAMPTON).paragraphs
    assert Finding.objects.filter(reference="F 1").exists()


def test_saving_the_preview_twice_adds_the_findings_once(client, inspection):
    preview = client.post(url_of(inspection), {"kind": "area_for_improvement", "text": AREAS})
    token = token_on(preview.content.decode())
    data = {"kind": "area_for_improvement", "text": AREAS, "keep": ["0", "1"], "save": "yes"}
    first = client.post(url_of(inspection), {**data, "form_token": token})
    second = client.post(url_of(inspection), {**data, "form_token": token}, follow=True)
    assert first.status_code == 302
    assert Finding.objects.filter(inspection=inspection).count() == 2
    assert "These findings were already saved." in second.content.decode()
