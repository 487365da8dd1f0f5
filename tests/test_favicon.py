"""The service has its own small, brand-neutral icon in the browser's tab, and the address
browsers ask for by habit (/favicon.ico) finds it instead of a 404."""

from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

ICON = "img/favicon.svg"


def test_every_page_links_the_svg_icon(client):
    page = client.get("/sign-in/").content.decode()
    assert f'<link rel="icon" href="{static(ICON)}" type="image/svg+xml">' in page


def test_the_icon_is_an_svg_image():
    svg = ElementTree.parse(settings.BASE_DIR / "static" / ICON).getroot()  # noqa: S314  (our own file)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox")


def test_favicon_ico_leads_to_the_icon_without_signing_in(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static(ICON)
    assert client.post("/favicon.ico").status_code == 405
