"""An agency lead sends a quarter's return: downloads the Excel template, fills it in (here with
openpyxl, as Excel would), uploads it with a mistake, is shown the error summary saying where,
fixes it, and uploads it again; the return is accepted, and the business unit's tracker shows
it submitted. axe checks every page on the way."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from playwright.sync_api import Page, expect

from scrutineer.trends.models import DataReturn, Submission
from scrutineer.trends.readers import TEMPLATE_COLUMNS

from .conftest import axe_check, expect_page, sign_in

COLUMN = {name or heading: i for i, (heading, name) in enumerate(TEMPLATE_COLUMNS, start=1)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fill(template: bytes, *, first_value: Any) -> bytes:
    """Type a figure into every row: percentages as 50, counts as 10 + the row number."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book["Return"]
    for row in range(2, sheet.max_row + 1):
        percentage = sheet.cell(row, COLUMN["Unit"]).value == "Percentage"
        sheet.cell(row, COLUMN["value"]).value = 50 if percentage else 10 + row
    sheet.cell(2, COLUMN["value"]).value = first_value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(page: Page, content: bytes) -> None:
    main = page.locator("main")
    main.get_by_label("Upload the return").set_input_files(
        files=[{"name": "police-return.xlsx", "mimeType": XLSX, "buffer": content}]
    )
    main.get_by_role("button", name="Upload and check").click()


def test_an_agency_lead_sends_a_return_after_fixing_a_mistake(
    demo: Any, page: Page, open_context: Any
) -> None:
    sign_in(page, "lead.police")
    page.goto("/trends/returns/")
    expect_page(page, "Your returns")
    axe_check(page)

    # The previous quarter is the one due now; it opened when the page was shown.
    police = DataReturn.objects.filter(agency__short_name="Police").order_by("-quarter_start")
    data_return = police[1]
    before = Submission.objects.filter(data_return=data_return).count()
    page.locator("main").get_by_role("link", name=data_return.quarter_label).click()
    expect_page(
        page,
        f"Return for {data_return.quarter_label}",
        title=f"Return for {data_return.quarter_label}, Police",
    )
    axe_check(page)

    with page.expect_download() as download:
        page.locator("main").get_by_role("button", name="Download the Excel template").click()
    template = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.locator("main").get_by_role("button", name="Upload the return").click()
    expect_page(page, f"Upload the return for {data_return.quarter_label}")
    axe_check(page)

    upload(page, fill(template, first_value="ten"))
    expect_page(
        page,
        f"Upload the return for {data_return.quarter_label}",
        title=f"Error: Upload the return for {data_return.quarter_label}",
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The file has 1 problem")
    expect(summary).to_contain_text("Sheet “Return”, row 2, column F: “ten” is not a number")
    axe_check(page)
    assert Submission.objects.filter(data_return=data_return).count() == before
    summary.get_by_role("link").first.click()
    expect(page.locator("main").get_by_label("Upload the return")).to_be_focused()

    upload(page, fill(template, first_value=12))
    version = before + 1
    expect_page(
        page,
        f"Version {version}",
        title=f"Version {version} of the return for {data_return.quarter_label}, Police",
    )
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"Return accepted as version {version}")
    axe_check(page)
    assert Submission.objects.filter(data_return=data_return).count() == version

    business = open_context().new_page()
    sign_in(business, "business")
    business.goto("/trends/returns/tracker/?quarter=" + data_return.quarter_key.replace(" ", "+"))
    expect_page(business, "Return tracker")
    row = business.locator("main tr", has_text="Northbridge District Police")
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text(f"Version {version}")
    axe_check(business)


def test_the_tracker_and_a_late_return_are_accessible_to_the_business_unit(
    demo: Any, page: Page
) -> None:
    sign_in(page, "business")
    page.goto("/trends/returns/tracker/")
    expect_page(page, "Return tracker")
    axe_check(page)
    page.locator("main").get_by_role("button", name="Open the quarter").click()
    expect_page(page, "Return tracker")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("opened for")
    axe_check(page)
    page.goto("/trends/returns/")
    expect_page(page, "Agencies' returns")
    axe_check(page)
