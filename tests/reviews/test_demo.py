"""The demo's reviews and actions: every stage and state, live overdue clocks, no duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from scrutineer.actions.demo import load_actions
from scrutineer.actions.models import Action, Recommendation, Status
from scrutineer.core.demo import DemoReport
from scrutineer.partnership.demo import load_partnership
from scrutineer.partnership.models import User
from scrutineer.reviews import workdays
from scrutineer.reviews.clocks import Status as ClockStatus
from scrutineer.reviews.demo import load_reviews
from scrutineer.reviews.demo_related import load_review_details
from scrutineer.reviews.models import Review, Stage, review_name_validator
from tests.factories import sign_in


def load_twice() -> DemoReport:
    for _ in range(2):
        report = DemoReport()
        load_partnership(report)
        load_reviews(report)
        load_review_details(report)
        load_actions(report)
    return report


def test_it_loads_reviews_at_every_stage_once_however_often_it_runs(db):
    load_twice()
    reviews = list(Review.objects.all())
    assert len(reviews) == 14
    assert {review.stage for review in reviews} == set(Stage)
    assert {review.kind for review in reviews} == {"rapid_review", "learning", "thematic"}
    assert Recommendation.objects.count() == 9
    assert Action.objects.count() == 18


def test_every_demo_review_is_valid_as_the_forms_would_check_it(db):
    load_twice()
    today = timezone.localdate()
    for review in Review.objects.all():
        assert review.date_problems(today=today) == [], review.name
        assert review.meets_notification_criteria or not review.is_statutory, review.name
        assert review.team.exists(), review.name
        review_name_validator(review.name)


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 11, 23), dt.date(2024, 3, 30), dt.date(2024, 4, 1), dt.date(2022, 12, 28)],
    ids=["monday", "easter-saturday", "easter-monday", "after-christmas"],
)
def test_the_demo_shows_live_clocks_due_and_overdue_on_the_day_it_is_loaded(db, monkeypatch, today):
    monkeypatch.setattr(workdays, "today", lambda: today)
    load_twice()
    calendar = workdays.statutory_calendar()
    for review in Review.objects.all():
        assert review.date_problems(today=today) == [], review.name
    summaries = {
        review.name: {c.code: c for c in review.clocks(today=today, calendar=calendar)}
        for review in Review.objects.all()
    }
    assert summaries["Child A"]["notification"].summary == "3 working days left"
    assert summaries["Child B"]["notification"].summary == "2 working days overdue"
    assert summaries["Child C"]["rapid_review"].summary == "4 working days left"
    assert summaries["Child D"]["rapid_review"].summary == "2 working days overdue"
    assert summaries["Child E"]["rapid_review"].status is ClockStatus.LATE
    assert summaries["Child J"]["lcspr"].status is ClockStatus.OVERDUE
    assert summaries["Child K"]["publication_notice"].summary == "3 working days left"
    assert summaries["Siblings M"]["lcspr"].status is ClockStatus.LATE


def test_the_demo_has_actions_in_every_state_some_overdue_some_with_impact(db):
    report = load_twice()
    today = timezone.localdate()
    assert set(Action.objects.values_list("status", flat=True)) == set(Status.values)
    assert Action.objects.overdue(today).exists()
    assert Action.objects.exclude(impact_evidence="").exists()
    assert any(line.startswith("Case reviews: 12 at every stage") for line in report.lines)


def test_every_demo_page_opens_for_the_business_unit(db, client):
    load_twice()
    sign_in(client, User.objects.get(username="business"))
    urls = [reverse("reviews:index"), reverse("reviews:compliance"), reverse("actions:index")]
    for review in Review.objects.all():
        urls.append(reverse("reviews:review", args=[review.pk]))
        urls += [
            reverse("reviews:stage", args=[review.pk, stage])
            for stage in ("incident", "notification", "rapid-review", "decision", "panel")
        ]
        urls += [
            reverse("reviews:stage", args=[review.pk, s]) for s in ("lcspr", "publication", "team")
        ]
    for action in Action.objects.all():
        urls += [
            reverse("actions:action", args=[action.pk]),
            reverse("actions:action_edit", args=[action.pk]),
        ]
    for recommendation in Recommendation.objects.all():
        urls.append(reverse("actions:recommendation", args=[recommendation.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_it_loads_findings_two_published_learnings_and_one_briefing_once(db):
    from scrutineer.reviews.demo_learning import load_learning
    from scrutineer.reviews.learning import Briefing, Finding

    for _ in range(2):
        report = load_twice()
        load_learning(report)
    assert Finding.objects.count() == 12
    assert set(Review.objects.learning_published().values_list("name", flat=True)) == {
        "Child L",
        "Baby F",
    }
    assert Briefing.objects.get().status == "released"
    dates = Review.objects.learning_published().values_list("learning_published_on", flat=True)
    assert all(day is not None and day <= workdays.today() for day in dates)


def test_it_adds_requests_lcspr_details_and_parallel_processes_once(db):
    load_twice()
    child_c = Review.objects.get(name="Child C")
    assert child_c.information_requests.count() == 4
    today = workdays.today()
    assert child_c.information_requests.overdue(today).exists()
    assert Review.objects.get(name="Child J").parallel_processes.count() == 2
    child_l = Review.objects.get(name="Child L")
    assert child_l.terms_of_reference_on is not None
    assert child_l.terms_of_reference_on <= child_l.draft_report_on <= child_l.final_report_on
    assert child_l.family_involved
