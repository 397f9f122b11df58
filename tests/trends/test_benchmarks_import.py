"""``benchmarks_import``: files in, figures stored, rates computed, nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scrutineer.trends.benchmarks import BenchmarkImportError, benchmarks_import
from scrutineer.trends.models import (
    BenchmarkValue,
    LocalAuthority,
    Population,
    StatisticalNeighbour,
)

from .benchmark_files import write, write_folder

pytestmark = pytest.mark.django_db


def figure(measure: str, year: int, area: str, level: str = "la") -> BenchmarkValue:
    return BenchmarkValue.objects.get(measure=measure, year=year, level=level, area_code=area)


def everything() -> list[tuple]:
    return (
        sorted(
            BenchmarkValue.objects.values_list(
                "measure",
                "year",
                "level",
                "area_code",
                "area_name",
                "value",
                "marker",
                "source_file",
            )
        )
        + sorted(Population.objects.values_list("level", "area_code", "mid_year", "population"))
        + sorted(
            StatisticalNeighbour.objects.values_list(
                "authority__code", "neighbour__code", "model", "rank"
            )
        )
        + sorted(
            LocalAuthority.objects.values_list(
                "code", "gss_code", "name", "region_code", "region_name"
            )
        )
    )


def test_it_imports_every_file_it_recognises_and_lists_the_others(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    (folder / "README.txt").write_text("downloaded in June", encoding="utf-8")
    write(folder / "budget.csv", ["year", "spend"], [["2025", "1"]])
    messages: list[str] = []
    report = benchmarks_import(directory=folder, progress=messages.append)
    assert sorted(f.name for f in report.files) == [
        "cin.csv",
        "neighbours_2025.csv",
        "population.csv",
        "referrals.csv",
    ]
    skipped = dict(report.skipped)
    assert skipped["README.txt"] == "not a CSV file"
    assert skipped["budget.csv"].startswith("budget.csv: not a file Scrutineer recognises")
    assert report.rows == 16 + 16 + 8 + 2
    assert {"referrals", "referral_rate", "cin_31mar", "cin_rate"} <= set(report.measures)
    assert report.rates > 0
    assert (
        messages[0]
        == "Reading population.csv: ONS mid-year population estimates, children aged 0 to 17"
    )


def test_it_computes_rates_from_the_population_of_the_mid_year_before(tmp_path):
    benchmarks_import(directory=write_folder(tmp_path / "dfe"))
    # Leeds 2025: 10,000 referrals / 200,000 children (mid-2024) x 10,000 = 500.0;
    # 2024: 9,000 / 180,000 (mid-2023) = 500.0; children in need 6,000 / 200,000 = 300.0.
    rate = figure("referral_rate", 2025, "383")
    assert (rate.value, rate.marker) == (Decimal("500.0000"), "")
    assert rate.source_file == "computed: referrals.csv / ONS population mid-2024"
    assert figure("referral_rate", 2024, "383").value == Decimal("500.0000")
    assert figure("cin_rate", 2025, "383").value == Decimal("300.0000")
    # Barnet 2025: 2,751 / 93,851 x 10,000 = 293.1242...
    assert figure("referral_rate", 2025, "302").value == Decimal("293.1242")


def test_it_keeps_markers_and_never_stores_them_as_zero(tmp_path):
    benchmarks_import(directory=write_folder(tmp_path / "dfe"))
    suppressed = figure("rereferral_pct", 2025, "381")
    assert (suppressed.value, suppressed.marker) == (None, "c")
    # Kirklees sent nothing in 2025 (x) and its rate is not available either.
    assert (figure("referrals", 2025, "382").value, figure("referrals", 2025, "382").marker) == (
        None,
        "x",
    )
    assert figure("referral_rate", 2025, "382").marker == "x"
    # "low" (rounds to 0 but is not 0) is kept as k, and so is the rate built on it.
    assert (figure("cin_31mar", 2025, "382").value, figure("cin_31mar", 2025, "382").marker) == (
        None,
        "k",
    )
    assert figure("cin_rate", 2025, "382").marker == "k"
    # Calderdale's mid-2023 population is x: its 2024 rates are not available.
    assert not Population.objects.filter(area_code="381", mid_year=2023).exists()
    assert figure("referral_rate", 2024, "381").marker == "x"
    assert not BenchmarkValue.objects.filter(value=0, marker__in=["c", "x", "z", "u", "k"]).exists()


def test_it_stores_england_the_regions_and_the_authorities(tmp_path):
    benchmarks_import(directory=write_folder(tmp_path / "dfe"))
    assert figure("referrals", 2025, "E92000001", "national").value == Decimal("632830")
    assert figure("rereferral_pct", 2025, "E12000003", "regional").value == Decimal("21.7")
    leeds = LocalAuthority.objects.get(code="383")
    assert (leeds.gss_code, leeds.name, leeds.region_code, leeds.region_name) == (
        "E08000035",
        "Leeds",
        "E12000003",
        "Yorkshire and The Humber",
    )
    assert LocalAuthority.objects.get(code="302").region_code == "E13000002"
    assert Population.objects.get(level="la", area_code="383", mid_year=2024).population == 200000
    links = StatisticalNeighbour.objects.filter(authority__code="383", model=2025)
    assert [(link.neighbour.code, link.rank) for link in links] == [
        ("380", 1),
        ("382", 2),
        ("302", 3),
    ]


def test_importing_twice_gives_the_same_rows(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    benchmarks_import(directory=folder)
    first = everything()
    benchmarks_import(directory=folder)
    assert everything() == first
    assert len(first) > 100


def test_importing_a_revised_file_replaces_the_figures(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    benchmarks_import(directory=folder)
    text = (folder / "cin.csv").read_text(encoding="utf-8").replace(",low\n", ",1300\n")
    (folder / "cin.csv").write_text(text, encoding="utf-8")
    benchmarks_import(directory=folder)
    kirklees = figure("cin_31mar", 2025, "382")
    assert (kirklees.value, kirklees.marker) == (Decimal("1300"), "")
    # 1,300 / 95,000 x 10,000 = 136.8421...
    assert figure("cin_rate", 2025, "382").value == Decimal("136.8421")


def test_a_file_that_breaks_half_way_leaves_nothing_behind(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    head = ["time_period", "geographic_level", "old_la_code", "la_name", "At31_episodes"]
    # Far more rows than the header read looks at, then a byte that is not UTF-8.
    rows = [
        ["2025", "Local authority", str(code), f"Authority {code}", "10"]
        for code in range(100, 999)
    ]
    path = write(folder / "cin.csv", head, rows)
    path.write_bytes(path.read_bytes() + b"2025,Local authority,999,Caf\xe9,1\n")
    report = benchmarks_import(directory=folder)
    reason = dict(report.skipped)["cin.csv"]
    assert reason.startswith("could not be read to the end (")
    assert reason.endswith("nothing from it was kept")
    assert not BenchmarkValue.objects.filter(measure__in=["cin_31mar", "cin_rate"]).exists()
    assert figure("referrals", 2025, "383").value == Decimal("10000")


def test_a_row_with_only_a_gss_code_is_placed_by_its_known_authority(tmp_path):
    benchmarks_import(directory=write_folder(tmp_path / "dfe"))
    later = tmp_path / "later"
    later.mkdir()
    head = ["time_period", "geographic_level", "new_la_code", "la_name", "At31_episodes"]
    write(
        later / "b1_2026.csv",
        head,
        [
            ["2026", "Local authority", "E08000035", "Leeds", "6100"],
            ["2026", "Local authority", "E06099999", "Newtown", "5"],
        ],
    )
    report = benchmarks_import(directory=later)
    assert figure("cin_31mar", 2026, "383").value == Decimal("6100")
    (file_report,) = report.files
    assert file_report.problems == [
        "row 3: Newtown has no three-digit DfE code and its GSS code E06099999 is not known; left out"
    ]
    # No mid-2025 population yet: 2026's rate is left out rather than marked.
    assert not BenchmarkValue.objects.filter(measure="cin_rate", year=2026).exists()


def test_it_says_when_the_folder_is_not_there(tmp_path):
    with pytest.raises(BenchmarkImportError, match="no such folder"):
        benchmarks_import(directory=tmp_path / "missing")


def test_a_second_row_for_the_same_area_and_year_is_reported(tmp_path):
    head = ["time_period", "geographic_level", "old_la_code", "la_name", "At31_episodes"]
    write(
        tmp_path / "b1.csv",
        head,
        [
            ["2025", "Local authority", "383", "Leeds", "10"],
            ["2025", "Local authority", "383", "Leeds", "12"],
        ],
    )
    report = benchmarks_import(directory=tmp_path)
    assert report.files[0].problems == [
        "row 3: a second row for Leeds in 2025 (the first is row 2); the later row is kept"
    ]
    assert figure("cin_31mar", 2025, "383").value == Decimal("12")
