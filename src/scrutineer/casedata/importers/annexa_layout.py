"""Finding Annex A's lists and columns by what they mean, not by their exact words.

Sheets are "List 1".."List 11" in Ofsted's template, but authorities send "List_3", "L3
Referrals", "3. Referrals" or just "Referrals". Columns are "Child Unique ID" in the
template, but "LA Child ID", "Child ID", "ID (child)", "DOB", "Sex", "Source of referral"...
in real workbooks (``Annex_A_header_variants.yml`` collects real spellings; the tests check
this module against it). A header is matched to the first field, in the order listed, whose
pattern it fits, so a specific field ("Reason ceased to be looked after") is listed before a
general one ("date ceased to be looked after").

Only the columns named here are ever read: allocated workers, teams, postcodes and the rest
never leave the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LISTS = {
    1: "contacts",
    2: "early help assessments",
    3: "referrals",
    4: "assessments",
    5: "section 47 enquiries and initial child protection conferences",
    6: "children in need",
    7: "child protection plans",
    8: "children looked after",
    9: "care leavers",
    10: "adoption",
    11: "adopters",
}

#: The lists the canonical tables are made from: a workbook without any of them is refused.
REQUIRED_LISTS = (1, 3, 4, 5, 6, 7, 8)

_BY_NAME = (
    (re.compile(r"early help"), 2),
    (re.compile(r"contact"), 1),
    (re.compile(r"referral"), 3),
    (re.compile(r"s ?47|section 47|icpc|enquir"), 5),
    (re.compile(r"assessment"), 4),
    (re.compile(r"children in need|child in need|\bcin\b"), 6),
    (re.compile(r"child protection|\bcp\b|\bcpp\b"), 7),
    (re.compile(r"care leaver|leaving care"), 9),
    (re.compile(r"looked after|\bcla\b|\blac\b|in care"), 8),
    (re.compile(r"adopters"), 11),
    (re.compile(r"adoption"), 10),
)


def words(text: Any) -> str:
    """Lower case, letters and digits only, single spaces: "Date of Birth (DOB)" ->
    "date of birth dob"."""
    if text is None:
        return ""
    return " ".join(re.findall(r"[a-z0-9]+", str(text).lower().replace("\u2019", "'")))


def list_number(sheet_name: str) -> int | None:
    """Which Annex A list a sheet holds, from its name."""
    text = words(sheet_name)
    found = re.match(r"(?:list|l)\s?0*(\d{1,2})\b", text) or re.match(r"0*(\d{1,2})\b", text)
    if found and 1 <= int(found.group(1)) <= 11:
        return int(found.group(1))
    for pattern, number in _BY_NAME:
        if pattern.search(text):
            return number
    return None


Field = tuple[str, str]

#: Columns every list has (the child), then each list's own.
COMMON: tuple[Field, ...] = (
    ("child_id", r"\bchild\b.*\b(id|identifier|ref|reference|number|no)\b|"
                 r"\b(id|identifier)\b.*\bchild\b|^(la )?(child|person|client|unique) ?id$|"
                 r"^id$|^lachildid$|unique (child )?id"),
    ("birth_date", r"date of birth|birth date|\bdob\b|\bd o b\b"),
    ("sex", r"\bgender\b|\bsex\b"),
    ("ethnicity", r"ethnic"),
    ("disability", r"disab"),
)  # fmt: skip

FIELDS: dict[int, tuple[Field, ...]] = {
    1: (
        ("contact_date", r"date\b.*\bcontact|contact\b.*\bdate"),
        ("source", r"source"),
    ),
    3: (
        ("referral_date", r"date\b.*\breferral|referral\b.*\bdate"),
        ("source", r"source"),
        ("nfa", r"\bnfa\b|no further action"),
    ),
    4: (
        ("start_date", r"start"),
        ("authorised_date", r"authoris|authoriz|complet|end date"),
    ),
    5: (
        ("start_date", r"strategy|s ?47\b.*\bstart|section 47\b.*\bstart|^start|start date"),
        ("icpc_not_required", r"unnecessary|not required|deemed|icpc\b.*\brequired"),
        ("icpc_date", r"date\b.*\b(initial child protection conference|icpc)|"
                      r"(icpc|initial child protection conference)\b.*\bdate"),
    ),
    6: (
        ("closure_reason", r"reason"),
        ("referral_date", r"cin start|start"),
        ("primary_need", r"primary need|need code|category of need"),
        ("closure_date", r"clos\w* date|date\b.*\bclos|end date"),
    ),
    7: (
        ("initial_category", r"initial category"),
        ("latest_category", r"latest category|current category"),
        ("review_date", r"review"),
        ("previous_plans", r"previous\b.*\bplans?"),
        ("start_date", r"plan start|start date|^start"),
        ("end_date", r"plan end|end date"),
    ),
    8: (
        ("reason_end", r"reason\b.*\b(ceas|left care|ended)"),
        ("legal_status", r"^(?!.*\b(start|date)\b).*legal status"),
        ("placement", r"placement type|type of placement"),
        ("start_date", r"start\w*\b.*\blooked after|looked after\b.*\bstart|"
                       r"became looked after|entered care|period of care start"),
        ("end_date", r"ceased\b.*\blooked after|date ceased|cease date|left care"),
    ),
}  # fmt: skip

_COMPILED = {
    number: tuple((name, re.compile(pattern)) for name, pattern in COMMON + fields)
    for number, fields in FIELDS.items()
}


def match_header(number: int, header: Sequence[Any]) -> dict[str, int]:
    """Field name -> column index, for the columns of ``header`` this list reads."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = words(cell)
        if not text:
            continue
        for name, pattern in _COMPILED[number]:
            if name not in found and pattern.search(text):
                found[name] = index
                break
    return found


@dataclass(frozen=True)
class Layout:
    """Where a list's header row is (0-based) and which column holds each field."""

    header_row: int
    columns: dict[str, int]


def find_layout(number: int, rows: Sequence[Sequence[Any]], *, look: int = 20) -> Layout | None:
    """The header row: the first of the top rows with the child's identifier and at least one
    field of the list's own (a title row or two above it is skipped)."""
    own = {name for name, _ in FIELDS[number]}
    for index, row in enumerate(rows[:look]):
        columns = match_header(number, row)
        if "child_id" in columns and own & set(columns):
            return Layout(index, columns)
    return None
