"""The practice-theme taxonomy (loaded by a data migration) and the counts across reviews."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from scrutineer.partnership.models import Priority, Role
from scrutineer.reviews.choices import AgeBand
from scrutineer.reviews.learning import FindingKind, PracticeTheme
from scrutineer.reviews.models import Review
from scrutineer.reviews.themes import theme_report
from tests.factories import make_user, sign_in

from .factories import make_review
from .learning_factories import make_finding

D = dt.date
starter = importlib.import_module("scrutineer.reviews.migrations.0003_practice_themes")


def test_the_migration_loads_the_starter_taxonomy(db):
    # Run the migration's own loader on an empty table: tests that use a live server flush
    # the database (data migrations included), so the table's state here depends on test order.
    assert starter.Migration.operations[0].code is starter.load
    PracticeTheme.objects.all().delete()
    starter.load(django_apps, None)
    names = set(PracticeTheme.objects.values_list("name", flat=True))
    assert len(starter.STARTER_THEMES) == 21
    assert {name for name, _ in starter.STARTER_THEMES} <= names
    assert 'Fathers and "hidden men"' in names
    assert PracticeTheme.objects.filter(active=True).count() >= 21


def test_loading_again_keeps_the_business_units_changes(db):
    starter.load(django_apps, None)
    PracticeTheme.objects.filter(name="Escalation").update(description="Ours", active=False)
    PracticeTheme.objects.filter(name="Online harm").delete()
    starter.load(django_apps, None)
    escalation = PracticeTheme.objects.get(name="Escalation")
    assert (escalation.description, escalation.active) == ("Ours", False)
    assert PracticeTheme.objects.filter(name="Online harm").exists()


def test_reversing_keeps_themes_that_findings_use(db):
    make_finding(make_review(), themes=("Escalation",))
    starter.unload(django_apps, None)
    assert list(PracticeTheme.objects.values_list("name", flat=True)) == ["Escalation"]


@pytest.fixture
def reviews(db):
    """Three reviews in two reporting years, hand-counted below.

    Child A: aware 28 March 2024 (year 2023-24), under 1: two findings on information
    sharing (counts once), one on domestic abuse; priority Babies.
    Child B: aware 2 April 2024 (2024-25), under 1: information sharing; priority Babies.
    Child C: aware 10 June 2024 (2024-25), 10 to 15: domestic abuse (good practice); no priority.
    Child D: no findings (not counted).
    """
    babies = Priority.objects.create(title="Babies")
    a = make_review("Child A", became_aware_on=D(2024, 3, 28))
    make_finding(a, "One.", themes=("Information sharing",), priorities=(babies,))
    make_finding(a, "Two.", themes=("Information sharing", "Domestic abuse"))
    b = make_review("Child B", incident_on=D(2024, 4, 1), became_aware_on=D(2024, 4, 2))
    make_finding(b, themes=("Information sharing",), priorities=(babies,))
    c = make_review(
        "Child C",
        incident_on=D(2024, 6, 8),
        became_aware_on=D(2024, 6, 10),
        age_band=AgeBand.AGE_10_15,
    )
    make_finding(c, themes=("Domestic abuse",), kind=FindingKind.GOOD_PRACTICE)
    make_review("Child D")
    return Review.objects.all()


def rows(table):
    return {row.label: row.counts for row in table.rows}


def test_it_counts_reviews_by_theme_and_reporting_year(reviews):
    report = theme_report(reviews)
    assert report.reviews == 3
    assert report.by_year.columns == ["2024-25", "2023-24"]
    assert rows(report.by_year) == {"Information sharing": [1, 1], "Domestic abuse": [1, 1]}
    assert report.by_year.column_totals == [2, 1]


def test_it_counts_reviews_by_theme_and_age_band(reviews):
    table = theme_report(reviews).by_age_band
    under_1 = table.columns.index("Under 1")
    age_10_15 = table.columns.index("10 to 15")
    counted = rows(table)
    assert counted["Information sharing"][under_1] == 2
    assert counted["Domestic abuse"][under_1] == 1
    assert counted["Domestic abuse"][age_10_15] == 1
    assert table.column_totals[under_1] == 2


def test_it_counts_reviews_by_priority(reviews):
    assert rows(theme_report(reviews).by_priority) == {"Babies": [1, 1]}


def test_it_puts_the_most_common_theme_first(reviews):
    make_finding(Review.objects.get(name="Child D"), themes=("Information sharing",))
    labels = [row.label for row in theme_report(reviews).by_year.rows]
    assert labels == ["Information sharing", "Domestic abuse"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SCRUTINEER, 200),
        (Role.BUSINESS_UNIT, 200),
        (Role.EXECUTIVE, 200),
        (Role.AGENCY_LEAD, 403),
        (Role.VIEWER, 403),
    ],
)
def test_the_themes_page_is_for_the_scrutineer_business_unit_and_executive(
    reviews, partnership, client, role, status
):
    sign_in(client, make_user("someone", role))
    assert client.get(reverse("reviews:themes_across")).status_code == status


def test_the_themes_page_shows_counts_and_no_review_names(reviews, partnership, client):
    sign_in(client, make_user("eve", Role.EXECUTIVE))
    body = client.get(reverse("reviews:themes_across")).content.decode()
    assert "Reviews by practice theme and year" in body
    assert "Information sharing" in body
    assert "Child A" not in body
    assert "Child C" not in body
