"""The return tracker: submitted, due or late (in working days), opening a quarter, reminders
by e-mail from the page and from ``scrutineer returns``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutineer.core.calendar import partnership_calendar
from scrutineer.partnership.models import Agency, Partnership, Role, Sector
from scrutineer.trends.models import Channel, DataReturn
from scrutineer.trends.services import Figure, due_date, submission_create
from scrutineer.trends.tracker import (
    DUE,
    LATE,
    SUBMITTED,
    needing_reminders,
    quarter_open,
    recent_quarters,
    returns_remind,
    status_of,
    supplying_agencies,
    tracker_rows,
)

from ..factories import make_agency, make_user, sign_in
from .returns_helpers import Q1, Q4, make_catalogue, police_return

# April to June 2024 ends on Sunday 30 June; 15 working days on (no bank holiday in July) is
# Friday 19 July 2024.
DUE_Q1 = dt.date(2024, 7, 19)


@pytest.fixture
def catalogue(police, council):
    return make_catalogue(police, council)


@pytest.fixture
def leads(charlie, partnership):
    charlie.email = "charlie@police.example"
    charlie.save()
    Partnership.objects.update(business_unit_email="lscp@testshire.example")
    return charlie


def status(data_return, today):
    return status_of(data_return, today=today, calendar=partnership_calendar())


def test_a_quarters_return_is_due_15_working_days_after_it_ends(catalogue, police):
    assert due_date(Q1) == DUE_Q1
    assert police_return(police).due_on == DUE_Q1


def test_it_counts_working_days_left_and_late(catalogue, police):
    data_return = police_return(police)
    assert (
        status(data_return, dt.date(2024, 7, 15)).state,
        status(data_return, dt.date(2024, 7, 15)).working_days_left,
    ) == (DUE, 4)
    assert status(data_return, DUE_Q1).state == DUE  # due today is not late
    late = status(data_return, dt.date(2024, 7, 24))
    assert (late.state, late.working_days_late, late.label) == (LATE, 3, "Late: 3 working days")
    # A weekend does not count: Monday 22 July is one working day late.
    assert status(data_return, dt.date(2024, 7, 22)).working_days_late == 1


def test_a_return_sent_is_submitted_with_its_version_and_how_late_it_was(catalogue, police):
    data_return = police_return(police)
    submission_create(
        data_return=data_return,
        figures=[Figure("missing_episodes", Q1, Decimal(3))],
        channel=Channel.CSV,
        submitted_at=dt.datetime(2024, 7, 23, 10, tzinfo=dt.UTC),
    )
    sent = status(data_return, dt.date(2024, 8, 30))
    assert (sent.state, sent.version, sent.working_days_late) == (SUBMITTED, 1, 2)
    assert sent.label == "Submitted (version 1)"


def test_only_agencies_with_figures_for_the_quarter_supply_it(catalogue, police, council):
    annual_only = make_agency("Testshire Schools", sector=Sector.EDUCATION)
    catalogue["police_protection"].agency = annual_only
    catalogue["police_protection"].save()
    assert list(supplying_agencies(Q1)) == [council, police]
    assert annual_only in supplying_agencies(Q4)


def test_opening_a_quarter_makes_one_return_per_supplying_agency_once(catalogue, police, council):
    opened, already = quarter_open(quarter_start=Q1)
    assert ({r.agency for r in opened}, already) == ({police, council}, 0)
    opened, already = quarter_open(quarter_start=Q1)
    assert (opened, already) == ([], 2)


def test_recent_quarters_end_with_todays():
    assert recent_quarters(dt.date(2024, 5, 10)) == [
        dt.date(2023, 7, 1),
        dt.date(2023, 10, 1),
        dt.date(2024, 1, 1),
        dt.date(2024, 4, 1),
    ]


def test_late_returns_and_those_due_within_5_working_days_need_a_reminder(
    catalogue, police, council
):
    quarter_open(quarter_start=Q1)
    submission_create(
        data_return=DataReturn.objects.get(agency=council),
        figures=[],
        channel=Channel.CSV,
    )
    assert needing_reminders(DataReturn.objects.all(), today=dt.date(2024, 7, 8)) == []
    due_soon = needing_reminders(DataReturn.objects.all(), today=dt.date(2024, 7, 15))
    assert [s.data_return.agency for s in due_soon] == [police]


def test_a_reminder_goes_to_the_agency_leads_copied_to_the_business_unit(catalogue, police, leads):
    make_user("other.lead", Role.AGENCY_LEAD, police, email="Other@Police.example")
    make_user("viewer", Role.VIEWER, police, email="viewer@police.example")
    data_return = police_return(police)
    report = returns_remind(
        statuses=[status(data_return, dt.date(2024, 7, 24))],
        today=dt.date(2024, 7, 24),
        site_url="https://scrutineer.example",
    )
    (message,) = mail.outbox
    assert sorted(message.to) == ["Other@police.example", "charlie@police.example"]
    assert message.cc == ["lscp@testshire.example"]
    assert message.reply_to == message.cc
    assert message.subject == "Data return for April to June 2024 is late"
    assert "3 working days late" in message.body
    assert f"https://scrutineer.example/trends/returns/{data_return.pk}/" in message.body
    data_return.refresh_from_db()
    assert data_return.reminded_at is not None
    assert report.sent == [(data_return, message.to)]


def test_reminders_are_sent_once_a_day_unless_asked_for_by_hand(catalogue, police, leads):
    data_return = police_return(police)
    today = dt.date(2024, 7, 24)
    for _ in range(2):
        returns_remind(statuses=[status(data_return, today)], today=today)
    assert len(mail.outbox) == 1
    data_return.refresh_from_db()
    returns_remind(statuses=[status(data_return, today)], today=today, once_a_day=False)
    assert len(mail.outbox) == 2


def test_an_agency_without_a_lead_to_tell_is_reported(catalogue, police, partnership):
    data_return = police_return(police)
    report = returns_remind(statuses=[status(data_return, DUE_Q1)], today=DUE_Q1)
    assert report.nobody_to_tell == [data_return]
    assert mail.outbox == []
    data_return.refresh_from_db()
    assert data_return.reminded_at is None


# --- The pages ----------------------------------------------------------------------------


def test_the_tracker_shows_each_agency_and_quarter(catalogue, police, council, bob_client):
    quarter_open(quarter_start=Q1)
    submission_create(
        data_return=DataReturn.objects.get(agency=council), figures=[], channel=Channel.CSV
    )
    page = bob_client.get(reverse("trends:tracker"), {"quarter": "2024-25 Q1"}).content.decode()
    assert "Returns by agency for April to June 2024" in page
    assert "Testshire Police" in page
    assert "Testshire Children" in page
    assert "Submitted" in page
    assert "Version 1" in page
    assert "Late" in page
    assert "working days late (due 19 Jul 2024)" in page
    assert page.count("Send reminder<") == 1
    assert "Send reminders for all 1 late or due return shown" in page
    assert "Open the quarter" in page


def test_the_tracker_without_a_quarter_shows_recent_ones_with_unopened_cells(
    catalogue, alice_client
):
    page = alice_client.get(reverse("trends:tracker")).content.decode()
    assert "last 4 quarters" in page
    assert "Not opened" in page
    assert "Open the quarter" not in page  # the scrutineer follows up; the business unit opens


def test_the_business_unit_opens_a_quarter_from_the_tracker(catalogue, police, bob_client):
    quarter = recent_quarters(dt.date.today())[-2]
    from scrutineer.trends import periods

    key = periods.key(quarter, "quarterly")
    response = bob_client.post(reverse("trends:tracker_open"), {"quarter": key})
    assert response.status_code == 302
    assert DataReturn.objects.filter(quarter_start=quarter).count() == 2
    page = bob_client.get(response["Location"]).content.decode()
    assert "opened for 2 agencies" in page


def test_the_scrutineer_cannot_open_a_quarter(catalogue, alice_client):
    response = alice_client.post(reverse("trends:tracker_open"), {"quarter": "2024-25 Q1"})
    assert response.status_code == 403
    assert not DataReturn.objects.exists()


def test_a_reminder_is_sent_from_the_tracker(catalogue, police, leads, bob_client):
    data_return = police_return(police)
    response = bob_client.post(
        reverse("trends:return_remind", args=[data_return.pk]),
        {"next": "/trends/returns/tracker/?quarter=2024-25+Q1"},
    )
    assert response["Location"] == "/trends/returns/tracker/?quarter=2024-25+Q1"
    assert len(mail.outbox) == 1
    page = bob_client.get(response["Location"]).content.decode()
    assert "1 reminder sent: Testshire Police, April to June 2024" in page
    assert "Reminded " in page


def test_a_reminder_never_sends_the_person_off_the_site(catalogue, police, leads, bob_client):
    data_return = police_return(police)
    response = bob_client.post(
        reverse("trends:return_remind", args=[data_return.pk]), {"next": "//evil.example/"}
    )
    assert response["Location"] == reverse("trends:return", args=[data_return.pk])


def test_bulk_reminders_go_once_a_day(catalogue, police, council, leads, bob_client):
    quarter_open(quarter_start=Q1)
    make_user("dana", Role.AGENCY_LEAD, council, email="dana@council.example")
    url = reverse("trends:tracker_remind")
    bob_client.post(url, {"quarter": "2024-25 Q1"})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "charlie@police.example",
        "dana@council.example",
    ]
    response = bob_client.post(url, {"quarter": "2024-25 Q1"}, follow=True)
    assert len(mail.outbox) == 2
    assert "Already reminded today" in response.content.decode()


def test_an_agency_lead_cannot_send_reminders(catalogue, police, charlie, partnership):
    data_return = police_return(police)
    client = sign_in(Client(), charlie)
    assert client.post(reverse("trends:return_remind", args=[data_return.pk])).status_code == 403
    assert client.get(reverse("trends:tracker")).status_code == 403


# --- The command --------------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("returns", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_remind_dry_run_says_who_and_sends_nothing(catalogue, police, leads):
    police_return(police)
    out, _ = run("remind", "--dry-run", "--date", "2024-07-24")
    assert "Would remind Testshire Police, April to June 2024 (late: 3 working days" in out
    assert "to charlie@police.example" in out
    assert "1 reminder would be sent" in out
    assert mail.outbox == []
    assert DataReturn.objects.get().reminded_at is None


def test_remind_sends_and_says_who_has_nobody_to_tell(catalogue, police, council, leads):
    quarter_open(quarter_start=Q1)
    out, err = run("remind", "--date", "2024-07-24", "--site-url", "https://s.example")
    assert "Reminded Testshire Police" in out
    assert "1 reminder sent" in out
    assert "Testshire Children's Services, April to June 2024 needs a reminder" in err
    assert len(mail.outbox) == 1
    out, _ = run("remind", "--date", "2024-07-24")
    assert "0 reminders sent; 1 already sent today" in out


def test_tracker_prints_json(catalogue, police, council):
    quarter_open(quarter_start=Q1)
    submission_create(
        data_return=DataReturn.objects.get(agency=council), figures=[], channel=Channel.CSV
    )
    out, _ = run("tracker", "--json", "--quarter", "2024-25 Q1", "--date", "2024-07-24")
    payload = json.loads(out)
    assert payload["quarters"] == ["2024-25 Q1"]
    by_agency = {a["agency"]: a["returns"][0] for a in payload["agencies"]}
    assert by_agency["Testshire Police"]["state"] == "late"
    assert by_agency["Testshire Police"]["working_days_late"] == 3
    assert by_agency["Testshire Police"]["due_on"] == "2024-07-19"
    assert by_agency["Testshire Children's Services"]["version"] == 1


def test_tracker_prints_text_and_unopened_quarters(catalogue, police):
    police_return(police)
    out, _ = run("tracker", "--date", "2024-07-24")
    assert "Testshire Police" in out
    assert "2024-25 Q1: Late: 3 working days (due 2024-07-19)" in out
    assert "2024-25 Q2: not opened" in out


def test_open_opens_a_quarter(catalogue):
    out, _ = run("open", "2024-25 Q1")
    assert "April to June 2024: 2 opened, 0 already open." in out
    assert DataReturn.objects.count() == 2


def test_open_refuses_a_quarter_it_cannot_read(catalogue):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="financial quarter written like 2024-25 Q1"):
        run("open", "2024-Q1")


def test_the_tracker_rows_are_agencies_that_supply_or_have_a_return(catalogue, police, council):
    Agency.objects.create(name="Testshire Housing", sector=Sector.OTHER)
    former = make_agency("Testshire Youth Service", sector=Sector.YOUTH_JUSTICE)
    DataReturn.objects.create(agency=former, quarter_start=Q1, due_on=DUE_Q1)
    rows = tracker_rows(DataReturn.objects.all(), quarters=[Q1], today=dt.date(2024, 7, 1))
    assert [row.agency.name for row in rows] == [
        "Testshire Children's Services",
        "Testshire Police",
        "Testshire Youth Service",
    ]
    assert [row.cells[0] is None for row in rows] == [True, True, False]


def test_the_tracker_and_the_list_do_not_query_once_per_return(catalogue, police, bob_client):
    def queries(url: str, data: dict) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert bob_client.get(url, data).status_code == 200
        return len(captured)

    quarter_open(quarter_start=Q1)
    tracker = reverse("trends:tracker")
    listing = reverse("trends:returns")
    few = (queries(tracker, {"quarter": "2024-25 Q1"}), queries(listing, {}))
    for n in range(6):
        agency = make_agency(f"Testshire Agency {n}", sector=Sector.OTHER)
        catalogue["da_incidents"].pk = None
        catalogue["da_incidents"].code = f"da_incidents_{n}"
        catalogue["da_incidents"].agency = agency
        catalogue["da_incidents"].save()
    quarter_open(quarter_start=Q1)
    quarter_open(quarter_start=Q4)
    many = (queries(tracker, {"quarter": "2024-25 Q1"}), queries(listing, {}))
    assert DataReturn.objects.count() >= 14
    assert many == few
