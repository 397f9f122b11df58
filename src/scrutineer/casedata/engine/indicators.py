"""Every indicator, defined once: one function per indicator, the definition quoted above it.

A definition says which facts it counts (``facts.py``) and how: ``count`` the rows (or those
matching a condition), ``share`` (a percentage: rows matching ``part`` among those matching
``of``), ``median`` of a value, distinct ``children``, or ``rate`` (another indicator's count
per 10,000 children aged 0-17, with the ONS population at mid-year Y-1 for reporting year Y).
The function receives the facts relation and returns Ibis expressions over it, so the same
definition runs on DuckDB, Polars or any backend Ibis compiles to. The runner (``run.py``)
groups the facts by reporting year, month and split and evaluates every definition on each
group. Values are unrounded; a share with nothing to divide by is null.

Definitions are those of ``../shared/domain.md`` section 6 (verified against the DfE's
published figures); the others are stated in their docstrings and in
``docs/indicators-casedata.md``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import ibis.expr.types as ir

from . import codes, facts

# Facts (``facts.py``); the stock facts are episodes tested against each period's last day.
REFERRALS, ASSESSMENTS, FACTORS = "referrals", "assessments", "factors"
S47, CONFERENCES, PLANS_STARTING = "s47", "conferences", "plans_starting"
CP_REVIEWS, CARE_STARTING, CARE_CEASING = "cp_reviews", "care_starting", "care_ceasing"
CIN_OPEN, PLANS_OPEN, CARE_OPEN = "cin_episodes", "plans", "care_episodes"
STOCKS = (CIN_OPEN, PLANS_OPEN, CARE_OPEN)
#: Facts whose definitions count children, not events: the runner keeps one row per child and
#: period before counting (``children()``).
BY_CHILD = (CARE_STARTING, CARE_CEASING, CARE_OPEN)

COUNT, PERCENT, RATE, DAYS = "count", "%", "per 10,000", "working days"


@dataclass(frozen=True)
class Measure:
    kind: str  # count, share, median, children, rate
    where: ir.BooleanValue | None = None
    part: ir.BooleanValue | None = None
    value: ir.NumericValue | None = None
    rate_of: str = ""


def count(where: ir.BooleanValue | None = None) -> Measure:
    return Measure("count", where=where)


def share(part: ir.BooleanValue, of: ir.BooleanValue | None = None) -> Measure:
    return Measure("share", where=of, part=part)


def median(value: ir.NumericValue, where: ir.BooleanValue | None = None) -> Measure:
    return Measure("median", where=where, value=value)


def children(where: ir.BooleanValue | None = None) -> Measure:
    return Measure("children", where=where)


def rate(of: str) -> Measure:
    return Measure("rate", rate_of=of)


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    facts: str
    unit: str
    define: Callable[[ir.Table], Measure]
    definition: str
    monthly: bool = True


INDICATORS: dict[str, Indicator] = {}


def indicator(code: str, title: str, facts: str, unit: str, *, monthly: bool = True):
    def register(define: Callable[[ir.Table], Measure]) -> Callable[[ir.Table], Measure]:
        doc = inspect.getdoc(define) or ""
        INDICATORS[code] = Indicator(code, title, facts, unit, define, doc, monthly)
        return define

    return register


# --- referrals ---------------------------------------------------------------------------------


@indicator("referrals", "Referrals", REFERRALS, COUNT)
def referrals(f: ir.Table) -> Measure:
    """ "Referrals (CIN episodes) starting in year" (DfE table c1, ``referral_count``)."""
    return count()


@indicator("referral_rate", "Referrals per 10,000 children", REFERRALS, RATE)
def referral_rate(f: ir.Table) -> Measure:
    """ "Referrals / population x 10,000" (Barnet 2025: 2751 / 93851 -> 293.1)."""
    return rate("referrals")


@indicator("rereferral_pct", "Re-referrals within 12 months", REFERRALS, PERCENT)
def rereferral_pct(f: ir.Table) -> Measure:
    """ "Referrals in year within 12 months of a previous referral of the same child /
    referrals" (County Durham 2025: 1003 / 5378 -> 18.7). Within 12 months: the child's latest
    earlier referral is on or after the same day a year before (a referral on 29 February looks
    back to 1 March); a referral on the same day does not count as earlier."""
    return share(f.rereferral)


@indicator("nfa_pct", "Referrals with no further action", REFERRALS, PERCENT)
def nfa_pct(f: ir.Table) -> Measure:
    """ "Referrals with NFA / referrals" (DfE table c1): ``ReferralNFA`` true."""
    return share(f.nfa)


@indicator("not_in_need_pct", "Referrals assessed as not in need", REFERRALS, PERCENT)
def not_in_need_pct(f: ir.Table) -> Measure:
    """ "Referrals whose assessment concluded the child was not in need / referrals" (DfE table
    c1, ``not_in_need``): the episode closed with RC8 (no further action after assessment) or
    RC9 (referred to early help after assessment), and the referral was not NFA."""
    return share(f.not_in_need)


# --- assessments -------------------------------------------------------------------------------


@indicator("assessments", "Assessments completed", ASSESSMENTS, COUNT)
def assessments(f: ir.Table) -> Measure:
    """ "Assessments authorised in year": by the authorisation (completion) date."""
    return count()


@indicator("assessment_45wd_pct", "Assessments within 45 working days", ASSESSMENTS, PERCENT)
def assessment_45wd_pct(f: ir.Table) -> Measure:
    """ "Assessments authorised in year with between(assessment start, authorisation) <= 45 /
    assessments authorised in year" (England 2025 about 85.7). Working days as the statutory
    calendar counts them, the start day being day 0; an assessment with no start date counts
    as not within."""
    return share((f.length <= 45).fill_null(False))


@indicator(
    "assessment_45wd_from_referral_pct",
    "Assessments within 45 working days of the referral",
    ASSESSMENTS,
    PERCENT,
)
def assessment_45wd_from_referral_pct(f: ir.Table) -> Measure:
    """As ``assessment_45wd_pct`` but counting from the referral date, as Working Together
    2023 does: between(referral date, authorisation) <= 45."""
    return share((f.from_referral <= 45).fill_null(False))


@indicator("assessment_median_wd", "Median assessment length", ASSESSMENTS, DAYS)
def assessment_median_wd(f: ir.Table) -> Measure:
    """Median of between(assessment start, authorisation) over assessments authorised in year,
    in working days (the mean of the two middle values when their number is even)."""
    return median(f.length, where=f.length.notnull())


# --- factors at the end of assessment ---------------------------------------------------------


def _factor(name: str, found: tuple[str, ...]) -> None:
    def define(f: ir.Table) -> Measure:
        return share(facts.has_factor(f, name), of=f.any_factor)

    define.__doc__ = f""""Episodes with the factor at end of assessment / episodes with any factor" (DfE
        table c3), for the codes {", ".join(found)}. An episode counts once a year, whatever
        number of its assessments were authorised that year; "any factor" is a factor other
        than 21 ("no factors identified")."""
    title = "Factor at assessment: " + name.replace("_", " ")
    indicator(f"factor_{name}_pct", title, FACTORS, PERCENT)(define)


for _name, _found in codes.FACTORS.items():
    _factor(_name, _found)


# --- section 47 and conferences ---------------------------------------------------------------


@indicator("s47", "Section 47 enquiries", S47, COUNT)
def s47(f: ir.Table) -> Measure:
    """ "Section 47 enquiries starting in year": by the date of the strategy discussion that
    started the enquiry. Enquiries, not children (230,590 enquiries but 195,250 children,
    England 2025)."""
    return count()


@indicator("s47_rate", "Section 47 enquiries per 10,000 children", S47, RATE)
def s47_rate(f: ir.Table) -> Measure:
    """Section 47 enquiries / population x 10,000."""
    return rate("s47")


@indicator("icpc", "Initial child protection conferences", CONFERENCES, COUNT)
def icpc(f: ir.Table) -> Measure:
    """ "ICPCs in year": section 47 enquiries whose initial conference was held in the year."""
    return count()


@indicator("icpc_15wd_pct", "Conferences within 15 working days", CONFERENCES, PERCENT)
def icpc_15wd_pct(f: ir.Table) -> Measure:
    """ "ICPCs held within 15 working days of the s47 start / ICPCs in year" (Barnet 2025:
    (51+178)/(51+178+22+26) -> 82.7; England 81.4)."""
    return share((f.length <= 15).fill_null(False))


# --- children in need ------------------------------------------------------------------------


@indicator("cin_31mar", "Children in need at 31 March", CIN_OPEN, COUNT)
def cin_31mar(f: ir.Table) -> Measure:
    """ "CIN episodes open at 31 March" (Barnet 2025: 1978): referred on or before the day and
    not closed by it (closed after it, or not closed). Monthly: open at the month's end."""
    return count()


@indicator("cin_rate", "Children in need per 10,000 children", CIN_OPEN, RATE)
def cin_rate(f: ir.Table) -> Measure:
    """Children in need at 31 March / population x 10,000 (Barnet 2025: 1978 / 93851 -> 210.8)."""
    return rate("cin_31mar")


# --- child protection plans -------------------------------------------------------------------


@indicator("cpp_started", "Child protection plans starting", PLANS_STARTING, COUNT)
def cpp_started(f: ir.Table) -> Measure:
    """ "Plans starting in year" (Barnet 2025: 228)."""
    return count()


@indicator("cpp_start_rate", "Plans starting per 10,000 children", PLANS_STARTING, RATE)
def cpp_start_rate(f: ir.Table) -> Measure:
    """Plans starting / population x 10,000 (Barnet 2025: 228 / 93851 -> 24.3)."""
    return rate("cpp_started")


@indicator("cpp_repeat_pct", "Second or subsequent plans", PLANS_STARTING, PERCENT)
def cpp_repeat_pct(f: ir.Table) -> Measure:
    """ "Plans starting in year where the child had a previous plan (ever) / plans starting"
    (Barnet 2025: 27 / 228 -> 11.8): ``NumberOfPreviousCPP`` above 0, or an earlier plan of the
    same child in the data."""
    return share(f.repeat)


def _category(category: str) -> None:
    def define(f: ir.Table) -> Measure:
        return share((f.category == category).fill_null(False))

    define.__doc__ = (
        f"""Plans starting in year with initial category of abuse {category} / plans starting."""
    )
    indicator(
        f"cpp_category_{category.lower()}_pct",
        f"Plans starting under {category}",
        PLANS_STARTING,
        PERCENT,
    )(define)


for _category_code in codes.CP_CATEGORIES:
    _category(_category_code)


@indicator("cpp_31mar", "Child protection plans at 31 March", PLANS_OPEN, COUNT)
def cpp_31mar(f: ir.Table) -> Measure:
    """Plans open at 31 March: started on or before the day and not ended by it."""
    return count()


@indicator("cpp_rate", "Plans at 31 March per 10,000 children", PLANS_OPEN, RATE)
def cpp_rate(f: ir.Table) -> Measure:
    """Plans open at 31 March / population x 10,000."""
    return rate("cpp_31mar")


@indicator("cpp_2yr_pct", "Plans open 2 years or more", PLANS_OPEN, PERCENT, monthly=False)
def cpp_2yr_pct(f: ir.Table) -> Measure:
    """ "Plans open at 31 March that started 2+ years before / plans open" (DfE table d5): the
    plan started on or before 31 March two years earlier."""
    return share((f.start_key <= f.period_key - 20000).fill_null(False))


@indicator("cp_reviews", "Child protection review conferences", CP_REVIEWS, COUNT)
def cp_reviews(f: ir.Table) -> Measure:
    """Review conferences held in year."""
    return count()


@indicator("cp_reviews_on_time_pct", "Review conferences on time", CP_REVIEWS, PERCENT)
def cp_reviews_on_time_pct(f: ir.Table) -> Measure:
    """Review conferences held in year on time / review conferences held in year. On time
    (Working Together 2023): the first review within 3 months of the plan's start (the
    conference), each later one within 6 months of the review before it; months are calendar
    months (30 November + 3 months is the last day of February)."""
    return share(f.on_time)


# --- children looked after --------------------------------------------------------------------


@indicator("cla_31mar", "Children looked after at 31 March", CARE_OPEN, COUNT)
def cla_31mar(f: ir.Table) -> Measure:
    """Children (not episodes) with an SSDA903 episode open at 31 March (Hartlepool 2025: 332)."""
    return children()


@indicator("cla_rate", "Children looked after per 10,000 children", CARE_OPEN, RATE)
def cla_rate(f: ir.Table) -> Measure:
    """Children looked after at 31 March / population x 10,000 (Hartlepool 2025: 332 / 21090 ->
    157; the DfE rounds this rate to a whole number)."""
    return rate("cla_31mar")


@indicator("cla_started", "Children starting to be looked after", CARE_STARTING, COUNT)
def cla_started(f: ir.Table) -> Measure:
    """Children who started a period of care in the year, each counted once: an episode that
    does not begin the day another of the child's episodes ends."""
    return children()


@indicator("cla_started_rate", "Children starting care per 10,000", CARE_STARTING, RATE)
def cla_started_rate(f: ir.Table) -> Measure:
    """Children starting to be looked after / population x 10,000."""
    return rate("cla_started")


@indicator("cla_ceased", "Children ceasing to be looked after", CARE_CEASING, COUNT)
def cla_ceased(f: ir.Table) -> Measure:
    """Children whose period of care ended in the year, each counted once: an episode ending
    on a day no other episode of the child begins."""
    return children()


@indicator("cla_ceased_rate", "Children ceasing care per 10,000", CARE_CEASING, RATE)
def cla_ceased_rate(f: ir.Table) -> Measure:
    """Children ceasing to be looked after / population x 10,000."""
    return rate("cla_ceased")
