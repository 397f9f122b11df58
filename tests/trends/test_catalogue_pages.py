"""The indicator catalogue: everyone reads it; the business unit adds and edits indicators,
re-basing points, and loads the starter catalogue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.partnership.models import Priority, Role, Sector
from scrutineer.trends.models import ChangePoint, Indicator
from scrutineer.trends.starter import STARTER

from ..factories import make_user, sign_in
from .factories import make_indicator, make_series

VALID = {
    "code": "missing_episodes",
    "name": "Missing episodes",
    "definition": "Episodes of children going missing from home or care in the month.",
    "agency": "",
    "sector": Sector.POLICE,
    "unit": "count",
    "numerator": "",
    "denominator": "",
    "polarity": "down",
    "frequency": "monthly",
    "target": "",
    "benchmark_code": "",
    "source": "return",
    "screen_outliers": "on",
    "fix_limits_after": "",
    "active": "on",
    "order": "10",
}


def add(client, **changes):
    return client.post(reverse("trends:indicator_add"), {**VALID, **changes})


def test_everyone_signed_in_reads_the_catalogue(db, partnership, police):
    make_indicator("referrals", name="Referrals")
    make_indicator("old_measure", name="Old measure", active=False)
    client = sign_in(Client(), make_user("vic", Role.VIEWER, police))
    body = client.get(reverse("trends:catalogue")).content.decode()
    assert "Referrals" in body
    assert "Old measure" in body
    assert "Retired" in body
    assert "Add an indicator" not in body
    assert "Load the starter catalogue" not in body


def test_it_filters_the_catalogue_by_status_and_sector(alice_client, police):
    make_indicator("referrals", name="Referrals")
    make_indicator("old_measure", name="Old measure", active=False)
    make_indicator("missing", police, name="Missing episodes")
    catalogue = reverse("trends:catalogue")
    body = alice_client.get(catalogue + "?status=retired").content.decode()
    assert "Old measure" in body
    assert "Referrals" not in body
    body = alice_client.get(catalogue + f"?sector={Sector.POLICE}").content.decode()
    assert "Missing episodes" in body
    assert "Referrals" not in body


def test_the_business_unit_adds_an_indicator(bob_client, partnership, police):
    priority = Priority.objects.create(title="Safeguarding adolescents")
    response = add(bob_client, agency=police.pk, priorities=[priority.pk], target="40")
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="missing_episodes")
    assert response["Location"] == reverse("trends:indicator", args=[indicator.code])
    assert indicator.agency == police
    assert indicator.target == Decimal("40")
    assert list(indicator.priorities.all()) == [priority]
    assert indicator.screen_outliers
    assert indicator.active


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "Missing Episodes"}, "code", "The code can only use lower-case letters"),
        ({"code": "1st_measure"}, "code", "starting with a letter"),
        ({"code": ""}, "code", "Enter a code, like referral_rate"),
        ({"name": ""}, "name", "Enter the indicator&#x27;s name"),
        ({"unit": "percentage"}, "numerator", "Enter the numerator (what is counted)"),
        ({"unit": "rate_10k"}, "denominator", "Enter the denominator (what it is out of)"),
        ({"target": "85%"}, "target", "The target must be a number only, like 85 or 12.5"),
        ({"target": "about ten"}, "target", "The target must be a number only"),
        (
            {"unit": "percentage", "numerator": "n", "denominator": "d", "target": "120"},
            "target",
            "A percentage target must be between 0 and 100",
        ),
        ({"target": "-3"}, "target", "A count cannot be below 0"),
        ({"fix_limits_after": "1"}, "fix_limits_after", "Limits need at least 2 points"),
        ({"fix_limits_after": "ten"}, "fix_limits_after", "whole number"),
        ({"benchmark_code": "Referral Rate"}, "benchmark_code", "DfE measure code"),
        ({"polarity": ""}, "polarity", "Choose whether higher or lower is better"),
    ],
)
def test_it_refuses_a_bad_indicator_saying_what_is_wrong_and_where(
    bob_client, partnership, changes, field, message
):
    response = add(bob_client, **changes)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert f'href="#id_{field}' in body  # the error summary links to the field
    assert body.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in body
    assert not Indicator.objects.filter(code="missing_episodes").exists()


def test_a_code_must_be_new(bob_client, partnership):
    make_indicator("missing_episodes")
    body = add(bob_client).content.decode()
    assert "Indicator with this Code already exists" in body


def test_the_business_unit_edits_an_indicator(bob_client, partnership):
    indicator = make_indicator("referrals", name="Referrals")
    edit = reverse("trends:indicator_edit", args=[indicator.code])
    response = bob_client.post(edit, {**VALID, "code": "referrals", "name": "Referrals in month"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Referrals in month"
    assert indicator.sector == Sector.POLICE


def test_the_code_and_frequency_cannot_change_once_there_are_figures(bob_client, partnership):
    indicator = make_indicator("referrals", name="Referrals")
    make_series(indicator, [10, 12])
    edit = reverse("trends:indicator_edit", args=[indicator.code])
    body = bob_client.get(edit).content.decode()
    assert "The code cannot change now that figures have been submitted for it." in body
    response = bob_client.post(
        edit, {**VALID, "code": "renamed", "frequency": "quarterly", "name": "Referrals"}
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.code == "referrals"
    assert indicator.frequency == "monthly"


def test_only_the_business_unit_changes_the_catalogue(alice_client, partnership):
    indicator = make_indicator("referrals")
    assert add(alice_client).status_code == 403
    edit = reverse("trends:indicator_edit", args=[indicator.code])
    assert alice_client.post(edit, {**VALID, "code": "referrals"}).status_code == 403
    assert alice_client.post(reverse("trends:catalogue_starter")).status_code == 403
    points = reverse("trends:change_points", args=[indicator.code])
    assert alice_client.post(points, {"period": "2024-04", "reason": "x"}).status_code == 403
    assert not ChangePoint.objects.exists()


def test_the_starter_catalogue_loads_once(bob_client, partnership):
    response = bob_client.post(reverse("trends:catalogue_starter"), follow=True)
    assert (
        f"{len(STARTER)} indicators added from the starter catalogue" in response.content.decode()
    )
    assert Indicator.objects.count() == len(STARTER)
    response = bob_client.post(reverse("trends:catalogue_starter"), follow=True)
    assert "Every starter indicator is already in the catalogue" in response.content.decode()
    assert Indicator.objects.count() == len(STARTER)


def test_the_starter_catalogue_keeps_an_indicator_the_partnership_edited(bob_client, partnership):
    make_indicator("referrals", name="Our own referrals")
    bob_client.post(reverse("trends:catalogue_starter"))
    assert Indicator.objects.get(code="referrals").name == "Our own referrals"


# --- re-basing points ---------------------------------------------------------------------


def test_the_business_unit_adds_and_removes_a_re_basing_point(bob_client, partnership):
    indicator = make_indicator("contacts", name="Contacts")
    points = reverse("trends:change_points", args=[indicator.code])
    response = bob_client.post(points, {"period": "2024-04", "reason": "New front door model"})
    assert response.status_code == 302
    point = ChangePoint.objects.get()
    assert point.period_start == dt.date(2024, 4, 1)
    body = bob_client.get(points).content.decode()
    assert "April 2024" in body
    assert "New front door model" in body
    remove = reverse("trends:change_point_remove", args=[indicator.code, point.pk])
    response = bob_client.post(remove, follow=True)
    assert "The limits no longer start again from April 2024" in response.content.decode()
    assert not ChangePoint.objects.exists()


@pytest.mark.parametrize(
    ("frequency", "period", "message"),
    [
        ("monthly", "April 2024", "The period must be a month written like 2024-04"),
        ("monthly", "2024-13", "a month written like 2024-04"),
        ("quarterly", "2024-Q1", "a financial quarter written like 2024-25 Q1"),
        ("annual", "2024-26", "The period must be a financial year"),
        ("monthly", "", "Enter the period the change took effect"),
    ],
)
def test_a_re_basing_period_must_be_one_the_indicator_has(
    bob_client, partnership, frequency, period, message
):
    indicator = make_indicator("contacts", frequency=frequency)
    points = reverse("trends:change_points", args=[indicator.code])
    response = bob_client.post(points, {"period": period, "reason": "New model"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ChangePoint.objects.exists()


def test_a_re_basing_period_is_given_once(bob_client, partnership):
    indicator = make_indicator("contacts")
    ChangePoint.objects.create(indicator=indicator, period_start=dt.date(2024, 4, 1), reason="A")
    points = reverse("trends:change_points", args=[indicator.code])
    body = bob_client.post(points, {"period": "2024-04", "reason": "B"}).content.decode()
    assert "The limits already start again from April 2024" in body
    assert ChangePoint.objects.count() == 1


def test_a_re_basing_point_of_another_indicator_is_not_found(bob_client, partnership):
    one, other = make_indicator("one"), make_indicator("other")
    point = ChangePoint.objects.create(
        indicator=other, period_start=dt.date(2024, 4, 1), reason="A"
    )
    remove = reverse("trends:change_point_remove", args=[one.code, point.pk])
    assert bob_client.post(remove).status_code == 404
    assert ChangePoint.objects.count() == 1
