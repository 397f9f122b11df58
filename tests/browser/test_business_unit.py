"""The business unit runs the partnership from the Manage pages: through the real forms it adds
an agency and a person, is told clearly what is wrong when a form is incomplete, and filters the
list of people, with or without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from scrutineer.partnership.models import Agency, Role, User

from .conftest import axe_check, expect_page, sign_in, status_of


def save(page: Page) -> None:
    page.locator("main").get_by_role("button", name="Save").click()


def test_every_management_page_is_accessible(demo: Any, page: Page) -> None:
    sign_in(page, "business")
    page.goto("/partnership/")
    expect_page(page, "Manage the partnership")
    axe_check(page)
    links = page.locator("main a.govuk-link")
    hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert len(hrefs) >= 7  # details, agencies, people, priorities, sub-groups, calendar, log
    for href in hrefs:
        assert status_of(page, href) == 200, href
        expect(page.locator("h1")).to_have_count(1)
        axe_check(page)


def test_the_business_unit_adds_an_agency_after_fixing_the_form(demo: Any, page: Page) -> None:
    sign_in(page, "business")
    page.goto("/partnership/")
    page.locator("main").get_by_role("link", name="Agencies").click()
    expect_page(page, "Agencies")
    page.get_by_role("button", name="Add an agency").click()
    expect_page(page, "Add an agency")

    save(page)
    expect_page(page, "Add an agency", title="Error: Add an agency")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)  # the name and the sector
    axe_check(page)
    # The summary's link takes the person to the field to fix.
    summary.get_by_role("link").first.click()
    expect(page.locator("main").get_by_label("Name", exact=True)).to_be_focused()

    main = page.locator("main")
    main.get_by_label("Name", exact=True).fill("Northbridge Fostering Service")
    main.get_by_label("Short name").fill("Fostering")
    main.get_by_label("Sector").select_option(label="Local authority")
    save(page)
    expect_page(page, "Agencies")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Northbridge Fostering Service saved")
    expect(page.locator("main table")).to_contain_text("Northbridge Fostering Service")
    axe_check(page)
    assert Agency.objects.filter(name="Northbridge Fostering Service", short_name="Fostering")


def test_the_business_unit_adds_a_person_after_fixing_the_form(demo: Any, page: Page) -> None:
    sign_in(page, "business")
    page.goto("/partnership/people/")
    page.get_by_role("button", name="Add a person").click()
    expect_page(page, "Add a person")

    main = page.locator("main")
    main.get_by_label("Username").fill("lead.fostering")
    main.get_by_label("Temporary password").fill("short")
    save(page)
    expect_page(page, "Add a person", title="Error: Add a person")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("at least 12 characters")
    axe_check(page)

    main.get_by_label("First name").fill("Priya")
    main.get_by_label("Last name").fill("Shah")
    main.get_by_label("Email address").fill("priya.shah@northbridge.example")
    main.get_by_label("Job title").fill("Head of Fostering")
    main.get_by_label("Agency lead").check()
    main.get_by_label("Agency", exact=True).select_option(
        label="Northbridge City Council Children and Families"
    )
    main.get_by_label("Temporary password").fill("a-long-temporary-passphrase")
    save(page)
    expect_page(page, "People and roles")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("#people")).to_contain_text("Priya Shah")
    axe_check(page)
    person = User.objects.get(username="lead.fostering")
    assert person.role == Role.AGENCY_LEAD
    assert person.check_password("a-long-temporary-passphrase")


def people_shown(page: Page) -> list[str]:
    cells = page.locator("#people tbody tr td:nth-child(2)")
    return [cells.nth(i).inner_text() for i in range(cells.count())]


def test_the_people_list_filters_by_role_in_place_with_javascript(demo: Any, page: Page) -> None:
    sign_in(page, "business")
    page.goto("/partnership/people/")
    assert len(set(people_shown(page))) > 1
    # Tag the page: if htmx swaps the table in place, the tag survives; a reload would lose it.
    page.evaluate("() => { window.notReloaded = true; }")

    page.locator("main").get_by_label("Role").select_option(label="Agency lead")
    expect(page).to_have_url(f"{demo.url}/partnership/people/?role=agency_lead")
    expect(page.locator("#people caption")).to_have_text("3 people")
    assert set(people_shown(page)) == {"Agency lead"}
    assert page.evaluate("() => window.notReloaded === true")
    axe_check(page)


def test_the_people_list_filters_by_role_without_javascript(
    demo: Any, open_context: Callable[..., BrowserContext]
) -> None:
    page = open_context(java_script_enabled=False).new_page()
    sign_in(page, "business")
    page.goto("/partnership/people/")
    page.locator("main").get_by_label("Role").select_option(label="Auditor")
    page.locator("main").get_by_role("button", name="Filter").click()
    expect(page).to_have_url(f"{demo.url}/partnership/people/?role=auditor")
    expect(page.locator("#people caption")).to_have_text("1 people")
    assert people_shown(page) == ["Auditor"]
