"""Annex A categories in the spellings local authorities use, read into the return's codes.

Measured against ``Annex_A_header_variants.yml`` (real spellings collected from authorities;
read here only, never shipped): for each field, most spellings are read, and of those read
almost all land in the group the file puts them in. Groups, not codes, because the file groups
("d) Health services") where the return has codes (3A..3F).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.casedata.importers import categories

from .files import NO_SAMPLES, SAMPLES

VARIANTS = SAMPLES / "annex_a" / "Annex_A_header_variants.yml"


@pytest.mark.parametrize(
    ("read", "text", "code"),
    [
        (categories.sex, "a) Male", "M"),
        (categories.sex, "1 - Male", "M"),
        (categories.sex, "F", "F"),
        (categories.sex, "2", "F"),
        (categories.sex, "Unborn", "U"),
        (categories.sex, "Indeterminate Gender (Unknown if Male or Female", "U"),
        (categories.ethnicity, "a) WBRI", "WBRI"),
        (categories.ethnicity, "WBRI - White British", "WBRI"),
        (categories.ethnicity, "White - British [WBRI]", "WBRI"),
        (categories.ethnicity, "WENG - White English", "WBRI"),
        (categories.ethnicity, "Traveller of Irish Heritage", "WIRT"),
        (categories.ethnicity, "White and Black Caribbean", "MWBC"),
        (categories.ethnicity, "Black or Black British - West Indian", "BCRB"),
        (categories.ethnicity, "Information not yet obtained", "NOBT"),
        (categories.source, "q) 6: Police", "6"),
        (categories.source, "a) 1A: Individual", "1A"),
        (categories.source, "p1) 5D: LA services", "5D"),
        (categories.source, "(CS) Police", "6"),
        (categories.source, "Health Visitor", "3B"),
        (categories.source, "LA Services - Other Internal (NOT HSC or Housing)", "5B"),
        (categories.source, "10) Housing (e.g. Housing Dept)", "4"),
        (categories.primary_need, "N1 - Abuse or neglect", "N1"),
        (categories.primary_need, "4a Homelessness", "N4"),
        (categories.primary_need, "1ABUSNEG - Abuse or Neglect", "N1"),
        (categories.primary_need, "Cases other than Children in Need", "N9"),
        (categories.closure_reason, "RC4 - Special guardianship order", "RC4"),
        (categories.closure_reason, "Adopted", "RC1"),
        (categories.closure_reason, "Case closed after assessment, no further action", "RC8"),
        (categories.cp_category, "Physical abuse", "PHY"),
        (categories.cp_category, "Neglect  Physical", "MUL"),
        (categories.cp_category, "NYNN", "PHY"),
        (categories.cp_category, "e) Multiple/not recommended", "MUL"),
        (categories.legal_status, "C2: FCO", "C2"),
        (
            categories.legal_status,
            "Under police protection and in local authority accommodation",
            "L1",
        ),
        (categories.legal_status, "Accommodated under Section 20 (single)", "V2"),
        (categories.placement, "f) U6: Foster placement - not FFA", "U6"),
        (
            categories.placement,
            "Residential accommodation not subject to Children's Homes Regulations",
            "H5",
        ),
        (
            categories.reason_ceased,
            "e) E4A: Returned home to live with parents or relatives - part of planning",
            "E4A",
        ),
        (
            categories.reason_ceased,
            "Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply",
            "E15",
        ),
        (categories.disabled, "a) Yes", True),
        (categories.disabled, "b) No", False),
        (categories.disabled, "AUTISM", True),
        (categories.disabled, "None", False),
        (categories.nfa, "NFA", True),
        (categories.nfa, "Further action", False),
        (categories.nfa, "b) No", False),
    ],
)
def test_it_reads_a_category_in_its_local_spelling(read, text, code):
    assert read(text) == (code, None)


@pytest.mark.parametrize(
    ("read", "text"),
    [
        (categories.source, "Health services"),  # which of 3A..3F?
        (categories.source, "Individual"),  # which of 1A..1D?
        (categories.placement, "Foster placement"),  # which of U1..U6?
        (categories.primary_need, "PSRMEM - Support with memory and cognition"),
    ],
)
def test_it_does_not_guess_a_code_from_a_group(read, text):
    found = read(text)
    assert found.value is None
    assert "is not a known" in found.error


def test_unknown_disability_answers_are_not_known_rather_than_wrong():
    assert categories.disabled("c) Unknown") == (None, None)
    assert categories.disabled("NOBT - Information not yet obtained") == (None, None)


NORMALISERS = [
    categories.sex,
    categories.ethnicity,
    categories.source,
    categories.primary_need,
    categories.closure_reason,
    categories.cp_category,
    categories.legal_status,
    categories.placement,
    categories.reason_ceased,
    categories.disabled,
    categories.nfa,
]


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_no_category_reader_ever_raises(value):
    for read in NORMALISERS:
        found = read(value)
        assert found.value is None or found.error is None


# --- measured against the real spellings ------------------------------------------------------

ETHNIC_GROUP = {"W": "a", "M": "b", "A": "c", "B": "d", "C": "e", "O": "e", "R": "f", "N": "f"}
SOURCE_GROUP = {"2A": "b", "2B": "c", "4": "e", "6": "g", "7": "h", "8": "i", "9": "j", "10": "k"}
FIELDS = {
    # field: (list, column, reader, code -> the file's group letter, least read, least right)
    "sex": (
        "list_1",
        "Gender",
        categories.sex,
        lambda c: {"M": "a", "F": "b", "U": "c"}[c],
        0.95,
        0.95,
    ),
    "ethnicity": (
        "list_1",
        "Ethnicity",
        categories.ethnicity,
        lambda c: ETHNIC_GROUP[c[0]],
        0.9,
        0.95,
    ),
    "source": (
        "list_1",
        "Contact Source",
        categories.source,
        lambda c: SOURCE_GROUP.get(c) or {"1": "a", "3": "d", "5": "f"}[c[0]],
        0.75,
        0.88,
    ),
    "primary need": (
        "list_6",
        "Primary Need Code",
        categories.primary_need,
        lambda c: "jabcdefghi"[int(c[1])],
        0.8,
        0.95,
    ),
    "closure": (
        "list_6",
        "Reason for Closure",
        categories.closure_reason,
        lambda c: "abcdefghh"[int(c[2]) - 1],
        0.75,
        0.82,
    ),
    "category": (
        "list_7",
        "Initial Category of Abuse",
        categories.cp_category,
        lambda c: {"NEG": "a", "PHY": "b", "SAB": "c", "EMO": "d", "MUL": "e"}[c],
        0.95,
        0.97,
    ),
    "legal status": (
        "list_8",
        "Child's Legal Status",
        categories.legal_status,
        lambda c: (
            {"C1": "a", "C2": "b", "D1": "c", "E1": "d", "V2": "e", "V3": "z", "V4": "z"}.get(c)
            or {"J": "g", "L": "f"}[c[0]]
        ),
        0.9,
        0.95,
    ),
    "placement": (
        "list_8",
        "Placement Type",
        categories.placement,
        lambda c: (
            {"U": "a", "A": "b", "T": "o"}.get(c[0])
            or {
                "P1": "c",
                "P2": "d",
                "P3": "e",
                "P4": "d",
                "H5": "f",
                "K1": "g",
                "K2": "h",
                "R1": "i",
                "R2": "j",
                "R3": "k",
                "R5": "l",
                "S1": "m",
                "Z1": "n",
            }[c]
        ),
        0.75,
        0.93,
    ),
}


@pytest.fixture(scope="module")
def variants():
    if not VARIANTS.exists():
        pytest.skip(NO_SAMPLES)
    import yaml

    return yaml.safe_load(VARIANTS.read_text(encoding="utf-8"))["column_map"]


@pytest.mark.parametrize("field", list(FIELDS))
def test_it_reads_most_real_spellings_into_the_right_group(variants, field):
    sheet, column, read, group, least_read, least_right = FIELDS[field]
    total = found = right = 0
    for category in variants[sheet][column]["category"]:
        letter = str(category["code"]).split(")")[0].strip().lower()
        if " / " in str(category["code"]) or len(letter) != 1:
            continue  # a category the file itself cannot place
        for text in category.get("name") or []:
            total += 1
            code = read(text).value
            if code is None:
                continue
            found += 1
            mine = group(code)
            right += mine == letter or (field == "sex" and {mine, letter} == {"c", "d"})
    assert total > 20
    assert found / total >= least_read, f"{field}: read {found} of {total}"
    assert right / found >= least_right, f"{field}: {right} of {found} in the right group"
