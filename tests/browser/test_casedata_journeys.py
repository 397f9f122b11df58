"""The council lead reads the journeys page: the chart, the table, the filters' error summary,
each checked with axe."""

from __future__ import annotations

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
    """Seven children referred in June 2024, all assessed: a snapshot newer than the demo's."""
    settings.CASEDATA_DIR = tmp_path / "casedata"
    names = [f"P{n}" for n in range(7)]
    made = tables(
        children=[child(n) for n in names],
        referrals=[
            {"child": n, "referral_id": f"R{n}", "referral_date": D(2024, 6, 3)} for n in names
        ],
        assessments=[
            {"child": n, "referral_id": f"R{n}", "assessment_id": f"A{n}",
             "start_date": D(2024, 6, 5), "factors": ["3A"]}
            for n in names
        ],
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
    expect(page.get_by_role("img", name="Children referred in the year ending")).to_be_visible()
    table = page.locator("main table")
    expect(table.locator("caption")).to_contain_text("factor=domestic_abuse")
    expect(table.get_by_role("row", name="Assessment")).to_contain_text("100.0")
    expect(table.get_by_role("row", name="Section 47 enquiry")).to_contain_text("0")
    axe_check(page)

    page.locator("main").get_by_label("Reporting year ending 31 March").fill("last year")
    page.locator("main").get_by_role("button", name="Show the journeys").click()
    expect_page(page, "Journeys through the system", title="Error: Journeys through the system")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reporting year")
    axe_check(page)
