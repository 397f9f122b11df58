"""The facts the indicators count: one Ibis relation per kind of event, from the canonical tables.

Each function returns a relation with ``child`` and ``date`` (the day the event counts on: a
referral's date, an assessment's authorisation, a conference's date...) and the columns the
indicator definitions (``indicators.py``) test. Facts hold no period: the runner groups them by
reporting year, month and split. Stocks ("open at 31 March") are episodes with ``start`` and
``end``, which the runner tests against each period's last day.

Each takes a ``Context``: the tables and the first and last day of the reporting years asked
for (``span``). It keeps the events of those days only, while looking as far back as a
definition needs (a previous referral, a previous plan, the episode a period of care
continues).

Only portable operations (``dates.py``): equality and as-of joins, anti joins, group by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from . import codes
from .dates import key, month_key, reporting_year
from .workdays import between

Tables = Mapping[str, ir.Table]
Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Context:
    """What every facts function reads: the tables, the first and last day of the reporting
    years asked for, the working-day table, and whether as-of joins need sorted input (Polars'
    does and Ibis does not sort for it; DuckDB sorts anyway, so sorting first is wasted)."""

    t: Tables
    span: Span
    workdays: ir.Table
    sort_asof: bool = True


def _within(day: ir.DateValue, span: Span) -> ir.BooleanValue:
    return (day >= span[0]) & (day <= span[1])


def _previous(
    c: Context, events: ir.Table, candidates: ir.Table, owner: str, when: str, name: str
) -> ir.Table:
    """``events`` with ``name``: the latest ``when`` among ``candidates`` of the same ``owner``
    strictly before this row's (null when there is none). An as-of join on the day after, so
    an event on the same day is not earlier."""
    other = candidates.view()
    # Days as whole numbers: an as-of join on numbers is the same on every backend (a date
    # plus an interval is a timestamp on some), and cheaper.
    earlier = other.select(
        _owner=other[owner], **{name: other[when]}, _after=other[when].epoch_days() + 1
    )
    events = events.mutate(_day=events[when].epoch_days())
    if c.sort_asof:
        earlier, events = earlier.order_by("_after"), events.order_by("_day")
    joined = events.asof_join(
        earlier, on=events._day >= earlier._after, predicates=events[owner] == earlier._owner
    )
    return joined.drop("_owner", "_after", "_day")


def referrals(c: Context) -> ir.Table:
    """Referrals, each with whether it is a re-referral within 12 months, NFA, not in need."""
    every = c.t["referrals"]
    # only the columns used, so the as-of join carries no more
    r = every.filter(_within(every.referral_date, c.span))
    r = r.select("child", "referral_date", "age", "nfa", "closure_reason")
    year_before = dt.date(c.span[0].year - 1, c.span[0].month, c.span[0].day)
    earlier = every.filter(
        (every.referral_date >= year_before) & (every.referral_date <= c.span[1])
    )
    r = _previous(c, r, earlier, "child", "referral_date", "previous_referral")
    return r.select(
        "child",
        date=r.referral_date,
        age=r.age,
        rereferral=(key(r.previous_referral) >= key(r.referral_date) - 10000).fill_null(False),
        nfa=r.nfa.fill_null(False),
        not_in_need=(
            r.closure_reason.isin(codes.NOT_IN_NEED_REASONS) & ~r.nfa.fill_null(False)
        ).fill_null(False),
    )


def assessments(c: Context) -> ir.Table:
    """Assessments authorised, with their length in working days from their start and from the
    referral."""
    a = c.t["assessments"].filter(lambda a: _within(a.authorised_date, c.span))
    r = c.t["referrals"].select(_rid="referral_id", _referral_date="referral_date")
    a = a.left_join(r, a.referral_id == r._rid)
    a = between(a, c.workdays, "start_date", "authorised_date", "length")
    a = between(a, c.workdays, "_referral_date", "authorised_date", "from_referral")
    return a.select("child", "length", "from_referral", date=a.authorised_date)


#: Each factor code's bit in an episode's mask of factors.
_FACTOR_BITS = {
    code: 1 << i for i, code in enumerate(sorted({c for f in codes.FACTORS.values() for c in f}))
}


def has_factor(f: ir.Table, name: str) -> ir.BooleanValue:
    """Whether an episode of ``factors(c)`` recorded one of the codes of factor ``name``."""
    return (f.factor_mask & sum(_FACTOR_BITS[code] for code in codes.FACTORS[name])) != 0


def factors(c: Context) -> ir.Table:
    """Episodes with an assessment authorised in a reporting year, with the factors recorded at
    the end of those assessments: one row per episode and year, on the day of the last of them,
    with ``factor_mask`` holding a bit for each code any of those assessments recorded
    (``has_factor`` tests it), and ``any_factor`` when one recorded a factor other than 21 ("no
    factors identified").

    Each code recorded becomes its bit (a join with a 40-row table), and an episode's bits are
    combined with a bitwise or: one aggregate, where a flag per factor would be fifty. The mask
    stays one number until the counting, so the join with each child's groups carries one
    column rather than fifty flags."""
    a = c.t["assessments"].filter(
        lambda a: _within(a.authorised_date, c.span) & a.factors.notnull()
    )
    a = a.select("referral_id", "child", "authorised_date", code=a.factors.unnest())
    a = a.filter(a.code.notnull())
    bits = ibis.memtable(
        pa.table({"_code": list(_FACTOR_BITS), "_bit": pa.array(_FACTOR_BITS.values(), pa.int64())})
    )
    a = a.left_join(bits, a.code == bits._code)
    return a.group_by("referral_id", _year=reporting_year(a.authorised_date)).aggregate(
        child=a.child.arbitrary(),
        date=a.authorised_date.max(),
        any_factor=(a.code != codes.NO_FACTORS).any(),
        factor_mask=a._bit.fill_null(0).bit_or(),
    )


def s47(c: Context) -> ir.Table:
    s = c.t["s47"].filter(lambda s: _within(s.start_date, c.span))
    return s.select("child", date=s.start_date)


def conferences(c: Context) -> ir.Table:
    """Initial child protection conferences held, with working days from the strategy
    discussion that started the section 47 enquiry."""
    s = c.t["s47"].filter(lambda s: _within(s.icpc_date, c.span))
    s = between(s, c.workdays, "start_date", "icpc_date", "length")
    return s.select("child", "length", date=s.icpc_date)


def plans_starting(c: Context) -> ir.Table:
    """Child protection plans by the day they start, with whether the child had one before:
    a number of previous plans above 0, or an earlier plan in the data."""
    every = c.t["cp_plans"]
    p = every.filter(_within(every.start_date, c.span))
    p = p.select("child", "start_date", "previous_plans", "initial_category")
    p = _previous(
        c, p, every.filter(every.start_date.notnull()), "child", "start_date", "previous_start"
    )
    return p.select(
        "child",
        date=p.start_date,
        repeat=(p.previous_plans.fill_null(0) > 0) | p.previous_start.notnull(),
        category=p.initial_category,
    )


def cp_reviews(c: Context) -> ir.Table:
    """Review conferences, each on time or not: the first within 3 months of the plan's start,
    each later one within 6 months of the review before it."""
    every = c.t["cp_reviews"]
    v = every.filter(_within(every.review_date, c.span)).select("child", "plan_id", "review_date")
    v = _previous(
        c, v, every.filter(every.review_date.notnull()), "plan_id", "review_date", "previous_review"
    )
    p = c.t["cp_plans"].select(_pid="plan_id", _plan_start="start_date")
    v = v.left_join(p, v.plan_id == p._pid)
    base = ibis.coalesce(v.previous_review, v._plan_start)
    months = ibis.ifelse(v.previous_review.isnull(), 3, 6).cast("int64")
    return v.select(
        "child",
        date=v.review_date,
        on_time=(month_key(v.review_date) <= month_key(base) + months * 100).fill_null(False),
    )


def _periods_of_care(c: Context) -> tuple[ir.Table, ir.Table]:
    """SSDA903 episodes that start and end a period of care: an episode starting the day
    another of the same child's ends continues that period (as RNE other than S and REC X1
    say in a valid return, without trusting the codes)."""
    e = c.t["cla_episodes"]
    before = e.view().select(_child="child", _day="end_date")
    starts = e.filter(_within(e.start_date, c.span)).anti_join(
        before, [e.child == before._child, e.start_date == before._day]
    )
    after = e.view().select(_child="child", _day="start_date")
    ends = e.filter(_within(e.end_date, c.span)).anti_join(
        after, [e.child == after._child, e.end_date == after._day]
    )
    return starts, ends


def care_starting(c: Context) -> ir.Table:
    starts, _ = _periods_of_care(c)
    return starts.select("child", date=starts.start_date)


def care_ceasing(c: Context) -> ir.Table:
    _, ends = _periods_of_care(c)
    return ends.select("child", date=ends.end_date)


# --- stocks: episodes open on a day -----------------------------------------------------------


def cin_episodes(c: Context) -> ir.Table:
    r = c.t["referrals"]
    return r.select("child", start=r.referral_date, end=r.closure_date)


def plans(c: Context) -> ir.Table:
    p = c.t["cp_plans"]
    return p.select("child", start=p.start_date, end=p.end_date, start_key=key(p.start_date))


def care_episodes(c: Context) -> ir.Table:
    e = c.t["cla_episodes"]
    return e.select("child", start=e.start_date, end=e.end_date)
