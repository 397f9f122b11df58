"""Each demo role signs in through the real pages, walks the service navigation, and every page
it reaches passes axe at WCAG 2.2 AA. A role that is not the business unit opening a management
page gets the "no permission" page, which passes axe too.

One signed-in page per role walks every link, so the time grows with pages, not sign-ins.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_check, expect_page, sign_in, status_of

PARTNERSHIP = "Northbridge Safeguarding Children Partnership"

# Navigation label: the page's <h1> (its <title> starts the same way).
PAGES = {
    "Trends": "Multi-agency data trends",
    "Case data": "Case-level evidence",
    "Reviews": "Case reviews",
    "Audits": "Multi-agency audits",
    "Voice": "Voice of children, families and practitioners",
    "Challenges": "Challenge log",
    "Actions": "Action tracker",
    "Plan": "Scrutiny plan",
    "Reports": "Reports",
    "Library": "Evidence library",
}
MANAGE = {"Manage": "Manage the partnership"}

# Demo username: whether the role must enter a security code after the password.
ROLES = {
    "scrutineer": True,
    "business": True,
    "lead.council": True,  # children's social care holds case-level data
    "lead.police": False,
    "executive": True,  # the Director of Children's Services, in children's social care too
    "auditor": True,
    "viewer": False,
}


def navigation(page: Page) -> dict[str, str]:
    """The service navigation's links, label to address, in the order shown."""
    links = page.locator("nav[aria-label=Menu] a.govuk-service-navigation__link")
    found = {}
    for index in range(links.count()):
        link = links.nth(index)
        found[" ".join(link.inner_text().split())] = str(link.get_attribute("href"))
    return found


@pytest.mark.parametrize(("username", "needs_code"), ROLES.items())
def test_it_walks_the_navigation_as_each_role_with_no_accessibility_problems(
    demo: Any, page: Page, username: str, needs_code: bool
) -> None:
    page.goto("/")
    expect(page).to_have_url(f"{demo.url}/sign-in/?next=/")

    assert sign_in(page, username) is needs_code
    expect(page).to_have_url(f"{demo.url}/")
    expect(page.locator(".app-header-user")).to_contain_text("Signed in as")
    expect_page(page, PARTNERSHIP, title="Home")
    axe_check(page)

    expected = {**PAGES, **(MANAGE if username == "business" else {})}
    links = navigation(page)
    assert list(links) == list(expected)
    for label, href in links.items():
        page.goto(href)
        expect_page(page, expected[label])
        expect(page.locator("nav[aria-label=Menu] a[aria-current=page]")).to_have_text(label)
        axe_check(page)

    if username != "business":
        assert status_of(page, "/partnership/") == 403
        expect_page(page, "You do not have permission to see this page")
        axe_check(page)
