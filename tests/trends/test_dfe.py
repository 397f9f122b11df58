"""Reading the DfE's files (``trends/dfe.py``, ``trends/dfe_cells.py``): pure, no database.

Fixture files are written by the tests; the real downloads are tested in
``test_benchmarks_real.py``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.trends import dfe
from scrutineer.trends.dfe import Cell, Kind, parse_year, read_cell, recognise, to_stored

from .benchmark_files import write, write_folder

# ---- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("c", "c"),
        ("x", "x"),
        ("z", "z"),
        ("u", "u"),
        ("k", "k"),
        ("low", "k"),
        (":", "x"),
        ("", "x"),
        ("  C ", "c"),
        ("[c]", "c"),
        ("[low]", "k"),
    ],
)
def test_it_keeps_each_dfe_marker_as_missing_never_zero(text, marker):
    cell = read_cell(text)
    assert cell.value is None
    assert cell.marker == marker
    assert cell.unreadable == ""


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2751", Fraction(2751)),
        ("0", Fraction(0)),
        ("22.6", Fraction(113, 5)),
        ("1,234", Fraction(1234)),
        (" 18.7 ", Fraction(187, 10)),
        ("1e3", Fraction(1000)),
    ],
)
def test_it_reads_numbers_exactly(text, value):
    assert read_cell(text) == Cell(value=value)


@pytest.mark.parametrize("text", ["abc", "12%", "1/2", "nan", "inf", "1,23", "²", "1e999"])
def test_it_reports_what_is_neither_a_number_nor_a_marker(text):
    cell = read_cell(text)
    assert (cell.value, cell.marker, cell.unreadable) == (None, "x", text)


@given(st.text(max_size=20))
def test_the_cell_reader_never_crashes(text):
    cell = read_cell(text)
    assert (cell.value is None) != (cell.marker == "")
    assert cell.marker in ("", "c", "x", "z", "u", "k")


MARKER_TEXT = st.sampled_from(["c", "x", "z", "u", "k", "low", ":", "[c]", "[x]", "[z]", "[low]"])


@given(MARKER_TEXT, st.sampled_from(["", " ", "  "]), st.booleans())
def test_a_marker_is_never_read_as_zero(marker, space, upper):
    cell = read_cell(space + (marker.upper() if upper else marker) + space)
    assert cell.value is None
    assert cell.marker != ""


@given(st.integers(min_value=0, max_value=10**11))
def test_every_whole_count_reads_back(count):
    assert read_cell(str(count)).value == count


@pytest.mark.parametrize(
    ("text", "year"),
    [("2025", 2025), ("202425", 2025), ("2024/25", 2025), ("2024-25", 2025), ("201213", 2013)],
)
def test_it_reads_both_year_formats(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["", "25", "202426", "2024-2025", "twenty"])
def test_it_refuses_a_year_it_cannot_read(text):
    with pytest.raises(ValueError, match="is not a year like"):
        parse_year(text)


# ---- arithmetic ----------------------------------------------------------------------------


def test_a_ratio_keeps_the_marker_that_made_it_missing():
    assert dfe.ratio(Cell(marker="c"), Cell(value=Fraction(100)), 100) == Cell(marker="c")
    assert dfe.ratio(Cell(value=Fraction(5)), Cell(marker="u"), 100) == Cell(marker="u")
    assert dfe.ratio(Cell(value=Fraction(5)), Cell(value=Fraction(0)), 100) == Cell(marker="z")


def test_zero_over_a_suppressed_count_is_zero_as_the_dfe_publishes_it():
    # Isles of Scilly 2025, d3: CPP_subsequent 0, CPP_start c, CPP_subsequent_percent 0.
    assert dfe.ratio(Cell(value=Fraction(0)), Cell(marker="c"), 100) == Cell(value=Fraction(0))


def test_a_rate_per_10000_without_a_population_is_not_available():
    assert dfe.rate_per_10k(Cell(value=Fraction(10)), None) == Cell(marker="x")
    assert dfe.rate_per_10k(Cell(value=Fraction(2751)), 93851).value == Fraction(27510000, 93851)


def test_it_rounds_half_up_as_the_dfe_does():
    assert dfe.round_half_up(Fraction(451, 20), 1) == Decimal("22.6")  # 22.55
    assert dfe.round_half_up(Fraction(157), 0) == Decimal("157")
    assert dfe.round_half_up(Fraction(3315, 2), 0) == Decimal("1658")  # 1657.5


def test_the_stored_value_rounds_for_display_as_the_exact_value_does():
    # 22.54996 to 4 places is 22.5500, which would show as 22.6; the exact value shows 22.5.
    exact = Fraction(2254996, 100000)
    assert to_stored(exact, "rereferral_pct") == Decimal("22.5499")
    assert to_stored(Fraction(2751 * 10000, 93851), "referral_rate") == Decimal("293.1242")
    # The children-looked-after rate shows whole: 156.49996 must not be kept as 156.5000.
    assert to_stored(Fraction(15649996, 100000), "cla_rate") == Decimal("156.4999")


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_stored_values_always_display_as_the_exact_value(numerator, denominator):
    exact = Fraction(numerator * 100, denominator)
    stored = to_stored(exact, "nfa_pct")
    assert abs(Fraction(stored) - exact) <= Fraction(1, 10**4)
    assert dfe.round_half_up(Fraction(stored), 1) == dfe.round_half_up(exact, 1)


# ---- recognising files ---------------------------------------------------------------------


def test_it_recognises_each_fixture_by_its_columns_not_its_name(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    kinds = {path.name: recognise(path).kind for path in folder.iterdir()}
    assert kinds == {
        "referrals.csv": Kind.REFERRALS,
        "population.csv": Kind.POPULATION,
        "cin.csv": Kind.CHILDREN_IN_NEED,
        "neighbours_2025.csv": Kind.NEIGHBOURS,
    }
    renamed = tmp_path / "anything.csv"
    renamed.write_bytes((folder / "cin.csv").read_bytes())
    assert recognise(renamed).kind is Kind.CHILDREN_IN_NEED


def test_it_reads_a_file_with_a_byte_order_mark_and_columns_in_another_order(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    assert (folder / "population.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    found = recognise(folder / "population.csv")
    records = list(found.records())
    leeds = next(r for r in records if r.area_code == "383" and r.year == 2024)
    assert (leeds.level, leeds.area_name, leeds.gss_code) == ("la", "Leeds", "E08000035")
    assert dfe.population(leeds) == Cell(value=Fraction(200000))
    england = next(r for r in records if r.level == "national" and r.year == 2024)
    assert england.area_code == "E92000001"


def test_it_reads_time_period_202425_as_reporting_year_2025(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    years = {record.year for record in recognise(folder / "cin.csv").records()}
    assert years == {2025}


def test_it_names_an_unrecognised_file_and_what_it_expected(tmp_path):
    path = write(tmp_path / "budget.csv", ["year", "service", "spend"], [["2025", "x", "1"]])
    with pytest.raises(dfe.UnrecognisedFile) as raised:
        recognise(path)
    message = str(raised.value)
    assert message.startswith("budget.csv: not a file Scrutineer recognises")
    assert "year, service, spend" in message
    assert "referrals and re-referrals (c1)" in message
    assert "SN1 to SN10" in message


def test_it_says_a_file_is_not_utf8(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("time_period,la_name,région\n".encode("latin-1"))
    with pytest.raises(dfe.UnrecognisedFile, match="not UTF-8 text"):
        recognise(path)


def test_it_computes_the_percentages_of_a_local_authority_from_its_counts(tmp_path):
    found = recognise(write_folder(tmp_path / "dfe") / "referrals.csv")
    leeds = next(r for r in found.records() if r.area_code == "383" and r.year == 2025)
    figures = {f.measure: f.cell for f in dfe.measures(found, leeds)}
    assert figures["referrals"] == Cell(value=Fraction(10000))
    assert figures["rereferral_pct"] == Cell(value=Fraction(25))  # 2,500 / 10,000
    assert figures["nfa_pct"] == Cell(value=Fraction(10))
    assert figures["not_in_need_pct"] == Cell(value=Fraction(85, 2))  # 42.5


def test_it_keeps_the_published_percentage_for_england_and_the_regions(tmp_path):
    # Yorkshire 2025: 13,800 / 63,590 = 21.70...%; the DfE's own figure, from unrounded counts,
    # is the one kept: 21.7.
    found = recognise(write_folder(tmp_path / "dfe") / "referrals.csv")
    region = next(r for r in found.records() if r.area_code == "E12000003" and r.year == 2025)
    figures = {f.measure: f.cell for f in dfe.measures(found, region)}
    assert figures["rereferral_pct"] == Cell(value=Fraction(217, 10))


def test_a_suppressed_count_makes_a_suppressed_percentage(tmp_path):
    found = recognise(write_folder(tmp_path / "dfe") / "referrals.csv")
    calderdale = next(r for r in found.records() if r.area_code == "381" and r.year == 2025)
    figures = {f.measure: f.cell for f in dfe.measures(found, calderdale)}
    assert figures["rereferrals"] == Cell(marker="c")
    assert figures["rereferral_pct"] == Cell(marker="c")
    assert figures["nfa_pct"] == Cell(value=Fraction(0))


def test_it_reports_an_unreadable_cell_with_its_row_and_column(tmp_path):
    head = [
        "time_period",
        "geographic_level",
        "country_code",
        "old_la_code",
        "la_name",
        "At31_episodes",
    ]
    path = write(
        tmp_path / "b1.csv",
        head,
        [["2025", "Local authority", "E92000001", "383", "Leeds", "lots"]],
    )
    found = recognise(path)
    (record,) = list(found.records())
    assert record.cell("at31_episodes") == Cell(marker="x", unreadable="lots")
    assert found.problems == [
        "row 2, column at31_episodes: 'lots' is neither a number nor a DfE marker "
        "(c, x, z, u, low, k, :); it is kept as x, not available"
    ]


def test_it_leaves_out_a_row_whose_year_it_cannot_read_and_says_so(tmp_path):
    head = ["time_period", "geographic_level", "old_la_code", "la_name", "At31_episodes"]
    path = write(
        tmp_path / "b1.csv",
        head,
        [
            ["2025", "Local authority", "383", "Leeds", "1"],
            ["soon", "Local authority", "380", "Bradford", "2"],
        ],
    )
    found = recognise(path)
    assert [r.area_code for r in found.records()] == ["383"]
    assert found.problems == [
        "row 3, column time_period: 'soon' is not a year like 2025 or 202425; the row is left out"
    ]


def test_it_takes_the_la_code_from_whichever_column_the_year_has(tmp_path):
    head = ["time_period", "geographic_level", "la_code", "new_la_code", "la_name", "At31_episodes"]
    path = write(
        tmp_path / "b1.csv", head, [["2013", "Local authority", "383", "E08000035", "Leeds", "1"]]
    )
    (record,) = list(recognise(path).records())
    assert (record.area_code, record.gss_code) == ("383", "E08000035")
    head = ["time_period", "geographic_level", "new_la_code", "la_name", "At31_episodes"]
    path = write(
        tmp_path / "b1_new.csv", head, [["2025", "Local authority", "E08000035", "Leeds", "1"]]
    )
    (record,) = list(recognise(path).records())
    assert (record.area_code, record.gss_code) == ("", "E08000035")


def test_a_column_missing_from_an_early_years_file_means_its_measures_are_absent(tmp_path):
    # A 2013-style c1 without the not-in-need columns.
    head = [
        "time_period",
        "geographic_level",
        "old_la_code",
        "la_name",
        "referral_count",
        "rereferral_count",
    ]
    path = write(
        tmp_path / "c1.csv", head, [["2013", "Local authority", "383", "Leeds", "100", "20"]]
    )
    found = recognise(path)
    (record,) = list(found.records())
    measures = {f.measure for f in dfe.measures(found, record)}
    assert measures == {"referrals", "rereferrals", "rereferral_pct"}


def test_it_reads_both_statistical_neighbour_layouts(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    wide = recognise(folder / "neighbours_2025.csv")
    assert wide.model_year == 2025
    leeds = next(row for row in wide.neighbour_rows() if row.la_code == "383")
    assert leeds.neighbours == [(1, "380"), (2, "382"), (3, "302")]
    # The 2021 layout repeats the column SNP and ends with a note section.
    header = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"]
    for rank in range(1, 11):
        header += [f"SN{rank}", "SNP"]
    rows = [
        ["383", "Leeds", "383", "9", "Yorkshire", "373", "Very Close", "841", "Close"] + [""] * 16,
        [""] * 25,
        ["", "Old SNs:"] + [""] * 23,
    ]
    old = recognise(write(tmp_path / "groupings.csv", header, rows, bom=True))
    assert old.model_year == 2021
    assert [(row.la_code, row.neighbours) for row in old.neighbour_rows()] == [
        ("383", [(1, "373"), (2, "841")])
    ]
    assert old.problems == []


def test_the_model_year_comes_from_the_name_when_it_says(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    renamed = tmp_path / "sn_model_2027_wide.csv"
    renamed.write_bytes((folder / "neighbours_2025.csv").read_bytes())
    assert recognise(renamed).model_year == 2027


def test_only_children_looked_after_at_31_march_are_read_from_the_cla_file(tmp_path):
    head = [
        "time_period",
        "geographic_level",
        "old_la_code",
        "la_name",
        "new_la_code",
        "population_type",
        "population_estimate",
        "children_count",
        "rate_per_10000",
    ]
    rows = [
        [
            "2025",
            "Local authority",
            "805",
            "Hartlepool",
            "E06000001",
            "Children looked after on 31 March each year",
            "21090",
            "332",
            "157",
        ],
        [
            "2025",
            "Local authority",
            "805",
            "Hartlepool",
            "E06000001",
            "Children starting to be looked after each year",
            "21090",
            "100",
            "47",
        ],
    ]
    found = recognise(write(tmp_path / "cla.csv", head, rows))
    assert found.kind is Kind.LOOKED_AFTER
    records = list(found.records())
    assert [r.cell("children_count") for r in records] == [Cell(value=Fraction(332))]
    assert found.skipped_rows == 1


def test_a_factor_code_is_made_from_its_column():
    assert dfe.factor_code("Domestic_Abuse_parent") == "factor_domestic_abuse_parent_pct"
    assert dfe.factor_code("Other") == "factor_other_pct"
