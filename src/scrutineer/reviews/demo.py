"""Demo data: twelve Northbridge case reviews, one or more at every stage, some overdue.

Synthetic throughout; no child is named and the incidents are invented. So that the register
always shows live clocks (a deadline due in 3 working days, one 2 working days overdue) on the
day the demo is loaded, every date is counted back from the day it is loaded, in working days
on the statutory calendar for the running clocks and in calendar months for the LCSPRs. The demo
is therefore deterministic for a given day, and running it twice on one day changes nothing.
Reviews are matched on their name; recommendations on their source and reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from scrutineer.actions.services import recommendation_ensure
from scrutineer.core.demo import DemoReport, demo_step
from scrutineer.partnership.models import Priority, User

from . import workdays
from .choices import (
    AgeBand,
    Decision,
    Disability,
    Ethnicity,
    Harm,
    LegalStatus,
    NationalReview,
    PanelView,
    Sex,
)
from .clocks import WorkingDayCalendar, add_months
from .models import RapidReviewMeeting, Review
from .register import register_rows
from .services import SOURCE_TYPE

DOMESTIC_ABUSE = "Children affected by domestic abuse"
FAMILY_HELP = "Safeguarding through family help"
ADOLESCENTS = "Safeguarding adolescents"


@dataclass
class Plan:
    """One demo review: who it is, and how far it has got, in days before the load day."""

    name: str
    child: tuple[str, str, str, str, str]  # age band, sex, ethnicity, disability, legal status
    harm: str
    summary: str
    team: list[str]
    dates: dict[str, dt.date]
    extra: dict[str, Any] = field(default_factory=dict)
    meetings: list[tuple[dt.date, str]] = field(default_factory=list)
    recommendations: list[tuple[str, str, list[str]]] = field(default_factory=list)


def plans(today: dt.date, cal: WorkingDayCalendar) -> list[Plan]:
    """Every demo review, dated back from ``today``."""

    # Running clocks count from the last working day, so that the demo shows the same
    # "3 working days left" on a Saturday or a bank holiday as on the working day before.
    anchor = today if cal.is_working_day(today) else cal.add(today, -1)

    def wd(n: int, start: dt.date = anchor) -> dt.date:
        """``n`` working days before (negative) or after ``start``."""
        return cal.add(start, n)

    def back(days: int, start: dt.date = today) -> dt.date:
        """``days`` calendar days before ``start``, moved to a working day: meetings, reports
        and letters happen on working days."""
        day = start - dt.timedelta(days=days)
        return day if cal.is_working_day(day) else cal.add(day, -1)

    def aware(at: dt.date, days_after_incident: int = 1) -> dict[str, dt.date]:
        return {"incident_on": back(days_after_incident, at), "became_aware_on": at}

    found: list[Plan] = []

    # 1. Recorded, notification due in 3 working days.
    a_aware = wd(-2)
    found.append(
        Plan(
            "Child A",
            (AgeBand.UNDER_1, Sex.FEMALE, Ethnicity.WHITE, Disability.NO, LegalStatus.NONE_KNOWN),
            Harm.SERIOUSLY_HARMED,
            "A 4-month-old baby was admitted to hospital with a fractured femur and bruising to "
            "the face; the explanation given did not fit the injuries.",
            ["lead.council", "lead.health"],
            aware(a_aware),
        )
    )
    # 2. Recorded, notification 2 working days overdue.
    b_aware = wd(-7)
    found.append(
        Plan(
            "Child B",
            (
                AgeBand.AGE_10_15,
                Sex.MALE,
                Ethnicity.BLACK,
                Disability.NOT_KNOWN,
                LegalStatus.CHILD_IN_NEED,
            ),
            Harm.SERIOUSLY_HARMED,
            "A 14-year-old was stabbed near a bus station; he had been missing from home several "
            "times and was known to be at risk of criminal exploitation.",
            ["lead.council", "lead.police"],
            aware(b_aware, 0),
        )
    )
    # 3. Notified on time; rapid review under way with 4 working days left.
    c_notified = wd(-11)
    found.append(
        Plan(
            "Child C",
            (
                AgeBand.AGE_1_4,
                Sex.MALE,
                Ethnicity.MIXED,
                Disability.NO,
                LegalStatus.CHILD_PROTECTION,
            ),
            Harm.SERIOUSLY_HARMED,
            "A 2-year-old on a child protection plan for neglect swallowed methadone at home.",
            ["lead.council", "lead.health"],
            {**aware(wd(-3, c_notified)), "notified_on": c_notified},
            meetings=[(wd(5, c_notified), "First meeting: agencies' information")],
        )
    )
    # 4. Notified late; rapid review 2 working days overdue.
    d_notified = wd(-17)
    found.append(
        Plan(
            "Child D",
            (
                AgeBand.AGE_16_17,
                Sex.FEMALE,
                Ethnicity.ASIAN,
                Disability.NO,
                LegalStatus.LOOKED_AFTER,
            ),
            Harm.DIED,
            "A 16-year-old looked-after young woman died in supported accommodation; the "
            "coroner's inquest is open.",
            ["lead.council", "lead.health", "lead.police"],
            {**aware(wd(-6, d_notified)), "notified_on": d_notified},
            {"looked_after_death": True, "regulated_setting_death": True},
            meetings=[
                (wd(4, d_notified), "First meeting"),
                (wd(12, d_notified), "Second meeting: draft findings"),
            ],
        )
    )
    # 5. Rapid review sent a day late, decision LCSPR, awaiting the Panel.
    e_notified = wd(-24)
    found.append(
        Plan(
            "Child E",
            (
                AgeBand.AGE_5_9,
                Sex.FEMALE,
                Ethnicity.WHITE,
                Disability.YES,
                LegalStatus.CHILD_IN_NEED,
            ),
            Harm.SERIOUSLY_HARMED,
            "A 7-year-old disabled girl was found with burns; her school had raised concerns "
            "about her attendance and weight.",
            ["lead.council", "lead.health", "auditor"],
            {
                **aware(wd(-4, e_notified)),
                "notified_on": e_notified,
                "rapid_review_submitted_on": wd(16, e_notified),
            },
            {
                "decision": Decision.LCSPR,
                "decision_rationale": "The review found missed opportunities for schools, "
                "health and children's social care to see the child's lived experience; an "
                "LCSPR can test how disabled children's voices are heard.",
            },
            meetings=[(wd(7, e_notified), "First meeting"), (wd(14, e_notified), "Sign-off")],
        )
    )
    # 6. Another kind of learning review, agreed by the Panel: closed, with learning.
    f_notified = back(200)
    f_submitted = wd(14, f_notified)
    found.append(
        Plan(
            "Baby F",
            (AgeBand.UNDER_1, Sex.MALE, Ethnicity.WHITE, Disability.NO, LegalStatus.EARLY_HELP),
            Harm.DIED,
            "A 6-week-old baby died while co-sleeping with a parent who had been drinking.",
            ["lead.health"],
            {
                **aware(wd(-2, f_notified)),
                "notified_on": f_notified,
                "rapid_review_submitted_on": f_submitted,
                "panel_responded_on": back(-12, f_submitted),
            },
            {
                "decision": Decision.OTHER_LEARNING,
                "decision_rationale": "The practice issues (safe sleep advice where parents use "
                "alcohol) are well known; a multi-agency learning event will spread them faster.",
                "panel_view": PanelView.AGREE,
                "national_review": NationalReview.NOT_UNDERTAKEN,
            },
            recommendations=[
                (
                    "R1",
                    "Health visitors and midwives give safe sleep advice that names alcohol and "
                    "drugs, and record that they did.",
                    [FAMILY_HELP],
                ),
                (
                    "R2",
                    "Family help workers ask about sleeping arrangements at every home visit to a "
                    "family with a baby under 6 months.",
                    [FAMILY_HELP],
                ),
            ],
        )
    )
    # 7. No LCSPR proposed, the Panel challenged, the partners decided an LCSPR: commissioning.
    g_notified = back(75)
    g_submitted = wd(15, g_notified)
    g_panel = back(-11, g_submitted)
    found.append(
        Plan(
            "Child G",
            (AgeBand.AGE_10_15, Sex.FEMALE, Ethnicity.WHITE, Disability.NO, LegalStatus.NONE_KNOWN),
            Harm.SERIOUSLY_HARMED,
            "A 13-year-old girl was sexually exploited by adults she met online; she had been "
            "reported missing four times in two months.",
            ["lead.police", "lead.council"],
            {
                **aware(wd(-5, g_notified)),
                "notified_on": g_notified,
                "rapid_review_submitted_on": g_submitted,
                "panel_responded_on": g_panel,
                "lcspr_decided_on": wd(6, g_panel),
            },
            {
                "decision": Decision.LCSPR,
                "decision_rationale": "First proposed no LCSPR; after the Panel's challenge the "
                "partners agreed the missing episodes need a full review.",
                "panel_view": PanelView.CHALLENGE,
                "national_review": NationalReview.NOT_UNDERTAKEN,
            },
        )
    )
    # 8. LCSPR under way, 6-month deadline in about three weeks.
    h_decided = back(-21, add_months(today, -6))
    found.append(
        Plan(
            "Child H",
            (
                AgeBand.AGE_1_4,
                Sex.FEMALE,
                Ethnicity.OTHER,
                Disability.NO,
                LegalStatus.CHILD_IN_NEED,
            ),
            Harm.SERIOUSLY_HARMED,
            "A 3-year-old was seriously injured by her mother's partner, who was known to "
            "police for domestic abuse in an earlier relationship.",
            ["lead.police", "lead.council", "lead.health"],
            {
                **aware(wd(-20, h_decided)),
                "notified_on": wd(-16, h_decided),
                "rapid_review_submitted_on": h_decided,
                "panel_responded_on": back(-9, h_decided),
                "lcspr_decided_on": h_decided,
                "reviewer_commissioned_on": back(-30, h_decided),
            },
            {
                "decision": Decision.LCSPR,
                "decision_rationale": "How agencies find out about, and share, a new partner's "
                "history of domestic abuse.",
                "panel_view": PanelView.AGREE,
                "national_review": NationalReview.NOT_CONSIDERED,
                "reviewer_name": "Independent reviewer (demo)",
            },
        )
    )
    # 9. LCSPR overdue: decided seven months ago, no final report yet.
    j_decided = back(0, add_months(today, -7))
    found.append(
        Plan(
            "Child J",
            (AgeBand.AGE_16_17, Sex.MALE, Ethnicity.WHITE, Disability.YES, LegalStatus.CARE_LEAVER),
            Harm.DIED,
            "A 17-year-old with autism, leaving care, took his own life; he had been waiting for "
            "a mental health assessment.",
            ["lead.council", "lead.health"],
            {
                **aware(wd(-19, j_decided)),
                "notified_on": wd(-17, j_decided),
                "rapid_review_submitted_on": j_decided,
                "panel_responded_on": back(-10, j_decided),
                "lcspr_decided_on": j_decided,
                "reviewer_commissioned_on": back(-40, j_decided),
            },
            {
                "abuse_or_neglect": True,
                "decision": Decision.LCSPR,
                "decision_rationale": "Transition to adult mental health services for care "
                "leavers with autism.",
                "panel_view": PanelView.AGREE,
                "national_review": NationalReview.UNDECIDED,
                "reviewer_name": "Independent reviewer (demo)",
            },
            recommendations=[
                (
                    "R1",
                    "Care leavers waiting for a mental health assessment have a named worker who "
                    "checks on them at least weekly.",
                    [ADOLESCENTS],
                ),
            ],
        )
    )
    # 10. Final report done; publication planned, notice to the Panel due in 3 working days.
    k_publication = wd(10)
    k_decided = back(0, add_months(today, -5))
    found.append(
        Plan(
            "Child K",
            (
                AgeBand.AGE_5_9,
                Sex.MALE,
                Ethnicity.BLACK,
                Disability.NO,
                LegalStatus.CHILD_PROTECTION,
            ),
            Harm.SERIOUSLY_HARMED,
            "An 8-year-old on a child protection plan was found with injuries after months of "
            "missed school; domestic abuse was known at home.",
            ["lead.council", "lead.police"],
            {
                **aware(wd(-18, k_decided)),
                "notified_on": wd(-16, k_decided),
                "rapid_review_submitted_on": k_decided,
                "panel_responded_on": back(-10, k_decided),
                "lcspr_decided_on": k_decided,
                "reviewer_commissioned_on": back(-21, k_decided),
                "final_report_on": wd(-6),
                "planned_publication_on": k_publication,
            },
            {
                "decision": Decision.LCSPR,
                "decision_rationale": "Children's voices in child protection plans where "
                "domestic abuse is present.",
                "panel_view": PanelView.AGREE,
                "reviewer_name": "Independent reviewer (demo)",
            },
        )
    )
    # 11. Published on time last year, with recommendations.
    l_decided = back(0, add_months(today, -16))
    found.append(
        Plan(
            "Child L",
            (AgeBand.UNDER_1, Sex.MALE, Ethnicity.MIXED, Disability.NO, LegalStatus.CHILD_IN_NEED),
            Harm.SERIOUSLY_HARMED,
            "A 3-month-old baby had bruising that a professional saw but did not refer; "
            "weeks later he was admitted with a head injury.",
            ["lead.council", "lead.health", "lead.police"],
            {
                **aware(wd(-19, l_decided)),
                "notified_on": wd(-15, l_decided),
                "rapid_review_submitted_on": l_decided,
                "panel_responded_on": back(-8, l_decided),
                "lcspr_decided_on": l_decided,
                "reviewer_commissioned_on": back(-25, l_decided),
                "final_report_on": back(-140, l_decided),
                "planned_publication_on": back(-170, l_decided),
                "notice_sent_on": wd(-9, back(-170, l_decided)),
                "published_on": back(-170, l_decided),
            },
            {
                "decision": Decision.LCSPR,
                "decision_rationale": "Bruising in a non-mobile baby was seen and not acted on.",
                "panel_view": PanelView.AGREE,
                "reviewer_name": "Independent reviewer (demo)",
            },
            recommendations=[
                (
                    "R1",
                    "Every agency's staff follow the bruising in non-mobile babies protocol, "
                    "and managers check it is followed.",
                    [FAMILY_HELP],
                ),
                (
                    "R2",
                    "Police share domestic abuse incidents involving a household with a baby "
                    "with health visitors within one working day.",
                    [DOMESTIC_ABUSE],
                ),
                (
                    "R3",
                    "The partnership audits, within a year, how fathers and new partners are "
                    "seen in assessments of babies.",
                    [FAMILY_HELP, DOMESTIC_ABUSE],
                ),
            ],
        )
    )
    # 12. Learning published, not the full report; published late.
    m_decided = back(0, add_months(today, -20))
    found.append(
        Plan(
            "Siblings M",
            (
                AgeBand.AGE_10_15,
                Sex.NOT_KNOWN,
                Ethnicity.NOT_KNOWN,
                Disability.NOT_KNOWN,
                LegalStatus.CHILD_PROTECTION,
            ),
            Harm.SERIOUSLY_HARMED,
            "Three siblings lived with severe neglect for several years while known to "
            "several agencies.",
            ["lead.council"],
            {
                **aware(wd(-18, m_decided)),
                "notified_on": wd(-14, m_decided),
                "rapid_review_submitted_on": wd(-1, m_decided),
                "panel_responded_on": back(-12, m_decided),
                "lcspr_decided_on": m_decided,
                "reviewer_commissioned_on": back(-35, m_decided),
                "final_report_on": back(-200, m_decided),
                "published_on": back(-215, m_decided),
            },
            {
                "decision": Decision.LCSPR,
                "decision_rationale": "Cumulative neglect across a long period.",
                "panel_view": PanelView.AGREE,
                "reviewer_name": "Independent reviewer (demo)",
                "not_published_reason": "Publishing the full report would identify the "
                "children, who still live locally; a learning summary was published instead.",
            },
            recommendations=[
                (
                    "R1",
                    "Agencies use the neglect screening tool at every review of a plan for "
                    "neglect, and record the child's own account.",
                    [FAMILY_HELP],
                ),
                (
                    "R2",
                    "Schools refer patterns of poor attendance and hunger to the front door, "
                    "not only single incidents.",
                    [FAMILY_HELP],
                ),
            ],
        )
    )
    return found


@demo_step(order=30)
def load_reviews(report: DemoReport) -> None:
    today = workdays.today()
    calendar = workdays.statutory_calendar()
    people = {user.username: user for user in User.objects.all()}
    priorities = {priority.title: priority for priority in Priority.objects.all()}
    names = []
    for plan in plans(today, calendar):
        age_band, sex, ethnicity, disability, legal_status = plan.child
        values: dict[str, Any] = {
            "incident_summary": plan.summary,
            "age_band": age_band,
            "sex": sex,
            "ethnicity": ethnicity,
            "disability": disability,
            "legal_status": legal_status,
            "harm": plan.harm,
            "abuse_or_neglect": True,
            "looked_after_death": False,
            "regulated_setting_death": False,
            "rapid_review_starts_from": "notification",
            "publication_notice_working_days": 7,
            **dict.fromkeys(NULLABLE_DATES),
            "decision": "",
            "decision_rationale": "",
            "panel_view": "",
            "national_review": NationalReview.NOT_CONSIDERED,
            "reviewer_name": "",
            "not_published_reason": "",
            "kind": "rapid_review",
            "practitioners_involved": "",
            "family_involved": "",
            "panel_reference": f"DEMO-{plan.name.split()[-1]}",
        }
        values.update(plan.dates)
        values.update(plan.extra)
        review, _ = Review.objects.update_or_create(name=plan.name, defaults=values)
        review.team.set([people[u] for u in plan.team if u in people])
        review.meetings.all().delete()
        RapidReviewMeeting.objects.bulk_create(
            RapidReviewMeeting(review=review, held_on=day, purpose=purpose)
            for day, purpose in plan.meetings
        )
        for reference, text, titles in plan.recommendations:
            recommendation_ensure(
                source_type=SOURCE_TYPE,
                source_id=review.pk,
                source_label=review.name,
                reference=reference,
                text=text,
                priorities=[priorities[t] for t in titles if t in priorities],
            )
        names.append(plan.name)
    rows = register_rows(Review.objects.filter(name__in=names), today=today, calendar=calendar)
    overdue = sum(1 for row in rows if any(c.status == "overdue" for c in row.clocks))
    report.lines.append(
        f"Case reviews: {len(rows)} at every stage, {overdue} with an overdue clock today."
    )


NULLABLE_DATES = (
    "notified_on",
    "rapid_review_submitted_on",
    "panel_responded_on",
    "lcspr_decided_on",
    "reviewer_commissioned_on",
    "terms_of_reference_on",
    "practitioners_involved_on",
    "family_involved_on",
    "draft_report_on",
    "final_report_on",
    "planned_publication_on",
    "notice_sent_on",
    "published_on",
)

# The learning demo and the reviews' details register their own steps (after the reviews).
from . import demo_learning, demo_related  # noqa: E402, F401
