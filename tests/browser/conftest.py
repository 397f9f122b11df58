"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser`` (``pytest -m "not browser"`` skips them). Each test gets
the demo partnership loaded into its own database, signs in through the real pages (password,
then a security code computed from the demo's fixed TOTP keys), and may run axe-core on any
page it reaches. A Content Security Policy violation or an uncaught JavaScript error on any page
fails the test that caused it, so a stray inline script or ``style=`` cannot slip in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from playwright.sync_api import BrowserContext, Page, expect

from scrutineer.partnership.demo import DEMO_PASSWORD, demo_totp_key

# Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
# from the test itself ("You cannot call this from an async context"). Those calls (loading the
# demo, checking what a form saved) run between page actions, never alongside a request the
# live server is answering, so allowing them is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).parent

CHROMIUM = "/usr/bin/chromium"
# No network here but localhost: keep Chromium from reaching for updates, sync or telemetry.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# WCAG 2.2 AA, as axe-core tags it (axe has no separate "wcag22a" rules yet).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_URL = "/static/axe/axe.min.js"
# A page here answers in well under a second; fail a stuck click in 10 s, not Playwright's 30.
ACTION_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``, so no test here can forget it."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium: Playwright's own browser download does not work here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    """Pages open relative to the live server: ``page.goto("/sign-in/")``."""
    return {**browser_context_args, "base_url": live_server.url}


@pytest.fixture
def demo(live_server: Any) -> Any:
    """The demo partnership, in this test's database, and the live server that serves it.

    ``live_server`` brings a transactional database, so the server's thread sees the rows and
    each test starts again from an empty database.
    """
    call_command("demo", allow_production=True, stdout=StringIO())
    return live_server


@pytest.fixture
def page_problems() -> list[str]:
    """What the browser reported that no page should cause: CSP violations, script errors."""
    return []


def watch(context: BrowserContext, problems: list[str]) -> BrowserContext:
    """Collect CSP violations (Chromium reports them on the console) and uncaught errors."""

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            problems.append(f"{message.page.url if message.page else ''}: {message.text}")

    def on_error(error: Any) -> None:
        problems.append(f"{error.page.url if error.page else ''}: uncaught {error.error}")

    context.on("console", on_console)
    context.on("weberror", on_error)
    return context


@pytest.fixture
def open_context(new_context: Any, page_problems: list[str]) -> Any:
    """Make another browser context (``java_script_enabled=False``, say), watched like ``page``."""

    def make(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        return watch(context, page_problems)

    return make


@pytest.fixture
def context(open_context: Any) -> BrowserContext:
    return open_context()


@pytest.fixture(autouse=True)
def _no_page_problems(page_problems: list[str]) -> Iterator[None]:
    yield
    assert not page_problems, "The browser reported problems:\n" + "\n".join(page_problems)


TWO_FACTOR = "/account/two-factor/"
# After a wrong code django-otp refuses every code for a second (then 2, 4, ... seconds).
THROTTLE_MS = 1100


def code_for(username: str) -> str:
    """The demo user's current six-digit security code."""
    return f"{totp(bytes.fromhex(demo_totp_key(username))):06d}"


def sign_in(page: Page, username: str, *, password: str = DEMO_PASSWORD) -> bool:
    """Sign in through the real pages, entering a security code if asked for one.

    It opens the sign-in page itself, and returns whether a code was asked for. A code is
    accepted once only: sign a person in once per test (each test has a fresh demo).
    """
    page.goto("/sign-in/")
    main = page.locator("main")
    main.get_by_label("Username").fill(username)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/sign-in/")
    if urlsplit(page.url).path != TWO_FACTOR:
        return False
    main.get_by_label("Security code").fill(code_for(username))
    main.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: urlsplit(url).path != TWO_FACTOR)
    return True


def axe_check(page: Page) -> None:
    """Run axe-core on the page as it is now; fail with a readable list of any violations.

    axe is loaded from the app's own origin, so the strict Content Security Policy stays on.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
                count: v.nodes.length,
            }));
        }""",
        AXE_TAGS,
    )
    if result:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} nodes: "
            + ", ".join(v["targets"])
            + "]"
            for v in result
        ]
        raise AssertionError(
            f"axe found {len(result)} accessibility violation(s) on {page.url}:\n"
            + "\n".join(lines)
        )


def expect_page(page: Page, heading: str, *, title: str | None = None) -> None:
    """The page's one ``<h1>`` says ``heading``; its ``<title>`` starts with ``title``
    (the heading by default), then the service's name, as GOV.UK pages do."""
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(heading)
    expected = title if title is not None else heading
    assert page.title().startswith(f"{expected} \N{EN DASH} Scrutineer"), page.title()


def status_of(page: Page, path: str) -> int:
    """Open ``path`` and return the HTTP status the page came with."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    return response.status
