"""The journeys' steps and the one DuckDB query that counts them (see ``journeys.py``).

``query(count_start_day)`` is the SQL: it picks each child's first fitting referral, finds the
steps and the latest contact before it, joins the working-day table ``WORKDAYS`` (``workdays``
of the calendar, registered under that name) and returns one row of counts and medians, which
``journeys._assemble`` reads by name. The steps' keys are its columns' names.

Every piece of SQL here is built from this module's constants and ``codes.py``, never from a
person's input: the filters are parameters (``$age_band`` and the rest).
"""

from __future__ import annotations

from functools import lru_cache

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
#: Where the contact's flow goes for a child referred after a contact whose journey this is not
#: (their referral is outside the filters, or the one followed came before the contact).
OUTSIDE = ("outside", "Referral outside this journey")

#: The step before the referral, and where the referred children with no contact before their
#: referral come from (a source of the chart, not a step).
CONTACT = ("contact", "Contact")
NO_CONTACT = ("no_contact", "No contact recorded before the referral")

KEYS = (REFERRAL[0], *(k for k, _ in STEPS))
LABELS = dict((CONTACT, NO_CONTACT, REFERRAL, *STEPS, OUTSIDE, END))

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


def _years_sql(on: str, given: str) -> str:
    """Whole years of age on the date ``on``: ``given`` (a referral's recorded age) when known,
    else from the month of birth; -1 for an unborn child (an expected month and no birth)."""
    return f"""CASE
             WHEN {given} IS NOT NULL THEN {given}
             WHEN c.birth_month IS NULL THEN
               CASE WHEN c.expected_birth_month IS NOT NULL THEN -1 END
             ELSE year({on}) - year(c.birth_month)
               - CASE WHEN month({on}) < month(c.birth_month)
                        OR (month({on}) = month(c.birth_month) AND day({on}) < day(c.birth_month))
                      THEN 1 ELSE 0 END
           END"""


#: A child's facts from the ``children`` table (aliased ``c``), as the filters read them.
_FACTS = f"""coalesce(nullif(c.sex, ''), 'U') AS sex,
           c.ethnicity,
           CASE WHEN c.disabled IS NULL THEN '{codes.UNKNOWN}'
                WHEN c.disabled THEN 'disabled' ELSE 'not_disabled' END AS disability"""


def _fits_sql(x: str) -> str:
    """Whether the row ``x`` (with ``years``, ``sex``, ``ethnicity``, ``disability``) meets the
    filters other than the factor."""
    return f"""($age_band = '' OR {_age_band_sql(f"{x}.years")} = $age_band)
      AND ($sex = '' OR {x}.sex = $sex)
      AND ($ethnicity = '' OR {_ethnic_group_sql(f"{x}.ethnicity")} = $ethnicity)
      AND ($disability = '' OR {x}.disability = $disability)"""


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
           {_years_sql("r.referral_date", "r.age")} AS years,
           {_FACTS}
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
    WHERE {_fits_sql("x")}
      AND ($factor = '' OR coalesce(list_has_any(a.factors, $factor_codes), false))
), kids AS (
    SELECT f.*,
           (SELECT min(e.start_date) FROM cla_episodes e
             WHERE e.child = f.child AND e.start_date >= f.referral
               -- before the same date a year later; from 29 February that is 1 March, as
               -- 12 months on from the day before, and a day more
               AND e.start_date < CAST((f.referral - INTERVAL 1 DAY) + INTERVAL 12 MONTH
                                       + INTERVAL 1 DAY AS DATE)) AS looked_after,
           -- the latest contact in the year on or before the referral, if any
           (SELECT max(t.contact_date) FROM contacts t
             WHERE t.child = f.child AND t.contact_date BETWEEN $start AND f.referral) AS contact
    FROM fitting f
    WHERE f.nth = 1
), first_contacts AS (
    SELECT child, min(contact_date) AS contact_date FROM contacts
    WHERE contact_date BETWEEN $start AND $end GROUP BY child
), contacted AS (
    -- each child contacted in the year, as they were on the day of their first contact
    SELECT t.child, t.contact_date, {_years_sql("t.contact_date", "NULL")} AS years, {_FACTS},
           -- any referral on or after the first contact, up to the year end, fitting or not
           EXISTS (SELECT 1 FROM referrals r WHERE r.child = t.child
                     AND r.referral_date BETWEEN t.contact_date AND $end) AS referred_later
    FROM first_contacts t
    LEFT JOIN children c ON c.child = t.child
)
"""  # noqa: S608 - built from constants only (see above)

#: The contact's figures, beside the steps' in the query's one row of aggregates.
_CONTACT_AGGREGATES = """count(contact) AS contact_referred,
       median({days}) FILTER (WHERE contact IS NOT NULL) AS contact_days,
       count(*) FILTER (WHERE contact IS NULL) AS no_contact,
       (SELECT count(*) FILTER (WHERE NOT x.referred_later) FROM contacted x
         WHERE {fits}
           AND NOT EXISTS (SELECT 1 FROM kids k WHERE k.child = x.child AND k.contact IS NOT NULL)
       ) AS contact_ended,
       (SELECT count(*) FILTER (WHERE x.referred_later) FROM contacted x
         WHERE {fits}
           AND NOT EXISTS (SELECT 1 FROM kids k WHERE k.child = x.child AND k.contact IS NOT NULL)
       ) AS contact_outside,
       (SELECT count(*) FROM contacts) AS contacts_in_snapshot"""


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


def query(count_start_day: bool) -> str:
    dated = (CONTACT[0], *KEYS)
    joins = "\n".join(f"LEFT JOIN {WORKDAYS} w_{key} ON w_{key}.date = kids.{key}" for key in dated)
    columns = ", ".join(f"w_{key}.wd AS wd_{key}, w_{key}.working AS on_{key}" for key in dated)
    contact = _CONTACT_AGGREGATES.format(
        days=_days(CONTACT[0], REFERRAL[0], count_start_day), fits=_fits_sql("x")
    )
    aggregates = ",\n       ".join([*_aggregates(count_start_day), contact])
    return (
        f"{_CHILDREN}, timed AS (SELECT kids.*, {columns} FROM kids\n{joins})\n"  # noqa: S608 - constants only
        f"SELECT {aggregates} FROM timed"
    )


@lru_cache(maxsize=4)
def workdays(calendar: WorkingDayCalendar) -> pa.Table:
    """The calendar as a table: per day, cumulative working days (``wd``) and whether it is a
    working day (``working``). Cached per calendar: building it walks 22,000 days."""
    table = engine_workdays.arrow(calendar)
    wd = table.column("wd").to_numpy()
    working = np.diff(wd, prepend=0).astype(np.int32)
    return table.append_column("working", pa.array(working))
