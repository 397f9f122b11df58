"""Journeys through the system: where the children referred in a year went next (issue 4, item 6).

For a reporting year (1 April of the year before to 31 March), the base is **each child whose
referral started in the year**, through their first such referral that meets the filters. From
there the journey is a funnel of steps, each counted once per child:

- **assessment**, **section 47 enquiry**, **ICPC** and **CP plan**: the earliest of each within
  the *same referral* (child in need episode), as the census links them;
- **looked after**: an episode starting on or after the referral date and within 12 months of
  it (before the same date a year later), since a looked-after episode has no referral.

A child counts at a step only when they reached every step before it: a funnel, so that the
conversion from the step before is a share of the same children and never above 100%, and the
working days between steps are measured for the same children. Children who skip a step (looked
after straight from an assessment, say) leave the funnel there; the "any route" count beside
each step says how many reached it however they came, so nothing is hidden.

Working days are the partnership's calendar (``core.calendar.partnership_calendar``), counted
as ``between(a, b)``: working days after ``a`` up to and including ``b``, as the indicators do.

**Small numbers.** The page shows counts of 1 to ``SUPPRESSION_MAX`` as "fewer than 6", and a
conversion or median computed from a suppressed count is not shown either (``Step.shown``).

Plain Python over DuckDB: ``journey`` takes a connection with a view per canonical table
(``store.connect(snapshot)``, or a test's in-memory tables) and the calendar to count with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any, Protocol

from .engine import codes

#: (key, label) of each step after the referral, in order.
STEPS = (
    ("assessment", "Assessment"),
    ("s47", "Section 47 enquiry"),
    ("icpc", "Initial child protection conference"),
    ("cp_plan", "Child protection plan"),
    ("looked_after", "Looked after"),
)
REFERRAL = ("referral", "Referral")


class Calendar(Protocol):
    def between(self, start: dt.date, end: dt.date) -> int: ...


@dataclass(frozen=True)
class Filters:
    """Who the journey is of; blank means any."""

    age_band: str = ""  # a name of codes.AGE_BANDS, or unknown
    sex: str = ""  # M, F or U
    ethnicity: str = ""  # an ethnic group of codes.ETHNIC_GROUPS
    disability: str = ""  # disabled, not_disabled, unknown
    factor: str = ""  # a name of codes.FACTORS: any of its codes at an assessment of the referral

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in dataclasses.asdict(self).items() if v]
        return ", ".join(parts) or "all children"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    count: int
    any_route: int
    conversion: float | None  # % of the step before; None for the referral or an empty step before
    median_days: float | None  # median working days from the step before
    small: tuple[int, int] = (1, 5)

    def _hidden(self, value: int) -> bool:
        low, high = self.small
        return low <= value <= high

    @property
    def suppressed(self) -> bool:
        return self._hidden(self.count)

    @property
    def any_route_suppressed(self) -> bool:
        return self._hidden(self.any_route)


@dataclass(frozen=True)
class Journey:
    year: int
    filters: Filters
    steps: list[Step]
    previous_suppressed: list[bool]  # whether the step before each step is suppressed

    @property
    def referrals(self) -> int:
        return self.steps[0].count

    def rows(self) -> list[dict[str, Any]]:
        """The figures as shown: suppressed counts, and what is derived from them, are None with
        ``hidden`` True; the bar width (per cent of the referrals) is 0 for a suppressed step."""
        out = []
        base = self.referrals or 1
        for step, before_hidden in zip(self.steps, self.previous_suppressed, strict=True):
            hide = step.suppressed
            derived_hidden = hide or before_hidden
            out.append(
                {
                    "key": step.key,
                    "label": step.label,
                    "count": None if hide else step.count,
                    "hidden": hide,
                    "derived_hidden": derived_hidden,
                    "any_route": None if step.any_route_suppressed else step.any_route,
                    "any_route_hidden": step.any_route_suppressed,
                    "conversion": None if derived_hidden else step.conversion,
                    "median_days": None if derived_hidden else step.median_days,
                    "width": 0 if hide else round(100 * step.count / base, 1),
                }
            )
        return out


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The reporting year ending 31 March ``year``."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


_QUERY = """
WITH a AS (
    SELECT child, referral_id, min(start_date) AS assessment,
           list_distinct(flatten(list(coalesce(factors, [])))) AS factors
    FROM assessments GROUP BY child, referral_id
), s AS (
    SELECT child, referral_id, min(start_date) AS s47, min(icpc_date) AS icpc
    FROM s47 GROUP BY child, referral_id
), p AS (
    SELECT child, referral_id, min(start_date) AS cp_plan
    FROM cp_plans GROUP BY child, referral_id
)
SELECT r.child, r.referral_id, r.referral_date, r.age, c.birth_month, c.expected_birth_month,
       c.sex, c.ethnicity, c.disabled, a.assessment, a.factors, s.s47, s.icpc, p.cp_plan,
       (SELECT min(e.start_date) FROM cla_episodes e
         WHERE e.child = r.child AND e.start_date >= r.referral_date
           AND e.start_date < CAST(r.referral_date + INTERVAL 12 MONTH AS DATE)) AS looked_after
FROM referrals r
LEFT JOIN children c ON c.child = r.child
LEFT JOIN a ON a.child = r.child AND a.referral_id = r.referral_id
LEFT JOIN s ON s.child = r.child AND s.referral_id = r.referral_id
LEFT JOIN p ON p.child = r.child AND p.referral_id = r.referral_id
WHERE r.referral_date BETWEEN ? AND ?
ORDER BY r.child, r.referral_date, r.referral_id
"""


def _age(row: dict[str, Any]) -> int | None:
    if row["age"] is not None:
        return int(row["age"])
    born, on = row["birth_month"], row["referral_date"]
    if born is None:
        return -1 if row["expected_birth_month"] is not None else None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _fits(row: dict[str, Any], f: Filters) -> bool:
    if f.factor and not set(codes.FACTORS[f.factor]) & set(row["factors"] or []):
        return False
    disabled = row["disabled"]
    facts = {
        "age_band": codes.age_band(_age(row)),
        "sex": row["sex"] or "U",
        "ethnicity": codes.ethnic_group(row["ethnicity"]),
        "disability": codes.UNKNOWN
        if disabled is None
        else ("disabled" if disabled else "not_disabled"),
    }
    return all(
        not wanted or facts[name] == wanted
        for name, wanted in (
            ("age_band", f.age_band),
            ("sex", f.sex),
            ("ethnicity", f.ethnicity),
            ("disability", f.disability),
        )
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def journey(
    con: Any,
    filters: Filters,
    *,
    year: int,
    calendar: Calendar,
    small: tuple[int, int] = (1, 5),
) -> Journey:
    """The funnel of the children referred in ``year`` who meet ``filters``."""
    if filters.factor and filters.factor not in codes.FACTORS:
        raise ValueError(f"{filters.factor!r} is not a factor at assessment")
    start, end = year_bounds(year)
    cursor = con.execute(_QUERY, [start, end])
    names = [d[0] for d in cursor.description]
    first: dict[str, dict[str, Any]] = {}
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        if row["child"] not in first and _fits(row, filters):
            first[row["child"]] = row  # ordered by date: the first fitting referral
    keys = [REFERRAL[0]] + [k for k, _ in STEPS]
    labels = [REFERRAL[1]] + [label for _, label in STEPS]
    children = list(first.values())
    steps: list[Step] = []
    reached = children
    for i, key in enumerate(keys):
        if i == 0:
            steps.append(Step(key, labels[i], len(children), len(children), None, None, small))
            continue
        before = "referral_date" if i == 1 else keys[i - 1]
        now = [row for row in reached if row[key] is not None]
        days = [calendar.between(row[before], row[key]) for row in now]
        steps.append(
            Step(
                key,
                labels[i],
                count=len(now),
                any_route=sum(1 for row in children if row[key] is not None),
                conversion=_percent(len(now), len(reached)) if reached else None,
                median_days=float(statistics.median(days)) if days else None,
                small=small,
            )
        )
        reached = now
    hidden_before = [False] + [s.suppressed for s in steps[:-1]]
    return Journey(year=year, filters=filters, steps=steps, previous_suppressed=hidden_before)
