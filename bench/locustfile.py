"""The load of `make bench-scale`: monthly update day across England, played with Locust.

Owners read their actions and post progress updates; leads read their plans and queue and sign
actions off (the real check page, then its form); managers read dashboards. Every write is a real
form post with the page's CSRF token (and its one-time form token, where the form has one), and
one request in ten or so is a write. Each request is named by its page, so the results read per
page and per write. Who is played, and what they work on, comes from the seed file that
`seed_scale` writes (BENCH_SCALE_SEED); no database is opened here.

A GET counts as an error unless it answers 200 (a redirect to sign-in is an error); a post
unless it redirects, as the forms do once they have saved.
"""

import itertools
import json
import os
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

from bench.pages import PATHS

SEED = Path(os.environ.get("BENCH_SCALE_SEED", "var/bench/scale.json"))
SESSION_COOKIE = "sessionid"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')

_people: dict[str, Any] | None = None
_turns: dict[str, Iterator[int]] = {}


def people() -> dict[str, Any]:
    """The seed file, read once per process."""
    global _people  # one read shared by every simulated user
    if _people is None:
        _people = json.loads(SEED.read_text())
    return _people


def next_person(role: str) -> dict[str, Any]:
    """The next person of `role` not yet played, in turn: two simulated users share one only
    when there are more users than people."""
    everyone = people()[role]
    turn = _turns.setdefault(role, itertools.cycle(range(len(everyone))))
    return dict(everyone[next(turn)])


class Person(HttpUser):
    abstract = True
    role = ""
    # Time to read a page and type, between requests: people, not a script.
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.me = next_person(self.role)
        self.client.cookies.set(SESSION_COOKIE, self.me["session"])

    def page(self, name: str, pk: int | None = None) -> str:
        """GET a page; its HTML, or "" when it did not answer 200."""
        with self.client.get(
            PATHS[name].format(pk=pk), name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
                return ""
            return response.text

    def post(self, name: str, pk: int, html: str, data: dict[str, str]) -> None:
        """Post the form of `html` (the page just read) as a browser would."""
        csrf = CSRF.search(html)
        if csrf is None:
            return  # the page was already counted as an error
        fields = {"csrfmiddlewaretoken": csrf.group(1), **data}
        if token := FORM_TOKEN.search(html):
            fields["form_token"] = token.group(1)
        path = PATHS[name].format(pk=pk)
        with self.client.post(
            path,
            data=fields,
            name=name,
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": self.client.base_url + path},
        ) as response:
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}, not a redirect")


class Owner(Person):
    """An agency's owner on monthly update day."""

    role = "owners"
    weight = 10

    def an_action(self) -> int:
        return random.choice(self.me["actions"])  # noqa: S311  (a load test's choice)

    @task(2)
    def my_actions(self) -> None:
        self.page("my actions")

    @task(1)
    def update_all(self) -> None:
        self.page("update all")

    @task(2)
    def action_page(self) -> None:
        self.page("action page", self.an_action())

    @task(1)
    def home(self) -> None:
        self.page("home")

    @task(1)
    def post_progress_update(self) -> None:
        pk = self.an_action()
        html = self.page("progress form", pk)
        text = "Audit of 40 referrals done; the repeat audit is booked for next month."
        self.post("post progress update", pk, html, {"text": text, **people()["progress"]})


class Lead(Person):
    """A partnership lead: their plans, their queue and the sign-offs waiting for them."""

    role = "leads"
    weight = 4

    @task(2)
    def plan_page(self) -> None:
        self.page("plan page", random.choice(self.me["plans"]))  # noqa: S311

    @task(2)
    def home(self) -> None:
        self.page("home")

    @task(2)
    def action_page(self) -> None:
        if self.me["awaiting"]:
            self.page("action page", self.me["awaiting"][-1])

    @task(1)
    def sign_off(self) -> None:
        """The check page, then its form: each action signed off once."""
        if not self.me["awaiting"]:
            return
        pk = self.me["awaiting"].pop()
        html = self.page("sign-off check", pk)
        self.post("post sign-off", pk, html, {})


class Manager(Person):
    """A manager reading how their partnership's plans are going."""

    role = "managers"
    weight = 3

    @task(2)
    def plan_dashboard(self) -> None:
        self.page("plan dashboard", random.choice(self.me["plans"]))  # noqa: S311

    @task(1)
    def dashboard_across_plans(self) -> None:
        self.page("dashboard across plans")

    @task(1)
    def partnership_overview(self) -> None:
        self.page("partnership overview", self.me["partnership"])

    @task(1)
    def home(self) -> None:
        self.page("home")
