"""Filling a record's columns from the values a file holds, reporting what cannot be read.

Shared by the three importers: each value goes through a parser of ``common`` and, when it
cannot be read, becomes an ``invalid_value`` or ``unknown_code`` problem (``rules``) naming
the field as the file names it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from scrutineer.casedata.importers.base import Problem
from scrutineer.casedata.importers.common import (
    Parsed,
    month_start,
    parse_bool,
    parse_code,
    parse_date,
    parse_int,
)
from scrutineer.casedata.importers.rules import (
    ChildRecords,
    Record,
)
from scrutineer.casedata.importers.rules_reading import (
    invalid_value,
    unknown_code,
)


@functools.lru_cache(maxsize=16_384)
def _date_text(raw: str, serials: bool) -> Parsed:
    """``parse_date`` of a date's text, cached: a file writes the same few thousand dates
    again and again (every referral, assessment and plan of a year), and the answer depends
    on the text alone. Dates of birth do not come through here (``Filler.birth``)."""
    return parse_date(raw, serials=serials)


def _date(raw: Any, serials: bool) -> Parsed:
    return _date_text(raw, serials) if raw.__class__ is str else parse_date(raw, serials=serials)


class Filler:
    """Puts parsed values into one child's records and collects the problems met."""

    def __init__(
        self,
        child: ChildRecords,
        names: Mapping[str, Mapping[str, str]],
        *,
        serials: bool = False,
    ) -> None:
        self.child = child
        self.names = names
        self.serials = serials
        self.problems: list[Problem] = []

    def name(self, record: Record, column: str) -> str:
        return self.names.get(record.table, {}).get(column, column.replace("_", " "))

    def _put(self, record: Record, column: str, parsed: Parsed, *, code: bool = False) -> Any:
        if parsed.error is None:
            record.values[column] = parsed.value
            return parsed.value
        report = unknown_code if code else invalid_value
        self.problems.append(
            report(self.child, record, column, self.name(record, column), parsed.error)
        )
        return None

    def date(self, record: Record, column: str, raw: Any) -> Any:
        return self._put(record, column, _date(raw, self.serials))

    def boolean(self, record: Record, column: str, raw: Any) -> Any:
        return self._put(record, column, parse_bool(raw))

    def integer(self, record: Record, column: str, raw: Any) -> Any:
        return self._put(record, column, parse_int(raw))

    def code(
        self, record: Record, column: str, raw: Any, allowed: Mapping[str, str], what: str
    ) -> Any:
        return self._put(record, column, parse_code(raw, allowed, what=what), code=True)

    def category(
        self, record: Record, column: str, raw: Any, normalise: Callable[[Any], Parsed]
    ) -> Any:
        """A value through one of ``categories``' normalisers (Annex A's many spellings)."""
        return self._put(record, column, normalise(raw), code=True)

    def codes(
        self, record: Record, column: str, raws: list[Any], allowed: Mapping[str, str], what: str
    ) -> list[str]:
        """A list of codes (assessment factors): unknown ones are reported and left out."""
        found: list[str] = []
        for raw in raws:
            parsed = parse_code(raw, allowed, what=what)
            if parsed.error is not None:
                self.problems.append(
                    unknown_code(
                        self.child, record, column, self.name(record, column), parsed.error
                    )
                )
            elif parsed.value is not None:
                found.append(parsed.value)
        record.values[column] = found
        return found

    def birth(self, record: Record, column: str, raw: Any) -> Any:
        """A date of birth (or expected birth): the record keeps only its month; the full
        date is returned for working out ages inside the importer, and goes no further."""
        # not through the cache of dates: a full date of birth is kept nowhere, not even there
        full = self._put(record, column, parse_date(raw, serials=self.serials))
        record.values[column] = month_start(full)
        return full
