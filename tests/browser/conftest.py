"""Real Chromium (Debian's), driven by Playwright, against the live test server.

Without Chromium the browser tests are skipped with the reason shown in the summary; in CI
(REQUIRE_BROWSER=true) a missing browser is a failure instead.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django would refuse ORM calls
    # from the tests. Allowed only while a browser module runs (and its loop is closed after it),
    # so nothing else, such as `check --deploy` in a subprocess, inherits it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visitor:
    """A person at a browser: a page, plus what they saw go wrong."""

    def __init__(self, page: object, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._on_dialog)  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: self.errors.append(str(error)))  # type: ignore[attr-defined]

    def _on_dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)  # type: ignore[attr-defined]

    def sign_in(self, email: str, password: str) -> None:
        page = self.page
        self.goto("/sign-in/")
        page.get_by_label("Email address").fill(email)  # type: ignore[attr-defined]
        page.get_by_label("Password").fill(password)  # type: ignore[attr-defined]
        page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
        page.get_by_role("button", name="Sign out").wait_for()  # type: ignore[attr-defined]

    def assert_accessible(self) -> None:
        """axe-core finds no WCAG 2.2 A/AA violation on the current page."""
        results = AXE.run(
            self.page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": [
                        "wcag2a",
                        "wcag2aa",
                        "wcag21a",
                        "wcag21aa",
                        "wcag22aa",
                        "best-practice",
                    ],
                }
            },
        )
        url = self.page.url  # type: ignore[attr-defined]
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"

    def assert_no_script_ran(self) -> None:
        injected = self.page.evaluate("() => window.__xss")  # type: ignore[attr-defined]
        assert injected is None, f"an injected script ran on {self.page.url}"  # type: ignore[attr-defined]
        assert self.dialogs == [], f"an injected script opened a dialog: {self.dialogs}"


AXE = Axe()


@pytest.fixture
def visitor(browser: object, live_server: object) -> Iterator[Visitor]:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Visitor(page, live_server.url)  # type: ignore[attr-defined]
    context.close()


@pytest.fixture
def eager_emails() -> Iterator[None]:
    """The worker's part done in the server's thread as the change commits, so that the test can
    read `mail.outbox`; the send itself takes the production path (`outbox.tasks.send_email`)."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
