"""The pages around signing in, and the things every page must do whoever is looking: pass axe,
work from the keyboard, and work with JavaScript turned off."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import BrowserContext, Page, expect

from scrutineer.partnership.models import Role
from tests.factories import PASSWORD, make_user

from .conftest import THROTTLE_MS, axe_check, code_for, expect_page, sign_in, status_of

PARTNERSHIP = "Northbridge Safeguarding Children Partnership"


def submit_password(page: Page, username: str, password: str) -> None:
    main = page.locator("main")
    main.get_by_label("Username").fill(username)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Sign in").click()


def test_the_sign_in_page_is_accessible(demo: Any, page: Page) -> None:
    page.goto("/sign-in/")
    expect_page(page, "Sign in to Scrutineer", title="Sign in")
    # The front door's signpost is on every page, signed in or not.
    expect(page.get_by_text("the Duty and Advice Team").first).to_be_visible()
    axe_check(page)


def test_a_wrong_password_shows_the_error_summary_focused_and_accessible(
    demo: Any, page: Page
) -> None:
    page.goto("/sign-in/")
    submit_password(page, "scrutineer", "not-the-password")
    expect_page(page, "Sign in to Scrutineer", title="Error: Sign in")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend's error summary script moves focus to it, so a screen reader reads it.
    expect(summary).to_be_focused()
    axe_check(page)


def test_the_security_code_page_is_accessible_with_and_without_an_error(
    demo: Any, page: Page
) -> None:
    page.goto("/sign-in/")
    submit_password(page, "scrutineer", "northbridge-demo")
    expect_page(page, "Enter your security code")
    axe_check(page)

    main = page.locator("main")
    wrong = "000000" if code_for("scrutineer") != "000000" else "111111"
    main.get_by_label("Security code").fill(wrong)
    main.get_by_role("button", name="Continue").click()
    expect_page(page, "Enter your security code", title="Error: Enter your security code")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary a")).to_have_attribute("href", "#id_token")
    axe_check(page)

    # django-otp refuses every code for a second after a wrong one (then 2, 4, ... seconds).
    page.wait_for_timeout(THROTTLE_MS)
    main.get_by_label("Security code").fill(code_for("scrutineer"))
    main.get_by_role("button", name="Continue").click()
    expect_page(page, PARTNERSHIP, title="Home")


def test_someone_without_an_authenticator_app_sets_one_up_on_an_accessible_page(
    demo: Any, page: Page
) -> None:
    make_user("newcomer", Role.SCRUTINEER)
    page.goto("/sign-in/")
    submit_password(page, "newcomer", PASSWORD)
    expect_page(page, "Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    axe_check(page)

    # What a person would type into their app: the key shown under the QR code.
    key = base64.b32decode(page.locator(".app-secret").inner_text().strip())
    page.locator("main").get_by_label("Security code").fill(f"{totp(key):06d}")
    page.locator("main").get_by_role("button", name="Continue").click()
    expect_page(page, PARTNERSHIP, title="Home")


def test_the_accessibility_statement_is_accessible(demo: Any, page: Page) -> None:
    page.goto("/accessibility/")
    expect_page(page, "Accessibility statement for Scrutineer", title="Accessibility statement")
    axe_check(page)


def test_the_locked_out_page_is_accessible(demo: Any, page: Page) -> None:
    assert status_of(page, "/locked-out/") == 403
    expect_page(page, "Your account is locked")
    axe_check(page)


def test_the_page_not_found_is_accessible(demo: Any, page: Page) -> None:
    assert status_of(page, "/no-such-page/") == 404
    expect_page(page, "Page not found")
    axe_check(page)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    demo: Any, page: Page
) -> None:
    page.goto("/sign-in/")
    for _ in range(4):
        submit_password(page, "viewer", "wrong-password")
        expect_page(page, "Sign in to Scrutineer", title="Error: Sign in")
    submit_password(page, "viewer", "wrong-password")
    expect_page(page, "Your account is locked")

    page.goto("/sign-in/")
    submit_password(page, "viewer", "northbridge-demo")
    expect_page(page, "Your account is locked")
    axe_check(page)


def test_the_first_tab_reaches_the_skip_link_and_enter_moves_to_the_main_content(
    demo: Any, page: Page
) -> None:
    sign_in(page, "business")
    page.goto("/partnership/")
    page.keyboard.press("Tab")
    skip = page.locator(".govuk-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_it_works_with_javascript_turned_off(
    demo: Any, open_context: Callable[..., BrowserContext]
) -> None:
    page = open_context(java_script_enabled=False).new_page()
    page.goto("/reviews/")
    expect(page).to_have_url(f"{demo.url}/sign-in/?next=/reviews/")
    assert sign_in(page, "scrutineer") is True
    page.goto("/reviews/")
    expect_page(page, "Case reviews")
    expect(page.locator("table").first).to_be_visible()
    # The navigation is all there without the script that folds it into a menu button.
    expect(page.locator("nav[aria-label=Menu] a", has_text="Actions")).to_be_visible()


def test_the_axe_check_fails_on_a_page_with_a_real_problem(demo: Any, page: Page) -> None:
    """The check can fail: an image with no text alternative is an axe violation."""
    page.goto("/accessibility/")
    page.evaluate("() => document.querySelector('main').appendChild(document.createElement('img'))")
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page)


def test_a_content_security_policy_violation_is_reported(
    demo: Any, page: Page, page_problems: list[str]
) -> None:
    """An inline script is blocked by the policy, and the blocked attempt is caught."""
    page.goto("/accessibility/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement('script');
                script.textContent = 'window.ran = true';
                document.body.appendChild(script);
            }"""
        )
    assert page.evaluate("() => window.ran === undefined")
    assert any("Content Security Policy" in problem for problem in page_problems)
    page_problems.clear()  # it was caused on purpose: don't fail the test for it
