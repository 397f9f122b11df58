from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_it_adds_working_days(db):
    assert run("add", "2023-05-05", "1") == "2023-05-09"


def test_it_counts_working_days(db):
    assert run("between", "2023-05-05", "2023-05-09") == "1"


def test_it_reads_british_dates(db):
    assert run("add", "05/05/2023", "-1") == "2023-05-04"


def test_it_works_through_a_csv_file_in_order(db, tmp_path):
    path = tmp_path / "clocks.csv"
    path.write_text("date,n\n2023-05-05,1\n24/12/2022,1\n2024-03-28,-1\n", encoding="utf-8")
    assert run("add", "--csv", str(path)).splitlines() == ["2023-05-09", "2022-12-28", "2024-03-27"]


def test_it_counts_through_a_csv_file_with_a_bom_and_spaces(db, tmp_path):
    path = tmp_path / "spans.csv"
    path.write_text(
        "\ufeffStart , End\n2023-05-05 , 2023-05-09\n2023-05-09,2023-05-05\n", encoding="utf-8"
    )
    assert run("between", "--csv", str(path)).splitlines() == ["1", "-1"]


def test_it_uses_closure_days_only_when_asked(db):
    import datetime as dt

    from scrutineer.core.calendar import closure_day_add

    closure_day_add(date=dt.date(2026, 12, 29), reason="Closed")
    assert run("add", "2026-12-24", "2") == "2026-12-30"
    assert run("--with-closures", "add", "2026-12-24", "2") == "2026-12-31"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,n\n2023-05-05,1\n2023-02-30,1\n", "row 3, column date: '2023-02-30' is not a date"),
        ("date,n\n2023-05-05,one\n", "row 2, column n: 'one' is not a whole number"),
        ("date,days\n2023-05-05,1\n", "needs the column(s) n"),
        ("", "the file is empty"),
        ("date,n\n2023-05-05,\n", "row 2, column n: the value is missing"),
    ],
)
def test_it_says_which_row_and_column_is_wrong(db, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("add", "--csv", str(path))


def test_it_refuses_a_file_that_is_not_utf8(db, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("date,n\n2023-05-05,1\n\xff\xfe".encode("latin-1"))
    with pytest.raises(CommandError, match="not a UTF-8 text file"):
        run("add", "--csv", str(path))


def test_it_asks_for_what_is_missing(db):
    with pytest.raises(CommandError, match="Give N"):
        run("add", "2023-05-05")


def test_it_refuses_a_date_outside_the_calendar(db):
    with pytest.raises(CommandError, match="outside the working-day calendar"):
        run("add", "1960-01-01", "1")
