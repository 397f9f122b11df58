"""Security of the page shell: headers, no inline code, sign-in with two-factor, lock-out,
idle sessions and safe redirects. Through the test client, as a browser would see it.
"""

from __future__ import annotations

import base64
import json
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutineer.partnership.models import Role, Sector, User

from ..factories import PASSWORD, make_agency, make_device, make_user, sign_in

MAX_PAGES = 1000  # far above what the demo makes; the crawl test fails if reached


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content Security Policy would block: inline scripts, inline
    styles (``<style>`` elements and ``style=`` attributes) and ``on...=`` event handlers.
    Also collects the site's own links, for the crawl."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self.htmx_config: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for name, _ in attrs:
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
        href = attributes.get("href")
        if tag == "a" and href and href.startswith("/") and not href.startswith("//"):
            self.links.append(href)
        if tag == "meta" and attributes.get("name") == "htmx-config":
            self.htmx_config = attributes.get("content")


def inspect(html: str) -> InlineCodeFinder:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder


def header_problems(response) -> list[str]:
    problems = []
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        problems.append("no Content-Security-Policy header")
    for unsafe in ("unsafe-inline", "unsafe-eval"):
        if unsafe in policy:
            problems.append(f"the policy allows {unsafe}")
    if "script-src 'self'" not in policy or "style-src 'self'" not in policy:
        problems.append(f"scripts or styles not limited to the site: {policy}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}")
    return problems


def page_problems(response) -> list[str]:
    problems = header_problems(response)
    if response["Content-Type"].startswith("text/html"):
        problems += inspect(response.content.decode()).problems
    return problems


def crawl(client: Client, start: str = "/") -> dict[str, list[str]]:
    """Every page reachable by following the site's own links from ``start``, each with what
    is wrong with it. Query strings are followed once per path, so filters and pages of a list
    do not multiply the walk."""
    seen_paths: set[str] = set()
    queue = deque([start])
    found: dict[str, list[str]] = {}
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in seen_paths or path.startswith(("/static/", "/sign-out/")):
            continue
        seen_paths.add(path)
        response = client.get(url)
        if response.status_code != 200:
            found[url] = [f"status {response.status_code}"]
            continue
        found[url] = page_problems(response)
        if response["Content-Type"].startswith("text/html"):
            queue.extend(inspect(response.content.decode()).links)
    return found


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code the device will not accept now (it allows one step of drift either way)."""
    accepted = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0 - drift * device.step):06d}"
        for drift in (-1, 0, 1)
    }
    return next(code for code in ("123456", "654321", "111111", "999999") if code not in accepted)


def sign_in_with_password(
    client: Client, username: str, password: str = PASSWORD, *, follow: bool = False, **extra
):
    data = {"username": username, "password": password, **extra}
    return client.post(reverse("login"), data, follow=follow)


@pytest.fixture
def demo(db):
    call_command("demo", allow_production=True, verbosity=0)


# ---- headers and inline code -------------------------------------------------------------


def test_it_sends_the_security_headers_on_the_public_pages(partnership):
    for name in ("login", "accessibility", "locked_out"):
        response = Client().get(reverse(name))
        assert page_problems(response) == [], name


def test_it_sends_the_security_headers_on_error_pages(alice_client):
    response = alice_client.get("/no-such-page/")
    assert response.status_code == 404
    assert header_problems(response) == []


def test_it_sends_the_security_headers_on_the_two_factor_page(partnership):
    client = sign_in(Client(), make_user("dora", Role.SCRUTINEER), verified=False)
    response = client.get(reverse("two_factor"))
    assert response.status_code == 200
    assert b"<svg" in response.content  # the set-up page, with its QR code
    assert page_problems(response) == []


@pytest.mark.parametrize("username", ["business", "scrutineer", "lead.council", "viewer"])
def test_no_page_a_person_can_reach_has_inline_code_or_lacks_the_headers(demo, username):
    """With the demo loaded, follow every link from the home page as each kind of person."""
    client = sign_in(Client(), User.objects.get(username=username))
    pages = crawl(client)
    problems = {url: found for url, found in pages.items() if found}
    assert problems == {}
    assert len(pages) < MAX_PAGES, "the crawl stopped early: raise MAX_PAGES"
    assert "/accessibility/" in pages
    for url_name, _, _ in _navigation():
        assert reverse(url_name) in pages, url_name
    if username == "business":
        assert {"/partnership/", "/partnership/people/", "/partnership/details/"} <= set(pages)


def _navigation():
    from scrutineer.core.context_processors import NAVIGATION

    return NAVIGATION


def test_it_tells_htmx_not_to_inject_styles_or_eval_code(alice_client):
    """htmx would otherwise add an inline <style> and use eval, which the policy blocks."""
    config = inspect(alice_client.get(reverse("home")).content.decode()).htmx_config
    assert config is not None
    values = json.loads(config)
    assert values["includeIndicatorStyles"] is False
    assert values["allowEval"] is False


def test_the_inline_code_finder_finds_what_it_looks_for():
    html = (
        '<script src="/static/x.js"></script><script>alert(1)</script>'
        '<p style="color: red">x</p><a href="/x/" onclick="go()">x</a><style>p{}</style>'
    )
    assert inspect(html).problems == [
        "<script> without src",
        "style= on <p>",
        "onclick= on <a>",
        "<style> element",
    ]


# ---- signing in --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "case_data"),
    [
        (Role.SCRUTINEER, False),
        (Role.BUSINESS_UNIT, False),
        (Role.AUDITOR, False),
        (Role.AGENCY_LEAD, True),
        (Role.VIEWER, True),
    ],
)
def test_it_asks_for_a_security_code_after_the_password(partnership, role, case_data):
    agency = make_agency(f"Agency with case data {case_data}", holds_case_data=case_data)
    make_user("dora", role, agency)
    client = Client()
    response = sign_in_with_password(client, "dora", follow=True)
    final, _ = response.redirect_chain[-1]
    assert urlsplit(final).path == reverse("two_factor")
    assert response.status_code == 200
    # Until the code is given, no other page opens.
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert urlsplit(home["Location"]).path == reverse("two_factor")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EXECUTIVE, Role.AGENCY_LEAD])
def test_it_lets_roles_without_sensitive_access_straight_in(partnership, police, role):
    make_user("dora", role, police)
    client = Client()
    response = sign_in_with_password(client, "dora")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_shows_a_govuk_error_for_a_wrong_password(partnership, alice):
    response = sign_in_with_password(Client(), "alice", "not-the-password")
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Enter a correct username and password" in content
    assert "<title>Error: " in content


def test_it_shows_a_govuk_error_for_a_wrong_code(partnership, alice):
    device = make_device(alice)
    client = Client()
    sign_in_with_password(client, "alice")
    response = client.post(reverse("two_factor"), {"token": wrong_code(device)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_token"' in content
    assert "The security code is not right" in content
    assert client.get(reverse("home")).status_code == 302


def test_it_shows_a_govuk_error_for_a_code_that_is_not_six_digits(partnership, alice):
    make_device(alice)
    client = Client()
    sign_in_with_password(client, "alice")
    response = client.post(reverse("two_factor"), {"token": "12ab"})
    assert "Enter the security code as 6 digits" in response.content.decode()


def test_it_signs_in_with_the_right_code(partnership, alice):
    device = make_device(alice)
    client = Client()
    sign_in_with_password(client, "alice")
    response = client.post(reverse("two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_it_sets_up_an_authenticator_for_someone_without_one(partnership, alice):
    client = Client()
    sign_in_with_password(client, "alice")
    response = client.get(reverse("two_factor"))
    content = response.content.decode()
    assert "Set up two-factor authentication" in content
    assert "<svg" in content
    device = TOTPDevice.objects.get(user=alice)
    assert device.confirmed is False
    assert base64.b32encode(device.bin_key).decode() in content

    client.post(reverse("two_factor"), {"token": wrong_code(device)})
    device.refresh_from_db()
    assert device.confirmed is False

    device.throttling_failure_count = 0  # a wrong code slows the next try down; skip the wait
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("home")).status_code == 200


def test_it_does_not_reuse_the_unconfirmed_key_once_set_up(partnership, alice):
    """Each visit before confirming shows the same key, so a scan is not lost on reload."""
    client = Client()
    sign_in_with_password(client, "alice")
    first = client.get(reverse("two_factor")).content
    second = client.get(reverse("two_factor")).content
    assert TOTPDevice.objects.filter(user=alice).count() == 1
    key = base64.b32encode(TOTPDevice.objects.get(user=alice).bin_key)
    assert key in first
    assert key in second


# ---- locking out -------------------------------------------------------------------------


def test_it_locks_the_account_after_too_many_wrong_passwords(partnership, alice):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, "alice", "not-the-password")
    response = sign_in_with_password(client, "alice", follow=True)
    assert response.status_code == 403
    content = response.content.decode()
    assert "Your account is locked" in content
    assert "contact your partnership business unit" in content
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_out_before_the_limit(partnership, alice):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in_with_password(client, "alice", "not-the-password")
    response = sign_in_with_password(client, "alice")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path != reverse("locked_out")


def test_the_business_unit_can_unlock_an_account(partnership, alice, bob_client):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, "alice", "not-the-password")
    assert sign_in_with_password(client, "alice", follow=True).status_code == 403

    page = bob_client.get(reverse("partnership:person", args=[alice.pk])).content.decode()
    assert reverse("partnership:person_unlock", args=[alice.pk]) in page
    bob_client.post(reverse("partnership:person_unlock", args=[alice.pk]))

    response = sign_in_with_password(client, "alice")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path != reverse("locked_out")


def test_only_the_business_unit_can_unlock(partnership, alice):
    viewer = sign_in(Client(), make_user("dora", Role.VIEWER))
    response = viewer.post(reverse("partnership:person_unlock", args=[alice.pk]))
    assert response.status_code == 403


# ---- sessions ----------------------------------------------------------------------------


def _stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_every_request_renews_the_idle_timeout(alice_client):
    alice_client.get(reverse("home"))
    Session.objects.filter(pk=_stored_session(alice_client).pk).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    alice_client.get(reverse("home"))
    remaining = _stored_session(alice_client).expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60


def test_it_signs_out_after_the_idle_timeout(alice_client):
    alice_client.get(reverse("home"))
    Session.objects.filter(pk=_stored_session(alice_client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = alice_client.get(reverse("home"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("login")


def test_the_session_cookie_ends_with_the_browser(alice_client):
    response = alice_client.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# ---- signing out -------------------------------------------------------------------------


def test_signing_out_needs_a_post(alice_client):
    assert alice_client.get(reverse("logout")).status_code == 405
    assert alice_client.get(reverse("home")).status_code == 200


def test_signing_out_ends_the_session(alice_client):
    response = alice_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert alice_client.get(reverse("home")).status_code == 302


def test_signing_out_needs_the_csrf_token(alice):
    client = sign_in(Client(enforce_csrf_checks=True), alice)
    assert client.post(reverse("logout")).status_code == 403


# ---- redirects after signing in ----------------------------------------------------------

OFF_SITE = ["https://evil.example/", "//evil.example/", "https:evil.example", "/\\evil.example"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_does_not_redirect_off_site(partnership, police, target):
    make_user("dora", Role.VIEWER, police)
    response = sign_in_with_password(Client(), "dora", next=target)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("target", OFF_SITE)
def test_two_factor_does_not_redirect_off_site(partnership, alice, target):
    device = make_device(alice)
    client = Client()
    sign_in_with_password(client, "alice")
    response = client.post(
        f"{reverse('two_factor')}?next={target}", {"token": current_code(device), "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_goes_on_to_the_page_asked_for_after_two_factor(partnership, alice):
    device = make_device(alice)
    client = Client()
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    first = client.get("/reviews/")
    assert urlsplit(first["Location"]).path == reverse("login")
    signed_in = sign_in_with_password(client, "alice", next="/reviews/", follow=True)
    final, _ = signed_in.redirect_chain[-1]
    assert final == f"{reverse('two_factor')}?next=%2Freviews%2F"
    response = client.post(final, {"token": current_code(device), "next": "/reviews/"})
    assert response["Location"] == "/reviews/"


def test_an_executive_in_an_agency_with_case_data_needs_two_factor(partnership):
    council = make_agency("Council", sector=Sector.LOCAL_AUTHORITY, holds_case_data=True)
    make_user("dora", Role.EXECUTIVE, council)
    response = sign_in_with_password(Client(), "dora", follow=True)
    assert urlsplit(response.redirect_chain[-1][0]).path == reverse("two_factor")
