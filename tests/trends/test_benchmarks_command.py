"""``scrutineer benchmarks import DIR`` and ``scrutineer benchmarks show``: output and errors."""

from __future__ import annotations

import json
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scrutineer.__main__ import main
from scrutineer.trends.benchmarks import MEASURES, benchmarks_import

from .benchmark_files import write, write_folder

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("benchmarks", *args, stdout=out)
    return out.getvalue()


def test_import_shows_progress_and_a_summary(tmp_path):
    folder = write_folder(tmp_path / "dfe")
    write(folder / "budget.csv", ["year", "spend"], [["2025", "1"]])
    out = run("import", str(folder))
    assert "Reading referrals.csv: referrals and re-referrals (c1)" in out
    assert "Computing rates per 10,000 children" in out
    assert "4 file(s) recognised, 42 rows, " in out
    assert "  referrals.csv: referrals and re-referrals (c1); 16 rows, " in out
    assert "1 file(s) skipped:\n  budget.csv: budget.csv: not a file Scrutineer recognises" in out


def test_import_refuses_a_folder_that_is_not_there(tmp_path):
    with pytest.raises(CommandError, match="missing: no such folder"):
        run("import", str(tmp_path / "missing"))


def test_import_fails_when_nothing_in_the_folder_is_recognised(tmp_path):
    write(tmp_path / "budget.csv", ["year", "spend"], [["2025", "1"]])
    with pytest.raises(CommandError, match="no file there is one Scrutineer recognises"):
        run("import", str(tmp_path))


@pytest.fixture
def imported(tmp_path):
    benchmarks_import(directory=write_folder(tmp_path / "dfe"))


def test_show_prints_the_json_the_issue_asks_for(imported):
    result = json.loads(run("show", "--la", "383", "--year", "2025", "--json"))
    assert set(result) == {"la", "year", "indicators"}
    assert (result["la"], result["year"]) == ("383", 2025)
    codes = [indicator["code"] for indicator in result["indicators"]]
    assert codes == [code for code in MEASURES if code in codes]  # in the domain's order
    assert {"referral_rate", "rereferral_pct", "cin_rate"} <= set(codes)
    for indicator in result["indicators"]:
        assert set(indicator) == {
            "code",
            "value",
            "england",
            "region",
            "neighbours_mean",
            "rank",
            "quartile",
        }
    rate = next(i for i in result["indicators"] if i["code"] == "referral_rate")
    assert rate["value"] == 500.0
    assert isinstance(rate["england"], float)
    assert (rate["rank"], rate["quartile"]) == (4, "D")


def test_show_takes_the_latest_year_without_year(imported):
    assert json.loads(run("show", "--la", "383", "--json"))["year"] == 2025


def test_show_prints_a_readable_table(imported):
    out = run("show", "--la", "383", "--year", "2025")
    lines = out.splitlines()
    assert lines[0] == "Leeds (383), 2024-25"
    assert lines[1].split() == [
        "measure",
        "value",
        "England",
        "region",
        "neighbours",
        "rank",
        "band",
    ]
    rate = next(line for line in lines if line.startswith("Referrals per 10,000 children"))
    # England 632,830 / 12,183,016; Yorkshire 63,590 / 1,181,000; neighbours (400.0 + 293.1) / 2.
    assert rate.split()[-8:] == ["500.0", "519.4", "538.4", "346.6", "4", "of", "4", "D"]
    calderdale = run("show", "--la", "381", "--year", "2025").splitlines()
    rereferrals = next(
        line for line in calderdale if line.startswith("Re-referrals within 12 months")
    )
    assert rereferrals.split()[-4:] == ["c", "22.6", "21.7", "-"]


def test_show_an_unknown_authority_is_an_error(imported):
    with pytest.raises(CommandError, match="--la 999: no local authority has that code"):
        run("show", "--la", "999", "--year", "2025")


def test_show_a_year_without_figures_is_an_error(imported):
    with pytest.raises(
        CommandError, match="--year 2011: Leeds has no figures for that year; it has 2024, 2025"
    ):
        run("show", "--la", "383", "--year", "2011", "--json")


def test_errors_go_to_stderr_with_exit_status_1(imported, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["scrutineer", "benchmarks", "show", "--la", "999"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert "no local authority has that code" in capsys.readouterr().err
