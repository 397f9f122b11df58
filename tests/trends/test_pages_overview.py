"""The partnership overview: every indicator in use with its icons, sparkline, latest figure,
change and benchmark, grouped by sector, filtered by priority, agency and sector."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.partnership.models import Priority, Role, Sector
from scrutineer.trends import overview

from ..factories import make_user, sign_in
from .factories import make_indicator, make_series

STEADY = [50, 52, 49, 51, 50, 48, 52, 50, 51, 49, 50, 52]
RISING_SHARPLY = [*STEADY, 90]  # beyond the upper limit


@pytest.fixture
def catalogue(partnership, police, council):
    adolescents = Priority.objects.create(title="Safeguarding adolescents", order=1)
    domestic = Priority.objects.create(title="Domestic abuse", order=2)
    incidents = make_indicator(
        "da_incidents", police, name="Domestic abuse incidents", polarity="down", order=1
    )
    incidents.priorities.set([domestic])
    make_series(incidents, RISING_SHARPLY)
    missing = make_indicator(
        "missing_episodes", police, name="Missing episodes", polarity="down", order=2
    )
    missing.priorities.set([adolescents])
    make_series(missing, STEADY)
    timeliness = make_indicator(
        "assessment_45wd_pct",
        council,
        name="Assessments within 45 working days",
        unit="percentage",
        numerator="assessments within 45 working days",
        denominator="assessments authorised",
        polarity="up",
        target=85,
        order=3,
    )
    make_series(
        timeliness, [88.1, 88.4, 87.9, 88.2, 88.0, 88.3, 87.8, 88.1, 88.2, 87.9, 88.0, 88.4]
    )
    make_indicator("new_measure", council, name="A measure with no figures yet", order=4)
    make_indicator("retired_one", council, name="Retired measure", active=False, order=5)
    return SimpleNamespace(
        incidents=incidents,
        missing=missing,
        timeliness=timeliness,
        adolescents=adolescents,
        domestic=domestic,
    )


def row_for(body: str, code: str) -> str:
    match = re.search(
        rf'<tr class="govuk-table__row" data-indicator="{code}">(.*?)</tr>', body, re.S
    )
    assert match, f"no row for {code}"
    return match.group(1)


def test_it_lists_every_indicator_in_use_grouped_by_sector(alice_client, catalogue):
    body = alice_client.get(reverse("trends:index")).content.decode()
    assert '<h1 class="govuk-heading-l">Multi-agency data trends</h1>' in body
    assert "Domestic abuse incidents" in body
    assert "A measure with no figures yet" in body
    assert "Retired measure" not in body
    police_at = body.index('caption--m">Police</caption>')
    council_at = body.index('caption--m">Local authority</caption>')
    assert council_at < police_at  # sectors in the order the partnership lists them
    assert body.index("Domestic abuse incidents") > police_at
    assert body.index("Assessments within 45 working days") < police_at


def test_it_shows_the_latest_figure_its_period_and_the_change_in_words(alice_client, catalogue):
    body = alice_client.get(reverse("trends:index")).content.decode()
    row = row_for(body, "da_incidents")
    assert "<strong>90</strong>" in row
    assert "April 2024" in row  # 13 months from April 2023
    assert "Up 38 from 52 in March 2024" in row
    pct = row_for(body, "assessment_45wd_pct")
    assert "<strong>88.4%</strong>" in pct
    assert "Up 0.4 percentage points from 88.0% in February 2024" in pct


def test_it_shows_the_variation_icon_with_its_meaning_in_words(alice_client, catalogue):
    body = alice_client.get(reverse("trends:index")).content.decode()
    row = row_for(body, "da_incidents")
    assert 'data-icon="concern_high"' in row
    assert 'aria-label="Special cause concerning variation, high"' in row
    assert "Concerning (high)" in row
    steady = row_for(body, "missing_episodes")
    assert 'data-icon="common_cause"' in steady
    assert "Common cause" in steady
    assert "No chart yet" in row_for(body, "new_measure")


def test_it_shows_the_assurance_icon_only_where_there_is_a_target(alice_client, catalogue):
    body = alice_client.get(reverse("trends:index")).content.decode()
    row = row_for(body, "assessment_45wd_pct")
    assert 'data-icon="pass"' in row  # 85% is below every figure the process gives
    assert "Passing" in row
    assert "No target" in row_for(body, "missing_episodes")


def test_it_draws_a_sparkline_hidden_from_screen_readers_with_its_figures_in_text(
    alice_client, catalogue
):
    body = alice_client.get(reverse("trends:index")).content.decode()
    row = row_for(body, "da_incidents")
    assert re.search(r'<svg class="app-sparkline"[^>]*aria-hidden="true"', row)
    assert "<polyline points=" in row
    assert "Figures from April 2023 to April 2024: 50, 52, 49" in row
    assert "Too few figures" in row_for(body, "new_measure")


def test_it_counts_the_indicators_showing_concern_and_improvement(alice_client, catalogue):
    body = alice_client.get(reverse("trends:index")).content.decode()
    assert "4 indicators" in body
    summary = re.search(
        r"<ul class=\"govuk-list govuk-list--bullet\" data-summary>(.*?)</ul>", body, re.S
    )
    assert summary
    text = re.sub(r"<[^>]+>", "", summary.group(1))
    assert "1 shows special cause concerning variation" in text
    assert "0 show special cause improving variation" in text
    assert "2 show common cause variation only" in text
    assert "1 has too few figures for a chart" in text


def test_it_filters_by_priority(alice_client, catalogue):
    url = reverse("trends:index") + f"?priority={catalogue.adolescents.pk}"
    body = alice_client.get(url).content.decode()
    assert "Missing episodes" in body
    assert "Domestic abuse incidents" not in body
    assert "1 indicator matches these filters" in body


def test_it_filters_by_agency_and_by_sector(alice_client, catalogue, council):
    body = alice_client.get(reverse("trends:index") + f"?agency={council.pk}").content.decode()
    assert "Assessments within 45 working days" in body
    assert "Missing episodes" not in body
    body = alice_client.get(reverse("trends:index") + f"?sector={Sector.POLICE}").content.decode()
    assert "Missing episodes" in body
    assert "Assessments within 45 working days" not in body


def test_it_ignores_a_filter_value_it_does_not_know(alice_client, catalogue):
    response = alice_client.get(reverse("trends:index") + "?priority=99999&sector=nonsense")
    assert response.status_code == 200
    assert "Missing episodes" in response.content.decode()


def test_it_says_so_when_no_indicator_matches(alice_client, catalogue):
    body = alice_client.get(
        reverse("trends:index") + f"?sector={Sector.EDUCATION}"
    ).content.decode()
    assert "No indicator in use matches these filters." in body


def test_the_filter_form_works_without_javascript_and_htmx_swaps_only_the_results(
    alice_client, catalogue
):
    page = alice_client.get(reverse("trends:index")).content.decode()
    assert '<form method="get" action="/trends/"' in page
    assert 'hx-target="#overview"' in page
    partial = alice_client.get(reverse("trends:index"), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="overview">')
    assert "<h1" not in partial


def test_it_shows_the_benchmark_beside_the_figure(alice_client, catalogue, monkeypatch):
    catalogue.timeliness.benchmark_code = "assessment_45wd_pct"
    catalogue.timeliness.save()
    seen = {}

    def fake_summary(*, la_code, codes, year=None):
        seen["la_code"], seen["codes"] = la_code, list(codes)
        return {
            "assessment_45wd_pct": SimpleNamespace(
                code="assessment_45wd_pct",
                year=2025,
                value=84.04,
                england=85.7,
                region=86.1,
                neighbours_mean=83.25,
                rank=80,
                of=153,
                quartile="C",
                marker="",
            )
        }

    monkeypatch.setattr("scrutineer.trends.benchmarks.benchmark_summary", fake_summary)
    body = alice_client.get(reverse("trends:index")).content.decode()
    row = row_for(body, "assessment_45wd_pct")
    assert seen == {"la_code": "383", "codes": ["assessment_45wd_pct"]}
    assert "England: 85.7%" in row
    assert "Neighbours: 83.3%" in row  # rounded half up
    assert "Quartile: C" in row
    assert "Year: 2024 to 2025" in row
    assert "None published" in row_for(body, "missing_episodes")


def test_a_failing_benchmark_does_not_take_the_overview_down(alice_client, catalogue, monkeypatch):
    catalogue.timeliness.benchmark_code = "assessment_45wd_pct"
    catalogue.timeliness.save()

    def broken(**kwargs):
        raise RuntimeError("no benchmarks table")

    monkeypatch.setattr("scrutineer.trends.benchmarks.benchmark_summary", broken)
    response = alice_client.get(reverse("trends:index"))
    assert response.status_code == 200
    assert "None published" in row_for(response.content.decode(), "assessment_45wd_pct")


def test_it_explains_every_icon(alice_client, catalogue):
    body = alice_client.get(reverse("trends:index")).content.decode()
    for key in (
        "common_cause",
        "improvement_high",
        "concern_low",
        "neither_high",
        "pass",
        "fail",
        "hit_and_miss",
    ):
        assert f'data-icon="{key}"' in body
    assert "The process limits are all on the wrong side of the target" in body


def test_every_signed_in_role_sees_the_same_overview(db, catalogue, police):
    for role in (Role.EXECUTIVE, Role.AUDITOR, Role.VIEWER):
        client = sign_in(Client(), make_user(f"someone.{role}", role, police))
        body = client.get(reverse("trends:index")).content.decode()
        assert "Domestic abuse incidents" in body


def test_an_empty_catalogue_sends_the_business_unit_to_the_catalogue(bob_client):
    body = bob_client.get(reverse("trends:index")).content.decode()
    assert "The catalogue has no indicators in use yet." in body
    assert reverse("trends:catalogue") in body


def test_the_overview_rows_follow_the_catalogue_order(db, catalogue):
    from scrutineer.trends.models import Indicator

    built = overview.build(Indicator.objects.active())
    codes = [row.indicator.code for row in built.rows]
    assert codes == ["da_incidents", "missing_episodes", "assessment_45wd_pct", "new_measure"]
    assert built.rows[0].series.latest.period_start == dt.date(2024, 4, 1)
