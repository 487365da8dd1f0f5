"""`make bench-scale`'s parts that need no server: the seed, the load's pages, the results."""

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve

from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from agencies.models import Membership, Partnership
from bench.management.commands.run_scale import read_stats, table
from bench.pages import PATHS, WRITES
from bench.scale import OPEN, Size, identities, seed_england

LOCUSTFILE = Path(settings.BASE_DIR) / "bench" / "locustfile.py"
# The URL name each request of the load test is meant to reach.
URL_NAMES = {
    "home": "actionplans:home",
    "my actions": "actionplans:my-actions",
    "update all": "actionplans:my-actions-update",
    "action page": "actionplans:action-detail",
    "progress form": "actionplans:progress-create",
    "post progress update": "actionplans:progress-create",
    "sign-off check": "actionplans:action-sign-off",
    "post sign-off": "actionplans:action-sign-off",
    "plan page": "actionplans:plan-detail",
    "plan dashboard": "actionplans:plan-dashboard",
    "dashboard across plans": "actionplans:dashboard",
    "partnership overview": "actionplans:partnership-overview",
}


def test_england_is_150_partnerships_and_a_scale_keeps_at_least_one():
    full = Size.at(1)
    assert full.partnerships == 150
    assert full.partnerships * full.plans == 750
    assert full.partnerships * full.plans * full.actions == 75_000
    assert full.partnerships * full.plans * full.actions * full.updates == 750_000
    assert Size.at(0.2).partnerships == 30
    assert Size.at(0.001).partnerships == 1


@pytest.mark.django_db
def test_a_tiny_seed_has_the_counts_asked_for_and_people_to_play():
    plans = seed_england(
        size=Size(partnerships=2, plans=2, actions=12, updates=3), rng=random.Random(1)
    )
    people = identities(plans, session_for=lambda user: f"session-{user.pk}")

    assert Partnership.objects.count() == 2
    assert ActionPlan.objects.count() == 4
    assert Action.objects.count() == 48
    assert ProgressUpdate.objects.count() == 144
    assert Membership.objects.filter(role=Membership.Role.OWNER).count() == 8
    assert len(people["owners"]) == 8
    assert len(people["leads"]) == len(people["managers"]) == 2
    for owner in people["owners"]:
        for action in Action.objects.filter(pk__in=owner["actions"]):
            assert action.status in OPEN
            assert owner["session"] == f"session-{action.lead_user_id}"
    for lead in people["leads"]:
        assert set(
            Action.objects.filter(pk__in=lead["awaiting"]).values_list("status", flat=True)
        ) <= {Action.Status.AWAITING_SIGN_OFF}
    json.dumps(people)  # what seed_scale writes


def test_every_request_of_the_load_reaches_the_page_it_is_named_after():
    assert set(PATHS) == set(URL_NAMES)
    for name, path in PATHS.items():
        assert resolve(path.format(pk=1)).view_name == URL_NAMES[name], name
    assert set(WRITES) <= set(PATHS)


def test_the_locustfile_requests_only_named_pages_and_imports_without_django():
    used = re.findall(r'self\.(?:page|post)\(\s*"([^"]+)"', LOCUSTFILE.read_text())
    assert set(used) == set(PATHS)
    # Its own interpreter: gevent patches the standard library as locust is imported.
    script = (
        "import bench.locustfile as l; "
        "print(*(f'{c.__name__}:{len(set(c.tasks))}' for c in (l.Owner, l.Lead, l.Manager)))"
    )
    run = subprocess.run(  # our own interpreter, no network
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert run.stdout.split() == ["Owner:5", "Lead:4", "Manager:4"]


STATS = """Type,Name,Request Count,Failure Count,Median Response Time,50%,99%
GET,plan page,100,0,120,120,260
POST,post sign-off,10,1,200,200,390
,Aggregated,110,1,130,130,300
"""


def test_the_results_give_each_page_and_write_against_its_target(tmp_path):
    path = tmp_path / "scale_stats.csv"
    path.write_text(STATS)
    rows, total = read_stats(path)
    lines = table(rows, total)
    assert lines[2] == "| plan page | page | 100 | 0 | 120 | 260 | ≤ 250 ms: NOT met |"
    assert lines[3] == "| post sign-off | write | 10 | 1 | 200 | 390 | ≤ 400 ms: met |"
    assert lines[4] == "| all | 9.1% writes | 110 | 1 | 130 | 300 | 0 errors: NOT met |"
