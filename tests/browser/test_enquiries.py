"""Suggested lines of enquiry in a real browser: a concerning signal in the police's figures
becomes a suggestion, the scrutineer puts it to partners (after fixing a blank question), finds
it in the challenge log, and the police lead responds. axe checks every page on the way; the
conftest fails the test on any CSP violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from scrutineer.challenges.models import Challenge
from scrutineer.partnership.models import Agency
from scrutineer.trends.models import Indicator, SeriesValue
from scrutineer.trends.periods import add_months
from scrutineer.trends.services import return_for

from .conftest import axe_check, expect_page, sign_in

NAME = "Children reported missing more than once (browser test)"
# A steady year, then three months above the upper process limit fixed on that year.
VALUES = [40, 42, 41, 39, 40, 41, 42, 40, 39, 41, 40, 41, 55, 57, 58]


def plant_signal() -> Indicator:
    """A police indicator of the test's own, so the test does not depend on the demo's series."""
    police = Agency.objects.get(short_name="Police")
    indicator = Indicator.objects.create(
        code="browser_repeat_missing",
        name=NAME,
        definition="Children reported missing to the police more than once in the month.",
        agency=police,
        sector=police.sector,
        unit="count",
        polarity="down",
        frequency="monthly",
        fix_limits_after=12,
    )
    SeriesValue.objects.bulk_create(
        SeriesValue(
            indicator=indicator,
            period_start=add_months(dt.date(2024, 1, 1), n),
            value=Decimal(value),
        )
        for n, value in enumerate(VALUES)
    )
    return indicator


def plant_late_return() -> None:
    """A return from long ago that never came, for a suggestion to set aside."""
    ambulance = Agency.objects.get(short_name="Ambulance")
    return_for(agency=ambulance, quarter_start=dt.date(2020, 4, 1))


def test_the_scrutineer_puts_a_suggested_question_to_the_police_who_respond(
    demo: Any, page: Page, open_context: Callable[..., BrowserContext]
) -> None:
    plant_signal()
    plant_late_return()
    # Load the URLs (and the chart libraries their views import, seconds on a busy machine) in
    # this process before the browser's first page, whose 10-second timeout would include them.
    reverse("trends:suggestions")
    sign_in(page, "scrutineer")
    page.goto("/trends/enquiries/")
    expect_page(page, "Suggested lines of enquiry")
    axe_check(page)

    page.get_by_role("button", name="Look for new suggestions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("new suggestion")
    card = page.locator(".govuk-summary-card").filter(has_text=NAME)
    expect(card).to_contain_text("have been above the upper process limit for 3 months")
    expect(card).to_contain_text("January to March 2025")
    axe_check(page)

    # The late return is set aside, after the page asks for a reason.
    late = page.locator(".govuk-summary-card").filter(has_text="April to June 2020")
    late.get_by_role("link", name="Set aside").click()
    expect_page(page, "Set this suggestion aside")
    axe_check(page)
    page.get_by_role("button", name="Set aside").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for setting this suggestion aside"
    )
    axe_check(page)
    page.get_by_label("Why are you setting this suggestion aside?").fill(
        "The ambulance service joined the data set in 2023; nothing was due in 2020."
    )
    page.get_by_role("button", name="Set aside").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("set aside")
    expect(page.locator(".govuk-summary-card").filter(has_text="April to June 2020")).to_have_count(
        0
    )

    card = page.locator(".govuk-summary-card").filter(has_text=NAME)
    card.get_by_role("link", name="Put to partners").click()
    expect_page(page, "Put this question to partners")
    axe_check(page)
    question = page.get_by_label("Question")
    expect(question).to_have_value(
        "Children reported missing more than once (browser test) have been above the upper "
        "process limit for 3 months (January to March 2025, latest 58 against a limit of 44); "
        "what is driving this and what is being done?"
    )
    expect(page.get_by_label("Addressed to")).to_have_value(
        str(Agency.objects.get(short_name="Police").pk)
    )

    # A blank question is refused, with the problem named at the top and at the field.
    question.fill("")
    page.get_by_role("button", name="Add to the challenge log").click()
    expect_page(page, "Put this question to partners", title="Error: Put this question to partners")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the question to put to partners"
    )
    axe_check(page)
    asked = "Why have repeat missing reports risen since January, and what is being done?"
    question.fill(asked)
    page.get_by_role("button", name="Add to the challenge log").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Put to partners as challenge"
    )
    reference = Challenge.objects.get(question=asked).reference
    expect_page(page, f"Challenge {reference}")
    axe_check(page)

    page.goto("/challenges/")
    expect_page(page, "Challenge log")
    row = page.locator("tr").filter(has_text="Why have repeat missing reports risen")
    expect(row).to_contain_text("Police")
    expect(row).to_contain_text("Awaiting response")
    axe_check(page)

    page.goto("/trends/enquiries/?status=accepted")
    expect(page.locator("main")).to_contain_text(f"Challenge {reference}")
    axe_check(page)
    page.locator("main table").get_by_role("link").first.click()
    expect_page(page, "Suggested line of enquiry")
    axe_check(page)

    # A challenge raised by hand: the form, its errors, and the log.
    page.goto("/challenges/new/")
    expect_page(page, "Raise a challenge")
    axe_check(page)
    page.get_by_label("Response due").fill("31/2/2030")
    page.get_by_role("button", name="Raise the challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the question")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    axe_check(page)

    # The police lead finds the question in the log and answers it.
    police = open_context().new_page()
    sign_in(police, "lead.police")
    police.goto("/challenges/")
    police.locator("tr").filter(has_text="Why have repeat missing reports risen").get_by_role(
        "link"
    ).click()
    expect_page(police, f"Challenge {reference}")
    axe_check(police)
    police.get_by_role("button", name="Respond").click()
    expect_page(police, f"Respond to challenge {reference}")
    axe_check(police)
    police.get_by_label("Response").fill(
        "Three children account for most of the rise; each now has a multi-agency plan."
    )
    police.get_by_role("button", name="Save the response").click()
    expect_page(police, f"Challenge {reference}")
    expect(police.locator("main")).to_contain_text("each now has a multi-agency plan")
    expect(police.locator("main")).to_contain_text("Responded")
    axe_check(police)
