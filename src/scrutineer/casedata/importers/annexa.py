"""Ofsted's Annex A workbook (ILACS inspection lists): lists 1 and 3 to 8 into the canonical
tables.

- List 1 (contacts) -> ``contacts``;
- List 3 (referrals) -> ``referrals``;
- List 4 (assessments) -> ``assessments``, tied to the child's latest referral on or before
  the assessment started;
- List 5 (section 47 enquiries and ICPCs) -> ``s47``, tied the same way;
- List 6 (children in need) -> ``referrals``: the episode that started on the CIN start date
  (the list 3 referral of that day, if there is one) gets its primary need and closure;
- List 7 (child protection plans) -> ``cp_plans``, and ``cp_reviews`` from the latest review
  conference;
- List 8 (children looked after) -> ``cla_episodes``.

Every list describes the child (gender, ethnicity, date of birth, disability): the first
description met is kept and a different one later is reported. Sheets and columns are found by
meaning (``annexa_layout``), categories read in their local spellings (``categories``), dates
from Excel date cells, Excel serial numbers or text in the five formats (``common``).

The workbook is checked before it is opened (``workbook``: ZIP bombs, damage, passwords), and
refused when a list it needs is missing (the message names it). A workbook is read whole by
python-calamine (an Annex A workbook is at most tens of megabytes), so memory follows the
workbook's size. Only the mapped columns are read: names of workers, teams and placement
postcodes never leave the workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from scrutineer.casedata.importers import categories
from scrutineer.casedata.importers.annexa_layout import (
    FIELDS,
    LISTS,
    REQUIRED_LISTS,
    Layout,
    find_layout,
    list_number,
)
from scrutineer.casedata.importers.base import (
    Event,
    ImportRefused,
    Problem,
    Progress,
    Pseudonymise,
    Row,
)
from scrutineer.casedata.importers.common import age_on, clean, month_start, parse_date
from scrutineer.casedata.importers.fields import Filler
from scrutineer.casedata.importers.rules import (
    ChildRecords,
    Context,
    Record,
    check,
)
from scrutineer.casedata.importers.rules_reading import (
    conflicting_values,
    invalid_value,
    missing_identifier,
    unknown_code,
)
from scrutineer.casedata.importers.workbook import kind, open_workbook, sheet_names
from scrutineer.casedata.importers.workdays import default_is_working_day, reference_day

FORMAT = "annexa"
LABEL = "Annex A workbook"

#: The column each list cannot do without (besides the child's identifier).
REQUIRED_COLUMNS = {
    1: "contact_date",
    3: "referral_date",
    4: "start_date",
    5: "start_date",
    6: "referral_date",
    7: "start_date",
    8: "start_date",
}
TABLES = {
    1: "contacts",
    3: "referrals",
    4: "assessments",
    5: "s47",
    6: "referrals",
    7: "cp_plans",
    8: "cla_episodes",
}
EXPECTED = {"children": ("sex", "ethnicity"), "contacts": ("source",)}
ID_LETTER = {"referrals": "R", "assessments": "A", "s47": "S", "cp_plans": "P"}


def detect(path: Path) -> bool:
    """An Excel workbook with sheets for at least three Annex A lists (or one locked with a
    password, so that reading it says why it cannot be read). Only the workbook's list of
    sheets is looked at: a damaged or hostile workbook is recognised here and refused, with
    its reason, when it is read."""
    path = Path(path)
    try:
        if not path.is_file():
            return False
        if kind(path) == "encrypted":
            return True
    except OSError:
        return False
    found = {list_number(name) for name in sheet_names(path)} - {None}
    return len(found) >= 3


def read(
    path: Path,
    *,
    pseudonymise: Pseudonymise,
    reference_date: Any = None,
    progress: Progress | None = None,
    is_working_day: Callable[[dt.date], bool] | None = None,
) -> Iterator[Event]:
    """Yield rows and problems for the workbook's children (see the module doc)."""
    path = Path(path)
    book = open_workbook(path)
    sheets: dict[int, str] = {}
    for name in book.sheet_names:
        number = list_number(name)
        if number is not None:
            sheets.setdefault(number, name)
    missing = [n for n in REQUIRED_LISTS if n not in sheets]
    if missing:
        named = "; ".join(f"List {n} ({LISTS[n]})" for n in missing)
        raise ImportRefused(
            f"{path.name} has no sheet for {named}. Sheets found: "
            f"{', '.join(repr(s) for s in book.sheet_names) or 'none'}. Name each sheet "
            "'List 1', 'List 3' and so on, as in Ofsted's Annex A template."
        )
    lists: dict[int, tuple[str, Layout, list[list[Any]]]] = {}
    for number in REQUIRED_LISTS:
        name = sheets[number]
        try:
            # Empty rows and columns kept, so that row numbers are the spreadsheet's own.
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as error:  # python-calamine reports damage in many forms
            raise ImportRefused(f"{path.name}: sheet {name!r} cannot be read: {error}") from None
        layout = find_layout(number, rows)
        if layout is None:
            raise ImportRefused(
                f"{path.name}: sheet {name!r} (List {number}, {LISTS[number]}) has no header "
                "row with the child's identifier and the list's columns in its first 20 rows"
            )
        needed = REQUIRED_COLUMNS[number]
        if needed not in layout.columns:
            raise ImportRefused(
                f"{path.name}: sheet {name!r} (List {number}) has no column for "
                f"{needed.replace('_', ' ')}; its columns are "
                f"{', '.join(repr(c) for c in rows[layout.header_row] if clean(c))}"
            )
        lists[number] = (name, layout, rows)
    workbook = _Workbook(pseudonymise, lists)
    size = path.stat().st_size
    for done, number in enumerate(REQUIRED_LISTS, start=1):
        yield from workbook.read_list(number)
        if progress is not None:
            progress(size * done // len(REQUIRED_LISTS))
    context = Context(
        reference_day(reference_date) or dt.date.today(),
        is_working_day or default_is_working_day(),
        workbook.names,
        EXPECTED,
    )
    yield from workbook.finish(context)


def _header_name(rows: list[list[Any]], layout: Layout, field: str) -> str:
    """The column's own header, as the workbook writes it, for messages."""
    index = layout.columns[field]
    header = rows[layout.header_row]
    return (clean(header[index]) if index < len(header) else "") or field.replace("_", " ")


class _Workbook:
    """The children met so far, and what each list adds to them."""

    def __init__(
        self, pseudonymise: Pseudonymise, lists: dict[int, tuple[str, Layout, list[list[Any]]]]
    ) -> None:
        self.pseudonymise = pseudonymise
        self.lists = lists
        self.children: dict[str, ChildRecords] = {}
        self.about: dict[str, dict[str, tuple[Any, str]]] = {}  # child -> field -> (value, where)
        self.fillers: dict[str, Filler] = {}
        # Messages name a column as the workbook does: "Date of Referral (List 3)".
        self.names: dict[str, dict[str, str]] = {"children": {}}
        self.headers: dict[int, dict[str, str]] = {}
        for number, (_, layout, rows) in lists.items():
            self.headers[number] = {f: _header_name(rows, layout, f) for f in layout.columns}
            table = self.names.setdefault(TABLES[number], {})
            for field, header in self.headers[number].items():
                if field in _CHILD_FIELDS:
                    self.names["children"].setdefault(_CHILD_FIELDS[field], header)
                else:
                    table.setdefault(field, f"{header} (List {number})")

    def read_list(self, number: int) -> Iterator[Problem]:
        _, layout, rows = self.lists[number]
        columns = layout.columns
        for offset, row in enumerate(rows[layout.header_row + 1 :], start=layout.header_row + 2):
            cells = {f: row[i] if i < len(row) else None for f, i in columns.items()}
            if not any(clean(v) for v in cells.values()):
                continue
            where = f"List {number}, row {offset}"
            identifier = clean(cells["child_id"])
            if not identifier:
                yield missing_identifier(where, self.names["children"].get("child", "Child ID"))
                continue
            child = self._child(self.pseudonymise(identifier), where)
            fill = self.fillers[child.child]
            self._describe(child, fill, cells, where, number)
            self._record(number, child, fill, cells, where)
        yield from ()

    def _child(self, pseudonym: str, where: str) -> ChildRecords:
        if pseudonym not in self.children:
            child = ChildRecords(pseudonym, where)
            child.add(Record("children", {"child": pseudonym}, where))
            self.children[pseudonym] = child
            self.about[pseudonym] = {}
            self.fillers[pseudonym] = Filler(child, self.names, serials=True)
        return self.children[pseudonym]

    def _describe(
        self, child: ChildRecords, fill: Filler, cells: dict[str, Any], where: str, number: int
    ) -> None:
        """Gender, ethnicity, birth and disability, from whichever list gives them first."""
        record = child.records[0]
        about = self.about[child.child]
        for field, read in _DESCRIBE.items():
            if field not in cells or not clean(cells[field]):
                continue
            parsed = read(cells[field])
            column = _CHILD_FIELDS[field]
            if parsed.error is not None:
                if f"!{field}" not in about:  # once per child, not once per list
                    about[f"!{field}"] = (None, where)
                    report = invalid_value if field == "birth_date" else unknown_code
                    name = f"{self.headers[number][field]} (List {number})"
                    found = report(child, None, column, name, parsed.error)
                    fill.problems.append(replace(found, record=where, extra={"table": "children"}))
                    if field not in about:  # reported: not "missing" as well
                        record.invalid.add(column)
                continue
            if parsed.value is None:
                continue
            if field not in about:
                about[field] = (parsed.value, where)
                if field == "birth_date":
                    child.birth_date = parsed.value
                    record.values["birth_month"] = month_start(parsed.value)
                else:
                    record.values[column] = parsed.value
            elif about[field][0] != parsed.value and f"~{field}" not in about:
                about[f"~{field}"] = (parsed.value, where)
                name = self.names["children"].get(column, column)
                fill.problems.append(conflicting_values(child, name, about[field][1], where))

    def _record(
        self, number: int, child: ChildRecords, fill: Filler, cells: dict[str, Any], where: str
    ) -> None:
        table = TABLES[number]
        record = Record(table, {"child": child.child}, where)
        get = cells.get
        if number == 1:
            fill.date(record, "contact_date", get("contact_date"))
            fill.category(record, "source", get("source"), categories.source)
        elif number in (3, 6):
            fill.date(record, "referral_date", get("referral_date"))
            if number == 3:
                fill.category(record, "source", get("source"), categories.source)
                fill.category(record, "nfa", get("nfa"), categories.nfa)
            else:
                fill.category(record, "primary_need", get("primary_need"), categories.primary_need)
                fill.date(record, "closure_date", get("closure_date"))
                fill.category(
                    record, "closure_reason", get("closure_reason"), categories.closure_reason
                )
                if self._merge(child, record):
                    return
        elif number == 4:
            fill.date(record, "start_date", get("start_date"))
            fill.date(record, "authorised_date", get("authorised_date"))
        elif number == 5:
            fill.date(record, "start_date", get("start_date"))
            fill.boolean(record, "icpc_not_required", get("icpc_not_required"))
            fill.date(record, "icpc_date", get("icpc_date"))
        elif number == 7:
            fill.date(record, "start_date", get("start_date"))
            fill.category(
                record, "initial_category", get("initial_category"), categories.cp_category
            )
            fill.category(record, "latest_category", get("latest_category"), categories.cp_category)
            fill.date(record, "end_date", get("end_date"))
            fill.integer(record, "previous_plans", get("previous_plans"))
        elif number == 8:
            fill.date(record, "start_date", get("start_date"))
            fill.date(record, "end_date", get("end_date"))
            fill.category(record, "legal_status", get("legal_status"), categories.legal_status)
            fill.category(record, "placement", get("placement"), categories.placement)
            fill.category(record, "reason_end", get("reason_end"), categories.reason_ceased)
        child.add(record)
        if number == 7 and clean(get("review_date")):
            review = child.add(Record("cp_reviews", {"child": child.child}, where, record))
            fill.date(review, "review_date", get("review_date"))

    @staticmethod
    def _merge(child: ChildRecords, episode: Record) -> bool:
        """Put a list 6 episode into the list 3 referral of the same day, if there is one."""
        day = episode.values["referral_date"]
        if day is None:
            return False
        for referral in child.used("referrals"):
            if referral.values["referral_date"] == day and "List 6" not in referral.where:
                for column in ("primary_need", "closure_date", "closure_reason"):
                    referral.values[column] = episode.values[column]
                    if column in episode.invalid:
                        referral.invalid.add(column)
                referral.where += f" and {episode.where}"
                return True
        return False

    def finish(self, context: Context) -> Iterator[Event]:
        for child in self.children.values():
            _link(child)
            fill = self.fillers[child.child]
            yield from fill.problems
            yield from check(child, context)
            for record in child.records:
                if record.used:
                    yield Row(record.table, record.values)


def _identify(child: ChildRecords) -> None:
    """Ids made of the child's pseudonym, a letter and the start date ("-2" for a repeat)."""
    taken: set[str] = set()
    for record in child.records:
        letter = ID_LETTER.get(record.table)
        if letter is None:
            continue
        day = record.values["referral_date" if letter == "R" else "start_date"]
        base = f"{child.child}/{letter}{day.isoformat() if day else '?'}"
        found, n = base, 1
        while found in taken:
            n += 1
            found = f"{base}-{n}"
        taken.add(found)
        column = {"R": "referral_id", "A": "assessment_id", "S": "s47_id", "P": "plan_id"}[letter]
        record.values[column] = found


def _link(child: ChildRecords) -> None:
    """Give every record its id; tie assessments, enquiries and plans to the child's latest
    referral on or before their start, and reviews to their plan; work out ages."""
    _identify(child)
    referrals = sorted(
        (r for r in child.records if r.table == "referrals" and r.values["referral_date"]),
        key=lambda r: r.values["referral_date"],
    )
    for record in child.records:
        if record.table == "referrals":
            record.values["age"] = age_on(child.birth_date, record.values["referral_date"])
        elif record.table in ("assessments", "s47", "cp_plans"):
            start = record.values["start_date"]
            before = [
                r for r in referrals if start is not None and r.values["referral_date"] <= start
            ]
            if before:
                record.parent = before[-1]
                record.values["referral_id"] = before[-1].values["referral_id"]
        elif record.table == "cp_reviews" and record.parent is not None:
            record.values["plan_id"] = record.parent.values["plan_id"]


_CHILD_FIELDS = {
    "child_id": "child",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "birth_date": "birth_month",
    "disability": "disabled",
}
_DESCRIBE: dict[str, Callable[[Any], Any]] = {
    "sex": categories.sex,
    "ethnicity": categories.ethnicity,
    "birth_date": lambda value: parse_date(value, serials=True),
    "disability": categories.disabled,
}
assert set(FIELDS) == set(REQUIRED_COLUMNS)
