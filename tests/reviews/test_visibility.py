"""Who sees which reviews: the permission matrix for ``visible_to`` and ``counted_for``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from scrutineer.partnership.models import Role
from scrutineer.reviews.models import Review
from tests.factories import make_user

from .factories import make_review


@pytest.fixture
def reviews(dana):
    return make_review("Child Q", team=(dana,)), make_review("Child R")


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_a_review_team_member_sees_only_the_reviews_they_are_on(reviews, dana):
    assert names(Review.objects.visible_to(dana)) == {"Child Q"}


def test_the_scrutineer_sees_every_review(reviews, alice):
    assert names(Review.objects.visible_to(alice)) == {"Child Q", "Child R"}


def test_the_business_unit_sees_every_review(reviews, bob):
    assert names(Review.objects.visible_to(bob)) == {"Child Q", "Child R"}


def test_another_agencys_lead_sees_no_review(reviews, charlie):
    assert names(Review.objects.visible_to(charlie)) == set()


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.VIEWER, Role.AUDITOR, Role.AGENCY_LEAD])
def test_a_person_off_every_team_sees_no_review(reviews, role):
    assert names(Review.objects.visible_to(make_user("someone", role))) == set()


def test_an_anonymous_visitor_sees_no_review(reviews):
    assert names(Review.objects.visible_to(AnonymousUser())) == set()


def test_a_switched_off_business_unit_account_sees_no_review(reviews, bob):
    bob.is_active = False
    assert names(Review.objects.visible_to(bob)) == set()


def test_a_superuser_sees_every_review(reviews):
    admin = make_user("root", Role.VIEWER, is_superuser=True)
    assert names(Review.objects.visible_to(admin)) == {"Child Q", "Child R"}


def test_a_review_shows_once_when_its_team_has_several_people(dana, charlie):
    make_review("Child Q", team=(dana, charlie))
    assert Review.objects.visible_to(dana).count() == 1


@pytest.mark.parametrize(
    ("role", "counted"),
    [
        (Role.SCRUTINEER, 2),
        (Role.BUSINESS_UNIT, 2),
        (Role.EXECUTIVE, 2),
        (Role.AGENCY_LEAD, 0),
        (Role.VIEWER, 0),
        (Role.AUDITOR, 0),
    ],
)
def test_the_dashboard_counts_every_review_for_the_scrutineer_business_unit_and_executive(
    reviews, role, counted
):
    assert Review.objects.counted_for(make_user("someone", role)).count() == counted


def test_the_dashboard_counts_nothing_for_an_anonymous_visitor(reviews):
    assert Review.objects.counted_for(AnonymousUser()).count() == 0
