"""Reading the figures back from a rendered dashboard, for the tests to compare."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape


def section(html: str, start_id: str, end_id: str | None = None) -> str:
    """The page from the element with `start_id` to the one with `end_id` (or the end)."""
    start = html.index(f'id="{start_id}"')
    end = html.index(f'id="{end_id}"', start) if end_id else len(html)
    return html[start:end]


def table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"no table {table_id}"
    return match.group(0)


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(.*?)</', html, re.S)
    assert match, f"no figure {name}"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def counts(html: str, attribute: str) -> Counter[str]:
    """{value: count} from cells like <td data-rag="red">3</td>."""
    return Counter(
        {key: int(n) for key, n in re.findall(rf'data-{attribute}="(\w+)">(\d+)<', html)}
    )


def keyed_rows(html: str) -> dict[str, str]:
    """The rows of a table that carry a data-key, by key."""
    return dict(re.findall(r'<tr class="govuk-table__row" data-key="(\d+)">(.*?)</tr>', html, re.S))


def linked_actions(html: str) -> list[str]:
    """The addresses of the actions a list links to, in order."""
    return re.findall(r'href="(/actions/\d+/)"', html)


def svgs(html: str) -> dict[str, ET.Element]:
    """Each chart on the page, parsed, by its id (the prefix of its title's id)."""
    charts = {}
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        root = ET.fromstring(svg)  # noqa: S314  (our own page, in a test)
        charts[root.get("aria-labelledby", "").split("-title")[0]] = root
    return charts


def table_by_attribute(html: str, attribute: str) -> str:
    match = re.search(rf"<table[^>]*{attribute}.*?</table>", html, re.S)
    assert match, f"no table with {attribute}"
    return match.group(0)
