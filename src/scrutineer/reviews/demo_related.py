"""Demo data, third part: agencies' information requests on the rapid reviews under way, the
LCSPRs' terms of reference, involvement and draft reports, links to parallel processes, and
one local learning review and one thematic review (which run on no statutory clock).

Runs after the reviews (``demo.py``) and their learning (``demo_learning.py``); dates are
counted from each review's own dates, so they agree with them on any day the demo is loaded.
Idempotent: requests and links are replaced, the two extra reviews matched on their name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrutineer.core.demo import DemoReport, demo_step
from scrutineer.partnership.models import Agency, User

from . import workdays
from .choices import (
    AgeBand,
    Disability,
    Ethnicity,
    Harm,
    InformationRequestStatus,
    LegalStatus,
    ParallelProcessKind,
    ParallelProcessStatus,
    ReviewKind,
    Sex,
)
from .clocks import WorkingDayCalendar
from .models import InformationRequest, ParallelProcess, Review

AWAITED, RECEIVED = InformationRequestStatus.AWAITED, InformationRequestStatus.RECEIVED

# review name: [(agency short name, what is asked, working days after notification it was sent,
#                working days the agency had, working days after sending it came back or None)]
REQUESTS: dict[str, list[tuple[str, str, int, int, int | None]]] = {
    "Child C": [
        ("Children and Families", "Chronology of contact and the child protection plan.", 1, 5, 4),
        ("Hospitals", "Emergency department and paediatric records.", 1, 5, 3),
        ("Police", "Call-outs to the address in the last two years.", 1, 5, None),
        ("Education", "Nursery attendance and any concerns raised.", 5, 5, None),
    ],
    "Child D": [
        ("Children and Families", "Chronology since the referral in spring.", 1, 5, 6),
        ("Mental health", "Contact with the mother's care coordinator.", 2, 5, None),
    ],
}

# review name: [(kind, reference, status)]
PARALLEL = {
    "Child J": [
        (ParallelProcessKind.CHILD_DEATH, "Northbridge CDOP", ParallelProcessStatus.UNDER_WAY),
        (ParallelProcessKind.CORONER, "North Riding coroner", ParallelProcessStatus.PLANNED),
    ],
    "Child H": [
        (
            ParallelProcessKind.SAFEGUARDING_ADULT,
            "Safeguarding Adults Board, SAR 2024/02",
            ParallelProcessStatus.UNDER_WAY,
        ),
    ],
    "Child B": [
        (
            ParallelProcessKind.IOPC,
            "IOPC referral by Northbridge Police",
            ParallelProcessStatus.PAUSED,
        )
    ],
}

INVOLVEMENT = {
    "practitioners_involved": "A learning event for the practitioners who worked with the "
    "family, then conversations with those who could not attend.",
    "family_involved": "The reviewer met the child's grandmother and, by letter, the mother.",
}


def _working(day: dt.date, cal: WorkingDayCalendar) -> dt.date:
    return day if cal.is_working_day(day) else cal.add(day, -1)


def lcspr_details(review: Review, today: dt.date, cal: WorkingDayCalendar) -> dict[str, Any]:
    """Terms of reference two weeks after commissioning, involvement in the following weeks,
    and a draft report a month before the final one; only dates already past."""
    commissioned = review.reviewer_commissioned_on
    if commissioned is None:
        return {}
    values: dict[str, Any] = {}
    steps = (
        ("terms_of_reference_on", 14),
        ("practitioners_involved_on", 45),
        ("family_involved_on", 52),
    )
    for name, days in steps:
        day = _working(commissioned + dt.timedelta(days=days), cal)
        if day <= today and (review.final_report_on is None or day <= review.final_report_on):
            values[name] = day
    for text in ("practitioners_involved", "family_involved"):
        if f"{text}_on" in values:
            values[text] = INVOLVEMENT[text]
    if review.final_report_on is not None and "terms_of_reference_on" in values:
        draft = _working(review.final_report_on - dt.timedelta(days=30), cal)
        values["draft_report_on"] = max(draft, values["terms_of_reference_on"])
    return values


def other_reviews(today: dt.date, cal: WorkingDayCalendar) -> list[dict[str, Any]]:
    started = cal.add(today if cal.is_working_day(today) else cal.add(today, -1), -40)
    return [
        {
            "name": "Young person N",
            "kind": ReviewKind.LEARNING,
            "incident_on": started - dt.timedelta(days=10),
            "became_aware_on": started,
            "incident_summary": "A 15-year-old was admitted after an overdose; no abuse or "
            "neglect is suspected, but agencies had missed chances to help.",
            "age_band": AgeBand.AGE_10_15,
            "sex": Sex.FEMALE,
            "ethnicity": Ethnicity.ASIAN,
            "disability": Disability.NO,
            "legal_status": LegalStatus.EARLY_HELP,
            "harm": Harm.SERIOUSLY_HARMED,
            "abuse_or_neglect": False,
        },
        {
            "name": "Children exploited outside the home",
            "kind": ReviewKind.THEMATIC,
            "incident_on": started,
            "became_aware_on": started,
            "incident_summary": "A thematic review of six young people at risk of criminal "
            "exploitation known to agencies in the last year.",
            "age_band": AgeBand.AGE_10_15,
            "sex": Sex.NOT_KNOWN,
            "ethnicity": Ethnicity.NOT_KNOWN,
            "disability": Disability.NOT_KNOWN,
            "legal_status": LegalStatus.NONE_KNOWN,
            "harm": Harm.SERIOUSLY_HARMED,
            "abuse_or_neglect": True,
        },
    ]


@demo_step(order=32)
def load_review_details(report: DemoReport) -> None:
    today = workdays.today()
    cal = workdays.statutory_calendar()
    agencies = {a.short_name: a for a in Agency.objects.all()}
    people = {
        u.username: u for u in User.objects.filter(username__in=["lead.council", "lead.police"])
    }
    for values in other_reviews(today, cal):
        other, _ = Review.objects.update_or_create(name=values.pop("name"), defaults=values)
        other.team.set(people.values())

    requests = 0
    for name, planned in REQUESTS.items():
        notified = Review.objects.filter(name=name).first()
        if notified is None or notified.notified_on is None:
            continue
        notified.information_requests.all().delete()
        for short, asked, after, allowed, reply in planned:
            if short not in agencies:
                continue
            sent = cal.add(notified.notified_on, after)
            received = cal.add(sent, reply) if reply is not None else None
            if sent > today or (received is not None and received > today):
                continue
            InformationRequest.objects.create(
                review=notified,
                agency=agencies[short],
                asked=asked,
                sent_on=sent,
                due_on=cal.add(sent, allowed),
                received_on=received,
                status=RECEIVED if received else AWAITED,
            )
            requests += 1

    links = 0
    for name, processes in PARALLEL.items():
        linked = Review.objects.filter(name=name).first()
        if linked is None:
            continue
        linked.parallel_processes.all().delete()
        for kind, reference, status in processes:
            ParallelProcess.objects.create(
                review=linked, kind=kind, reference=reference, status=status
            )
            links += 1

    detailed = 0
    for review in Review.objects.filter(reviewer_commissioned_on__isnull=False):
        values = lcspr_details(review, today, cal)
        if values:
            Review.objects.filter(pk=review.pk).update(**values)
            detailed += 1
    report.lines.append(
        f"Case reviews: {requests} requests for information, {links} links to parallel "
        f"processes, {detailed} LCSPRs with terms of reference, and a learning and a thematic "
        "review."
    )
