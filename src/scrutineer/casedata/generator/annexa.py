"""The Ofsted Annex A workbook a local authority would give inspectors: lists 1 and 3 to 8.

One workbook (``annex_a.xlsx``) covering the twelve months to the end of the last reporting
year, with the column titles and category spellings of the Ofsted template ("a) Male",
"k) APKN", "g) Police") and dates as Excel dates. The lists carry names of teams and workers
in the template; the generator writes placeholders ("Worker 7"), never names.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .records import Child, Records, age_on

GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
ETHNIC_ORDER = (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip
ETHNICITY = {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(ETHNIC_ORDER)}
#: Contact and referral sources as the template spells them ("q) 6: Police"): the template's
#: letter, the CIN census code and its group. The template's list predates 5D (early help).
_SOURCE_GROUPS = {
    "1": "Individual", "2A": "Schools", "2B": "Education services", "3": "Health services",
    "4": "Housing", "5": "LA services", "6": "Police", "7": "Other legal agency", "8": "Other",
    "9": "Anonymous", "10": "Unknown",
}  # fmt: skip
_SOURCE_ORDER = (
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F",
    "4", "5A", "5B", "5C", "6", "7", "8", "9", "10",
)  # fmt: skip
CATEGORY = {
    "NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse",
    "EMO": "Emotional abuse", "MUL": "Multiple/not recommended",
}  # fmt: skip
YES_NO = {True: "a) Yes", False: "b) No", None: None}

PERSON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]
ALLOCATED = ["Allocated Team", "Allocated Worker"]
LISTS: dict[str, list[str]] = {
    "List 1": [*PERSON, "Date of Contact", "Contact Source"],
    "List 3": [
        *PERSON, "Date of Referral", "Referral Source", "Referral NFA?",
        "Number of Referrals in Last 12 Months", *ALLOCATED,
    ],
    "List 4": [
        *PERSON, "Does the Child have a Disability", "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?", *ALLOCATED,
    ],
    "List 5": [
        *PERSON, "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months", *ALLOCATED,
    ],
    "List 6": [
        *PERSON, "Does the Child have a Disability", "CIN Start Date", "Primary Need Code",
        "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status",
        *ALLOCATED,
    ],
    "List 7": [
        *PERSON, "Does the Child have a Disability", "Child Protection Plan Start Date",
        "Initial Category of Abuse", "Latest Category of Abuse",
        "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
        "Date of latest review conference", "Child Protection Plan End Date",
        "Number of Previous Child Protection Plans", *ALLOCATED,
    ],
    "List 8": [
        *PERSON, "Does the Child have a Disability", "Date Started to be Looked After",
        "Child's Legal Status", "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After", "Placement Type", *ALLOCATED,
    ],
}  # fmt: skip


def _source(code: str) -> str:
    group = _SOURCE_GROUPS.get(code) or _SOURCE_GROUPS.get(code[:1], "Unknown")
    if code in _SOURCE_ORDER:
        return f"{chr(ord('a') + _SOURCE_ORDER.index(code))}) {code}: {group}"
    return f"{code}: {group}"


def _person(child: Child, on: dt.date) -> list[Any]:
    born = child.birth if child.birth <= on else None
    return [
        child.la_id,
        GENDER[child.sex],
        ETHNICITY.get(child.ethnicity, child.ethnicity),
        born,
        age_on(child.birth, on) if born else None,
    ]


def _allocated(n: int) -> list[str]:
    return [f"Locality Team {n % 5 + 1}", f"Worker {n % 40 + 1}"]


def _open(start: dt.date | None, end: dt.date | None, first: dt.date, last: dt.date) -> bool:
    return start is not None and start <= last and (end is None or end >= first)


class _Child:
    """One child's rows for each list, over the year ``first``..``last``."""

    def __init__(self, records: Records, child: Child, first: dt.date, last: dt.date) -> None:
        self.records, self.k, self.first, self.last = records, child.index, first, last
        self.person = _person(child, last)
        self.disabled = YES_NO[child.disabled]
        self.allocated = _allocated(child.index)

    def of(self, name: str) -> list[dict[str, Any]]:
        return self.records.of(name, self.k)

    def during(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    def upto(self, day: dt.date | None) -> dt.date | None:
        return _upto(day, self.last)

    def open(self, start: dt.date | None, end: dt.date | None) -> bool:
        return _open(start, end, self.first, self.last)

    def list_1(self):
        for c in self.of("contacts"):
            if self.during(c["contact_date"]):
                yield [*self.person, c["contact_date"], _source(c["source"])]

    def list_3(self):
        days = sorted(r["referral_date"] for r in self.of("referrals"))
        for r in self.of("referrals"):
            day = r["referral_date"]
            if self.during(day):
                earlier = sum(1 for d in days if _year_before(day) <= d < day)
                nfa = "Yes" if r["nfa"] else "No"
                yield [*self.person, day, _source(r["source"]), nfa, earlier, *self.allocated]

    def list_4(self):
        for a in self.of("assessments"):
            done = self.upto(a["authorised_date"])
            if self.open(a["start_date"], done):
                reason = self.records.referrals[a["referral"]]["closure_reason"]
                in_need = ("No" if reason in ("RC8", "RC9") else "Yes") if done else None
                yield [
                    *self.person, self.disabled, a["start_date"], "Yes", done, in_need,
                    *self.allocated,
                ]  # fmt: skip

    def list_5(self):
        enquiries = self.of("s47")
        plans = {p["start_date"] for p in self.of("cp_plans")}
        for s in enquiries:
            if not self.during(s["start_date"]):
                continue
            held = self.upto(s["icpc_date"])
            result = None if held is None else ("Yes" if held in plans else "No")
            year = [
                x
                for x in enquiries
                if x["start_date"] <= s["start_date"]
                and (s["start_date"] - x["start_date"]).days < 365
            ]
            conferences = sum(1 for x in year if self.upto(x["icpc_date"]))
            not_needed = "Yes" if s["icpc_not_required"] else "No"
            yield [
                *self.person, self.disabled, s["start_date"], not_needed, held, result,
                len(year), conferences, *self.allocated,
            ]  # fmt: skip

    def list_6(self):
        for r in self.of("referrals"):
            closed = self.upto(r["closure_date"])
            if self.open(r["referral_date"], closed):
                yield [
                    *self.person, self.disabled, r["referral_date"], r["primary_need"], None,
                    closed, r["closure_reason"] if closed else None,
                    "Closed" if closed else "Open", *self.allocated,
                ]  # fmt: skip

    def list_7(self):
        for p in self.of("cp_plans"):
            end = self.upto(p["end_date"])
            if self.open(p["start_date"], end):
                held = self.records.reviews_by_plan.get(p["plan"], [])
                reviews = [d for d in held if d <= self.last]
                yield [
                    *self.person, self.disabled, p["start_date"], CATEGORY[p["initial_category"]],
                    CATEGORY[p["latest_category"]], None, None, max(reviews, default=None), end,
                    p["previous_plans"], *self.allocated,
                ]  # fmt: skip

    def list_8(self):
        for e in self.of("cla_episodes"):
            end = self.upto(e["end_date"])
            if self.open(e["start_date"], end):
                yield [
                    *self.person, self.disabled, e["start_date"], e["legal_status"], end,
                    e["reason_end"] if end else None, e["placement"], *self.allocated,
                ]  # fmt: skip


def write(records: Records, folder: Path) -> Path:
    """``annex_a.xlsx``: lists 1 and 3-8 for the last reporting year."""
    last = dt.date(records.syn.last_year, 3, 31)
    first = dt.date(records.syn.last_year - 1, 4, 1)
    rows: dict[str, list[list[Any]]] = {name: [] for name in LISTS}
    for child in records.children:
        lists = _Child(records, child, first, last)
        for name in LISTS:
            rows[name].extend(getattr(lists, name.lower().replace(" ", "_"))())
    book = Workbook(write_only=True)
    for name, header in LISTS.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows[name]:
            sheet.append(row)
    path = folder / "annex_a.xlsx"
    book.save(path)
    return path


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier; for 29 February, 1 March (as the engine counts)."""
    if (day.month, day.day) == (2, 29):
        return dt.date(day.year - 1, 3, 1)
    return day.replace(year=day.year - 1)


def _upto(day: dt.date | None, last: dt.date) -> dt.date | None:
    return day if day is not None and day <= last else None
