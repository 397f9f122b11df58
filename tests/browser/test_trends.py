"""Trends in a real browser, on the demo partnership: the overview filtered by a priority, an
indicator's page (its chart drawn as SVG beside its table, reached by keyboard), and the
business unit editing the catalogue. axe checks every page on the way; the conftest fails a
test on any Content Security Policy violation."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from scrutineer.partnership.models import Priority
from scrutineer.trends.models import Indicator

from .conftest import axe_check, expect_page, sign_in

OVERVIEW = "Multi-agency data trends"


def overview_rows(page: Page) -> Any:
    return page.locator("#overview tbody tr[data-indicator]")


def test_the_scrutineer_filters_the_overview_by_a_priority(demo: Any, page: Page) -> None:
    sign_in(page, "scrutineer")
    page.goto("/trends/")
    expect_page(page, OVERVIEW)
    axe_check(page)
    every = overview_rows(page).count()
    assert every == Indicator.objects.filter(active=True).count()
    expect(page.locator("#overview svg.app-mdc-icon").first).to_be_visible()
    expect(page.locator("#overview svg.app-sparkline").first).to_be_visible()

    priority = Priority.objects.get(title="Children affected by domestic abuse")
    tagged = set(
        Indicator.objects.filter(active=True, priorities=priority).values_list("code", flat=True)
    )
    assert 0 < len(tagged) < every
    page.locator("main").get_by_label("Priority").select_option(label=priority.title)
    # Choosing swaps the results in with htmx; the button then submits the form as a page, so
    # wait for that page rather than reading rows from the one being left.
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"priority="))
    assert parse_qs(urlsplit(page.url).query)["priority"] == [str(priority.pk)]
    expect(overview_rows(page)).to_have_count(len(tagged))
    shown = {
        overview_rows(page).nth(i).get_attribute("data-indicator")
        for i in range(overview_rows(page).count())
    }
    assert shown == tagged
    expect(page.locator("#overview h2").first).to_contain_text("match")
    axe_check(page)


def test_an_indicator_page_shows_its_chart_with_its_table_and_is_reached_by_keyboard(
    demo: Any, page: Page
) -> None:
    sign_in(page, "lead.police")
    page.goto("/trends/")
    name = Indicator.objects.get(code="police_da_incidents").name
    page.locator("#overview").get_by_role("link", name=name, exact=True).click()
    expect_page(page, name)
    axe_check(page)

    chart = page.locator('[data-chart="spc"] svg[role="img"]')
    expect(chart).to_have_count(1)
    assert (chart.get_attribute("aria-label") or "").startswith("Statistical process control chart")
    table = page.locator('table[data-table="spc"]')
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() >= 12
    expect(page.locator("main")).to_contain_text("What the chart says")

    # From the top of the page, the keyboard reaches the link to the figures and follows it.
    page.locator("h1").click()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused.startswith("The figures"):
            break
    else:
        raise AssertionError("Tab never reached the link to the chart's figures")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#figures$"))
    expect(table).to_be_in_viewport()


def test_the_business_unit_edits_an_indicator_in_the_catalogue(demo: Any, page: Page) -> None:
    sign_in(page, "business")
    page.goto("/trends/catalogue/")
    expect_page(page, "Indicator catalogue")
    axe_check(page)
    indicator = Indicator.objects.get(code="police_missing_episodes")
    page.locator("main").get_by_role("link", name=f"Edit {indicator.name}").click()
    expect_page(page, f"Edit {indicator.name}")
    axe_check(page)

    main = page.locator("main")
    main.get_by_label("Target (optional)").fill("about forty")
    main.get_by_role("button", name="Save").click()
    expect_page(page, f"Edit {indicator.name}", title=f"Error: Edit {indicator.name}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The target must be a number only")
    axe_check(page)
    summary.get_by_role("link", name=re.compile("The target must be a number")).click()
    expect(main.get_by_label("Target (optional)")).to_be_focused()

    main.get_by_label("Target (optional)").fill("40")
    main.get_by_role("button", name="Save").click()
    expect_page(page, indicator.name)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Indicator {indicator.name} saved"
    )
    axe_check(page)
    indicator.refresh_from_db()
    assert indicator.target == 40
