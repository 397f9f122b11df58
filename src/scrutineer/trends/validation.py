"""The rules every return must pass, whichever way it arrives (Excel, CSV or the API).

Readers turn a file or a request into ``RawFigure`` rows that remember where each came from
(sheet, row and the column of each field); ``validate`` checks them all against the catalogue
and the return, and reports **every** problem at once, each saying where it is and what is wrong
in plain words. Only when there are no problems is the return accepted, whole
(``services.submission_create``); nothing is ever half-saved.

Pure Python: the catalogue arrives as ``IndicatorRule`` values, so the rules are tested without
a database.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import periods
from .services import Figure

#: What a value cell may say instead of a figure, and the reason that is recorded.
MARKERS = {
    "c": "suppressed (c)",
    "x": "not available (x)",
    "z": "not applicable (z)",
    "u": "low reliability (u)",
}
#: How a value follows from its numerator and denominator, by unit, when only those are given.
SCALES = {"percentage": 100, "rate_10k": 10_000}
#: The largest figure accepted: a typing slip is likelier than a count this big.
LARGEST = Decimal("1e12")

FIELDS = ("code", "period", "value", "numerator", "denominator", "missing_reason")
FIELD_NAMES = {
    "code": "indicator code",
    "period": "period",
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "missing_reason": "reason missing",
}


@dataclass(frozen=True)
class IndicatorRule:
    """What validation needs to know of a catalogue indicator."""

    code: str
    name: str
    frequency: str
    unit: str
    agency_id: int | None
    agency_name: str = ""


@dataclass(frozen=True)
class RawFigure:
    """One row as read, before any check. ``columns`` maps a field to the column it came from
    (a letter in a spreadsheet, a header in a CSV, a JSON path in the API)."""

    row: int | None
    code: Any = None
    period: Any = None
    value: Any = None
    numerator: Any = None
    denominator: Any = None
    missing_reason: Any = None
    sheet: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and where."""

    message: str
    row: int | None = None
    column: str = ""
    sheet: str = ""

    @property
    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet “{self.sheet}”")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:] if text else "The return"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class _Checker:
    indicators: Mapping[str, IndicatorRule]
    agency_id: int | None
    quarter: dt.date
    problems: list[Problem] = field(default_factory=list)

    def problem(self, raw: RawFigure, name: str, message: str) -> None:
        column = raw.columns.get(name) or f"“{FIELD_NAMES[name]}”"
        self.problems.append(Problem(message, raw.row, column, raw.sheet))

    def indicator(self, raw: RawFigure) -> IndicatorRule | None:
        code = _text(raw.code)
        if not code:
            self.problem(raw, "code", "the indicator code is missing")
            return None
        rule = self.indicators.get(code.lower())
        if rule is None:
            self.problem(raw, "code", f"“{code}” is not an indicator code in the catalogue")
            return None
        if self.agency_id is not None and rule.agency_id != self.agency_id:
            who = rule.agency_name or "another agency"
            self.problem(raw, "code", f"{rule.name} ({rule.code}) is supplied by {who}")
            return None
        return rule

    def period(self, raw: RawFigure, rule: IndicatorRule) -> dt.date | None:
        value = raw.period
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            start = value.replace(day=1)
            if not periods.is_start(start, rule.frequency):
                self.problem(
                    raw, "period", f"{value:%d/%m/%Y} does not start a {rule.frequency} period"
                )
                return None
        else:
            text = _text(value)
            if not text:
                self.problem(raw, "period", "the period is missing")
                return None
            try:
                start = periods.parse(text, rule.frequency)
            except periods.PeriodError as error:
                self.problem(raw, "period", f"{error} ({rule.code} is {rule.frequency})")
                return None
        covered = periods.in_quarter(self.quarter, rule.frequency)
        if start not in covered:
            keys = ", ".join(periods.key(p, rule.frequency) for p in covered) or "none"
            quarter = periods.label(self.quarter, "quarterly")
            self.problem(
                raw,
                "period",
                f"{periods.key(start, rule.frequency)} is not in this return, which covers "
                f"{quarter} (periods for {rule.code}: {keys})",
            )
            return None
        return start

    def number(self, raw: RawFigure, name: str, rule: IndicatorRule) -> Decimal | str | None:
        """The figure, None when blank, or a missing reason when the cell holds a marker; a
        problem is recorded (and None returned) when it is not a usable number."""
        value = getattr(raw, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            self.problem(raw, name, f"“{value}” is not a number")
            return None
        if isinstance(value, int | float | Decimal):
            if isinstance(value, float) and not math.isfinite(value):
                self.problem(raw, name, "is not a finite number")
                return None
            number = Decimal(str(value))
        else:
            text = str(value).strip()
            if text.startswith("="):
                self.problem(
                    raw,
                    name,
                    f"holds a formula ({text[:40]}): type the figure itself, not a formula",
                )
                return None
            if name == "value" and text.lower() in MARKERS:
                return MARKERS[text.lower()]
            cleaned = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
            if rule.unit == "percentage":
                cleaned = cleaned.removesuffix("%").strip()
            try:
                number = Decimal(cleaned)
            except InvalidOperation:
                self.problem(raw, name, f"“{text[:40]}” is not a number")
                return None
            if not number.is_finite():
                self.problem(raw, name, f"“{text[:40]}” is not a number")
                return None
        if number < 0:
            self.problem(raw, name, f"{number} is negative: a {FIELD_NAMES[name]} cannot be")
            return None
        if number >= LARGEST:
            self.problem(raw, name, f"{number} is too large to be right")
            return None
        if name == "value" and rule.unit == "percentage" and number > 100:
            self.problem(raw, name, f"{number} is over 100, so it cannot be a percentage")
            return None
        return number


def validate(
    raws: Iterable[RawFigure],
    *,
    indicators: Mapping[str, IndicatorRule],
    agency_id: int | None,
    quarter: dt.date,
    expected: Iterable[tuple[str, dt.date]] = (),
) -> tuple[list[Figure], list[Problem]]:
    """Check every row; return the figures and every problem (figures only count when there
    are no problems). ``expected`` lists the (code, period) cells the return must hold."""
    checker = _Checker({k.lower(): v for k, v in indicators.items()}, agency_id, quarter)
    figures: list[Figure] = []
    seen: dict[tuple[str, dt.date], int | None] = {}
    for raw in raws:
        before = len(checker.problems)
        rule = checker.indicator(raw)
        if rule is None:
            continue
        start = checker.period(raw, rule)
        value = checker.number(raw, "value", rule)
        numerator = checker.number(raw, "numerator", rule)
        denominator = checker.number(raw, "denominator", rule)
        if start is None:
            continue
        cell = (rule.code, start)
        if len(checker.problems) > before:
            # The row is there, only wrong: it must not also be reported as missing.
            seen.setdefault(cell, raw.row)
            continue
        if cell in seen:
            first = f"row {seen[cell]}" if seen[cell] is not None else "an earlier row"
            checker.problem(
                raw,
                "code",
                f"{rule.code} for {periods.key(start, rule.frequency)} appears twice "
                f"(first in {first}): give each figure once",
            )
            continue
        seen[cell] = raw.row
        reason = _text(raw.missing_reason)
        if isinstance(value, str):
            reason, value = reason or value, None
        if isinstance(numerator, str) or isinstance(denominator, str):
            continue  # markers are for the value column only; the number check said so
        if numerator is not None and denominator is not None:
            if numerator > denominator:
                checker.problem(
                    raw,
                    "numerator",
                    f"the numerator ({numerator}) is larger than the denominator ({denominator})",
                )
                continue
            scale = SCALES.get(rule.unit)
            if value is None and not reason and denominator > 0 and scale:
                value = numerator / denominator * scale
        if value is None and not reason:
            checker.problem(
                raw,
                "value",
                "there is no figure: give it, or say in “reason missing” why it cannot be given",
            )
            continue
        if value is not None and reason:
            reason = ""  # a figure given is a figure; a stray reason is not kept
        figures.append(Figure(rule.code, start, value, numerator, denominator, reason[:120]))
    for code, start in expected:
        rule = checker.indicators.get(code.lower())
        if (code, start) not in seen and rule is not None:
            checker.problems.append(
                Problem(
                    f"there is no row for {rule.name} ({code}), "
                    f"{periods.key(start, rule.frequency)}: add it, with the figure or the "
                    "reason it is missing"
                )
            )
    return (figures if not checker.problems else []), checker.problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def rules_for(indicators: Iterable[Any]) -> dict[str, IndicatorRule]:
    """``IndicatorRule`` values from catalogue ``Indicator`` rows (agency preloaded)."""
    return {
        i.code: IndicatorRule(
            code=i.code,
            name=i.name,
            frequency=i.frequency,
            unit=i.unit,
            agency_id=i.agency_id,
            agency_name=i.agency.name if i.agency_id else "",
        )
        for i in indicators
    }
