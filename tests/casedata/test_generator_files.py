"""The files the generator writes: CIN census XML, an Annex A workbook, SSDA903 CSVs, the truth.

Each is read back with the tools an importer would use (a hardened XML parser, openpyxl and
python-calamine, the csv module) and checked against what the real files look like.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from scrutineer.casedata.generator import generate
from scrutineer.casedata.generator.annexa import LISTS
from scrutineer.casedata.generator.files import write


@pytest.fixture(scope="module")
def syn():
    return generate(children=250, years=5, seed=17, la="383")


@pytest.fixture(scope="module")
def cin(syn, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cin")
    write(syn, "cin", folder)
    return folder


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".xlsx"  # a workbook's zip carries a timestamp
    }


def test_the_same_seed_writes_the_same_files(tmp_path):
    for fmt in ("cin", "903"):
        first = generate(children=80, years=2, seed=3)
        write(first, fmt, tmp_path / fmt / "a")
        write(generate(children=80, years=2, seed=3), fmt, tmp_path / fmt / "b")
        assert digest(tmp_path / fmt / "a") == digest(tmp_path / fmt / "b")


def test_there_is_a_cin_census_per_year_with_its_header(cin):
    for year in range(2021, 2026):
        root = ElementTree.parse(cin / f"cin_{year}.xml").getroot()
        assert root.findtext("Header/CollectionDetails/Year") == str(year)
        assert root.findtext("Header/CollectionDetails/ReferenceDate") == f"{year}-03-31"
        assert root.findtext("Header/Source/LEA") == "383"
        assert len(root.findall("Children/Child")) > 20


def test_sex_replaces_gender_current_from_2024_25(cin):
    old = ElementTree.parse(cin / "cin_2024.xml").getroot()
    new = ElementTree.parse(cin / "cin_2025.xml").getroot()
    assert old.findall(".//GenderCurrent")
    assert not old.findall(".//Sex")
    assert {e.text for e in old.findall(".//GenderCurrent")} <= {"0", "1", "2"}
    assert new.findall(".//Sex")
    assert not new.findall(".//GenderCurrent")
    assert {e.text for e in new.findall(".//Sex")} <= {"M", "F", "U"}


def test_cin_plan_dates_appear_from_2021_22(cin):
    assert not ElementTree.parse(cin / "cin_2021.xml").getroot().findall(".//CINPlanDates")
    assert ElementTree.parse(cin / "cin_2022.xml").getroot().findall(".//CINPlanDates")


def test_a_census_holds_only_what_was_known_on_its_reference_date(cin):
    root = ElementTree.parse(cin / "cin_2023.xml").getroot()
    dates = [
        dt.date.fromisoformat(e.text)
        for e in root.iter()
        if e.tag.endswith("Date")
        and e.tag not in ("ReferenceDate", "DateTime")
        and e.text
        and "Birth" not in e.tag
    ]
    assert max(dates) <= dt.date(2023, 3, 31)
    for details in root.iter("CINdetails"):
        closed = details.findtext("CINclosureDate")
        assert closed is None or dt.date.fromisoformat(closed) >= dt.date(2022, 4, 1)


def test_the_census_carries_ids_and_full_dates_of_birth_as_real_files_do(cin):
    child = ElementTree.parse(cin / "cin_2025.xml").getroot().find("Children/Child")
    assert child.findtext("ChildIdentifiers/LAchildID").startswith("383C")
    assert len(child.findtext("ChildIdentifiers/UPN")) == 13
    born = child.findtext("ChildIdentifiers/PersonBirthDate") or child.findtext(
        "ChildIdentifiers/ExpectedPersonBirthDate"
    )
    assert dt.date.fromisoformat(born)


def test_factor_21_is_alone_and_booleans_are_spelt_out(cin):
    root = ElementTree.parse(cin / "cin_2025.xml").getroot()
    for factors in root.iter("FactorsIdentifiedAtAssessment"):
        codes = [e.text for e in factors]
        assert "21" not in codes or codes == ["21"]
    assert {e.text for e in root.iter("ReferralNFA")} <= {"true", "false"}


def test_the_annex_a_workbook_has_lists_1_and_3_to_8(syn, tmp_path):
    path = write(syn, "annexa", tmp_path, tables=False, truth=False)[0]
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == list(LISTS)
    for name, header in LISTS.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == header
        assert len(rows) > 1, name
    referral = next(book["List 3"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert isinstance(referral[5], dt.datetime)  # an Excel date, not text
    assert referral[1] in {"a) Male", "b) Female", "c) Not stated/recorded"}
    fast = CalamineWorkbook.from_path(str(path))
    assert fast.sheet_names == list(LISTS)


def test_ssda903_tables_per_year(syn, tmp_path):
    write(syn, "903", tmp_path, tables=False, truth=False)
    folder = tmp_path / "ssda903_2025"
    for name, first in (("header", "CHILD,SEX,DOB"), ("episodes", "CHILD,DECOM,RNE")):
        text = (folder / f"{name}.csv").read_text(encoding="utf-8")
        assert text.startswith(first)
    with (folder / "episodes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        started = dt.datetime.strptime(row["DECOM"], "%d/%m/%Y").date()
        assert started <= dt.date(2025, 3, 31)
        if row["DEC"]:
            assert dt.datetime.strptime(row["DEC"], "%d/%m/%Y").date() >= started
            assert row["REC"]
    for name in ("reviews", "missing"):
        assert (folder / f"{name}.csv").exists()


def test_the_truth_is_written_with_the_tables(cin):
    truth = json.loads((cin / "truth.json").read_text(encoding="utf-8"))
    assert truth["la"] == "383"
    assert set(truth["years"]) == {"2021", "2022", "2023", "2024", "2025"}
    assert (cin / "tables" / "referrals.parquet").exists()


def test_an_unknown_format_is_refused(syn, tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        write(syn, "csv", tmp_path)


def test_every_annex_a_row_has_a_value_or_blank_for_each_column(syn, tmp_path):
    path = write(syn, "annexa", tmp_path, tables=False, truth=False)[0]
    book = load_workbook(path, read_only=True)
    for name, header in LISTS.items():
        for row in book[name].iter_rows(min_row=2, values_only=True):
            assert len(row) == len(header), name
            if header[-1] == "Allocated Worker":
                assert str(row[-1]).startswith("Worker "), name  # a placeholder, never a name


SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "samples" / "annex_a"


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="../shared/data (the sample files) is not here")
def test_the_annex_a_column_titles_are_those_of_the_ofsted_template():
    sample = load_workbook(SAMPLE / "Annex_A_2024_Jan.xlsx", read_only=True)
    for name, header in LISTS.items():
        titles = {c for c in next(sample[name].iter_rows(max_row=1, values_only=True)) if c}
        assert set(header) <= titles, (name, set(header) - titles)


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="../shared/data (the sample files) is not here")
def test_the_cin_census_uses_only_elements_the_community_schema_knows(cin):
    schema = (SAMPLE.parent / "cin_census" / "CIN_schema_2026.xsd").read_text(encoding="utf-8")
    known = set(re.findall(r'<xs:element name="(\w+)"', schema))
    used = {e.tag for e in ElementTree.parse(cin / "cin_2025.xml").getroot().iter()}
    assert used <= known | {"Message"}, used - known
