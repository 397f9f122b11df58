"""One child's records while an importer holds them, and what the rules are told.

The importers build ``Record`` values (one row of a canonical table each, with where it came
from), gather them by child in ``ChildRecords``, and hand them to ``rules.check`` with a
``Context``. Only records still ``used`` after the rules leave the importer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scrutineer.casedata.importers.base import Problem
from scrutineer.casedata.schema import BY_NAME

ERROR, WARNING = "error", "warning"

_COLUMNS = {name: frozenset(table.column_names) for name, table in BY_NAME.items()}
_EMPTY = {name: dict.fromkeys(table.column_names) for name, table in BY_NAME.items()}


@dataclass(eq=False, slots=True)
class Record:
    """One record of a canonical table, before it leaves the importer.

    ``where`` says where it is in the file, in words a person can follow ("line 312, Child 7,
    CINdetails 2, Assessments 1"); ``invalid`` names fields whose written value could not be
    read (already reported); ``parent`` is the referral a CIN record belongs to.
    """

    table: str
    values: dict[str, Any]
    where: str
    parent: Record | None = None
    used: bool = True
    invalid: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        columns = _COLUMNS[self.table]
        if not columns.issuperset(self.values):
            unknown = sorted(set(self.values) - columns)
            raise KeyError(f"{self.table} has no columns {unknown}")
        self.values = {**_EMPTY[self.table], **self.values}


@dataclass(eq=False, slots=True)
class ChildRecords:
    """All the records of one child in one file. ``birth_date`` is the full date of birth,
    used inside the importer (ages, checks) and never written anywhere.

    Records come in through ``add`` only, which also files them by table: the rules ask for
    one table's records thirty times a child, and ``used`` reads them from there.
    """

    child: str
    where: str
    records: list[Record] = field(default_factory=list)
    birth_date: dt.date | None = None
    _by_table: dict[str, list[Record]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for record in self.records:
            self._by_table.setdefault(record.table, []).append(record)

    def add(self, record: Record, *, first: bool = False) -> Record:
        """Add ``record`` after the others, or before them with ``first``."""
        listed = self._by_table.setdefault(record.table, [])
        if first:
            self.records.insert(0, record)
            listed.insert(0, record)
        else:
            self.records.append(record)
            listed.append(record)
        return record

    def used(self, table: str) -> list[Record]:
        """The records of ``table`` still in use, in the order they were added."""
        return [r for r in self._by_table.get(table, ()) if r.used]


@dataclass(frozen=True)
class Context:
    """What the rules need to know beyond the records.

    ``reference_date``: the census date, or the day of the import; a date after it is in the
    future. ``is_working_day``: the statutory calendar (weekends and bank holidays).
    ``names``: table -> column -> the name the file uses ("CINclosureDate"), for messages.
    ``expected``: table -> columns whose absence is worth a warning in this format.
    """

    reference_date: dt.date
    is_working_day: Callable[[dt.date], bool]
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    expected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def name(self, table: str, column: str) -> str:
        return self.names.get(table, {}).get(column, column.replace("_", " "))


def when(day: dt.date) -> str:
    """A date as people read it: 12 March 2022."""
    return f"{day.day} {day:%B %Y}"


def problem(
    rule: str, severity: str, child: ChildRecords, record: Record | None, message: str
) -> Problem:
    if record is not None and severity == ERROR:
        record.used = False
    return Problem(
        rule=rule,
        message=message,
        child=child.child,
        record=record.where if record is not None else child.where,
        severity=severity,
        extra={"table": record.table} if record is not None else {},
    )
