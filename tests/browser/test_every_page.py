"""Every page a role can reach by following links, as Chromium renders it: each table's heading
row as wide as its rows, and no template syntax in the text on the screen.

A crawl, not a list: from the home page and the plan, every link within the service is followed
(GET only; never signing out, never a download), so a page that a link leads to is checked
without being named here. Pages of one shape (`/actions/<n>/…`) are opened at most twice, which
keeps the walk to a few seconds a role.
"""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from actionplans.plans.models import ActionPlan
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ("lead@southampton.example", "police@southampton.example", "manager@southampton.example")
PER_SHAPE = 2
MOST_PAGES = 120
# Never followed: signing out ends the walk, the admin is not the service, and these answer
# files or data rather than a page.
NOT_FOLLOWED = re.compile(
    r"^/(sign-out|admin)/|/download[./]|/export\.|\.(ics|xlsx|csv|pdf|docx|json)$|^/api/(v1|schema)/"
)

# What the page shows wrong, found in the DOM as rendered.
PAGE_FAULTS = r"""() => {
  const faults = [];
  let rows = 0;
  const tables = [...document.querySelectorAll("table")];
  tables.forEach((table, i) => {
    const caption = table.caption && table.caption.textContent.trim();
    const name = table.id || caption || `table ${i + 1}`;
    const widths = (section) => {
      // Columns a cell with a rowspan still takes in the rows below it.
      let carried = [];
      return [...section.rows].map((row) => {
        let width = carried.reduce((n, [, columns]) => n + columns, 0);
        carried = carried
          .filter(([left]) => left > 1)
          .map(([left, columns]) => [left - 1, columns]);
        for (const cell of row.cells) {
          width += cell.colSpan;
          if (cell.rowSpan > 1) carried.push([cell.rowSpan - 1, cell.colSpan]);
        }
        const text = [...row.cells].map((cell) => cell.textContent.trim()).join(" ");
        return [width, text.replace(/\s+/g, " ").slice(0, 60)];
      });
    };
    if (!table.tHead || !table.tHead.rows.length) return;
    const heads = widths(table.tHead);
    const heading = heads[heads.length - 1][0];
    for (const body of [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])]) {
      for (const [width, text] of widths(body)) {
        rows += 1;
        if (width !== heading) {
          faults.push(`${name}: ${heading} headings over a row of ${width} (${text})`);
        }
      }
    }
  });
  const text = document.title + "\n" + document.body.innerText;
  for (const match of text.matchAll(/\{#|\{%|\{\{/g)) {
    const around = text.slice(Math.max(0, match.index - 30), match.index + 50);
    faults.push(`template syntax shown: ${around.replace(/\s+/g, " ")}`);
  }
  return {faults, rows};
}"""

LINKS = """() => [...document.querySelectorAll("a[href]")]
  .filter((a) => !a.hasAttribute("download"))
  .map((a) => a.href)"""


def shape(path: str) -> str:
    return re.sub(r"\d+", "#", path)


@pytest.mark.parametrize("email", ROLES)
def test_every_page_a_role_reaches_has_aligned_tables_and_no_template_syntax(visitor, email):
    load_demo(freeze_submission=True)
    visitor.sign_in(email, DEMO_PASSWORD)
    page = visitor.page
    origin = urlsplit(visitor.base_url).netloc
    to_visit = ["/", ActionPlan.objects.get(inspection__regime__code="jtai").get_absolute_url()]
    seen = set(to_visit)
    shapes: Counter[str] = Counter()
    visited: list[str] = []
    faults: list[str] = []
    rows = 0
    while to_visit and len(visited) < MOST_PAGES:
        url = to_visit.pop(0)
        response = page.goto(visitor.base_url + url)
        assert response is not None
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(url)
        found = page.evaluate(PAGE_FAULTS)
        rows += found["rows"]
        faults += [f"{url}: {fault}" for fault in found["faults"]]
        for href in page.evaluate(LINKS):
            link = urlsplit(href)
            address = link.path + (f"?{link.query}" if link.query else "")
            if link.netloc != origin or address in seen or NOT_FOLLOWED.search(link.path):
                continue
            seen.add(address)
            key = shape(link.path) + ("?" if link.query else "")
            if shapes[key] < PER_SHAPE:
                shapes[key] += 1
                to_visit.append(address)
    # The walk reached the dashboards' and lists' tables, so it cannot pass by seeing nothing.
    assert len(visited) >= 15, visited
    assert rows >= 20
    assert faults == [], "\n".join(faults)
    assert visitor.errors == []
