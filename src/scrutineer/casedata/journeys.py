"""Journeys through the system: where the children referred in a year went next (issue 4, item 6).

For a reporting year (1 April of the year before to 31 March), the base is **each child whose
referral started in the year**, through their first such referral that meets the filters. From
there each child reaches some of these steps, each counted once per child:

- **assessment**, **section 47 enquiry**, **ICPC** and **CP plan**: the earliest of each within
  the *same referral* (child in need episode), as the census links them;
- **looked after**: an episode starting on or after the referral date and within 12 months of
  it (before the same date a year later), since a looked-after episode has no referral.

Two readings of the same children:

- **The funnel** (``Journey.steps``). A child counts at a step only when they reached every step
  before it, so that the conversion from the step before is a share of the same children and
  never above 100%, and the working days between steps are measured for the same children.
  Children who skip a step (looked after straight from an assessment, say) leave the funnel
  there; the "any route" count beside each step says how many reached it however they came.
- **The flows** (``Journey.flows``), which the page draws as a Sankey chart. Each child goes
  from each step they reached to the *next step they reached*, in the order of the steps above
  (so a skip, like assessment to looked after, is a flow of its own), and from the last step they
  reached to "no further step". The children at a step are then its "any route" count, and the
  flows into a step and out of it both add up to it. Looked after is the last step: the chart's
  journey ends there.

Working days are the statutory calendar (``core.calendar.statutory_calendar``: bank holidays with
the business unit's corrections, not its local closure days), as the indicators count them:
``between(a, b)``, working days after ``a`` up to and including ``b``. A
median is over the children of the step (or flow) whose two dates are both in the calendar's
range (2000 to 2060); a date outside it (a typing error) leaves that child out of the median.

**Small numbers.** Counts of 1 to ``SUPPRESSION_MAX`` are shown as "fewer than 6", and a
conversion, share or median computed from a suppressed count is not shown either
(``Journey.rows``, ``Journey.flow_rows``). That is primary suppression, as the page has always
done: where a step's children are shown with all but one of the flows out of it, the hidden flow
can be worked out by subtraction, just as the funnel's steps give the children who left between
them. The page and its CSV are for the people who may handle case-level data, not for publishing.

**Counted in DuckDB.** ``journey`` takes a connection with a view per canonical table
(``store.connect(snapshot)``, or a test's in-memory tables) and the calendar to count with. One
query picks each child's first fitting referral, finds the steps, joins a table of cumulative
working days (as ``engine/workdays.py`` does: ``between(a, b) = wd(b) - wd(a)``) and returns one
row of counts and medians: nothing per child comes back to Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa

from scrutineer.core.workdays import WorkingDayCalendar

from .engine import codes
from .engine import workdays as engine_workdays

#: (key, label) of each step after the referral, in order.
STEPS = (
    ("assessment", "Assessment"),
    ("s47", "Section 47 enquiry"),
    ("icpc", "Initial child protection conference"),
    ("cp_plan", "Child protection plan"),
    ("looked_after", "Looked after"),
)
REFERRAL = ("referral", "Referral")
#: Where a flow goes when the child reached no step after the one it leaves.
END = ("end", "No further step")

KEYS = (REFERRAL[0], *(k for k, _ in STEPS))
LABELS = dict((REFERRAL, *STEPS, END))


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


def _hidden(value: int, small: tuple[int, int]) -> bool:
    low, high = small
    return low <= value <= high


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    count: int
    any_route: int
    conversion: float | None  # % of the step before; None for the referral or an empty step before
    median_days: float | None  # median working days from the step before
    small: tuple[int, int] = (1, 5)

    @property
    def suppressed(self) -> bool:
        return _hidden(self.count, self.small)

    @property
    def any_route_suppressed(self) -> bool:
        return _hidden(self.any_route, self.small)


@dataclass(frozen=True)
class Flow:
    """Children who went from one step to the next step they reached (``target`` is ``END``'s
    key when they reached none), with the median working days between the two."""

    source: str
    target: str
    count: int
    median_days: float | None  # None for a flow to END: there is no second date
    small: tuple[int, int] = (1, 5)

    @property
    def suppressed(self) -> bool:
        return _hidden(self.count, self.small)

    @property
    def skips(self) -> bool:
        """Whether the flow passes over a step (referral to section 47, say)."""
        return self.target != END[0] and KEYS.index(self.target) > KEYS.index(self.source) + 1


@dataclass(frozen=True)
class Journey:
    year: int
    filters: Filters
    steps: list[Step]
    previous_suppressed: list[bool]  # whether the step before each step is suppressed
    flows: list[Flow] = field(default_factory=list)  # the non-empty ones, in step order

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

    def flow_rows(self) -> list[dict[str, Any]]:
        """The flows as shown: a suppressed count is None with ``hidden`` True, and so are the
        share of the step it leaves (of that step's children by any route) and the median."""
        at = {s.key: s for s in self.steps}
        out = []
        for flow in self.flows:
            source = at[flow.source]
            share_hidden = flow.suppressed or source.any_route_suppressed
            out.append(
                {
                    "source": flow.source,
                    "target": flow.target,
                    "source_label": LABELS[flow.source],
                    "target_label": LABELS[flow.target],
                    "count": None if flow.suppressed else flow.count,
                    "hidden": flow.suppressed,
                    "skips": flow.skips,
                    "share": None if share_hidden else _percent(flow.count, source.any_route),
                    "share_hidden": share_hidden,
                    "median_days": None if flow.suppressed else flow.median_days,
                }
            )
        return out


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The reporting year ending 31 March ``year``."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


# --- the query --------------------------------------------------------------------------------
# Every piece of SQL below is built from this module's constants and codes.py, never from a
# person's input: the filters are parameters.

WORKDAYS = "journey_workdays"


def _age_band_sql(years: str) -> str:
    """``codes.age_band`` as a CASE over the column ``years``."""
    whens = []
    for name, low, high in codes.AGE_BANDS:
        tests = [f"{years} >= {int(low)}" if low is not None else "",
                 f"{years} <= {int(high)}" if high is not None else ""]  # fmt: skip
        whens.append(f"WHEN {' AND '.join(t for t in tests if t)} THEN '{name}'")
    return f"CASE WHEN {years} IS NULL THEN '{codes.UNKNOWN}' {' '.join(whens)} ELSE '{codes.UNKNOWN}' END"


def _ethnic_group_sql(code: str) -> str:
    """``codes.ethnic_group`` as a CASE over the column ``code``."""
    whens = [
        f"WHEN upper({code}) = '{c}' THEN '{g}'" for c, g in codes.ETHNIC_GROUP_EXCEPTIONS.items()
    ]
    whens += [
        f"WHEN left(upper({code}), 1) = '{c}' THEN '{g}'"
        for c, g in codes.ETHNIC_GROUP_BY_LETTER.items()
    ]
    return f"CASE WHEN coalesce({code}, '') = '' THEN 'not_known' {' '.join(whens)} ELSE 'not_known' END"


_CHILDREN = f"""
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
), people AS (
    SELECT r.child, r.referral_id, r.referral_date,
           CASE
             WHEN r.age IS NOT NULL THEN r.age
             WHEN c.birth_month IS NULL THEN
               CASE WHEN c.expected_birth_month IS NOT NULL THEN -1 END
             ELSE year(r.referral_date) - year(c.birth_month)
               - CASE WHEN month(r.referral_date) < month(c.birth_month)
                        OR (month(r.referral_date) = month(c.birth_month)
                            AND day(r.referral_date) < day(c.birth_month))
                      THEN 1 ELSE 0 END
           END AS years,
           coalesce(nullif(c.sex, ''), 'U') AS sex,
           c.ethnicity,
           CASE WHEN c.disabled IS NULL THEN '{codes.UNKNOWN}'
                WHEN c.disabled THEN 'disabled' ELSE 'not_disabled' END AS disability
    FROM referrals r
    LEFT JOIN children c ON c.child = r.child
    WHERE r.referral_date BETWEEN $start AND $end
), fitting AS (
    SELECT x.child, x.referral_id, x.referral_date AS referral,
           a.assessment, s.s47, s.icpc, p.cp_plan,
           row_number() OVER (PARTITION BY x.child ORDER BY x.referral_date, x.referral_id) AS nth
    FROM people x
    LEFT JOIN a ON a.child = x.child AND a.referral_id = x.referral_id
    LEFT JOIN s ON s.child = x.child AND s.referral_id = x.referral_id
    LEFT JOIN p ON p.child = x.child AND p.referral_id = x.referral_id
    WHERE ($age_band = '' OR {_age_band_sql("x.years")} = $age_band)
      AND ($sex = '' OR x.sex = $sex)
      AND ($ethnicity = '' OR {_ethnic_group_sql("x.ethnicity")} = $ethnicity)
      AND ($disability = '' OR x.disability = $disability)
      AND ($factor = '' OR coalesce(list_has_any(a.factors, $factor_codes), false))
), kids AS (
    SELECT f.*,
           (SELECT min(e.start_date) FROM cla_episodes e
             WHERE e.child = f.child AND e.start_date >= f.referral
               AND e.start_date < CAST(f.referral + INTERVAL 12 MONTH AS DATE)) AS looked_after
    FROM fitting f
    WHERE f.nth = 1
)
"""  # noqa: S608 - built from constants only (see above)


def _reached(key: str) -> str:
    return f"{key} IS NOT NULL"


def _missed(keys: tuple[str, ...]) -> list[str]:
    return [f"{k} IS NULL" for k in keys]


def _days(a: str, b: str, count_start_day: bool) -> str:
    """``calendar.between(a, b)`` for two date columns, from the working-day table's columns
    ``wd_<key>`` (cumulative working days) and ``on_<key>`` (1 on a working day)."""
    plain = f"(wd_{b} - wd_{a})"
    if not count_start_day:
        return plain
    # between(a, b) counts [a, b] then; when b is before a it is -between(b, a).
    return f"CASE WHEN {b} >= {a} THEN {plain} + on_{a} ELSE {plain} - on_{b} END"


def _aggregates(count_start_day: bool) -> list[str]:
    out = ["count(*) AS children"]
    for k, key in enumerate(KEYS[1:], start=1):
        funnel = " AND ".join(_reached(x) for x in KEYS[1 : k + 1])
        days = _days(KEYS[k - 1], key, count_start_day)
        out += [
            f"count({key}) AS any_{key}",
            f"count(*) FILTER (WHERE {funnel}) AS funnel_{key}",
            f"median({days}) FILTER (WHERE {funnel}) AS funnel_days_{key}",
        ]
    for i, source in enumerate(KEYS):
        for j in range(i + 1, len(KEYS)):
            target = KEYS[j]
            moved = " AND ".join([_reached(source), _reached(target), *_missed(KEYS[i + 1 : j])])
            days = _days(source, target, count_start_day)
            out += [
                f"count(*) FILTER (WHERE {moved}) AS flow_{source}__{target}",
                f"median({days}) FILTER (WHERE {moved}) AS flow_days_{source}__{target}",
            ]
        if i < len(KEYS) - 1:  # looked after is where the chart's journey ends
            ended = " AND ".join([_reached(source), *_missed(KEYS[i + 1 :])])
            out.append(f"count(*) FILTER (WHERE {ended}) AS flow_{source}__{END[0]}")
    return out


def _query(count_start_day: bool) -> str:
    joins = "\n".join(f"LEFT JOIN {WORKDAYS} w_{key} ON w_{key}.date = kids.{key}" for key in KEYS)
    columns = ", ".join(f"w_{key}.wd AS wd_{key}, w_{key}.working AS on_{key}" for key in KEYS)
    aggregates = ",\n       ".join(_aggregates(count_start_day))
    return (
        f"{_CHILDREN}, timed AS (SELECT kids.*, {columns} FROM kids\n{joins})\n"  # noqa: S608 - constants only
        f"SELECT {aggregates} FROM timed"
    )


@lru_cache(maxsize=4)
def _workdays(calendar: WorkingDayCalendar) -> pa.Table:
    """The calendar as a table: per day, cumulative working days (``wd``) and whether it is a
    working day (``working``). Cached per calendar: building it walks 22,000 days."""
    table = engine_workdays.arrow(calendar)
    wd = table.column("wd").to_numpy()
    working = np.diff(wd, prepend=0).astype(np.int32)
    return table.append_column("working", pa.array(working))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median(value: Any) -> float | None:
    return None if value is None else float(value)


def journey(
    con: Any,
    filters: Filters,
    *,
    year: int,
    calendar: WorkingDayCalendar,
    small: tuple[int, int] = (1, 5),
) -> Journey:
    """The funnel and the flows of the children referred in ``year`` who meet ``filters``."""
    if filters.factor and filters.factor not in codes.FACTORS:
        raise ValueError(f"{filters.factor!r} is not a factor at assessment")
    start, end = year_bounds(year)
    params = {
        "start": start,
        "end": end,
        "age_band": filters.age_band,
        "sex": filters.sex,
        "ethnicity": filters.ethnicity,
        "disability": filters.disability,
        "factor": filters.factor,
        "factor_codes": list(codes.FACTORS.get(filters.factor, ("",))),
    }
    con.register(WORKDAYS, _workdays(calendar))
    try:
        cursor = con.execute(_query(calendar.count_start_day), params)
        names = [d[0] for d in cursor.description]
        (values,) = cursor.fetchall()  # one row of aggregates; fetching all ends the result
        found = dict(zip(names, values, strict=True))
    finally:
        con.unregister(WORKDAYS)
    return _assemble(found, year=year, filters=filters, small=small)


def _assemble(
    found: dict[str, Any], *, year: int, filters: Filters, small: tuple[int, int]
) -> Journey:
    children = int(found["children"])
    steps = [Step(REFERRAL[0], REFERRAL[1], children, children, None, None, small)]
    for key, label in STEPS:
        before = steps[-1].count
        count = int(found[f"funnel_{key}"])
        steps.append(
            Step(
                key,
                label,
                count=count,
                any_route=int(found[f"any_{key}"]),
                conversion=_percent(count, before),
                median_days=_median(found[f"funnel_days_{key}"]),
                small=small,
            )
        )
    flows = []
    for i, source in enumerate(KEYS):
        for target in (*KEYS[i + 1 :], END[0]):
            count = int(found.get(f"flow_{source}__{target}") or 0)
            if count:
                days = found.get(f"flow_days_{source}__{target}")
                flows.append(Flow(source, target, count, _median(days), small))
    hidden_before = [False] + [s.suppressed for s in steps[:-1]]
    return Journey(
        year=year, filters=filters, steps=steps, previous_suppressed=hidden_before, flows=flows
    )
