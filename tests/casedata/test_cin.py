"""The CIN census importer on small files of its own and on the shared samples."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from scrutineer.casedata.importers import cin
from scrutineer.casedata.importers.base import Problem, Row
from scrutineer.casedata.schema import BY_NAME

from .files import (
    NO_SAMPLES,
    SAMPLES,
    assessment,
    child,
    cin_plan,
    cin_xml,
    cp_plan,
    episode,
    pseudonymise,
    section47,
    write,
)

D = dt.date


def read(path, **options):
    events = list(cin.read(path, pseudonymise=pseudonymise, **options))
    rows: dict[str, list[dict]] = {}
    for event in events:
        if isinstance(event, Row):
            rows.setdefault(event.table, []).append(event.values)
    return rows, [e for e in events if isinstance(e, Problem)]


def test_it_reads_a_child_with_every_module(tmp_path):
    path = write(
        tmp_path / "cin.xml",
        cin_xml(
            child(
                "C1",
                episode(
                    "2021-05-04",
                    assessment("2021-05-05", "2021-06-01", ("3A", "4B")),
                    cin_plan("2021-06-02", "2021-07-01"),
                    section47("2021-05-10", "2021-05-31", "2021-05-27"),
                    cp_plan("2021-05-27", "2021-11-30", reviews=["2021-08-02"]),
                    closure="2021-12-01",
                    reason="RC7",
                ),
                disabilities=["AUT"],
            ),
            la="383",
        ),
    )
    rows, problems = read(path)
    assert problems == []
    me = pseudonymise("C1")
    assert rows["children"] == [
        {"child": me, "la": "383", "sex": "M", "ethnicity": "WBRI", "disabled": True,
         "birth_month": D(2015, 6, 1), "expected_birth_month": None}
    ]  # fmt: skip
    [referral] = rows["referrals"]
    assert referral == {
        "child": me, "referral_id": f"{me}/R2021-05-04", "referral_date": D(2021, 5, 4),
        "source": "1A", "primary_need": "N1", "closure_date": D(2021, 12, 1),
        "closure_reason": "RC7", "nfa": False, "age": 5,
    }  # fmt: skip
    [found] = rows["assessments"]
    assert found["factors"] == ["3A", "4B"]
    assert found["referral_id"] == referral["referral_id"]
    assert rows["cin_plans"][0]["end_date"] == D(2021, 7, 1)
    assert rows["s47"][0]["icpc_date"] == D(2021, 5, 27)
    assert rows["s47"][0]["icpc_not_required"] is False
    assert rows["cp_plans"][0]["initial_category"] == "NEG"
    assert rows["cp_reviews"] == [
        {"child": me, "plan_id": rows["cp_plans"][0]["plan_id"], "review_date": D(2021, 8, 2)}
    ]
    for table, found_rows in rows.items():
        for row in found_rows:
            assert tuple(row) == BY_NAME[table].column_names


def test_it_reads_both_eras_of_sex(tmp_path):
    old = cin_xml(child("A", gender="1"), child("B", gender="2"), child("C", gender="0"),
                  child("D", gender="9"))  # fmt: skip
    new = cin_xml(
        child("A", sex="M"), child("B", sex="F"), child("C", sex="U"), child("D", sex="U")
    )
    sexes = []
    for text in (old, new):
        rows, problems = read(write(tmp_path / "cin.xml", text))
        assert problems == []
        sexes.append([r["sex"] for r in rows["children"]])
    assert sexes == [["M", "F", "U", "U"], ["M", "F", "U", "U"]]


def test_it_records_disability_as_yes_no_or_not_known(tmp_path):
    text = cin_xml(
        child("A", disabilities=["NONE"]),
        child("B", disabilities=["HAND", "HEAR"]),
        child("C"),
        child("D", disabilities=["none"]),
    )
    rows, problems = read(write(tmp_path / "cin.xml", text))
    assert problems == []
    assert [r["disabled"] for r in rows["children"]] == [False, True, None, False]


@pytest.mark.parametrize(
    ("written", "value"),
    [("true", True), ("false", False), ("TRUE", True), ("FALSE", False), ("1", True), ("0", False)],
)
def test_it_reads_every_boolean_spelling(tmp_path, written, value):
    text = cin_xml(child("A", episode("2021-05-04", section47(not_required=written), nfa=written)))
    rows, problems = read(write(tmp_path / "cin.xml", text))
    assert problems == []
    assert rows["referrals"][0]["nfa"] is value
    assert rows["s47"][0]["icpc_not_required"] is value


def test_it_tolerates_day_month_year_dates_and_a_namespace(tmp_path):
    text = cin_xml(
        child("A", episode("04/05/2021", closure="01/12/2021", reason="RC8"), birth="14/06/2015"),
        namespace="http://www.dcsf.gov.uk/schemas/cbds",
    )
    rows, problems = read(write(tmp_path / "cin.xml", text))
    assert problems == []
    assert rows["referrals"][0]["referral_date"] == D(2021, 5, 4)
    assert rows["children"][0]["birth_month"] == D(2015, 6, 1)


def test_it_reads_old_and_new_factor_codes_and_reports_unknown_ones(tmp_path):
    text = cin_xml(
        child("A", episode("2021-05-04", assessment(factors=("18A", "18C", "24A", "3a", "99Z"))))
    )
    rows, problems = read(write(tmp_path / "cin.xml", text))
    assert rows["assessments"][0]["factors"] == ["18A", "18C", "24A", "3A"]
    assert [(p.rule, p.severity) for p in problems] == [("unknown_code", "warning")]
    assert "'99Z' is not a known assessment factor" in problems[0].message


def test_it_never_lets_an_identifier_or_a_full_date_of_birth_out(tmp_path):
    text = cin_xml(
        child("LA-ID-7731", episode("2021-05-04", assessment()), birth="2015-06-14",
              upn="Z987654321098"),
        child("LA-ID-7731", birth="2015-06-14", upn="Z987654321098"),
    )  # fmt: skip
    events = list(cin.read(write(tmp_path / "cin.xml", text), pseudonymise=pseudonymise))
    shown = repr(events)
    assert "7731" not in shown
    assert "Z987654321098" not in shown
    assert "2015-06-14" not in shown
    assert "datetime.date(2015, 6, 14)" not in shown
    assert any(isinstance(e, Problem) and e.rule == "duplicate_child" for e in events)


def test_it_keeps_the_first_record_of_a_child_met_twice(tmp_path):
    text = cin_xml(child("A", episode("2021-05-04")), child("A", episode("2021-09-01")))
    rows, problems = read(write(tmp_path / "cin.xml", text))
    assert [r["referral_date"] for r in rows["referrals"]] == [D(2021, 5, 4)]
    assert [(p.rule, p.severity, p.record) for p in problems] == [
        ("duplicate_child", "error", "line 6, Child 2")
    ]


def test_it_makes_ids_unique_even_for_a_repeated_referral(tmp_path):
    text = cin_xml(
        child("A", episode("2021-05-04", assessment()), episode("2021-05-04", assessment()))
    )
    rows, problems = read(write(tmp_path / "cin.xml", text))
    assert [p.rule for p in problems] == ["duplicate_record"]
    assert len(rows["referrals"]) == 1
    assert len(rows["assessments"]) == 1  # the repeat's assessment went with it


def test_it_reports_bad_records_and_keeps_the_rest(tmp_path):
    text = cin_xml(
        child("A", episode("2021-05-04", closure="2021-04-01", reason="RC8")),
        child("B", episode("not a date")),
        child("C", episode("2021-05-04", section47(icpc="2021-05-29"), source="Z9")),
        child(None),
        child("D", episode("2022-06-01")),
    )
    rows, problems = read(write(tmp_path / "cin.xml", text))
    assert {(p.rule, p.severity) for p in problems} == {
        ("dates_out_of_order", "error"), ("invalid_value", "error"), ("unknown_code", "warning"),
        ("icpc_on_weekend", "warning"), ("missing_field", "error"), ("future_date", "warning"),
    }  # fmt: skip
    assert len(rows["children"]) == 4  # A, B, C, D; the child with no LAchildID is reported
    assert [r["child"] for r in rows["referrals"]] == [pseudonymise("C"), pseudonymise("D")]


def test_it_judges_the_future_by_the_reference_date_given_or_written(tmp_path):
    path = write(
        tmp_path / "cin.xml", cin_xml(child("A", episode("2022-04-02")), reference="2022-03-31")
    )
    _, problems = read(path)
    assert [p.rule for p in problems] == ["future_date"]
    _, problems = read(path, reference_date="2022-06-30")
    assert problems == []
    assert cin.reference_date(path) == D(2022, 3, 31)


def test_it_reports_progress_in_bytes_read(tmp_path):
    path = write(tmp_path / "cin.xml", cin_xml(*(child(f"C{n}") for n in range(300))))
    seen: list[int] = []
    read(path, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == path.stat().st_size


def test_it_recognises_census_files_by_their_content(tmp_path):
    assert cin.detect(write(tmp_path / "anything.dat", cin_xml()))
    assert not cin.detect(write(tmp_path / "other.xml", "<Message><Other/></Message>"))
    assert not cin.detect(write(tmp_path / "text.xml", "CHILD,SEX\n1,2\n"))
    assert not cin.detect(tmp_path)


# --- the shared samples ----------------------------------------------------------------------

needs_samples = pytest.mark.skipif(not SAMPLES.exists(), reason=NO_SAMPLES)


@needs_samples
def test_the_sample_with_every_module_reads_clean():
    rows, problems = read(SAMPLES / "cin_census" / "BAR_cin_2022.xml")
    assert {t: len(r) for t, r in rows.items()} == {
        "children": 1, "referrals": 1, "assessments": 1, "cin_plans": 1, "s47": 1,
        "cp_plans": 1, "cp_reviews": 1,
    }  # fmt: skip
    assert rows["children"][0]["la"] == "201"
    assert rows["children"][0]["disabled"] is True
    # the sample's work starts before its referral: reported, not dropped
    assert {p.rule for p in problems} == {"before_referral"}


@needs_samples
def test_the_sample_with_an_odd_reference_date_and_future_dates_is_reported_not_refused():
    path = SAMPLES / "cin_census" / "fake_CIN_data.xml"
    rows, problems = read(path)
    assert len(rows["children"]) == 332
    assert len(rows["referrals"]) == 402
    counts = Counter(p.rule for p in problems)
    assert counts["odd_reference_date"] == 1
    assert counts["future_date"] > 0
    assert all(p.severity == "warning" for p in problems)
    assert cin.detect(path)
