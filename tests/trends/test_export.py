"""CSV and Excel exports of the overview and of an indicator's series: small numbers suppressed
(and whatever they could be worked out from), formulas defused, every export logged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scrutineer.core.models import AccessLogEntry
from scrutineer.trends.models import ChangePoint, SeriesValue
from scrutineer.trends.periods import add_months

from .factories import make_indicator, make_series

START = dt.date(2023, 4, 1)


def rows_of(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def sheet_of(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Figures", "About"]
    return [list(row) for row in book["Figures"].iter_rows(values_only=True)]


@pytest.fixture
def counts(partnership, police):
    indicator = make_indicator("exclusions", police, name="Permanent exclusions")
    make_series(indicator, [12, 9, 3, 14, 11, 0, 10])
    return indicator


@pytest.fixture
def percentage(partnership, council):
    indicator = make_indicator(
        "repeat_pct",
        council,
        name="Repeat plans",
        unit="percentage",
        numerator="repeat plans",
        denominator="plans",
        polarity="down",
    )
    for i, (num, den) in enumerate([(12, 60), (4, 50), (9, 45), (10, 40)]):
        SeriesValue.objects.create(
            indicator=indicator,
            period_start=add_months(START, i),
            value=Decimal(num * 100) / Decimal(den),
            numerator=Decimal(num),
            denominator=Decimal(den),
        )
    return indicator


# --- an indicator's series -------------------------------------------------------------------


def test_the_series_csv_suppresses_small_counts_and_the_spc_figures_they_feed(alice_client, counts):
    url = reverse("trends:indicator_export", args=[counts.code, "csv"])
    rows = rows_of(alice_client.get(url))
    assert [r["Period"] for r in rows][:3] == ["2023-04", "2023-05", "2023-06"]
    assert [r["Value"] for r in rows] == ["12", "9", "c", "14", "11", "0", "10"]
    # The mean of 7 figures and 6 of them would give the 3 away: mean and limits go too.
    assert {r["Mean"] for r in rows} == {"c"}
    assert {r["Upper process limit"] for r in rows} == {"c"}
    assert rows[0]["Class"] == "Common cause"
    assert rows[0]["Period (in words)"] == "April 2023"


def test_the_series_keeps_the_mean_of_a_segment_with_nothing_suppressed(alice_client, counts):
    ChangePoint.objects.create(
        indicator=counts, period_start=add_months(START, 3), reason="New recording system"
    )
    url = reverse("trends:indicator_export", args=[counts.code, "csv"])
    rows = rows_of(alice_client.get(url))
    assert [r["Mean"] for r in rows[:3]] == ["c", "c", "c"]  # the segment with the 3
    assert rows[3]["Mean"] == "8.8"  # (14 + 11 + 0 + 10) / 4 = 8.75, to one more place than shown
    assert rows[3]["Value"] == "14"


def test_a_percentage_whose_numerator_is_small_is_suppressed_with_it(alice_client, percentage):
    url = reverse("trends:indicator_export", args=[percentage.code, "csv"])
    rows = rows_of(alice_client.get(url))
    assert rows[1]["Numerator"] == "c"
    assert rows[1]["Value"] == "c"  # 4 of 50 is 8%: with 8% and 50, the 4 comes back
    assert rows[1]["Denominator"] == "50"
    assert rows[0]["Value"] == "20"
    assert rows[2]["Value"] == "20"
    assert rows[3]["Value"] == "25"


def test_the_threshold_follows_the_setting(alice_client, counts, settings):
    settings.SUPPRESSION_MAX = 10
    url = reverse("trends:indicator_export", args=[counts.code, "csv"])
    rows = rows_of(alice_client.get(url))
    assert [r["Value"] for r in rows] == ["12", "c", "c", "14", "11", "0", "c"]


def test_the_series_excel_has_the_same_cells_as_numbers_and_notes_on_the_rule(alice_client, counts):
    url = reverse("trends:indicator_export", args=[counts.code, "xlsx"])
    response = alice_client.get(url)
    assert 'filename="exclusions-' in response["Content-Disposition"]
    figures = sheet_of(response)
    assert figures[0][:3] == ["Period", "Period (in words)", "Value"]
    assert [row[2] for row in figures[1:]] == [12, 9, "c", 14, 11, 0, 10]
    book = load_workbook(io.BytesIO(response.content))
    about = " ".join(str(row[0]) for row in book["About"].iter_rows(values_only=True))
    assert "Counts from 1 to 5 are not shown" in about
    assert "Permanent exclusions (exclusions)" in about


def test_a_missing_figure_keeps_its_reason_and_is_not_called_suppressed(alice_client, partnership):
    indicator = make_indicator("gappy", name="Gappy")
    make_series(indicator, [20, None, 30])
    rows = rows_of(alice_client.get(reverse("trends:indicator_export", args=["gappy", "csv"])))
    assert rows[1]["Value"] == ""
    assert rows[1]["Why there is no value"] == "suppressed (c)"
    assert rows[0]["Mean"] == "25"


# --- the overview -----------------------------------------------------------------------------


def test_the_overview_csv_suppresses_the_latest_figure_and_the_change_from_it(
    alice_client, counts, percentage
):
    rows = rows_of(alice_client.get(reverse("trends:overview_export", args=["csv"])))
    by_code = {r["Code"]: r for r in rows}
    exclusions = by_code["exclusions"]
    assert exclusions["Latest period"] == "2023-10"
    assert exclusions["Latest value"] == "10"
    assert exclusions["Previous value"] == "0"
    assert exclusions["Change"] == "10"
    assert exclusions["Variation"] == "Common cause variation"
    repeat = by_code["repeat_pct"]
    assert repeat["Latest value"] == "25"
    assert repeat["Latest numerator"] == "10"
    assert repeat["Previous value"] == "20"
    assert repeat["Change"] == "5"


def test_the_overview_hides_a_change_that_would_give_a_small_previous_figure_away(
    alice_client, partnership
):
    indicator = make_indicator("orders", name="Orders")
    make_series(indicator, [20, 22, 3, 25])
    rows = rows_of(alice_client.get(reverse("trends:overview_export", args=["csv"])))
    row = rows[0]
    assert row["Latest value"] == "25"
    assert row["Previous value"] == "c"
    assert row["Change"] == "c"  # 25 - 22 = 3 otherwise


def test_the_overview_export_follows_the_filters(alice_client, counts, percentage, police):
    url = reverse("trends:overview_export", args=["xlsx"]) + f"?agency={police.pk}"
    figures = sheet_of(alice_client.get(url))
    assert [row[0] for row in figures[1:]] == ["exclusions"]


def test_every_export_is_written_to_the_access_log(alice_client, counts):
    alice_client.get(reverse("trends:overview_export", args=["csv"]))
    alice_client.get(reverse("trends:indicator_export", args=[counts.code, "xlsx"]))
    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [(e.action, e.username) for e in entries] == [("export", "alice"), ("export", "alice")]
    assert entries[0].description.startswith("Trends overview CSV, 1 indicators")
    assert entries[1].object_id == str(counts.pk)
    assert entries[1].description == "Permanent exclusions series XLSX, 7 periods"


def test_an_unknown_format_is_not_found_and_not_logged(alice_client, counts):
    assert alice_client.get(reverse("trends:overview_export", args=["pdf"])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_text_that_a_spreadsheet_would_run_is_defused(alice_client, partnership):
    make_indicator("sneaky", name='=HYPERLINK("http://example.com")')
    rows = rows_of(alice_client.get(reverse("trends:overview_export", args=["csv"])))
    assert rows[0]["Indicator"].startswith("'=")
    figures = sheet_of(alice_client.get(reverse("trends:overview_export", args=["xlsx"])))
    assert figures[1][1].startswith("'=")
