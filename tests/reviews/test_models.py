"""The review's single-object rules: stages, criteria, date order, clocks, optimistic locking."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutineer.core.workdays import england_and_wales
from scrutineer.reviews.choices import Decision, Harm, PanelView, RapidReviewStart
from scrutineer.reviews.clocks import Status
from scrutineer.reviews.compliance import compliance_by_year, reporting_year
from scrutineer.reviews.models import EditConflict, Review, ReviewRules, Stage
from scrutineer.reviews.register import register_rows
from scrutineer.reviews.services import review_create

from .factories import make_review, published_lcspr

CAL = england_and_wales()
D = dt.date
TODAY = D(2026, 11, 23)


def codes(review: Review, today: dt.date = TODAY) -> dict[str, object]:
    return {c.code: c for c in review.clocks(today=today, calendar=CAL)}


def test_it_moves_through_the_stages_as_dates_are_recorded(db):
    review = make_review()
    assert review.stage is Stage.INCIDENT
    review.notified_on = D(2024, 4, 4)
    assert review.stage is Stage.RAPID_REVIEW
    review.rapid_review_submitted_on = D(2024, 4, 24)
    assert review.stage is Stage.AWAITING_PANEL
    review.decision = Decision.LCSPR
    review.panel_responded_on = D(2024, 5, 10)
    assert review.stage is Stage.LCSPR_COMMISSIONING
    review.lcspr_decided_on = D(2024, 4, 24)
    review.reviewer_commissioned_on = D(2024, 5, 20)
    assert review.stage is Stage.LCSPR_UNDER_WAY
    review.final_report_on = D(2024, 9, 30)
    assert review.stage is Stage.LCSPR_FINAL
    review.published_on = D(2024, 10, 21)
    assert review.stage is Stage.PUBLISHED


def test_it_closes_a_review_after_the_panel_agrees_with_no_lcspr(db):
    review = make_review(
        notified_on=D(2024, 4, 4),
        rapid_review_submitted_on=D(2024, 4, 24),
        decision=Decision.NO_LCSPR,
    )
    assert review.stage is Stage.AWAITING_PANEL
    review.panel_responded_on = D(2024, 5, 10)
    assert review.stage is Stage.CLOSED


@pytest.mark.parametrize(
    ("harm", "abuse", "looked_after", "regulated", "meets"),
    [
        (Harm.DIED, True, False, False, True),
        (Harm.SERIOUSLY_HARMED, True, False, False, True),
        (Harm.SERIOUSLY_HARMED, False, False, False, False),
        (Harm.DIED, False, True, False, True),
        (Harm.DIED, False, False, True, True),
        (Harm.SERIOUSLY_HARMED, False, True, True, False),
    ],
)
def test_it_knows_when_an_incident_meets_the_notification_criteria(
    harm, abuse, looked_after, regulated, meets
):
    review = Review(
        harm=harm,
        abuse_or_neglect=abuse,
        looked_after_death=looked_after,
        regulated_setting_death=regulated,
    )
    assert review.meets_notification_criteria is meets


def test_it_starts_the_rapid_review_clock_at_the_notification_by_default(db):
    review = make_review(notified_on=D(2024, 4, 4))
    clock = codes(review)["rapid_review"]
    assert clock.start == D(2024, 4, 4)
    assert clock.deadline == D(2024, 4, 25)  # 15 working days after Thu 4 Apr


def test_it_can_start_the_rapid_review_clock_when_the_local_authority_became_aware(db):
    review = make_review(
        notified_on=D(2024, 4, 4), rapid_review_starts_from=RapidReviewStart.BECAME_AWARE
    )
    clock = codes(review)["rapid_review"]
    assert clock.start == D(2024, 3, 28)
    assert clock.deadline == D(2024, 4, 22)  # Easter: Tue 2 Apr is day 1, Mon 22 day 15


def test_it_has_no_rapid_review_clock_before_the_notification_when_it_counts_from_there(db):
    assert "rapid_review" not in codes(make_review())


def test_it_shows_every_clock_of_a_published_lcspr_as_done(db):
    review = published_lcspr()
    found = codes(review)
    assert list(found) == ["notification", "rapid_review", "lcspr", "publication_notice"]
    assert all(clock.status is Status.ON_TIME for clock in found.values())


def test_it_drops_the_notice_clock_when_the_full_report_is_not_published(db):
    review = published_lcspr(not_published_reason="Publishing would identify the siblings.")
    assert "publication_notice" not in codes(review)
    assert codes(review)["lcspr"].status is Status.ON_TIME


def test_it_counts_the_notice_back_from_the_planned_date_before_publication(db):
    review = published_lcspr(published_on=None, notice_sent_on=None)
    clock = codes(review, today=D(2024, 10, 8))["publication_notice"]
    assert clock.deadline == D(2024, 10, 10)  # 7 working days before Mon 21 Oct 2024
    assert clock.status is Status.DUE


# ---- date order ------------------------------------------------------------------------------


def problems(review: Review) -> dict[str, str]:
    return {p.field: p.message for p in review.date_problems(today=TODAY)}


def test_it_accepts_a_review_whose_dates_are_in_order(db):
    assert problems(published_lcspr()) == {}


def test_it_refuses_becoming_aware_before_the_incident():
    review = Review(incident_on=D(2024, 3, 25), became_aware_on=D(2024, 3, 20))
    assert problems(review) == {
        "became_aware_on": "The date the local authority became aware must be the same as or "
        "after the incident date (25 March 2024)"
    }


def test_it_refuses_a_publication_before_the_final_report(db):
    review = published_lcspr(published_on=D(2024, 9, 1), notice_sent_on=None)
    assert problems(review) == {
        "published_on": "The date the report, or its learning, was published must be the same "
        "as or after the date of the final report (30 September 2024)"
    }


def test_it_refuses_a_final_report_before_the_decision(db):
    review = published_lcspr(final_report_on=D(2024, 4, 1), notice_sent_on=None, published_on=None)
    assert "final_report_on" in problems(review)


def test_it_refuses_a_date_in_the_future():
    review = Review(incident_on=D(2026, 11, 1), became_aware_on=D(2026, 11, 24))
    assert problems(review) == {
        "became_aware_on": "The date the local authority became aware must be today or in the past"
    }


def test_it_refuses_a_later_stage_without_the_earlier_one():
    review = Review(
        incident_on=D(2024, 3, 25), became_aware_on=D(2024, 3, 28), final_report_on=D(2024, 9, 1)
    )
    assert problems(review) == {
        "final_report_on": "Record the date the partners decided to undertake an LCSPR before "
        "the date of the final report"
    }


# ---- optimistic locking ----------------------------------------------------------------------


def test_it_saves_a_stage_and_moves_the_version_on(db):
    review = make_review()
    review.notified_on = D(2024, 4, 4)
    review.save_stage(fields=["notified_on"], expected_version=1)
    review.refresh_from_db()
    assert (review.notified_on, review.version) == (D(2024, 4, 4), 2)


def test_it_refuses_to_save_over_a_newer_version_and_writes_nothing(db):
    review = make_review()
    first, second = Review.objects.get(pk=review.pk), Review.objects.get(pk=review.pk)
    first.notified_on = D(2024, 4, 4)
    first.save_stage(fields=["notified_on"], expected_version=1)
    second.notified_on = D(2024, 4, 5)
    second.panel_reference = "SIN-1"
    with pytest.raises(EditConflict) as caught:
        second.save_stage(fields=["notified_on", "panel_reference"], expected_version=1)
    assert caught.value.current.notified_on == D(2024, 4, 4)
    review.refresh_from_db()
    assert (review.notified_on, review.panel_reference, review.version) == (D(2024, 4, 4), "", 2)


def test_it_copies_the_partnerships_rules_onto_a_new_review(db, alice):
    ReviewRules(
        rapid_review_starts_from=RapidReviewStart.BECAME_AWARE,
        publication_notice_working_days=10,
    ).save()
    review = review_create(
        review=Review(
            name="Child R",
            incident_on=D(2024, 3, 25),
            became_aware_on=D(2024, 3, 28),
            incident_summary="Serious injury.",
            age_band="under_1",
            sex="male",
            ethnicity="white",
            harm=Harm.SERIOUSLY_HARMED,
            abuse_or_neglect=True,
        ),
        team=[alice],
    )
    review.refresh_from_db()
    assert review.rapid_review_starts_from == RapidReviewStart.BECAME_AWARE
    assert review.publication_notice_working_days == 10
    assert list(review.team.all()) == [alice]
    ReviewRules(publication_notice_working_days=7).save()
    review.refresh_from_db()
    assert review.publication_notice_working_days == 10


# ---- the register and the dashboard ----------------------------------------------------------


def test_it_puts_the_most_overdue_clock_first_and_finished_reviews_last(db):
    published_lcspr("Child P")
    make_review("Child A", became_aware_on=D(2026, 11, 20), incident_on=D(2026, 11, 19))
    make_review("Child B", became_aware_on=D(2026, 11, 2), incident_on=D(2026, 11, 1))
    rows = register_rows(Review.objects.all(), today=TODAY, calendar=CAL)
    assert [row.review.name for row in rows] == ["Child B", "Child A", "Child P"]
    assert rows[0].clock("notification").summary == "10 working days overdue"  # due Mon 9 Nov
    assert rows[1].clock("notification").summary == "4 working days left"


def test_it_places_a_review_in_the_reporting_year_it_became_known():
    assert reporting_year(D(2024, 3, 31)) == 2023
    assert reporting_year(D(2024, 4, 1)) == 2024


def test_it_measures_compliance_by_year(db):
    published_lcspr("Child P")  # aware 28 Mar 2024, so 2023-24: on time, Panel agreed
    make_review(  # 2023-24: notified 2 working days late (due Mon 15 Jan), Panel challenged
        "Child S",
        incident_on=D(2024, 1, 6),
        became_aware_on=D(2024, 1, 8),
        notified_on=D(2024, 1, 17),
        rapid_review_submitted_on=D(2024, 2, 2),
        decision=Decision.NO_LCSPR,
        panel_responded_on=D(2024, 2, 20),
        panel_view=PanelView.CHALLENGE,
    )
    make_review("Child T", incident_on=D(2023, 2, 27), became_aware_on=D(2023, 3, 1))
    years = compliance_by_year(Review.objects.all(), today=TODAY, calendar=CAL)
    assert [y.label for y in years] == ["2023-24", "2022-23"]
    latest, earlier = years
    assert latest.incidents == 2
    assert (latest.notification.on_time, latest.notification.counted) == (1, 2)
    assert latest.notification.average_days_late == 2
    assert (latest.rapid_review.on_time, latest.rapid_review.counted) == (2, 2)
    assert (latest.lcspr.on_time, latest.lcspr.counted, latest.lcsprs_decided) == (1, 1, 1)
    assert (latest.panel_agreed, latest.panel_responses) == (1, 2)
    assert latest.share_panel_agreed == 50
    # Child T was never notified: overdue counts as late, by the working days so far.
    assert earlier.notification.on_time == 0
    assert earlier.notification.late_days == [CAL.between(D(2023, 3, 8), TODAY)]
