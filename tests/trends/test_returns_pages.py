"""The returns pages through the test client: your returns, a return, its template, an upload
that is accepted, a resubmission that becomes the next version, and who may do what."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from scrutineer.trends import periods
from scrutineer.trends.models import Channel, DataReturn, Observation, SeriesValue, Submission

from ..factories import make_user, sign_in
from .returns_helpers import Q1, csv_for, filled_template, make_catalogue, police_return, upload


@pytest.fixture
def catalogue(police, council):
    return make_catalogue(police, council)


@pytest.fixture
def charlie_client(charlie, partnership) -> Client:
    return sign_in(Client(), charlie)


@pytest.fixture
def data_return(catalogue, police):
    return police_return(police)


def test_an_agency_lead_sees_their_returns_with_the_current_and_previous_quarters_open(
    catalogue, charlie_client, police
):
    response = charlie_client.get(reverse("trends:returns"))
    assert response.status_code == 200
    current = periods.quarter_of(timezone.localdate())
    opened = set(DataReturn.objects.filter(agency=police).values_list("quarter_start", flat=True))
    assert opened >= {current, periods.add_months(current, -3)}
    assert periods.label(current, "quarterly") in response.content.decode()
    assert "Your returns" in response.content.decode()


def test_an_agency_that_supplies_nothing_is_told_so(partnership, council):
    lead = make_user("dana", Role.AGENCY_LEAD, council)
    response = sign_in(Client(), lead).get(reverse("trends:returns"))
    assert "does not supply any indicator" in response.content.decode()
    assert not DataReturn.objects.exists()


def test_the_return_page_shows_what_is_expected_and_every_version(
    data_return, charlie_client, charlie
):
    page = charlie_client.get(reverse("trends:return", args=[data_return.pk])).content.decode()
    assert "Nothing has been sent for this quarter yet" in page
    assert page.count("Not sent") == 7
    assert "Upload the return" in page
    upload(charlie_client, data_return, "return.xlsx", filled_template(data_return))
    page = charlie_client.get(reverse("trends:return", args=[data_return.pk])).content.decode()
    assert "Version 1" in page
    assert "Excel template" in page
    assert "Charlie Test" in page
    assert "Not sent" not in page


def test_the_template_downloads_as_a_workbook_and_is_logged(data_return, charlie_client):
    response = charlie_client.get(reverse("trends:return_template", args=[data_return.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="return-testshire-police-2024-25-q1.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book["Return"]["A2"].value == "da_incidents"
    entry = AccessLogEntry.objects.get(action="download")
    assert (entry.object_type, entry.object_id, entry.username) == (
        "trends.datareturn",
        str(data_return.pk),
        "charlie",
    )


def test_an_upload_that_passes_becomes_version_1_and_the_current_series(
    data_return, charlie_client, charlie
):
    response = upload(charlie_client, data_return, "return.xlsx", filled_template(data_return))
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trends:submission", args=[data_return.pk, 1])
    assert (submission.version, submission.channel, submission.submitted_by) == (
        1,
        Channel.TEMPLATE,
        charlie,
    )
    assert submission.filename == "return.xlsx"
    assert submission.observations.count() == 7
    assert SeriesValue.objects.get(indicator__code="da_incidents", period_start=Q1).value == 101
    page = charlie_client.get(response["Location"]).content.decode()
    assert "Return accepted as version 1. 7 figures received." in page
    assert "This is the first version" in page
    entry = AccessLogEntry.objects.get(object_type="trends.submission")
    assert "accepted as version 1" in entry.description


def test_a_resubmission_is_the_next_version_keeps_the_old_and_shows_what_changed(
    data_return, charlie_client
):
    upload(charlie_client, data_return, "return.xlsx", filled_template(data_return))
    changed = filled_template(data_return, {("da_incidents", "2024-05"): {"value": 999}})
    response = upload(charlie_client, data_return, "return-v2.xlsx", changed)
    assert response["Location"] == reverse("trends:submission", args=[data_return.pk, 2])
    assert list(Submission.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    assert Observation.objects.filter(submission__version=1, value=102).exists()
    page = charlie_client.get(response["Location"]).content.decode()
    assert "1 figure changed from version 1." in page
    assert "May 2024" in page
    assert "102" in page
    assert "999" in page
    detail = charlie_client.get(reverse("trends:return", args=[data_return.pk])).content.decode()
    assert "1 figure changed" in detail
    assert "102 → 999" in detail
    assert (
        SeriesValue.objects.get(
            indicator__code="da_incidents", period_start=dt.date(2024, 5, 1)
        ).value
        == 999
    )


def test_a_csv_upload_is_accepted_as_a_csv_submission(data_return, charlie_client):
    response = upload(charlie_client, data_return, "return.csv", csv_for(data_return))
    assert response.status_code == 302
    assert Submission.objects.get().channel == Channel.CSV


def test_the_business_unit_may_upload_for_any_agency(data_return, bob_client, bob):
    response = upload(bob_client, data_return, "return.csv", csv_for(data_return))
    assert response.status_code == 302
    assert Submission.objects.get().submitted_by == bob


def test_the_scrutineer_reads_returns_but_does_not_send_figures(data_return, alice_client):
    page = alice_client.get(reverse("trends:return", args=[data_return.pk])).content.decode()
    assert "Upload the return" not in page
    response = upload(alice_client, data_return, "return.csv", csv_for(data_return))
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_another_agencys_lead_cannot_find_the_return(data_return, council, partnership):
    other = sign_in(Client(), make_user("dana", Role.AGENCY_LEAD, council))
    assert other.get(reverse("trends:return", args=[data_return.pk])).status_code == 404
    response = upload(other, data_return, "return.csv", csv_for(data_return))
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_a_version_that_does_not_exist_is_not_found(data_return, charlie_client):
    url = reverse("trends:submission", args=[data_return.pk, 3])
    assert charlie_client.get(url).status_code == 404


def test_the_upload_page_says_the_limit_and_what_to_send(data_return, charlie_client):
    page = charlie_client.get(
        reverse("trends:return_upload", args=[data_return.pk])
    ).content.decode()
    assert "up to 10 MB" in page
    assert "indicator,period,value" in page
