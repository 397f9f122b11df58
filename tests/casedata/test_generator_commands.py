"""``scrutineer casedata generate`` and ``scrutineer casedata indicators`` from the command line."""

from __future__ import annotations

import json
import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutineer.core.models import AccessLogEntry
from scrutineer.trends.models import Level, Population

pytestmark = [
    pytest.mark.filterwarnings("ignore:Sortedness of columns:UserWarning"),
    # Ibis 12 calls a method DuckDB 2 deprecated; not ours to change
    pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"),
]


def run(*args: str) -> str:
    out = StringIO()
    call_command("casedata", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    out = StringIO()
    call_command(
        "casedata", "generate", "--children", "400", "--years", "2", "--format", "cin",
        "--seed", "4", "--out", str(folder), stdout=out,
    )  # fmt: skip
    return folder, out.getvalue()


def test_generate_says_what_it_wrote(generated):
    folder, said = generated
    assert f"Wrote {folder / 'cin_2024.xml'}" in said
    assert f"Wrote {folder / 'cin_2025.xml'}" in said
    assert f"Wrote {folder / 'truth.json'}" in said
    assert "--from" in said
    assert (folder / "tables" / "children.parquet").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--children", "0"], "must be from 1"),
        (["--children", "ten"], "must be a whole number"),
        (["--la", "38"], "three-digit"),
    ],
)
def test_generate_refuses_bad_options(tmp_path, args, message):
    base = {"--children": "10", "--format": "cin", "--out": str(tmp_path)}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    with pytest.raises(CommandError, match=message):
        call_command("casedata", "generate", *[x for kv in base.items() for x in kv])


def test_generate_refuses_a_file_as_the_folder(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        run("generate", "--children", "5", "--format", "903", "--out", str(target))


def test_indicators_print_the_planted_values_as_json(db, generated):
    folder, _ = generated
    truth = json.loads((folder / "truth.json").read_text())
    people = truth["population"]["2024"]
    printed = json.loads(
        run("indicators", "--year", "2025", "--from", str(folder / "tables"), "--json",
            "--population", str(people))
    )  # fmt: skip
    assert printed["year"] == 2025
    assert printed["snapshot"] == str(folder / "tables")
    for code, value in truth["years"]["2025"].items():
        found = printed["indicators"][code]
        assert (value is None and found is None) or math.isclose(value, found), code


def test_indicators_without_a_population_print_null_rates_and_say_why(db, generated):
    folder, _ = generated
    printed = json.loads(
        run("indicators", "--year", "2025", "--from", str(folder / "tables"), "--json")
    )
    assert printed["indicators"]["referral_rate"] is None
    assert printed["indicators"]["referrals"] > 0
    assert "mid-year 2024" in printed["note"]


def test_indicators_use_the_stored_ons_population_of_the_year_before(db, generated):
    folder, _ = generated
    Population.objects.create(
        level=Level.LOCAL_AUTHORITY, area_code="999", mid_year=2024, population=20000
    )
    Population.objects.create(
        level=Level.LOCAL_AUTHORITY, area_code="999", mid_year=2025, population=1
    )
    printed = json.loads(
        run("indicators", "--year", "2025", "--from", str(folder / "tables"), "--json")
    )
    v = printed["indicators"]
    assert printed["population"] == 20000
    assert v["referral_rate"] == pytest.approx(v["referrals"] / 20000 * 10000)


def test_indicators_are_a_read_of_case_level_data_in_the_access_log(db, generated):
    folder, _ = generated
    run("indicators", "--year", "2025", "--from", str(folder / "tables"))
    entry = AccessLogEntry.objects.latest("id")
    assert entry.action == "read"
    assert "Indicators for 2025" in entry.description


def test_indicators_print_a_readable_table_with_months_and_splits_on_request(db, generated):
    folder, _ = generated
    text = run(
        "indicators", "--year", "2025", "--from", str(folder / "tables"), "--population", "9000"
    )
    assert "Reporting year 2025 (April 2024 to March 2025)" in text
    assert "rereferral_pct" in text
    printed = json.loads(
        run(
            "indicators",
            "--year",
            "2025",
            "--from",
            str(folder / "tables"),
            "--json",
            "--months",
            "--splits",
        )
    )
    assert set(printed["months"]) >= {"2024-04", "2025-03"}
    assert set(printed["splits"]) == {"age_band", "sex", "ethnicity", "disability"}


def test_indicators_refuse_a_folder_without_the_tables(db, tmp_path):
    with pytest.raises(CommandError, match="missing"):
        run("indicators", "--year", "2025", "--from", str(tmp_path))


def test_indicators_without_any_snapshot_say_how_to_get_one(db):
    with pytest.raises(CommandError, match="scrutineer casedata import"):
        run("indicators", "--year", "2025")


@pytest.mark.parametrize(
    ("flag", "value"), [("--year", "25"), ("--year", "twenty"), ("--population", "0")]
)
def test_indicators_refuse_a_bad_year_or_population(db, generated, flag, value):
    folder, _ = generated
    args = {"--year": "2025", "--from": str(folder / "tables"), flag: value}
    with pytest.raises(CommandError, match="must be"):
        call_command("casedata", "indicators", *[x for kv in args.items() for x in kv])


def test_generate_refuses_years_the_working_day_calendar_does_not_cover(tmp_path):
    with pytest.raises(CommandError, match="working-day calendar covers 2000-2060"):
        run("generate", "--children", "5", "--years", "10", "--last-year", "2014",
            "--format", "cin", "--out", str(tmp_path))  # fmt: skip
