"""``scrutineer spc FILE.csv``: the JSON it prints and the errors it gives."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ALTERNATING = "\n".join(f"2024-{m:02d},{10 if m % 2 else 14}" for m in range(1, 13))
# 10, 14, ... for January to December 2024: mean 12, mean moving range 4,
# limits 12 ± 2.66 x 4 = 1.36 and 22.64.


def run(tmp_path: Path, text: str | bytes, *args: str) -> dict:
    path = tmp_path / "series.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("spc", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_chart_as_json(tmp_path):
    result = run(tmp_path, f"period,value\n{ALTERNATING}\n2025-01,30\n", "--polarity", "up")
    assert set(result) == {"points", "variation", "assurance"}
    first, last = result["points"][0], result["points"][-1]
    assert set(first) == {"period", "value", "mean", "lower", "upper", "rules", "class", "trial"}
    # With 30 added: mean = 174 / 13 = 13.385; mean moving range (44 + 16) / 12 = 5;
    # limits 13.385 ± 13.3.
    assert first["mean"] == pytest.approx(13.385, abs=1e-3)
    assert (first["lower"], first["upper"]) == (
        pytest.approx(0.085, abs=1e-3),
        pytest.approx(26.685, abs=1e-3),
    )
    assert (last["period"], last["value"], last["rules"], last["class"]) == (
        "2025-01",
        30.0,
        ["outside_limits"],
        "improvement",
    )
    assert first["rules"] == []
    assert first["class"] == "common_cause"
    assert result["variation"] == "improvement_high"
    assert result["assurance"] is None


def test_it_gives_the_assurance_for_a_target(tmp_path):
    result = run(tmp_path, f"period,value\n{ALTERNATING}\n", "--polarity", "down", "--target", "25")
    assert result["assurance"] == "pass"
    assert result["variation"] == "common_cause"


def test_it_is_neutral_by_default(tmp_path):
    result = run(tmp_path, f"period,value\n{ALTERNATING}\n2025-01,30\n", "--target", "0")
    assert result["points"][-1]["class"] == "neutral_high"
    assert result["variation"] == "neither_high"
    assert result["assurance"] is None


def test_it_rebases_fixes_and_screens_on_request(tmp_path):
    text = "period,value\n" + "\n".join(
        f"p{i:02d},{v}" for i, v in enumerate([10, 12, 10, 12, 10, 12, 30, 32, 30, 32, 30, 32])
    )
    rebased = run(tmp_path, text, "--rebase", "p06")
    assert [p["mean"] for p in rebased["points"]] == [11] * 6 + [31] * 6
    twice = run(tmp_path, text, "--rebase", "p06", "--rebase", "p09")
    # The third segment is 32, 30, 32: mean 94 / 3.
    assert twice["points"][-1]["mean"] == pytest.approx(94 / 3)
    assert twice["points"][-1]["lower"] is not None
    fixed = run(tmp_path, text, "--fix-after", "6")
    assert {p["mean"] for p in fixed["points"]} == {11}
    # Unscreened: moving ranges 10 x 2 and 18: 38 / 11; limits 21 ± 2.66 x 38 / 11.
    unscreened = run(tmp_path, text, "--no-screen")
    assert unscreened["points"][0]["upper"] == pytest.approx(21 + 2.66 * 38 / 11)


def test_it_reads_a_byte_order_mark_and_columns_in_any_order(tmp_path):
    text = "\ufeffValue,Period\n1,a\n2,b\n"
    result = run(tmp_path, text.encode("utf-8"))
    assert [p["period"] for p in result["points"]] == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("period,amount\na,1\nb,2\n", (), "needs the column\\(s\\) value; it has period, amount"),
        ("period,value\na,1\nb,many\n", (), "row 3, column value: 'many' is not a number"),
        ("period,value\na,1\nb,nan\n", (), "row 3, column value: 'nan' is not a number"),
        ("period,value\na,1\nb,\n", (), "row 3, column value: the value is missing"),
        ("period,value\na,1\n,2\n", (), "row 3, column period: the value is missing"),
        ("period,value\na,1\nb,2\na,3\n", (), "row 4, column period: a is already in row 2"),
        ("period,value\na,1\n", (), "at least 2 rows of data; the file has 1"),
        ("", (), "the file is empty"),
        ("period,value\na,1\nb,2\n", ("--rebase", "c"), "--rebase c: .* no row .* column period"),
        ("period,value\na,1\nb,2\n", ("--fix-after", "1"), "--fix-after"),
        ("period,value\na,1\nb,2\n", ("--target", "inf"), "--target"),
    ],
)
def test_it_names_the_row_and_column_of_bad_input(tmp_path, text, args, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, text, *args)


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    with pytest.raises(CommandError, match="not a UTF-8 text file"):
        run(tmp_path, "period,value\nJanvier,1\nFévrier,2\n".encode("cp1252"))


def test_it_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("spc", str(tmp_path / "absent.csv"))
