"""The Annex A importer on workbooks written here (template headers, local variants, every date
form) and on the shared sample."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from scrutineer.casedata.importers import annexa
from scrutineer.casedata.importers.annexa_layout import FIELDS, list_number, match_header
from scrutineer.casedata.importers.base import ImportRefused, Problem, Row

from .files import NO_SAMPLES, SAMPLES, annexa_workbook, pseudonymise

D = dt.date
ALICE = ["A1", "b) Female", "a) WBRI", D(2012, 3, 9), 10]


def read(path, **options):
    events = list(
        annexa.read(path, pseudonymise=pseudonymise, reference_date="2022-03-31", **options)
    )
    rows: dict[str, list[dict]] = {}
    for event in events:
        if isinstance(event, Row):
            rows.setdefault(event.table, []).append(event.values)
    return rows, [e for e in events if isinstance(e, Problem)]


def full_workbook(path, **options):
    return annexa_workbook(
        path,
        {
            1: [[*ALICE, D(2021, 5, 1), "q) 6: Police"]],
            3: [[*ALICE, D(2021, 5, 4), "e) 2A: Schools", "b) No", 0, "Team", "Worker Name"]],
            4: [[*ALICE, "b) No", D(2021, 5, 5), "Yes", D(2021, 6, 1)]],
            5: [[*ALICE, "b) No", D(2021, 5, 10), "No", D(2021, 5, 27)]],
            6: [[*ALICE, "b) No", D(2021, 5, 4), "N1 - Abuse or Neglect", None, None]],
            7: [[*ALICE, "b) No", D(2021, 5, 27), "Neglect", "Neglect", D(2021, 8, 2), None, 0]],
            8: [
                [
                    *ALICE,
                    "b) No",
                    D(2021, 9, 1),
                    "C2: FCO",
                    None,
                    None,
                    "f) U6: Foster placement - not FFA",
                    "AB1 2CD",
                    "Worker Name",
                ]
            ],
        },
        **options,
    )


def test_it_reads_every_list_into_its_table(tmp_path):
    rows, problems = read(full_workbook(tmp_path / "annexa.xlsx"))
    me = pseudonymise("A1")
    assert problems == []
    assert rows["children"] == [
        {"child": me, "la": None, "sex": "F", "ethnicity": "WBRI", "disabled": False,
         "birth_month": D(2012, 3, 1), "expected_birth_month": None}
    ]  # fmt: skip
    assert rows["contacts"] == [{"child": me, "contact_date": D(2021, 5, 1), "source": "6"}]
    [referral] = rows["referrals"]  # list 3 and list 6 are the same episode
    assert referral == {
        "child": me, "referral_id": f"{me}/R2021-05-04", "referral_date": D(2021, 5, 4),
        "source": "2A", "primary_need": "N1", "closure_date": None, "closure_reason": None,
        "nfa": False, "age": 9,
    }  # fmt: skip
    assert rows["assessments"][0]["referral_id"] == referral["referral_id"]
    assert rows["assessments"][0]["authorised_date"] == D(2021, 6, 1)
    assert rows["s47"][0]["icpc_date"] == D(2021, 5, 27)
    assert rows["s47"][0]["icpc_not_required"] is False
    assert rows["cp_plans"][0]["initial_category"] == "NEG"
    assert rows["cp_reviews"] == [
        {"child": me, "plan_id": rows["cp_plans"][0]["plan_id"], "review_date": D(2021, 8, 2)}
    ]
    assert rows["cla_episodes"] == [
        {"child": me, "start_date": D(2021, 9, 1), "end_date": None, "reason_new": None,
         "legal_status": "C2", "placement": "U6", "reason_end": None}
    ]  # fmt: skip


def test_it_never_reads_names_postcodes_or_the_identifier(tmp_path):
    events = list(annexa.read(full_workbook(tmp_path / "a.xlsx"), pseudonymise=pseudonymise))
    shown = repr(events)
    assert "Worker Name" not in shown
    assert "AB1 2CD" not in shown
    assert "'A1'" not in shown
    assert "datetime.date(2012, 3, 9)" not in shown


def test_it_finds_lists_and_columns_by_meaning(tmp_path):
    variant = {
        1: ["LA Child ID", "Sex", "Ethnic Origin", "DOB", "Age", "Contact Date", "Source of Contact"],
        3: ["Child ID", "Sex", "Ethnicity", "D.O.B.", "Age", "Referral Date", "Source of Referral", "NFA"],
        4: ["Child Identifier", "Gender", "Ethnicity", "DOB", "Age", "Disabled?", "Assessment Start Date",
            "Assessment Authorised Date"],
        5: ["ID of child", "Gender", "Ethnicity", "DOB", "Age", "Disability", "S47 Start Date",
            "ICPC not required", "ICPC Date"],
        6: ["Child Unique ID", "Gender", "Ethnicity", "DOB", "Age", "Disability", "CIN Start Date",
            "Category of Need", "CIN Closure Date", "Closure Reason"],
        7: ["Child Unique ID", "Gender", "Ethnicity", "DOB", "Age", "Disability", "CP Plan Start Date",
            "Initial Category", "Current Category", "Latest Review", "CP Plan End Date",
            "Number of Previous Plans"],
        8: ["Child Unique ID", "Gender", "Ethnicity", "DOB", "Age", "Disability",
            "Date Became Looked After", "Legal Status", "Date Ceased", "Reason Ceased",
            "Placement Type"],
    }  # fmt: skip
    names = {1: "L1 Contacts", 3: "List_3", 4: "4. Assessments", 5: "Section 47", 6: "CIN",
             7: "Child Protection", 8: "Looked After Children"}  # fmt: skip
    path = annexa_workbook(
        tmp_path / "variant.xlsx",
        {
            1: [["A1", "F", "WBRI", "09/03/2012", 10, "01/05/2021", "Police"]],
            3: [["A1", "2", "WBRI - White British", "09/03/2012", 10, "04/05/2021", "School", "N"]],
            8: [
                [
                    "A1",
                    "Female",
                    "White British",
                    "09/03/2012",
                    10,
                    "No",
                    "01/09/2021",
                    "Accommodated under Section 20",
                    "01/12/2021",
                    "E4A",
                    "Children's Home",
                ]
            ],
        },
        headers=variant,
        sheet_names=names,
        title_rows=2,
    )
    rows, problems = read(path)
    assert problems == []
    assert rows["children"][0]["sex"] == "F"
    assert rows["contacts"][0]["source"] == "6"
    assert rows["referrals"][0]["source"] == "2A"
    assert rows["referrals"][0]["nfa"] is False
    assert rows["cla_episodes"][0]["legal_status"] == "V2"
    assert rows["cla_episodes"][0]["reason_end"] == "E4A"
    assert rows["cla_episodes"][0]["placement"] == "K2"


@pytest.mark.parametrize(
    "written",
    ["12/03/2024", "2024-03-12", "12-Mar-24", "12.03.2024", "12 March 2024", 45363, D(2024, 3, 12)],
)
def test_it_reads_dates_in_the_five_formats_and_as_serials_and_cells(tmp_path, written):
    path = annexa_workbook(
        tmp_path / "dates.xlsx", {1: [["A1", "Male", "WBRI", None, None, written, "Police"]]}
    )
    rows, _ = read(path)
    assert rows["contacts"][0]["contact_date"] == D(2024, 3, 12)


@pytest.mark.parametrize("written", ["a) Male", "Male", "1", "1 - Male", "M", 1])
def test_it_reads_every_spelling_of_a_category(tmp_path, written):
    path = annexa_workbook(
        tmp_path / "c.xlsx", {1: [["A1", written, "WBRI", None, None, "01/05/2021", "6"]]}
    )
    rows, _ = read(path)
    assert rows["children"][0]["sex"] == "M"


def test_it_reports_bad_rows_and_keeps_the_rest(tmp_path):
    path = annexa_workbook(
        tmp_path / "bad.xlsx",
        {
            1: [
                ["A1", "Male", "WBRI", "09/03/2012", None, "not a date", "Police"],
                [None, "Male", "WBRI", "09/03/2012", None, "01/05/2021", "Police"],
                ["A2", "Male", "Martian", "31/02/2012", None, "01/05/2021", "Police"],
                ["A2", "Female", "WBRI", None, None, "02/05/2021", "Somebody"],
            ],
            7: [
                [
                    "A3",
                    "F",
                    "WBRI",
                    None,
                    None,
                    "No",
                    "01/06/2021",
                    "Neglect",
                    "Neglect",
                    None,
                    "01/05/2021",
                    0,
                ]
            ],
        },
    )
    rows, problems = read(path)
    found = Counter((p.rule, p.severity) for p in problems)
    assert found[("invalid_value", "error")] == 1  # the contact with no date: not used
    assert found[("missing_field", "error")] == 1  # the row with no child ID
    assert found[("unknown_code", "warning")] == 2  # Martian, Somebody
    assert found[("invalid_value", "warning")] == 1  # 31/02/2012
    assert found[("conflicting_values", "warning")] == 1  # A2 is Male in row 4, Female in row 5
    assert found[("dates_out_of_order", "error")] == 1  # the plan that ended before it began
    assert [c["contact_date"] for c in rows["contacts"]] == [D(2021, 5, 1), D(2021, 5, 2)]
    assert "cp_plans" not in rows
    errors = {p.record for p in problems if p.rule == "missing_field" and p.severity == "error"}
    assert errors == {"List 1, row 3"}


def test_it_refuses_a_workbook_without_the_lists_it_needs(tmp_path):
    path = annexa_workbook(tmp_path / "short.xlsx", lists=(1, 2, 3, 4, 6, 8))
    with pytest.raises(
        ImportRefused, match=r"no sheet for List 5 \(section 47.*List 7 \(child protection"
    ):
        list(annexa.read(path, pseudonymise=pseudonymise))


def test_it_refuses_a_list_without_its_date_column(tmp_path):
    headers = {3: ["Child Unique ID", "Gender", "Referral Source"]}
    path = annexa_workbook(tmp_path / "nodate.xlsx", headers=headers)
    with pytest.raises(ImportRefused, match=r"List 3.*no column for referral date"):
        list(annexa.read(path, pseudonymise=pseudonymise))


def test_it_recognises_annex_a_workbooks_by_their_sheets(tmp_path):
    assert annexa.detect(annexa_workbook(tmp_path / "anything.bin"))
    assert not annexa.detect(
        annexa_workbook(tmp_path / "few.xlsx", sheet_names={1: "Data"}, lists=(1,))
    )
    assert not annexa.detect(tmp_path)


def test_it_names_sheets_as_authorities_do():
    assert [list_number(n) for n in ("List 1", "List_3", "L4", "list 10", "5. S47", "Referrals",
                                     "Children Looked After", "Care Leavers", "Sheet1")] == [
        1, 3, 4, 10, 5, 3, 8, 9, None]  # fmt: skip


# --- the shared samples ----------------------------------------------------------------------

VARIANTS = SAMPLES / "annex_a" / "Annex_A_header_variants.yml"
needs_samples = pytest.mark.skipif(not SAMPLES.exists(), reason=NO_SAMPLES)


@needs_samples
def test_every_header_the_variants_file_names_is_matched_to_its_meaning():
    import yaml

    variants = yaml.safe_load(VARIANTS.read_text(encoding="utf-8"))["column_map"]
    expected = {"Child Unique ID": "child_id", "Gender": "sex", "Ethnicity": "ethnicity",
                "Date of Birth": "birth_date", "Does the Child have a Disability": "disability"}  # fmt: skip
    for number in FIELDS:
        headers = list(variants[f"list_{number}"])
        found = {field: headers[index] for field, index in match_header(number, headers).items()}
        assert set(found) == {name for name, _ in FIELDS[number]} | (
            set(expected.values()) - ({"disability"} if number in (1, 3) else set())
        ), number
        for header, field in expected.items():
            if field in found:
                assert found[field] == header


@needs_samples
def test_the_sample_workbook_reads_with_its_problems_reported():
    rows, problems = read(SAMPLES / "annex_a" / "Annex_A_2024_Jan.xlsx")
    assert {t: len(r) for t, r in rows.items()} == {
        "children": 37, "contacts": 5, "referrals": 11, "assessments": 5, "s47": 5,
        "cp_plans": 7, "cp_reviews": 5, "cla_episodes": 5,
    }  # fmt: skip
    assert any(p.rule == "unknown_code" and "PSRMEM" in p.message for p in problems)
    assert annexa.detect(SAMPLES / "annex_a" / "Annex_A_2024_Jan.xlsx")


def test_a_bad_description_in_a_later_list_does_not_undo_a_good_one(tmp_path):
    path = annexa_workbook(
        tmp_path / "later.xlsx",
        {
            1: [["A1", "Male", "WBRI", "09/03/2012", None, "01/05/2021", "Police"]],
            3: [["A1", "Male", "Martian", "31/02/2012", None, "04/05/2021", "Police", "No"]],
        },
    )
    rows, problems = read(path)
    assert rows["children"][0]["birth_month"] == D(2012, 3, 1)
    assert rows["children"][0]["ethnicity"] == "WBRI"
    assert sorted((p.rule, p.record) for p in problems) == [
        ("invalid_value", "List 3, row 2"),
        ("unknown_code", "List 3, row 2"),
    ]
    assert "Date of Birth (List 3)" in next(
        p.message for p in problems if p.rule == "invalid_value"
    )


def test_problems_give_the_spreadsheets_own_row_numbers(tmp_path):
    path = annexa_workbook(
        tmp_path / "rows.xlsx",
        {1: [["A1", "Male", "WBRI", None, None, "31/02/2021", "Police"]]},
        title_rows=3,
    )
    _, problems = read(path)
    assert [(p.rule, p.record) for p in problems if p.severity == "error"] == [
        ("invalid_value", "List 1, row 5")  # three title rows, the header, then the row
    ]
