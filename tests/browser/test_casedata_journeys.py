"""The council lead reads the journeys page: the Sankey chart, the tables, the CSV download,
the contact step and the filters' error summary, each checked with axe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scrutineer.casedata.demo import snapshot_write
from tests.casedata.journeys_tables import D, child, tables

from .conftest import axe_check, expect_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def snapshot(demo: Any, settings: Any, tmp_path: Path) -> Any:
    """Seven children referred in June 2024, all assessed; one looked after straight from the
    assessment (a flow that skips a step); five of them contacted before the referral, and one
    child contacted and never referred: a snapshot newer than the demo's."""
    settings.CASEDATA_DIR = tmp_path / "casedata"
    names = [f"P{n}" for n in range(7)]
    made = tables(
        children=[child(n) for n in [*names, "C0"]],
        contacts=[
            {"child": n, "contact_date": D(2024, 5, 30), "source": "1A"}
            for n in [*names[:5], "C0"]
        ],
        referrals=[
            {"child": n, "referral_id": f"R{n}", "referral_date": D(2024, 6, 3)} for n in names
        ],
        assessments=[
            {"child": n, "referral_id": f"R{n}", "assessment_id": f"A{n}",
             "start_date": D(2024, 6, 5), "factors": ["3A"]}
            for n in names
        ],
        cla_episodes=[{"child": "P0", "start_date": D(2024, 7, 1)}],
    )  # fmt: skip
    return snapshot_write(made, la="383", source_name="hand-made journeys")


def test_the_council_reads_where_children_went(snapshot: Any, page: Page) -> None:
    sign_in(page, "lead.council")
    page.goto("/case-data/")
    page.locator("main").get_by_role("link", name="Journeys through the system").click()
    expect_page(page, "Journeys through the system")

    page.locator("main").get_by_label("Reporting year ending 31 March").fill("2025")
    page.locator("main").get_by_label("Factor at assessment").select_option("domestic_abuse")
    page.locator("main").get_by_role("button", name="Show the journeys").click()
    chart = page.get_by_role("img", name="Children referred in the year ending 31 March 2025")
    expect(chart).to_be_visible()
    expect(chart.locator("#journeys-title")).to_have_text(
        "Children referred in the year ending 31 March 2025: where they went"
    )
    expect(chart).to_have_attribute("aria-describedby", "journeys-desc")
    expect(chart.locator("#journeys-desc")).to_contain_text(
        "Assessment: 7 children, then looked after not shown, no further step not shown."
    )
    steps = page.locator("main table").first
    expect(steps.locator("caption")).to_contain_text("factor at assessment domestic abuse")
    expect(steps.get_by_role("row", name="Assessment")).to_contain_text("100.0")
    expect(steps.get_by_role("row", name="Section 47 enquiry")).to_contain_text("0")
    flows = page.locator("main table").nth(1)
    expect(flows.get_by_role("row", name="Assessment Looked after")).to_contain_text("Not shown")
    axe_check(page)

    link = page.locator("main").get_by_role("link", name="Download these journeys (CSV)")
    expect(link).to_have_attribute(
        "href", "/case-data/journeys/export.csv?year=2025&factor=domestic_abuse"
    )
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename == f"journeys-2025-snapshot-{snapshot.pk}.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "Referral,7,,,7" in text
    assert "Assessment,Looked after,c,c,c" in text
    # a factor belongs to an assessment: the journeys start at the referral, and the page says why
    expect(page.locator("main")).to_contain_text("With a factor at assessment chosen")

    # without the factor, they start at the contact
    page.locator("main").get_by_label("Factor at assessment").select_option(label="Any")
    page.locator("main").get_by_role("button", name="Show the journeys").click()
    chart = page.get_by_role(
        "img", name="Children contacted or referred in the year ending 31 March 2025"
    )
    expect(chart).to_be_visible()
    expect(chart.locator("text").filter(has_text=re.compile(r"^Contact$"))).to_be_visible()
    expect(chart.locator("text").filter(has_text="No contact recorded")).to_be_visible()
    expect(chart.locator("#journeys-desc")).to_contain_text(
        "Contact: 6 children, then referral not shown, no further step not shown. "
        "No contact recorded before the referral: not shown, into referral."
    )
    contacts = page.locator("main table").first
    expect(contacts.locator("caption")).to_contain_text("Children contacted in the year ending")
    expect(contacts.get_by_role("row", name="Contacted in the year")).to_contain_text("6")
    axe_check(page)

    page.locator("main").get_by_label("Reporting year ending 31 March").fill("last year")
    page.locator("main").get_by_role("button", name="Show the journeys").click()
    expect_page(page, "Journeys through the system", title="Error: Journeys through the system")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reporting year")
    axe_check(page)
