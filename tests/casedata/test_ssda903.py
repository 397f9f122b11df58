"""The SSDA903 importer on tables written here and on the shared samples."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.casedata.importers import ssda903
from scrutineer.casedata.importers.base import ImportRefused, Problem, Row

from .files import (
    EPISODES_903,
    HEADER_903,
    MISSING_903,
    NO_SAMPLES,
    REVIEWS_903,
    SAMPLES,
    csv_table,
    pseudonymise,
    write,
)

D = dt.date


def read(path, **options):
    events = list(
        ssda903.read(path, pseudonymise=pseudonymise, reference_date="2022-03-31", **options)
    )
    rows: dict[str, list[dict]] = {}
    for event in events:
        if isinstance(event, Row):
            rows.setdefault(event.table, []).append(event.values)
    return rows, [e for e in events if isinstance(e, Problem)]


@pytest.fixture
def tables(tmp_path):
    folder = tmp_path / "903"
    folder.mkdir()
    csv_table(folder / "header.csv", HEADER_903, [
        ["1001", "2", "14/06/2010", "WBRI", "A123456789012", "", ""],
        ["1002", "1", "01/01/2008", "APKN", "", "", ""],
    ])  # fmt: skip
    csv_table(folder / "episodes.csv", EPISODES_903, [
        ["1001", "01/04/2020", "S", "C1", "N1", "U6", "PR1", "01/10/2020", "X1", "", "AB1 2CD", "EF3 4GH", "1234567"],
        ["1001", "01/10/2020", "L", "C2", "N1", "U6", "PR1", "", "", "", "AB1 2CD", "EF3 4GH", "1234567"],
        ["1002", "05/05/2021", "S", "V2", "N4", "K2", "PR2", "01/03/2021", "E4A", "", "", "", ""],
    ])  # fmt: skip
    csv_table(folder / "reviews.csv", REVIEWS_903, [["1001", "14/06/2010", "20/04/2020", "PN1"]])
    csv_table(
        folder / "missing.csv",
        MISSING_903,
        [["1001", "14/06/2010", "M", "02/02/2021", "04/02/2021"]],
    )
    return folder


def test_it_reads_each_table_into_its_canonical_table(tables):
    rows, problems = read(tables)
    alice, bob = pseudonymise("1001"), pseudonymise("1002")
    assert rows["children"] == [
        {"child": alice, "la": None, "sex": "F", "ethnicity": "WBRI", "disabled": None,
         "birth_month": D(2010, 6, 1), "expected_birth_month": None},
        {"child": bob, "la": None, "sex": "M", "ethnicity": "APKN", "disabled": None,
         "birth_month": D(2008, 1, 1), "expected_birth_month": None},
    ]  # fmt: skip
    assert [e["start_date"] for e in rows["cla_episodes"]] == [D(2020, 4, 1), D(2020, 10, 1)]
    assert rows["cla_episodes"][0] == {
        "child": alice, "start_date": D(2020, 4, 1), "end_date": D(2020, 10, 1), "reason_new": "S",
        "legal_status": "C1", "placement": "U6", "reason_end": "X1",
    }  # fmt: skip
    assert rows["cla_reviews"] == [{"child": alice, "review_date": D(2020, 4, 20)}]
    assert rows["missing"] == [
        {"child": alice, "start_date": D(2021, 2, 2), "end_date": D(2021, 2, 4), "kind": "MISSING"}
    ]
    # Bob's episode ended before it began: reported, and not used
    assert [(p.rule, p.severity, p.record) for p in problems] == [
        ("dates_out_of_order", "error", "episodes.csv, line 4")
    ]


def test_it_never_lets_out_identifiers_postcodes_or_dates_of_birth(tables):
    shown = repr(list(ssda903.read(tables, pseudonymise=pseudonymise)))
    for secret in ("'1001'", "A123456789012", "AB1 2CD", "1234567", "datetime.date(2010, 6, 14)"):
        assert secret not in shown


def test_it_reads_a_single_table_and_recognises_tables_by_their_columns(tables, tmp_path):
    renamed = tmp_path / "export_07.csv"
    renamed.write_bytes((tables / "episodes.csv").read_bytes())
    assert ssda903.table_of(renamed) == "episodes"
    assert ssda903.detect(renamed)
    rows, problems = read(renamed)
    assert len(rows["cla_episodes"]) == 2
    assert {p.rule for p in problems} == {
        "missing_table",
        "child_not_in_header",
        "dates_out_of_order",
    }


def test_it_reports_files_it_does_not_know_and_skips_the_tables_it_does_not_need(tables):
    csv_table(
        tables / "uasc.csv", ["CHILD", "SEX", "DOB", "DUC"], [["1001", "2", "14/06/2010", ""]]
    )
    write(tables / "notes.csv", "something,else\n1,2\n")
    _, problems = read(tables)
    assert [(p.rule, p.record) for p in problems if p.rule == "file_not_read"] == [
        ("file_not_read", "notes.csv")
    ]


def test_it_reports_a_child_twice_in_the_header_and_keeps_the_first(tmp_path):
    path = csv_table(tmp_path / "header.csv", HEADER_903, [
        ["1001", "2", "14/06/2010", "WBRI", "", "", ""],
        ["1001", "1", "14/06/2011", "WOTH", "", "", ""],
    ])  # fmt: skip
    rows, problems = read(path)
    assert [r["sex"] for r in rows["children"]] == ["F"]
    assert [(p.rule, p.record) for p in problems] == [("duplicate_child", "header.csv, line 3")]


def test_it_reads_windows_1252_and_reports_bad_values(tmp_path):
    path = csv_table(
        tmp_path / "episodes.csv",
        EPISODES_903,
        [["1001", "31/02/2020", "S", "Z9", "N1", "U6", "PR1", "", "", "", "Café", "", ""],
         ["", "01/04/2020", "S", "C1", "N1", "U6", "PR1", "", "", "", "", "", ""]],
        encoding="cp1252",
    )  # fmt: skip
    rows, problems = read(path)
    found = Counter((p.rule, p.severity) for p in problems)
    assert found[("invalid_value", "error")] == 1  # DECOM 31/02/2020: not used
    assert found[("unknown_code", "warning")] == 1  # LS Z9
    assert found[("missing_field", "error")] == 1  # no CHILD
    assert "cla_episodes" not in rows


def test_it_refuses_a_folder_with_no_tables(tmp_path):
    write(tmp_path / "readme.txt", "hello")
    with pytest.raises(ImportRefused, match="holds no SSDA903 table"):
        list(ssda903.read(tmp_path, pseudonymise=pseudonymise))
    assert not ssda903.detect(tmp_path)


def test_it_reports_progress_in_bytes(tables):
    seen: list[int] = []
    read(tables, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == sum(p.stat().st_size for p in tables.iterdir())


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=2000),
    st.sampled_from([b"", b"CHILD,DECOM,RNE,LS,PLACE,DEC\n", b"CHILD,REVIEW\n"]),
)
def test_arbitrary_bytes_are_read_or_refused_never_anything_else(tmp_path, content, header):
    path = write(tmp_path / "any.csv", header + content)
    with contextlib.suppress(ImportRefused):
        list(ssda903.read(path, pseudonymise=pseudonymise))
    ssda903.detect(path)


# --- the shared samples ----------------------------------------------------------------------


@pytest.mark.skipif(not SAMPLES.exists(), reason=NO_SAMPLES)
def test_the_sample_tables_read_with_their_problems_reported():
    folder = SAMPLES / "ssda903"
    assert ssda903.detect(folder)
    rows, problems = read(folder)
    assert {t: len(r) for t, r in rows.items()} == {
        "children": 2675, "cla_episodes": 5050, "cla_reviews": 12568, "missing": 43,
    }  # fmt: skip
    counts = Counter((p.rule, p.severity) for p in problems)
    assert counts[("duplicate_record", "error")] == 14  # 12582 reviews, 14 repeated: 12568 used
    assert counts[("overlapping_care_episodes", "warning")] > 0
    assert counts[("missing_field", "warning")] > 0  # ended with a reason but no end date
