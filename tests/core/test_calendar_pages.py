from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.core.models import BankHolidayOverride, ClosureDay
from scrutineer.partnership.models import Role

from ..factories import make_user, sign_in


def test_the_business_unit_sees_the_calendar(bob_client):
    response = bob_client.get(reverse("calendar"))
    assert response.status_code == 200
    assert b"Christmas Day" in response.content


@pytest.mark.parametrize(
    "role", [Role.SCRUTINEER, Role.AGENCY_LEAD, Role.EXECUTIVE, Role.AUDITOR, Role.VIEWER]
)
def test_other_roles_cannot_see_or_change_it(partnership, role):
    client = sign_in(Client(), make_user("someone", role))
    assert client.get(reverse("calendar")).status_code == 403
    response = client.post(
        reverse("calendar"),
        {"form": "closure", "closure-date": "29/12/2026", "closure-reason": "x"},
    )
    assert response.status_code == 403
    assert not ClosureDay.objects.exists()


def test_it_adds_a_closure_day(bob_client):
    response = bob_client.post(
        reverse("calendar"),
        {"form": "closure", "closure-date": "29/12/2026", "closure-reason": "Office closed"},
        follow=True,
    )
    assert ClosureDay.objects.get().date == dt.date(2026, 12, 29)
    assert b"Closure day added: 29 December 2026" in response.content


def test_it_explains_a_closure_day_on_a_bank_holiday_and_saves_nothing(bob_client):
    response = bob_client.post(
        reverse("calendar"),
        {"form": "closure", "closure-date": "2026-12-25", "closure-reason": "Closed"},
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert (
        b"25 December 2026 is already not a working day: it is a bank holiday" in response.content
    )
    assert b"<title>Error: " in response.content
    assert not ClosureDay.objects.exists()


def test_it_explains_a_date_that_is_not_real(bob_client):
    response = bob_client.post(
        reverse("calendar"), {"form": "closure", "closure-date": "31/02/2026", "closure-reason": ""}
    )
    assert b"Enter a real date, like 29/12/2026" in response.content
    assert b"Enter the reason the partnership is closed" in response.content
    assert b'href="#id_closure-date"' in response.content


def test_it_adds_and_removes_a_correction(bob_client):
    bob_client.post(
        reverse("calendar"),
        {
            "form": "override",
            "override-date": "07/06/2027",
            "override-kind": "add",
            "override-name": "Proclaimed",
        },
    )
    assert BankHolidayOverride.objects.get().date == dt.date(2027, 6, 7)
    response = bob_client.post(
        reverse("calendar_override_remove"), {"date": "2027-06-07"}, follow=True
    )
    assert not BankHolidayOverride.objects.exists()
    assert b"Bank holiday correction removed" in response.content


def test_removing_a_closure_that_is_gone_changes_nothing_and_says_so(bob_client):
    response = bob_client.post(
        reverse("calendar_closure_remove"), {"date": "2026-12-29"}, follow=True
    )
    assert b"Nothing was removed: 29 December 2026 is not a closure day" in response.content


def test_removing_needs_a_post(bob_client):
    assert bob_client.get(reverse("calendar_closure_remove")).status_code == 405


def test_the_calculator_answers_a_clock(bob_client):
    response = bob_client.get(reverse("calendar"), {"calc-start": "05/05/2023", "calc-days": "1"})
    assert b"1 working days after 5 May 2023 is Tuesday 9 May 2023." in response.content
    response = bob_client.get(
        reverse("calendar"), {"calc-start": "2023-05-05", "calc-end": "2023-05-09"}
    )
    assert b"There are 1 working days after 5 May 2023" in response.content


def test_the_calculator_asks_for_what_is_missing(bob_client):
    response = bob_client.get(reverse("calendar"), {"calc-start": "05/05/2023"})
    assert b"Enter working days to add, or a date to count to" in response.content
