"""Demo data for trends: three years of Northbridge's returns, with a few real-looking changes.

Every agency that supplies indicators has sent a return for each of the last twelve financial
quarters, as versions through the same ``submission_create`` that real returns use, so the
return pages, the tracker, the series and the charts all show what a live partnership would.
Planted in the figures, so that signals and suggested questions appear:

- **a step up in domestic abuse notifications**: the police's domestic abuse incidents and the
  schools' Operation Encompass notifications rise by about a quarter from the month the new
  notification scheme began (14 months before the latest month), with a note saying so;
- **a slow deterioration in assessment timeliness**: the share of assessments within 45 working
  days drifts down from about 88% to about 74% over the latest year;
- **re-referrals above the upper limit** for the latest three months;
- **a new front-door model** 20 months before the latest month, after which contacts fall (a
  re-basing point on the indicator, so the limits start again there);
- **one agency late**: the schools' return for the latest quarter has not arrived, and it is past
  its due date; the council resubmitted one quarter (version 2 corrects a figure).

Figures come from a seeded generator keyed on the indicator and the period, so the demo is the
same every time it is loaded on the same day; the twelve quarters end with the latest quarter
whose return was due before that day. Running it twice changes nothing: a return that already
has a submission is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal

from django.utils import timezone

from scrutineer.core.demo import DemoReport, demo_step
from scrutineer.partnership.models import Agency, User

from . import periods
from .models import ChangePoint, Channel, DataReturn, Indicator, IndicatorNote, Source
from .services import Figure, due_date, return_for, submission_create

QUARTERS = 12
LATE_AGENCY = "Education"
RESUBMITTING_AGENCY = "Children and Families"

# code: (level, spread). Counts for a borough of Leeds' size (about 175,000 children) a month
# or a quarter; percentages in points; rates per 10,000 children over 12 months.
LEVELS: dict[str, tuple[float, float]] = {
    "contacts": (3400, 180),
    "referrals": (760, 45),
    "referral_rate": (521, 6),
    "rereferral_pct": (19.5, 0.8),
    "nfa_pct": (6.8, 0.6),
    "assessments": (780, 45),
    "assessment_45wd_pct": (88, 1.6),
    "s47": (280, 22),
    "s47_rate": (190, 3),
    "icpc_15wd_pct": (82, 4),
    "cin_rate": (330, 4),
    "cpp_started": (80, 9),
    "cpp_rate": (40, 1.2),
    "cpp_repeat_pct": (22, 2.5),
    "cpp_2yr_pct": (3.2, 0.6),
    "cp_reviews_on_time_pct": (93, 2),
    "cla_rate": (78, 1.0),
    "factor_domestic_abuse_pct": (31, 1.8),
    "factor_mental_health_pct": (34, 1.8),
    "factor_exploitation_pct": (6.5, 0.8),
    "early_help_assessments": (420, 35),
    "family_help_open": (3900, 90),
    "police_da_incidents": (1450, 70),
    "police_da_child_present_pct": (36, 2.2),
    "police_missing_episodes": (260, 24),
    "police_repeat_missing": (118, 7),
    "police_nrm_referrals": (42, 7),
    "police_child_sexual_offences": (95, 11),
    "police_protection_powers": (21, 5),
    "police_strategy_attendance_pct": (96, 1.6),
    "marac_case_rate": (38, 1.5),
    "marac_repeat_pct": (31, 3),
    "marac_children": (640, 40),
    "ed_self_harm_10_17": (62, 9),
    "injuries_under_1": (28, 5),
    "hv_new_birth_14d_pct": (86, 2.5),
    "cla_iha_20wd_pct": (71, 8),
    "health_icpc_attendance_pct": (92, 3),
    "health_strategy_attendance_pct": (84, 4),
    "nhs_training_compliance_pct": (88, 1.8),
    "camhs_wait_days": (96, 9),
    "children_missing_education": (410, 22),
    "elective_home_education": (1350, 30),
    "suspensions": (4100, 320),
    "permanent_exclusions": (52, 9),
    "operation_encompass": (690, 40),
    "yjs_first_time_entrants": (48, 7),
}


def latest_quarter(today: dt.date) -> dt.date:
    """The latest financial quarter whose return was due before ``today``."""
    quarter = periods.add_months(periods.quarter_of(today), -3)
    while due_date(quarter) >= today:
        quarter = periods.add_months(quarter, -3)
    return quarter


def _rng(code: str, start: dt.date) -> random.Random:
    seed = hashlib.sha256(f"{code}:{start.isoformat()}".encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))  # noqa: S311 - demo figures


def planted(code: str, months_before_end: int) -> float:
    """How far the planted changes move a figure ``months_before_end`` months before the latest
    month (0 for the latest month): a multiplier for counts, points for percentages."""
    if code in ("police_da_incidents", "operation_encompass"):
        return 1.25 if months_before_end <= 13 else 1.0
    if code == "contacts":
        return 0.86 if months_before_end <= 19 else 1.0
    if code == "assessment_45wd_pct":
        return -14 * (12 - months_before_end) / 12 if months_before_end < 12 else 0.0
    if code == "rereferral_pct":
        return 3.4 if months_before_end <= 2 else 0.0
    return 0.0


def figure_for(indicator: Indicator, start: dt.date, end_month: dt.date) -> Figure:
    level, spread = LEVELS.get(indicator.code, (100.0, 8.0))
    rng = _rng(indicator.code, start)
    months_before = (end_month.year - start.year) * 12 + end_month.month - start.month
    if indicator.frequency == "quarterly":
        months_before = max(months_before - 2, 0)
    shift = planted(indicator.code, months_before)
    value = rng.gauss(level, spread)
    if indicator.unit == "count":
        value *= shift or 1.0
        value = max(round(value), 0)
    else:
        value = value + shift if indicator.unit == "percentage" else value
        value = min(max(value, 0.0), 100.0) if indicator.unit == "percentage" else value
        value = round(value, 1)
    numerator = denominator = None
    if indicator.unit == "percentage" and indicator.numerator and indicator.denominator:
        denominator = max(round(rng.gauss(level * 4 + 200, 10)), 50)
        numerator = round(denominator * value / 100)
        value = round(numerator / denominator * 100, 1)
    return Figure(
        indicator=indicator.code,
        period_start=start,
        value=Decimal(str(value)),
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
    )


def _submitted_at(due: dt.date, rng: random.Random) -> dt.datetime:
    day = due - dt.timedelta(days=rng.randint(1, 9))
    when = dt.datetime.combine(day, dt.time(9 + rng.randint(0, 7), rng.randint(0, 59)))
    return timezone.make_aware(when)


@demo_step(order=42)
def load_series(report: DemoReport) -> None:
    today = timezone.localdate()
    last = latest_quarter(today)
    quarters = [periods.add_months(last, -3 * n) for n in range(QUARTERS - 1, -1, -1)]
    end_month = periods.add_months(last, 2)
    indicators = list(Indicator.objects.active().filter(source=Source.RETURN, agency__isnull=False))
    agencies = Agency.objects.filter(pk__in={i.agency_id for i in indicators})
    made = 0
    for agency in agencies:
        mine = [i for i in indicators if i.agency_id == agency.pk]
        lead = User.objects.filter(agency=agency, role="agency_lead").first()
        for quarter in quarters:
            if agency.short_name == LATE_AGENCY and quarter == last:
                return_for(agency=agency, quarter_start=quarter)  # due, and not arrived
                continue
            data_return = return_for(agency=agency, quarter_start=quarter)
            if data_return.submissions.exists():
                continue
            figures = [
                figure_for(indicator, start, end_month)
                for indicator in mine
                for start in periods.in_quarter(quarter, indicator.frequency)
            ]
            rng = _rng(agency.name, quarter)
            submission_create(
                data_return=data_return,
                figures=figures,
                channel=Channel.DEMO,
                user=lead,
                submitted_at=_submitted_at(data_return.due_on, rng),
                filename=f"{agency.label} {data_return.quarter_key}.xlsx",
            )
            made += 1
            if agency.short_name == RESUBMITTING_AGENCY and quarter == quarters[-3]:
                _resubmit(data_return, figures, lead, rng)
                made += 1
    _context(end_month)
    report.lines.append(
        f"Trends: {len(indicators)} indicators over {QUARTERS} quarters to "
        f"{periods.label(last, 'quarterly')}; {made} returns submitted, the schools' latest "
        "return late."
    )


def _resubmit(
    data_return: DataReturn, figures: list[Figure], lead: User | None, rng: random.Random
) -> None:
    """Version 2 of a council return: one figure corrected after a data-quality check."""
    corrected = [
        Figure(f.indicator, f.period_start, (f.value or Decimal(0)) + 12, None, None)
        if f.indicator == "referrals" and f.period_start == figures[0].period_start
        else f
        for f in figures
    ]
    submission_create(
        data_return=data_return,
        figures=corrected,
        channel=Channel.DEMO,
        user=lead,
        submitted_at=_submitted_at(data_return.due_on, rng) + dt.timedelta(days=12),
        note="Referrals for the first month corrected after duplicate contacts were merged.",
    )


def _context(end_month: dt.date) -> None:
    """The notes and re-basing that explain the planted changes."""
    scheme = periods.add_months(end_month, -13)
    front_door = periods.add_months(end_month, -19)
    author = User.objects.filter(role="business_unit").first()
    for code in ("police_da_incidents", "operation_encompass"):
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is not None:
            IndicatorNote.objects.get_or_create(
                indicator=indicator,
                period_start=scheme,
                defaults={
                    "text": "The new domestic abuse notification scheme started this month: "
                    "the police now notify schools and children's services of every incident "
                    "with a child in the household, including those not attended.",
                    "author": author,
                },
            )
    contacts = Indicator.objects.filter(code="contacts").first()
    if contacts is not None:
        ChangePoint.objects.get_or_create(
            indicator=contacts,
            period_start=front_door,
            defaults={"reason": "New front-door model: the Family Help Hub screens contacts"},
        )
