"""The validation rules: what is checked in each child's records, and what happens to a record
that breaks a rule (issue 4, item 2).

Every importer gathers one child's records (``ChildRecords``) and calls ``check``. Each rule is
a function over one child's records with the rule quoted in its docstring; it returns
``Problem`` values and never raises. A rule decides the fate of the record it names:

- **error**: the record cannot be counted correctly, so it is **not used** (it is left out
  of the snapshot, and the problem says so);
- **warning**: the record is used as it is, but it is doubtful and the report shows it.

Nothing is dropped silently: a record is left out only by an error that names it. Rules run
in order, and a later rule looks only at the records earlier rules left in use.
Rules about a value as it was written (an unreadable date, an unknown code, a child met
twice) are found while reading, by the importers, with the constructors of
``rules_reading``; both modules together are every rule there is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from scrutineer.casedata.importers.base import Problem
from scrutineer.casedata.importers.codes import NO_FACTORS
from scrutineer.casedata.importers.records import (
    ERROR,
    WARNING,
    ChildRecords,
    Context,
    Record,
    when,
)
from scrutineer.casedata.importers.records import problem as _problem

__all__ = ["ERROR", "WARNING", "ChildRecords", "Context", "Record", "check", "when"]


#: The columns without which a record cannot be placed in time, so cannot be counted.
REQUIRED = {
    "contacts": ("contact_date",),
    "referrals": ("referral_date",),
    "assessments": ("start_date",),
    "cin_plans": ("start_date",),
    "s47": ("start_date",),
    "cp_plans": ("start_date",),
    "cp_reviews": ("review_date",),
    "cla_episodes": ("start_date",),
    "cla_reviews": ("review_date",),
    "missing": ("start_date",),
}


def missing_field(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "Every record has the date that places it in time (a referral its referral date,
    an assessment its start date, a plan or episode its start date, a review its date)."
    Without it the record cannot be counted in any period: **error**, not used.

    Rule: "The fields the return expects are present" (the child's sex, ethnicity and date of
    birth, a referral's source, a closure reason when an episode has closed, a closure date
    when a reason is given...): **warning**, the record is used with the field empty.
    """
    for record in list(child.records):
        if not record.used:
            continue
        for column in REQUIRED.get(record.table, ()):
            if record.values[column] is None and column not in record.invalid:
                name = ctx.name(record.table, column)
                yield _problem(
                    "missing_field", ERROR, child, record, f"{name} is missing: not used"
                )
                break
        if not record.used:
            continue
        absent = [
            ctx.name(record.table, column)
            for column in ctx.expected.get(record.table, ())
            if record.values[column] is None and column not in record.invalid
        ]
        if absent:
            yield _problem("missing_field", WARNING, child, record, f"{', '.join(absent)} missing")
        births = ("birth_month", "expected_birth_month")
        if record.table == "children" and not any(
            record.values[c] is not None or c in record.invalid for c in births
        ):
            yield _problem(
                "missing_field",
                WARNING,
                child,
                record,
                f"{ctx.name('children', 'birth_month')} missing: ages are not known",
            )
        if record.table == "referrals":
            closed, reason = record.values["closure_date"], record.values["closure_reason"]
            if closed is not None and reason is None and "closure_reason" not in record.invalid:
                yield _problem(
                    "missing_field",
                    WARNING,
                    child,
                    record,
                    f"the episode closed on {when(closed)} but "
                    f"{ctx.name('referrals', 'closure_reason')} is missing",
                )
            if reason is not None and closed is None and "closure_date" not in record.invalid:
                name = ctx.name("referrals", "closure_date")
                yield _problem(
                    "missing_field",
                    WARNING,
                    child,
                    record,
                    f"a reason for closure is given but {name} is missing: "
                    "the episode is counted as open",
                )
        if record.table == "cla_episodes":
            ended, reason = record.values["end_date"], record.values["reason_end"]
            if reason is not None and ended is None and "end_date" not in record.invalid:
                name = ctx.name("cla_episodes", "end_date")
                yield _problem(
                    "missing_field",
                    WARNING,
                    child,
                    record,
                    f"a reason the episode ended is given but {name} is missing: "
                    "the episode is counted as open",
                )


#: (table, earlier column, later column): the later may not come before the earlier.
ORDER = (
    ("referrals", "referral_date", "closure_date"),
    ("assessments", "start_date", "authorised_date"),
    ("cin_plans", "start_date", "end_date"),
    ("s47", "start_date", "icpc_date"),
    ("cp_plans", "start_date", "end_date"),
    ("cla_episodes", "start_date", "end_date"),
    ("missing", "start_date", "end_date"),
)


def dates_out_of_order(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "A record cannot end before it starts": an episode's closure date is on or after
    its referral date (DfE CIN rule 8630: "CIN Closure Date is before CIN Referral Date for the
    same CIN episode"); an assessment is authorised on or after it started; a plan, a
    looked-after episode or a missing episode ends on or after it started; an initial child
    protection conference is on or after the strategy discussion that started the enquiry.

    Which of the two dates is wrong cannot be known, and every duration and every count at a
    date would be wrong with it: **error**, the record is not used. Its assessments, enquiries
    and plans are still used: their own dates are not in doubt.
    """
    for table, first, then in ORDER:
        for record in child.used(table):
            start, end = record.values[first], record.values[then]
            if start is not None and end is not None and end < start:
                a, b = ctx.name(table, then), ctx.name(table, first)
                yield _problem(
                    "dates_out_of_order",
                    ERROR,
                    child,
                    record,
                    f"{a} {when(end)} is before {b} {when(start)}: not used",
                )
    plans = {r.values["plan_id"]: r for r in child.used("cp_plans")}
    for review in child.used("cp_reviews"):
        plan = plans.get(review.values["plan_id"])
        day = review.values["review_date"]
        if plan is not None and day is not None and day < plan.values["start_date"]:
            yield _problem(
                "dates_out_of_order",
                ERROR,
                child,
                review,
                f"the review on {when(day)} is before the plan started on "
                f"{when(plan.values['start_date'])}: not used",
            )


#: What makes two records of one child the same record.
KEYS = {
    "contacts": ("contact_date", "source"),
    "referrals": ("referral_date",),
    "assessments": ("referral_id", "start_date"),
    "cin_plans": ("referral_id", "start_date"),
    "s47": ("referral_id", "start_date"),
    "cp_plans": ("start_date",),
    "cp_reviews": ("plan_id", "review_date"),
    "cla_episodes": ("start_date",),
    "cla_reviews": ("review_date",),
    "missing": ("start_date",),
}


def duplicate_record(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "A child has at most one record of each kind starting on the same day" (one
    referral a day, one plan a day, one looked-after episode a day...).

    The second copy would count the same event twice: **error**, the later record is not used
    (and, for a repeated referral, neither are the assessments, enquiries and plans recorded
    under it, which repeat the first's).
    """
    for table, key_columns in KEYS.items():
        seen: dict[tuple[Any, ...], Record] = {}
        for record in child.used(table):
            key = tuple(record.values[c] for c in key_columns)
            if key[-1] is None:
                continue
            first = seen.setdefault(key, record)
            if first is record:
                continue
            dependants = [r for r in child.records if r.parent is record and r.used]
            for dependant in dependants:
                dependant.used = False
            also = f" (nor the {len(dependants)} records under it)" if dependants else ""
            yield _problem(
                "duplicate_record",
                ERROR,
                child,
                record,
                f"repeats {first.where} (same {ctx.name(table, key_columns[-1])}): not used{also}",
            )


def before_referral(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "An assessment, a section 47 enquiry, a child in need plan or a child protection
    plan recorded under an episode does not start before that episode's referral date."

    The record may be right and the episode's referral date wrong: **warning**, used.
    """
    for table in ("assessments", "s47", "cin_plans", "cp_plans"):
        for record in child.used(table):
            parent, start = record.parent, record.values["start_date"]
            if parent is None or start is None:
                continue
            referred = parent.values["referral_date"]
            if referred is not None and start < referred:
                yield _problem(
                    "before_referral",
                    WARNING,
                    child,
                    record,
                    f"{ctx.name(table, 'start_date')} {when(start)} is before the referral "
                    f"date {when(referred)} of its episode",
                )


def _overlaps(records: list[Record], start: str, end: str) -> Iterator[tuple[Record, Record]]:
    """Pairs (earlier, later) where the later starts before the earlier has ended; an earlier
    record with no end is open, so anything after it overlaps it."""
    ordered = sorted(
        (r for r in records if r.values[start] is not None), key=lambda r: r.values[start]
    )
    longest: Record | None = None  # of the records so far, the one that ends last
    for record in ordered:
        if longest is not None:
            ends = longest.values[end]
            if ends is None or record.values[start] < ends:
                yield longest, record
            mine = record.values[end]
            if ends is not None and (mine is None or mine > ends):
                longest = record
        else:
            longest = record


def overlapping_episodes(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "A child's child in need episodes do not overlap: a new referral starts on or
    after the previous episode closed, and only the latest episode may be open."

    Both episodes may be real (the earlier one was not closed in the case system):
    **warning**, both used; counts of children in need at a date may include the child twice.
    """
    for earlier, later in _overlaps(child.used("referrals"), "referral_date", "closure_date"):
        yield _problem(
            "overlapping_episodes",
            WARNING,
            child,
            later,
            f"starts on {when(later.values['referral_date'])}, while the episode at "
            f"{earlier.where} is still open",
        )


def overlapping_plans(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "A child has one child protection plan at a time, and one child in need plan at a
    time in an episode: a plan starts on or after the previous plan ended."

    **Warning**, both used; plans open at 31 March may count the child twice.
    """
    groups: list[list[Record]] = [child.used("cp_plans")]
    by_episode: dict[int, list[Record]] = {}
    for plan in child.used("cin_plans"):
        by_episode.setdefault(id(plan.parent), []).append(plan)
    groups.extend(by_episode.values())
    for group in groups:
        for earlier, later in _overlaps(group, "start_date", "end_date"):
            yield _problem(
                "overlapping_plans",
                WARNING,
                child,
                later,
                f"starts on {when(later.values['start_date'])}, while the plan at "
                f"{earlier.where} is still open",
            )


def overlapping_care_episodes(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "A child's looked-after episodes do not overlap: each episode starts on or after
    the previous one ceased (SSDA903: a new episode starts the day the previous one ends)."

    **Warning**, both used; children looked after at 31 March may count the child twice.
    """
    episodes = child.used("cla_episodes")
    for earlier, later in _overlaps(episodes, "start_date", "end_date"):
        yield _problem(
            "overlapping_care_episodes",
            WARNING,
            child,
            later,
            f"starts on {when(later.values['start_date'])}, while the episode at "
            f"{earlier.where} has not ceased",
        )


def plan_same_day(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule (DfE CIN rule 8840): "Child Protection Plan cannot start and end on the same day."

    **Warning**, used: the plan is counted as starting, but it probably was never in place.
    """
    for plan in child.used("cp_plans"):
        if (
            plan.values["start_date"] is not None
            and plan.values["start_date"] == plan.values["end_date"]
        ):
            yield _problem(
                "plan_same_day",
                WARNING,
                child,
                plan,
                f"starts and ends on the same day ({when(plan.values['start_date'])})",
            )


def _not_working(day: dt.date, ctx: Context) -> str | None:
    if day.weekday() >= 5:
        return f"a {day:%A}"
    try:
        working = ctx.is_working_day(day)
    except ValueError:  # outside the calendar's years: the weekday is all that is known
        return None
    return None if working else "a bank holiday"


def icpc_on_weekend(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "An initial child protection conference is held on a working day", not at a
    weekend or on an England and Wales bank holiday (the statutory calendar).

    Conferences are not held on those days, so the date is probably mistyped, but the
    conference happened: **warning**, used (its timeliness may be wrong).
    """
    for enquiry in child.used("s47"):
        day = enquiry.values["icpc_date"]
        if day is None:
            continue
        kind = _not_working(day, ctx)
        if kind:
            yield _problem(
                "icpc_on_weekend",
                WARNING,
                child,
                enquiry,
                f"{ctx.name('s47', 'icpc_date')} {when(day)} is {kind}",
            )


def factor_21_not_alone(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule (DfE CIN rule 8869): "The assessment factors code '21' cannot be used in
    conjunction with any other assessment factors" (21 means no factors identified).

    The other factors were identified, so "none" is the mistake: **warning**, used, with the
    factors kept as written so the report and the file agree.
    """
    for assessment in child.used("assessments"):
        factors = assessment.values["factors"] or []
        if NO_FACTORS in factors and len(set(factors)) > 1:
            others = ", ".join(f for f in factors if f != NO_FACTORS)
            yield _problem(
                "factor_21_not_alone",
                WARNING,
                child,
                assessment,
                f"factor 21 (no factors identified) is given with other factors ({others})",
            )


#: Columns that record something that has happened (a target date may be in the future).
HAPPENED = {
    "contacts": ("contact_date",),
    "referrals": ("referral_date", "closure_date"),
    "assessments": ("start_date", "authorised_date"),
    "cin_plans": ("start_date", "end_date"),
    "s47": ("start_date", "icpc_date"),
    "cp_plans": ("start_date", "end_date"),
    "cp_reviews": ("review_date",),
    "cla_episodes": ("start_date", "end_date"),
    "cla_reviews": ("review_date",),
    "missing": ("start_date", "end_date"),
}


def future_date(child: ChildRecords, ctx: Context) -> Iterator[Problem]:
    """Rule: "Nothing has happened after the reference date" (the census date, or the day of
    the import): a referral, an assessment, a plan or a closure dated later is in the future.

    The event is real but its date is mistyped, or the file is older than its reference date
    says: **warning**, used (it is counted in the period its date falls in).
    """
    if child.birth_date is not None and child.birth_date > ctx.reference_date:
        yield _problem(
            "future_date",
            WARNING,
            child,
            None,
            f"the date of birth is after the reference date {when(ctx.reference_date)}",
        )
    for record in child.records:
        if not record.used:
            continue
        late = [
            f"{ctx.name(record.table, c)} {when(record.values[c])}"
            for c in HAPPENED.get(record.table, ())
            if record.values[c] is not None and record.values[c] > ctx.reference_date
        ]
        if late:
            yield _problem(
                "future_date",
                WARNING,
                child,
                record,
                f"{' and '.join(late)} after the reference date {when(ctx.reference_date)}",
            )


RULES: tuple[Callable[[ChildRecords, Context], Iterator[Problem]], ...] = (
    missing_field,
    dates_out_of_order,
    duplicate_record,
    before_referral,
    overlapping_episodes,
    overlapping_plans,
    overlapping_care_episodes,
    plan_same_day,
    icpc_on_weekend,
    factor_21_not_alone,
    future_date,
)


def check(child: ChildRecords, ctx: Context) -> list[Problem]:
    """Run every rule over one child's records, in order; errors mark records not used."""
    found: list[Problem] = []
    for rule in RULES:
        found.extend(rule(child, ctx))
    return found
