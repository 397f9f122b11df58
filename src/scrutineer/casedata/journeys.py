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

**The contact** (``Journey.contacts``), before the referral, comes in three flows, each child
counted once:

- **contact to referral**: the children of the base with a contact in the year on or before the
  date of their referral; the working days are from the latest such contact to the referral;
- **contact to no further step**: the other children with a contact in the year who meet the
  filters on the day of their first contact in the year (their age then, worked out as at a
  referral): never referred in the year after a contact, or, now and then, referred after one
  only later than the referral the journey follows;
- **no contact recorded before the referral**, into the referral: the children of the base with
  no contact in the year on or before their referral (one before 1 April counts as none), so
  that the flows into the referral add up to the referrals.

The children contacted in the year are the first two together. A child who went from a contact
to a referral is taken as they were at the referral, like every step: with an age band chosen, a
child who had a birthday between the two is in the band of the referral. The funnel still starts
at the referral: its conversions are of the referred children. The contact step is left out
(``Journey.contacts`` is None, ``contacts_left_out`` says why) when the snapshot has no contacts
at all (a CIN census has none: they come from Annex A list 1), and when a factor at assessment
is chosen: a factor belongs to an assessment, which a child who was never referred cannot have.

Working days are the statutory calendar (``core.calendar.statutory_calendar``: bank holidays with
the business unit's corrections, not its local closure days), as the indicators count them:
``between(a, b)``, working days after ``a`` up to and including ``b``. A
median is over the children of the step (or flow) whose two dates are both in the calendar's
range (2000 to 2060); a date outside it (a typing error) leaves that child out of the median.

**Small numbers.** Counts of 1 to ``SUPPRESSION_MAX`` are shown as "fewer than 6", and a
conversion, share or median computed from a suppressed count is not shown either (``Journey.rows``,
``Journey.flow_rows``, ``Journey.contact_rows``). That is primary suppression, as the page has
always done: where a step's children are shown with all but one of the flows out of it, the hidden
flow can be worked out by subtraction, just as the funnel's steps give the children who left
between them. The page and its CSV are for the people who may handle case-level data, not for
publishing.

**Counted in DuckDB.** ``journey`` takes a connection with a view per canonical table
(``store.connect(snapshot)``, or a test's in-memory tables) and the calendar to count with. One
query (``journeys_query.py``) picks each child's first fitting referral, finds the steps and the
latest contact before it, joins a table of cumulative working days (as ``engine/workdays.py``
does: ``between(a, b) = wd(b) - wd(a)``), counts the children contacted who went no further,
and returns one row of counts and medians: nothing per child comes back to Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from scrutineer.core.workdays import WorkingDayCalendar

from .engine import codes

# The steps' keys and labels live with the query whose columns they name; they are imported
# from here by the chart, the CSV and the tests.
from .journeys_query import CONTACT, END, KEYS, LABELS, NO_CONTACT, REFERRAL, STEPS, WORKDAYS
from .journeys_query import query as _query
from .journeys_query import workdays as _workdays

#: Why the contact step can be left out, in the words the page and the CSV use.
NO_CONTACTS, FACTOR_CHOSEN = "no_contacts", "factor"
LEFT_OUT = {
    NO_CONTACTS: "This snapshot has no contacts (they come from Annex A list 1), so the journeys "
    "start at the referral.",
    FACTOR_CHOSEN: "With a factor at assessment chosen, the journeys start at the referral: a "
    "factor is recorded at an assessment, which a child who was contacted but never referred "
    "cannot have.",
}


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
        """Whether the flow passes over a step (referral to section 47, say). The contact's
        flows never do: they go to the referral or to no further step."""
        if self.target == END[0] or self.source not in KEYS:
            return False
        return KEYS.index(self.target) > KEYS.index(self.source) + 1


@dataclass(frozen=True)
class Contacts:
    """The contact step: the children contacted in the year, where they went, and the referred
    children who had no contact before their referral (see the module's docstring)."""

    referred: int  # contact to referral
    median_days: float | None  # working days from the latest contact before it to the referral
    ended: int  # contact to no further step
    without: int  # referred with no contact recorded before the referral
    small: tuple[int, int] = (1, 5)

    @property
    def children(self) -> int:
        return self.referred + self.ended

    @property
    def suppressed(self) -> bool:
        return _hidden(self.children, self.small)


@dataclass(frozen=True)
class Journey:
    year: int
    filters: Filters
    steps: list[Step]
    previous_suppressed: list[bool]  # whether the step before each step is suppressed
    flows: list[Flow] = field(default_factory=list)  # the non-empty ones, in step order
    contacts: Contacts | None = None  # None when the contact step is left out
    contacts_left_out: str = ""  # NO_CONTACTS or FACTOR_CHOSEN when it is

    @property
    def referrals(self) -> int:
        return self.steps[0].count

    @property
    def left_out_because(self) -> str:
        """The sentence saying why the contact step is not shown, or nothing."""
        return LEFT_OUT.get(self.contacts_left_out, "")

    def contact_rows(self) -> list[dict[str, Any]]:
        """The contact step as shown (none when it is left out): the children contacted, the two
        flows out of the contact with their share of them, and the referrals with no contact
        before them. A figure that does not apply is None with its ``hidden`` flag False."""
        c = self.contacts
        if c is None:
            return []
        whole_hidden = c.suppressed

        def row(key: str, label: str, count: int, *, share: bool, median: bool) -> dict[str, Any]:
            hide = _hidden(count, c.small)
            return {
                "key": key,
                "label": label,
                "count": None if hide else count,
                "hidden": hide,
                "share": None if not share or hide or whole_hidden else _percent(count, c.children),
                "share_hidden": share and (hide or whole_hidden),
                "median_days": None if not median or hide else c.median_days,
                "median_hidden": median and hide,
            }

        return [
            row("contacted", "Contacted in the year", c.children, share=False, median=False),
            row("referred", "Referred after a contact", c.referred, share=True, median=True),
            row("not_referred", "Not referred after a contact", c.ended, share=True, median=False),
            row("no_contact", "Referred with no contact recorded before the referral", c.without,
                share=False, median=False),
        ]  # fmt: skip

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
        # The children at each source: a step's by any route, the contact's all contacted. The
        # children with no contact before their referral are all of their source: no share.
        at = {s.key: (s.any_route, s.any_route_suppressed) for s in self.steps}
        if self.contacts is not None:
            at[CONTACT[0]] = (self.contacts.children, self.contacts.suppressed)
        out = []
        for flow in self.flows:
            whole, whole_hidden = at.get(flow.source, (0, False))
            applies = flow.source in at
            share_hidden = applies and (flow.suppressed or whole_hidden)
            out.append(
                {
                    "source": flow.source,
                    "target": flow.target,
                    "source_label": LABELS[flow.source],
                    "target_label": LABELS[flow.target],
                    "count": None if flow.suppressed else flow.count,
                    "hidden": flow.suppressed,
                    "skips": flow.skips,
                    "share": None if share_hidden or not applies else _percent(flow.count, whole),
                    "share_hidden": share_hidden,
                    "median_days": None if flow.suppressed else flow.median_days,
                }
            )
        return out


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The reporting year ending 31 March ``year``."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


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
    contacts, left_out = _contacts(found, filters=filters, small=small)
    if contacts is not None:
        entering = [
            Flow(CONTACT[0], REFERRAL[0], contacts.referred, contacts.median_days, small),
            Flow(CONTACT[0], END[0], contacts.ended, None, small),
            Flow(NO_CONTACT[0], REFERRAL[0], contacts.without, None, small),
        ]
        flows = [f for f in entering if f.count] + flows
    hidden_before = [False] + [s.suppressed for s in steps[:-1]]
    return Journey(
        year=year,
        filters=filters,
        steps=steps,
        previous_suppressed=hidden_before,
        flows=flows,
        contacts=contacts,
        contacts_left_out=left_out,
    )


def _contacts(
    found: dict[str, Any], *, filters: Filters, small: tuple[int, int]
) -> tuple[Contacts | None, str]:
    """The contact step, or None and why it is left out."""
    if not found["contacts_in_snapshot"]:
        return None, NO_CONTACTS
    if filters.factor:
        return None, FACTOR_CHOSEN
    contacts = Contacts(
        referred=int(found["contact_referred"]),
        median_days=_median(found["contact_days"]),
        ended=int(found["contact_ended"]),
        without=int(found["no_contact"]),
        small=small,
    )
    return contacts, ""
