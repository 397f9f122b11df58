"""Case reviews in a real browser: a serious incident recorded and taken through notification,
rapid review, decision, the Panel's response, the LCSPR and publication by the business unit,
and a recommendation's action taken from creation to evidence of impact by the agency that owns
it. axe checks every page on the way; the conftest fails a test on any CSP violation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from scrutineer.actions.models import Action
from scrutineer.reviews.models import InformationRequest, Review, Stage

from .conftest import axe_check, expect_page, sign_in


def ago(days: int) -> str:
    """A date ``days`` calendar days before today, as the forms take it (day/month/year)."""
    day = timezone.localdate() - dt.timedelta(days=days)
    return f"{day.day}/{day.month}/{day.year}"


def fill(page: Page, values: dict[str, str]) -> None:
    main = page.locator("main")
    for name, value in values.items():
        main.locator(f'[name="{name}"]').fill(value)


def choose(page: Page, name: str, value: str) -> None:
    page.locator(f'main input[name="{name}"][value="{value}"]').check()


def save(page: Page) -> None:
    page.locator("main").get_by_role("button", name="Save").click()


def record_stage(page: Page, link: str, heading: str, *, review: str = "Child Z") -> None:
    """Open a stage's form from the review page, check it, and come back to fill it in."""
    page.locator("main").get_by_role("link", name=link, exact=True).click()
    expect_page(page, heading, title=f"{heading}: {review}")
    axe_check(page)


def saved(page: Page, message: str, *, review: str = "Child Z") -> None:
    expect_page(page, review, title=f"{review}: case review")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)
    axe_check(page)


def test_the_business_unit_takes_an_incident_from_notification_to_publication(
    demo: Any, page: Page
) -> None:
    sign_in(page, "business")
    page.goto("/reviews/")
    expect_page(page, "Case reviews")
    axe_check(page)
    page.get_by_role("button", name="Record a serious incident").click()
    expect_page(page, "Record a serious incident")

    # A first try with the dates the wrong way round is refused, with the problem on the field.
    fill(
        page,
        {
            "name": "Child Z",
            "incident_on": ago(199),
            "became_aware_on": ago(200),
            "incident_summary": "A baby was taken to hospital with unexplained bruising.",
        },
    )
    for name, value in (
        ("age_band", "under_1"),
        ("sex", "female"),
        ("ethnicity", "white"),
        ("disability", "no"),
        ("legal_status", "none_known"),
        ("harm", "seriously_harmed"),
    ):
        choose(page, name, value)
    page.locator('main input[name="abuse_or_neglect"]').check()
    page.locator("main").get_by_label("Hannah Price", exact=False).check()  # the council's lead
    save(page)
    expect_page(page, "Record a serious incident", title="Error: Record a serious incident")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("must be the same as or after the incident date")
    axe_check(page)
    fill(page, {"became_aware_on": ago(198)})
    save(page)
    saved(page, "Child Z recorded. The notification clock has started.")

    record_stage(
        page, "Record notification to the national panel", "Notification to the National Panel"
    )
    fill(page, {"notified_on": ago(195), "panel_reference": "SIN-DEMO-Z"})
    save(page)
    saved(page, "Notification to the National Panel saved")

    # The rapid review asks the police for what they knew; the reply is overdue.
    page.locator("main").get_by_role("link", name="Ask an agency for information").click()
    expect_page(
        page, "Ask an agency for information", title="Ask an agency for information: Child Z"
    )
    axe_check(page)
    page.locator("main").get_by_label("Agency", exact=True).select_option(
        label="Northbridge District Police"
    )
    fill(page, {"asked": "Call-outs to the address in the last two years.", "sent_on": ago(194)})
    save(page)
    saved(page, "Request to Police saved")
    expect(page.locator("#requests ~ table")).to_contain_text("overdue")

    page.locator("main").get_by_role("link", name="Link a parallel process").click()
    expect_page(page, "Link a parallel process", title="Link a parallel process: Child Z")
    axe_check(page)
    choose(page, "kind", "iopc")
    fill(page, {"reference": "IOPC referral 2024/17"})
    save(page)
    saved(page, "Independent Office for Police Conduct (IOPC) investigation saved")

    record_stage(page, "Record rapid review", "Rapid review")
    fill(page, {"rapid_review_submitted_on": ago(180)})
    save(page)
    saved(page, "Rapid review saved")

    record_stage(page, "Record decision", "The rapid review's decision")
    choose(page, "decision", "lcspr")
    fill(page, {"decision_rationale": "Learning about bruising in babies who are not mobile."})
    save(page)
    saved(page, "The rapid review's decision saved")

    record_stage(page, "Record the national panel's response", "The National Panel's response")
    fill(page, {"panel_responded_on": ago(170)})
    choose(page, "panel_view", "agree")
    choose(page, "national_review", "not_undertaken")
    save(page)
    saved(page, "The National Panel's response saved")

    heading = "Local child safeguarding practice review"
    record_stage(page, "Record local child safeguarding practice review (lcspr)", heading)
    # A draft dated before the terms of reference is refused.
    fill(
        page,
        {
            "lcspr_decided_on": ago(180),
            "reviewer_name": "An Independent Reviewer",
            "reviewer_commissioned_on": ago(160),
            "terms_of_reference_on": ago(150),
            "family_involved": "The reviewer met the child's mother and grandmother.",
            "family_involved_on": ago(100),
            "draft_report_on": ago(155),
        },
    )
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date of the draft report must be the same as or after the date the terms of "
        "reference were agreed"
    )
    axe_check(page)
    fill(page, {"draft_report_on": ago(40), "final_report_on": ago(20)})
    save(page)
    saved(page, f"{heading} saved")

    record_stage(page, "Record publication", "Publication")
    fill(
        page,
        {"planned_publication_on": ago(2), "notice_sent_on": ago(16), "published_on": ago(2)},
    )
    save(page)
    saved(page, "Publication saved")
    expect(page.locator(".govuk-caption-l")).to_have_text("Published")

    review = Review.objects.get(name="Child Z")
    assert review.stage is Stage.PUBLISHED
    assert review.family_involved_on is not None
    assert InformationRequest.objects.filter(review=review).count() == 1
    assert review.parallel_processes.get().kind == "iopc"


def test_an_action_goes_from_creation_to_evidence_of_impact(
    demo: Any, page: Page, open_context: Any
) -> None:
    sign_in(page, "business")
    page.goto("/reviews/")
    page.locator("main").get_by_role("link", name="Child K").click()
    expect_page(page, "Child K", title="Child K: case review")
    page.get_by_role("button", name="Add a recommendation").click()
    expect_page(page, "Add a recommendation", title="Add a recommendation: Child K")
    axe_check(page)
    fill(
        page,
        {
            "reference": "R9",
            "text": "Health visitors ask about every adult in the household at each visit.",
        },
    )
    save(page)
    saved(page, "Recommendation added to the action tracker", review="Child K")

    page.locator("main").get_by_role("link", name="Health visitors ask about every adult").click()
    expect(page.locator("h1")).to_have_count(1)
    axe_check(page)
    page.get_by_role("button", name="Add an action").click()
    expect_page(page, "Add an action")
    axe_check(page)
    fill(page, {"description": "Add household members to the health visiting template."})
    page.locator("main").get_by_label("Owner agency").select_option(
        label="Northbridge City Council Children and Families"
    )
    due = timezone.localdate() + dt.timedelta(days=60)
    fill(page, {"due_on": f"{due.day}/{due.month}/{due.year}"})
    save(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Action added")
    axe_check(page)
    action = Action.objects.get(description__startswith="Add household members")

    # The council's lead, who owns the action, records that it is done and what changed.
    lead = open_context().new_page()
    sign_in(lead, "lead.council")
    lead.goto(f"/actions/{action.pk}/")
    expect(lead.locator("h1")).to_have_count(1)
    axe_check(lead)
    lead.get_by_role("button", name="Update the action").click()
    expect_page(lead, "Update the action")
    axe_check(lead)
    choose(lead, "status", "completed")
    fill(
        lead,
        {
            "completion_evidence": "Template changed on 1 May; 40 visitors trained.",
            "impact_evidence": "An audit of 30 visits found every adult recorded in 29.",
        },
    )
    save(lead)
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("Action updated")
    expect(lead.locator("main")).to_contain_text("An audit of 30 visits found every adult")
    axe_check(lead)

    action.refresh_from_db()
    assert action.status == "completed"
    assert action.completed_on == timezone.localdate()
    assert action.impact_recorded_on == timezone.localdate()


def test_the_themes_page_draws_each_chart_beside_its_table(demo: Any, page: Page) -> None:
    sign_in(page, "scrutineer")
    page.goto("/reviews/themes/across-reviews/")
    expect_page(page, "Themes across reviews")
    charts = page.locator("main svg[role=img]")
    expect(charts).to_have_count(3)
    expect(charts.first).to_have_attribute(
        "aria-label", re.compile(r"^Bar chart: Reviews by practice theme and year\.")
    )
    assert charts.first.bounding_box()["height"] > 50  # drawn, not collapsed
    axe_check(page)
