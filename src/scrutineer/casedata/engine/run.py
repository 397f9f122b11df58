"""Runs every indicator definition over the canonical tables, by reporting year, month and split.

For each kind of facts, one query: the facts, with the child's sex, ethnic group, disability
and age band on the day that counts, grouped into the finest cells (reporting year x month x
every split) with every definition on those facts summed in each cell. Years, months and
splits are then sums of cells (``rollup.py``), so the whole suite is about fifteen queries,
each planned whole by the backend. A median is kept exact by holding, in the cells, the
distribution of its whole-number value. Definitions that count children rather than events
see the facts reduced to one row per child and period first. Rates are counts divided by the
population afterwards: the population is an argument, not data.

Stocks ("at 31 March") are the episodes open on each reporting year's last day (a cross join
with those days, which every backend has). By month, the number open at each month's end is
the episodes started by then less those ended by then, counted from one row per day, so twelve
months cost no more than one; it equals the episodes open, which is the number of children
when a child has one episode open at a time (the returns' own rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from scrutineer.core.workdays import WorkingDayCalendar

from . import codes, dates, facts, rollup, workdays
from .indicators import BY_CHILD, COUNT, INDICATORS, RATE, STOCKS, Indicator, Measure
from .rollup import KEYS, MEDIAN_COUNT, MEDIAN_VALUE, Result

_FACTS = {
    "referrals": facts.referrals,
    "assessments": facts.assessments,
    "factors": facts.factors,
    "s47": facts.s47,
    "conferences": facts.conferences,
    "plans_starting": facts.plans_starting,
    "cp_reviews": facts.cp_reviews,
    "care_starting": facts.care_starting,
    "care_ceasing": facts.care_ceasing,
    "cin_episodes": facts.cin_episodes,
    "plans": facts.plans,
    "care_episodes": facts.care_episodes,
}


def _position(value: ir.Value, groups: tuple[str, ...], tests) -> ir.IntegerValue:
    """The position in ``groups`` of the first group whose test holds (the last group, the
    "unknown" one, otherwise)."""
    return ibis.cases(
        *((test, groups.index(name)) for test, name in tests), else_=len(groups) - 1
    ).cast("int8")


def _child_attributes(children: ir.Table) -> ir.Table:
    """Each child's sex, ethnic group and disability as one small number (``rollup.person``
    takes it apart): the cells then group by one column where they would by three."""
    c = children
    eth = c.ethnicity.upper()
    groups = codes.SPLIT_GROUPS
    ethnic = [(eth == code, name) for code, name in codes.ETHNIC_GROUP_EXCEPTIONS.items()]
    ethnic += [(eth.startswith(x), name) for x, name in codes.ETHNIC_GROUP_BY_LETTER.items()]
    parts = {
        "sex": _position(c.sex, groups["sex"], [(c.sex == s, s) for s in codes.SEXES]),
        "ethnicity": _position(
            eth, groups["ethnicity"], [(t.fill_null(False), n) for t, n in ethnic]
        ),
        "disability": _position(
            c.disabled,
            groups["disability"],
            [
                ((c.disabled == True).fill_null(False), "disabled"),  # noqa: E712 - Ibis
                ((c.disabled == False).fill_null(False), "not_disabled"),  # noqa: E712
            ],
        ),
    }
    person = sum(
        (parts[name].cast("int16") * rollup.PERSON_STRIDES[name] for name in rollup.PERSON),
        ibis.literal(0, "int16"),
    )
    return c.select(
        _child=c.child,
        person=person.cast("int16"),
        _birth=c.birth_month,
        _expected=c.expected_birth_month,
    )


def _age_band(years: ir.IntegerValue, expected: ir.DateValue) -> ir.IntegerValue:
    tests = [(years.isnull() & expected.notnull(), "unborn")]
    for name, low, high in codes.AGE_BANDS:
        test = years.notnull()
        if low is not None:
            test &= years >= low
        if high is not None:
            test &= years <= high
        tests.append((test, name))
    return _position(years, codes.SPLIT_GROUPS["age_band"], tests)


def _with_splits(f: ir.Table, people: ir.Table, on: str) -> ir.Table:
    """``f`` with the child's split columns, the age band taken on the day ``on``. A child
    missing from ``children`` is in the "unknown" groups."""
    j = f.left_join(people, f.child == people._child)
    years = dates.whole_years(j._birth, j[on])
    if "age" in f.columns:  # an age the file gave (a referral's), better than one from a month
        years = ibis.coalesce(j.age, years)
    j = j.mutate(_age=years)
    return j.mutate(
        age_band=_age_band(j._age, j._expected),
        person=j.person.fill_null(rollup.UNKNOWN_PERSON),
    ).drop("_child", "_birth", "_expected", "_age")


def _aggregates(
    f: ir.Table, chosen: Sequence[Indicator]
) -> tuple[dict[str, ir.Value], dict[str, str], Any]:
    """The sums each definition needs in each cell; the columns that are the same sum as
    another (the 48 factor shares share one denominator: it is summed once); and the value
    whose median one wants."""
    out: dict[str, ir.Value] = {}
    same: dict[str, str] = {}
    median_of = None

    def add(name: str, value: ir.Value) -> None:
        for existing, other in out.items():
            if other.equals(value):
                same[name] = existing
                return
        out[name] = value

    for ind in chosen:
        m: Measure = ind.define(f)
        if m.kind in ("count", "children"):  # children: the facts hold one row per child
            add(ind.code, f.count() if m.where is None else m.where.sum())
        elif m.kind == "share":
            whole = m.where if m.where is not None else ibis.literal(True)
            add(f"{ind.code}__n", (m.part & whole).sum())
            add(f"{ind.code}__d", f.count() if m.where is None else m.where.sum())
        elif m.kind == "median":
            if median_of is not None:
                raise ValueError(f"{ind.facts}: one median per kind of facts")
            median_of = m.value
            add(MEDIAN_COUNT, f.count() if m.where is None else m.where.sum())
    return out, same, median_of


def _cells(f: ir.Table, chosen: Sequence[Indicator]) -> tuple[ir.Table, dict[str, str]]:
    """The facts counted in the finest cells: reporting year, month and every split (and the
    value of a median, whose distribution the cells then hold); and which columns repeat
    another."""
    sums, same, median_of = _aggregates(f, chosen)
    keys: dict[str, Any] = {k: f[k] for k in KEYS}
    if median_of is not None:
        keys[MEDIAN_VALUE] = median_of
    return f.group_by(**keys).aggregate(**sums), same


def _children_once(f: ir.Table, stock: bool) -> ir.Table:
    """One row per child and period, for definitions that count children, not events (a
    flow keeps the child's first event of the year, so its month and age band)."""
    if stock:
        return f.group_by(["child", "period", "year"]).aggregate(month=f.month.min())
    g = f.group_by(["child", "year"]).aggregate(date=f.date.min())
    return g.mutate(month=dates.month(g.date))


def _flow(f: ir.Table, years: Sequence[int], people: ir.Table, *, by_child: bool) -> ir.Table:
    """Events with their reporting year, month and groups (the facts already keep only the
    events of ``years``)."""
    f = f.mutate(year=dates.reporting_year(f.date), month=dates.month(f.date))
    if by_child:
        f = _children_once(f, stock=False)
    return _with_splits(f, people, "date")


def _period_table(days: Sequence[Any], *, year: bool) -> ir.Table:
    columns: dict[str, pa.Array] = {"period": pa.array(list(days), pa.date32())}
    if year:
        columns["year"] = pa.array([d.year for d in days], pa.int32())
    return ibis.memtable(pa.table(columns))


def _stock(
    episodes: ir.Table, years: Sequence[int], people: ir.Table, *, by_child: bool
) -> ir.Table:
    """Episodes open on each reporting year's last day: started on or before it and not ended
    by it (ended after it, or not ended)."""
    days = [dates.year_end(y) for y in years]
    ends = _period_table(days, year=True)
    e = episodes.filter(
        (episodes.start <= days[-1]) & (episodes["end"].isnull() | (episodes["end"] > days[0]))
    )
    j = e.cross_join(ends).filter(
        (e.start <= ends.period) & (e["end"].isnull() | (e["end"] > ends.period))
    )
    j = j.mutate(month=ibis.null().cast("date"))
    if by_child:
        j = _children_once(j, stock=True)
    j = j.mutate(period_key=dates.key(j.period))
    return _with_splits(j, people, "period")


def _monthly_stock(episodes: ir.Table, years: Sequence[int]) -> ir.Table:
    """Episodes open at each month's end: started by then less ended by then. An episode
    ending before it starts is never open, so it is left out of both."""
    ends = _period_table(dates.month_ends(list(years)), year=False)
    finish = episodes["end"]
    e = episodes.filter(episodes.start.notnull() & (finish.isnull() | (finish >= episodes.start)))
    began = e.group_by(day=e.start).aggregate(n=e.count())
    closed = e.filter(e["end"].notnull())
    closed = closed.group_by(day=closed["end"]).aggregate(n=closed.count())

    def upto(daily: ir.Table, name: str) -> ir.Table:
        j = ends.view().cross_join(daily).filter(lambda j: j.day <= j.period)
        return j.group_by("period").aggregate(**{name: j.n.sum()})

    b = upto(began, "began")
    c = upto(closed, "closed").rename(_period="period")
    j = b.left_join(c, b.period == c._period)
    return j.select(month=dates.month(j.period), open=(j.began - j.closed.fill_null(0)))


def compute(
    tables: Mapping[str, ir.Table],
    *,
    years: Sequence[int],
    population: Mapping[int, int] | None = None,
    calendar: WorkingDayCalendar | None = None,
    backend: Any = None,
) -> Result:
    """Every indicator for the reporting ``years`` (2025 is April 2024 to March 2025), by year,
    month and split.

    ``tables`` maps each canonical table's name to an Ibis table (``from_arrow``,
    ``from_parquet``); ``population`` maps an ONS mid-year to the population aged 0-17 (year
    Y's rates use mid-year Y-1; without it, rates are null); ``calendar`` is the working-day
    calendar (England and Wales bank holidays by default); ``backend`` runs the queries
    (DuckDB by default).
    """
    years = sorted(set(years))
    if not years:
        raise ValueError("say which reporting years to compute")
    backend = backend or ibis.duckdb.connect()
    span = (dates.year_start(years[0]), dates.year_end(years[-1]))
    context = facts.Context(
        tables, span, workdays.table(calendar), sort_asof=getattr(backend, "name", "") != "duckdb"
    )
    # every query joins the children: work out their groups once
    people = ibis.memtable(backend.to_pyarrow(_child_attributes(tables["children"])))
    every = [i for i in INDICATORS.values() if i.unit != RATE]
    result = Result(population=dict(population or {}))
    for y in years:
        result.years[y] = rollup.blank(every)
    for name, build in _FACTS.items():
        chosen = [i for i in every if i.facts == name]
        f = build(context)
        stock = name in STOCKS
        by_child = name in BY_CHILD
        build_data = _stock if stock else _flow
        data = build_data(f, years, people, by_child=by_child)
        query, same = _cells(data, chosen)
        cells = backend.to_pyarrow(query)
        for column, source in same.items():
            cells = cells.append_column(column, cells[source])
        rollup.store(result, chosen, cells)
        if stock:
            count = next(i for i in chosen if i.unit == COUNT)
            monthly = backend.to_pyarrow(_monthly_stock(f, years))
            rollup.store_monthly(result, count.code, monthly)
    rollup.rates(result, [i for i in INDICATORS.values() if i.unit == RATE])
    return result
