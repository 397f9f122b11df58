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

**The contact** (``Journey.contacts``), before the referral, comes in four flows, each child
counted once:

- **contact to referral**: the children of the base with a contact in the year on or before the
  date of their referral; the working days are from the latest such contact to the referral;
- the other children with a contact in the year who meet the filters on the day of their first
  contact in the year (their age then, worked out as at a referral) go either
  - **contact to a referral outside this journey**, when they had a referral on or after that
    first contact, up to the year end, that this journey does not follow: one outside the
    filters (aged 9 at the contact, 10 at the referral, with the 5 to 9 band chosen), or a
    later referral of a child whose journey follows an earlier one with no contact before it;
  - or **contact to no further step**: no referral at all on or after their first contact in
    the year, so that "not referred after a contact" is true of every one of them;
- **no contact recorded before the referral**, into the referral: the children of the base with
  no contact in the year on or before their referral (one before 1 April counts as none), so
  that the flows into the referral add up to the referrals.

The children contacted in the year are the first three together. A child who went from a contact
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

**Small numbers.** Every figure the page and the CSV show goes through one
``core.suppression.suppress`` (``Journey.suppression``), which the rows (``Journey.rows``,
``Journey.flow_rows``, ``Journey.contact_rows``), the chart and the CSV all read: counts of 1 to
``SUPPRESSION_MAX`` are hidden, and so is a conversion, share or median worked out from a hidden
count, and then further cells, so that none can be worked out from the totals that hold between
them (``Journey.totals``): the flows out of a step and the flows into it add up to its children
by any route, the contact's flows to the children contacted, the two flows into the referral to
the referrals, and the funnel's count at a step is its count by any route, or the flow from the
step before, while no flow skips into that step or one before it. A hidden figure is "not shown"
on the page and the chart, and ``c`` in the CSV, whichever rule hid it.

**Counted in DuckDB.** ``journey`` takes a connection with a view per canonical table
(``store.connect(snapshot)``, or a test's in-memory tables) and the calendar to count with. One
query (``journeys_query.py``) picks each child's first fitting referral, finds the steps and the
latest contact before it, joins a table of cumulative working days (as ``engine/workdays.py``
does: ``between(a, b) = wd(b) - wd(a)``), counts the children contacted who went no further,
and returns one row of counts and medians: nothing per child comes back to Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from scrutineer.core.suppression import DEFAULT_THRESHOLD, Key, Suppression, Total, suppress
from scrutineer.core.workdays import WorkingDayCalendar

from .engine import codes

# The steps' keys and labels live with the query whose columns they name; they are imported
# from here by the chart, the CSV and the tests.
from .journeys_query import (
    CONTACT,
    END,
    KEYS,
    LABELS,
    NO_CONTACT,
    OUTSIDE,
    REFERRAL,
    STEPS,
    WORKDAYS,
)
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


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    count: int
    any_route: int
    conversion: float | None  # % of the step before; None for the referral or an empty step before
    median_days: float | None  # median working days from the step before


@dataclass(frozen=True)
class Flow:
    """Children who went from one step to the next step they reached (``target`` is ``END``'s
    key when they reached none), with the median working days between the two."""

    source: str
    target: str
    count: int
    median_days: float | None  # None for a flow to END or OUTSIDE: there is no second date

    @property
    def key(self) -> str:
        """The flow's cell in the journey's suppression table."""
        return f"flow:{self.source}>{self.target}"

    @property
    def skips(self) -> bool:
        """Whether the flow passes over a step (referral to section 47, say). The contact's
        flows never do: they go to the referral, outside the journey or to no further step."""
        if self.source not in KEYS or self.target not in KEYS:
            return False
        return KEYS.index(self.target) > KEYS.index(self.source) + 1


@dataclass(frozen=True)
class Contacts:
    """The contact step: the children contacted in the year, where they went, and the referred
    children who had no contact before their referral (see the module's docstring)."""

    referred: int  # contact to referral
    median_days: float | None  # working days from the latest contact before it to the referral
    ended: int  # contact to no further step: no referral on or after the first contact
    without: int  # referred with no contact recorded before the referral
    outside: int = 0  # referred after a contact, but not in this journey

    @property
    def children(self) -> int:
        return self.referred + self.outside + self.ended


#: Cell keys of the suppression table: the referrals (the referral's count and its count by any
#: route are one figure), the children contacted, and per step its funnel and any-route counts.
CHILDREN, CONTACTED = "children", "contacted"


def step_key(key: str) -> str:
    return CHILDREN if key == REFERRAL[0] else f"step:{key}"


def any_key(key: str) -> str:
    return CHILDREN if key == REFERRAL[0] else f"any:{key}"


@dataclass(frozen=True)
class Journey:
    year: int
    filters: Filters
    steps: list[Step]
    flows: list[Flow] = field(default_factory=list)  # the non-empty ones, in step order
    contacts: Contacts | None = None  # None when the contact step is left out
    contacts_left_out: str = ""  # NO_CONTACTS or FACTOR_CHOSEN when it is
    small: tuple[int, int] = DEFAULT_THRESHOLD  # the counts suppressed: 1 to SUPPRESSION_MAX

    @property
    def referrals(self) -> int:
        return self.steps[0].count

    @property
    def left_out_because(self) -> str:
        """The sentence saying why the contact step is not shown, or nothing."""
        return LEFT_OUT.get(self.contacts_left_out, "")

    def table(self) -> tuple[dict[Key, float | None], list[Key], list[Total], dict[Key, list[Key]]]:
        """Every figure the page and the CSV show, as one table for ``core.suppression``: the
        cells (key -> value), which of them are counts, the totals that hold between them, and
        what each share and median is worked out from. See "Small numbers" in the docstring."""
        values: dict[Key, float | None] = {CHILDREN: self.referrals}
        derived: dict[Key, list[Key]] = {}
        before = CHILDREN
        for step in self.steps[1:]:
            key = step_key(step.key)
            values[key], values[any_key(step.key)] = step.count, step.any_route
            values[f"conversion:{step.key}"] = step.conversion
            values[f"median:{step.key}"] = step.median_days
            # A conversion gives the step before from this one; a median is of this step's
            # children and, like the conversion, goes when either count is hidden.
            derived[f"conversion:{step.key}"] = [key, before]
            derived[f"median:{step.key}"] = [key, before]
            before = key
        if self.contacts is not None:
            values[CONTACTED] = self.contacts.children
        whole = {k: any_key(k) for k in KEYS} | {CONTACT[0]: CONTACTED}
        for flow in self.flows:  # a move no child made is left out: it is a known 0, not a cell
            values[flow.key] = flow.count
            values[f"days:{flow.key}"] = flow.median_days
            derived[f"days:{flow.key}"] = [flow.key]
            if flow.source in whole:
                values[f"share:{flow.key}"] = _percent(flow.count, self.whole(flow.source))
                derived[f"share:{flow.key}"] = [flow.key, whole[flow.source]]
        counts: list[Key] = [
            k for k in values if str(k).startswith(("step:", "any:", "flow:", CHILDREN, CONTACTED))
        ]
        return values, counts, self.totals(), derived

    def whole(self, source: str) -> int:
        """The children at a flow's source: a step's by any route, or all those contacted."""
        if source == CONTACT[0]:
            return self.contacts.children if self.contacts is not None else 0
        return next(s.any_route for s in self.steps if s.key == source)

    def totals(self) -> list[Total]:
        """Every sum that holds between the figures shown, so that secondary suppression leaves
        no hidden figure that adding and subtracting them would give back."""
        keys = [f.key for f in self.flows]
        present = [s.key for s in self.steps]  # every step, but for a test's partial journey
        out = []
        for step in present:
            if step != KEYS[-1]:  # the bands out of a step add up to its children
                out.append(
                    Total(tuple(f.key for f in self.flows if f.source == step), any_key(step))
                )
            into = tuple(f.key for f in self.flows if f.target == step)
            if step != REFERRAL[0]:  # and the bands into it
                out.append(Total(into, any_key(step)))
            elif self.contacts is not None:  # the contact and "no contact" flows: the referrals
                out.append(Total(into, CHILDREN))
        if self.contacts is not None:
            out.append(Total(tuple(f.key for f in self.flows if f.source == CONTACT[0]), CONTACTED))
        # The funnel. Its count at a step is its count by any route when no band skips into
        # that step or one before it (everyone there came through every step); and it is the
        # band from the step before when no band skips into that step or one before it.
        skipped_to = [KEYS.index(f.target) for f in self.flows if f.skips]
        first_skip = min(skipped_to, default=len(KEYS))
        for k, step in enumerate(KEYS[1:], start=1):
            if step not in present:
                continue
            if k < first_skip:
                out.append(Total((step_key(step),), any_key(step)))
            onward = f"flow:{KEYS[k - 1]}>{step}"
            if 1 < k <= first_skip and onward in keys:
                out.append(Total((step_key(step),), onward))
        return out

    @cached_property
    def suppression(self) -> Suppression:
        """The journey's one suppression, which the rows, the chart and the CSV all read."""
        values, counts, totals, derived = self.table()
        return suppress(values, self.small, counts=counts, totals=totals, derived=derived)

    def _figure(self, key: str, value: Any) -> tuple[Any, bool]:
        """A figure as shown and whether it is hidden; a cell not in the table (a move no child
        made) is a known 0, shown."""
        if key in self.suppression.values and self.suppression.is_hidden(key):
            return None, True
        return value, False

    def contact_rows(self) -> list[dict[str, Any]]:
        """The contact step as shown (none when it is left out): the children contacted, the
        three flows out of the contact with their share of them, and the referrals with no
        contact before them. A figure that does not apply is None with its ``hidden`` False."""
        c = self.contacts
        if c is None:
            return []

        def row(key: str, label: str, count: int, cell: str, *, share: bool, median: bool
                ) -> dict[str, Any]:  # fmt: skip
            shown, hide = self._figure(cell, count)
            pct, pct_hidden = self._figure(f"share:{cell}", _percent(count, c.children))
            days, days_hidden = self._figure(f"days:{cell}", c.median_days)
            return {
                "key": key,
                "label": label,
                "count": shown,
                "hidden": hide,
                "share": pct if share else None,
                "share_hidden": share and pct_hidden,
                "median_days": days if median else None,
                "median_hidden": median and days_hidden,
            }

        flow = {
            "referred": f"flow:{CONTACT[0]}>{REFERRAL[0]}",
            "outside": f"flow:{CONTACT[0]}>{OUTSIDE[0]}",
            "not_referred": f"flow:{CONTACT[0]}>{END[0]}",
            "no_contact": f"flow:{NO_CONTACT[0]}>{REFERRAL[0]}",
        }
        return [
            row("contacted", "Contacted in the year", c.children, CONTACTED, share=False,
                median=False),
            row("referred", "Referred after a contact", c.referred, flow["referred"], share=True,
                median=True),
            row("outside", "Referred after a contact, outside this journey", c.outside,
                flow["outside"], share=True, median=False),
            row("not_referred", "Not referred after a contact", c.ended, flow["not_referred"],
                share=True, median=False),
            row("no_contact", "Referred with no contact recorded before the referral", c.without,
                flow["no_contact"], share=False, median=False),
        ]  # fmt: skip

    def rows(self) -> list[dict[str, Any]]:
        """The steps as shown: a hidden count, and what is worked out from it, is None with its
        ``hidden`` flag True (``derived_hidden`` for the conversion and the median, which are
        worked out from the same two counts)."""
        out = []
        for step in self.steps:
            count, hide = self._figure(step_key(step.key), step.count)
            any_route, any_hidden = self._figure(any_key(step.key), step.any_route)
            derived_hidden = (
                self._figure(f"conversion:{step.key}", None)[1]
                or self._figure(f"median:{step.key}", None)[1]
            )
            out.append(
                {
                    "key": step.key,
                    "label": step.label,
                    "count": count,
                    "hidden": hide,
                    "derived_hidden": derived_hidden,
                    "any_route": any_route,
                    "any_route_hidden": any_hidden,
                    "conversion": None if derived_hidden else step.conversion,
                    "median_days": None if derived_hidden else step.median_days,
                }
            )
        return out

    def flow_rows(self) -> list[dict[str, Any]]:
        """The flows as shown: a hidden count is None with ``hidden`` True, and so are the share
        of the step it leaves (of that step's children by any route) and the median. The
        children with no contact before their referral are all of their source: no share."""
        out = []
        for flow in self.flows:
            count, hide = self._figure(flow.key, flow.count)
            share_key = f"share:{flow.key}"
            share, share_hidden = self._figure(share_key, self.suppression.values.get(share_key))
            median, median_hidden = self._figure(f"days:{flow.key}", flow.median_days)
            out.append(
                {
                    "source": flow.source,
                    "target": flow.target,
                    "source_label": LABELS[flow.source],
                    "target_label": LABELS[flow.target],
                    "count": count,
                    "hidden": hide,
                    "skips": flow.skips,
                    "share": share,
                    "share_hidden": share_hidden,
                    "median_days": median,
                    "median_hidden": median_hidden,
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
    small: tuple[int, int] = DEFAULT_THRESHOLD,
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
    steps = [Step(REFERRAL[0], REFERRAL[1], children, children, None, None)]
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
            )
        )
    flows = []
    for i, source in enumerate(KEYS):
        for target in (*KEYS[i + 1 :], END[0]):
            count = int(found.get(f"flow_{source}__{target}") or 0)
            if count:
                days = found.get(f"flow_days_{source}__{target}")
                flows.append(Flow(source, target, count, _median(days)))
    contacts, left_out = _contacts(found, filters=filters)
    if contacts is not None:
        entering = [
            Flow(CONTACT[0], REFERRAL[0], contacts.referred, contacts.median_days),
            Flow(CONTACT[0], OUTSIDE[0], contacts.outside, None),
            Flow(CONTACT[0], END[0], contacts.ended, None),
            Flow(NO_CONTACT[0], REFERRAL[0], contacts.without, None),
        ]
        flows = [f for f in entering if f.count] + flows
    return Journey(
        year=year,
        filters=filters,
        steps=steps,
        flows=flows,
        contacts=contacts,
        contacts_left_out=left_out,
        small=small,
    )


def _contacts(found: dict[str, Any], *, filters: Filters) -> tuple[Contacts | None, str]:
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
        outside=int(found["contact_outside"]),
    )
    return contacts, ""
