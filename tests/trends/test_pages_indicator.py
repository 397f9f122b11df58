"""An indicator's page: its definition, the SPC chart with its table and reading in words, the
benchmark chart, the submissions that changed it, and notes."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.partnership.models import Agency, Priority, Role, Sector
from scrutineer.trends.models import ChangePoint, IndicatorNote
from scrutineer.trends.services import Figure, return_for, submission_create

from ..factories import make_user, sign_in
from .factories import make_indicator, make_series

STEADY = [50, 52, 49, 51, 50, 48, 52, 50, 51, 49, 50, 52]


@pytest.fixture
def incidents(partnership, police):
    indicator = make_indicator(
        "da_incidents",
        police,
        name="Domestic abuse incidents",
        definition="Domestic abuse incidents recorded by the police in the month.",
        polarity="down",
        target=60,
    )
    indicator.priorities.set([Priority.objects.create(title="Domestic abuse")])
    make_series(indicator, [*STEADY, 90])
    return indicator


def url(indicator) -> str:
    return reverse("trends:indicator", args=[indicator.code])


def test_it_shows_the_definition_and_how_to_read_the_indicator(alice_client, incidents):
    body = alice_client.get(url(incidents)).content.decode()
    assert '<h1 class="govuk-heading-l">Domestic abuse incidents</h1>' in body
    assert "Domestic abuse incidents recorded by the police in the month." in body
    assert "Lower is better" in body
    assert "Monthly" in body
    assert "Testshire Police" in body
    assert "Domestic abuse</dd>" in body or "Domestic abuse<" in body
    assert "<code>da_incidents</code>" in body
    assert ">60</dd>" in body  # the target, formatted as the unit is


def test_it_draws_the_spc_chart_as_an_accessible_svg_with_its_table(alice_client, incidents):
    body = alice_client.get(url(incidents)).content.decode()
    chart = re.search(r'<div[^>]*data-chart="spc">(.*?)</div>', body, re.S)
    assert chart
    svg = chart.group(1)
    assert svg.lstrip().startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-label="Statistical process control chart: Domestic abuse incidents.' in svg
    assert " style=" not in svg
    assert "<script" not in svg
    table = re.search(r'<table[^>]*data-table="spc">(.*?)</table>', body, re.S)
    assert table
    body_rows = re.search(r"<tbody[^>]*>(.*?)</tbody>", table.group(1), re.S)
    assert body_rows
    assert body_rows.group(1).count("<tr ") == 13
    assert "April 2024" in table.group(1)
    assert "Above the upper process limit" in table.group(1)
    assert "Special cause: concerning" in table.group(1)


def test_it_says_in_words_what_the_chart_shows(alice_client, incidents):
    body = alice_client.get(url(incidents)).content.decode()
    assert (
        "The latest point, 90 in April 2024, is above the upper process limit: "
        "special cause concerning variation." in body
    )
    assert "These are trial limits" not in body  # 13 points
    assert 'data-icon="concern_high"' in body


def test_it_marks_trial_limits_and_reads_a_short_series(alice_client, partnership, police):
    short = make_indicator("short_one", police, name="Short series")
    make_series(short, [10, 12, 11, 13])
    body = alice_client.get(url(short)).content.decode()
    assert "These are trial limits: they rest on fewer than 12 points" in body
    assert "(trial)" in body


def test_an_indicator_with_too_few_figures_says_so_instead_of_a_chart(alice_client, partnership):
    empty = make_indicator("nothing_yet", name="Nothing yet")
    body = alice_client.get(url(empty)).content.decode()
    assert "There are not enough figures to draw a chart yet" in body
    assert 'data-chart="spc"' not in body
    assert "No figures have been submitted for this indicator yet." in body


def test_it_shows_a_missing_figure_with_its_reason(alice_client, partnership, police):
    gappy = make_indicator("gappy", police, name="Gappy")
    make_series(gappy, [10, None, 12, 11])
    body = alice_client.get(url(gappy)).content.decode()
    assert "suppressed (c)" in body


def test_it_shows_where_the_limits_start_again(alice_client, incidents):
    ChangePoint.objects.create(
        indicator=incidents, period_start=dt.date(2023, 10, 1), reason="New recording system"
    )
    body = alice_client.get(url(incidents)).content.decode()
    assert "The limits start again from October 2023: New recording system." in body
    assert "October 2023: New recording system" in body


def test_it_shows_the_benchmark_chart_and_table_where_there_is_one(
    alice_client, incidents, monkeypatch
):
    incidents.benchmark_code = "referral_rate"
    incidents.save()

    def history(*, la_code, code):
        assert (la_code, code) == ("383", "referral_rate")
        return [
            SimpleNamespace(
                code=code,
                year=year,
                value=value,
                england=england,
                region=None,
                neighbours_mean=400.0,
                rank=12,
                of=153,
                quartile="B",
                marker="",
            )
            for year, value, england in ((2024, 410.2, 520.1), (2025, 398.75, 519.4))
        ]

    monkeypatch.setattr("scrutineer.trends.benchmarks.benchmark_history", history)
    body = alice_client.get(url(incidents)).content.decode()
    assert 'data-chart="benchmark"' in body
    table = re.search(r'<table[^>]*data-table="benchmark">(.*?)</table>', body, re.S)
    assert table
    assert "2024 to 2025" in table.group(1)
    assert "399" in table.group(1)  # a count indicator shows whole numbers
    assert "12 of 153" in table.group(1)


def test_it_has_no_benchmark_section_without_a_published_measure(alice_client, incidents):
    assert 'id="benchmarks"' not in alice_client.get(url(incidents)).content.decode()


# --- submissions ----------------------------------------------------------------------------


@pytest.fixture
def submitted(partnership, police, council):
    indicator = make_indicator("police_measure", police, name="Police measure")
    data_return = return_for(agency=police, quarter_start=dt.date(2024, 4, 1))
    figures = [
        Figure("police_measure", dt.date(2024, m, 1), Decimal(v))
        for m, v in ((4, 10), (5, 11), (6, 12))
    ]
    submission_create(data_return=data_return, figures=figures, channel="csv")
    figures[1] = Figure("police_measure", dt.date(2024, 5, 1), Decimal(15))
    submission_create(data_return=data_return, figures=figures, channel="api")
    return indicator


def test_it_lists_the_submissions_that_gave_or_changed_a_figure(bob_client, submitted):
    body = bob_client.get(url(submitted)).content.decode()
    table = re.search(r'<table[^>]*data-table="submissions">(.*?)</table>', body, re.S)
    assert table
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.group(1)))
    assert "May 2024: 15 (was 11)" in text
    assert "June 2024: 12" in text
    # version 2 changed only May: it does not list April and June again
    second = text.index("May 2024: 15")
    assert "April 2024" not in text[second - 200 : second]
    assert text.count("April 2024: 10") == 1


def test_the_submissions_follow_who_may_see_returns(db, submitted, police, council):
    police_lead = sign_in(Client(), make_user("charlie", Role.AGENCY_LEAD, police))
    assert 'data-table="submissions"' in police_lead.get(url(submitted)).content.decode()
    council_lead = sign_in(Client(), make_user("dana", Role.AGENCY_LEAD, council))
    body = council_lead.get(url(submitted)).content.decode()
    assert 'data-table="submissions"' not in body
    assert 'id="submissions"' not in body
    executive = sign_in(Client(), make_user("eve", Role.EXECUTIVE))
    assert 'id="submissions"' not in executive.get(url(submitted)).content.decode()


# --- notes ----------------------------------------------------------------------------------


def test_the_scrutineer_adds_a_note_about_a_period(alice_client, incidents):
    response = alice_client.post(url(incidents), {"period": "2024-04", "text": "A new scheme."})
    assert response.status_code == 302
    assert response["Location"] == url(incidents) + "#notes"
    note = IndicatorNote.objects.get()
    assert note.period_start == dt.date(2024, 4, 1)
    assert note.author.username == "alice"
    body = alice_client.get(url(incidents)).content.decode()
    assert "A new scheme." in body
    assert "About April 2024." in body


def test_a_note_needs_text_and_a_period_it_can_read(alice_client, incidents):
    response = alice_client.post(url(incidents), {"period": "April 2024", "text": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The period must be a month written like 2024-04" in body
    assert "Enter the note" in body
    assert IndicatorNote.objects.count() == 0


def test_the_source_agencys_lead_may_add_a_note_but_another_agencys_may_not(
    db, incidents, police, council
):
    police_lead = sign_in(Client(), make_user("charlie", Role.AGENCY_LEAD, police))
    assert "Add a note" in police_lead.get(url(incidents)).content.decode()
    assert police_lead.post(url(incidents), {"text": "Recording changed."}).status_code == 302
    council_lead = sign_in(Client(), make_user("dana", Role.AGENCY_LEAD, council))
    assert "Add a note" not in council_lead.get(url(incidents)).content.decode()
    assert council_lead.post(url(incidents), {"text": "Not mine."}).status_code == 403
    viewer = sign_in(Client(), make_user("vic", Role.VIEWER, police))
    assert viewer.post(url(incidents), {"text": "Hmm."}).status_code == 403
    assert IndicatorNote.objects.count() == 1


def test_an_unknown_code_is_not_found(alice_client, partnership):
    assert alice_client.get(reverse("trends:indicator", args=["no_such"])).status_code == 404


def test_the_business_unit_gets_the_edit_links(bob_client, alice_client, incidents):
    edit = reverse("trends:indicator_edit", args=[incidents.code])
    assert edit in bob_client.get(url(incidents)).content.decode()
    assert edit not in alice_client.get(url(incidents)).content.decode()


def test_a_quarterly_indicator_reads_its_periods_as_quarters(alice_client, partnership):
    agency = Agency.objects.create(name="Schools", sector=Sector.EDUCATION)
    quarterly = make_indicator("exclusions", agency, name="Exclusions", frequency="quarterly")
    make_series(quarterly, [5, 7, 6, 8, 7, 6])
    body = alice_client.get(url(quarterly)).content.decode()
    assert "July to September 2024" in body
    assert "in July to September 2024" in body


def test_a_note_that_reads_like_a_concern_about_a_child_is_stopped_until_confirmed(
    alice_client, incidents
):
    text = "I am worried about her, she told me that she is not safe at home."
    response = alice_client.post(url(incidents), {"text": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert "This service does not take concerns about children" in body
    assert "the Front Door Team on 0113 496 0999" in body
    assert "This is not a concern about a particular child" in body
    assert IndicatorNote.objects.count() == 0
    confirmed = alice_client.post(url(incidents), {"text": text, "not_a_concern": "on"})
    assert confirmed.status_code == 302
    assert IndicatorNote.objects.count() == 1
