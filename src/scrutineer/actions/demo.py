"""Demo data: actions for every demo recommendation, in every state, and one recommendation
from an inspection letter typed in by hand.

The reviews demo (order 30) makes the recommendations; this step (order 40) finds them by their
generic source, never by importing the reviews app. Each recommendation gets its actions from a
fixed rota of states (not started, in progress, overdue, completed, completed with evidence of
impact, cannot complete), so every state appears and the same recommendation always gets the
same actions. Due dates count from the day the demo is loaded, so overdue actions are overdue
whenever it is loaded. Actions are matched on their recommendation and description.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from scrutineer.core.demo import DemoReport, demo_step
from scrutineer.partnership.models import Agency, Priority, User

from .models import Action, Recommendation, Status
from .services import recommendation_ensure

# agency short name, lead username, what they will do
OWNERS = [
    (
        "Children and Families",
        "lead.council",
        "Brief every social work team and check case files for it in the next audit.",
    ),
    (
        "ICB",
        "lead.health",
        "Add it to health visiting and midwifery supervision, with a quarterly check of records.",
    ),
    (
        "Police",
        "lead.police",
        "Change the domestic abuse triage so that it happens within one working day.",
    ),
    (
        "Education",
        "viewer",
        "Include it in the designated safeguarding leads' termly briefing and the model policy.",
    ),
]

IMPACT = (
    "A dip sample of 20 cases six months on found the practice in 17, up from 6 before the "
    "review; two babies with bruising were referred and protected the same day."
)


def rota(today: dt.date) -> list[dict[str, Any]]:
    """The states, with due dates and evidence, that actions take in turn."""
    return [
        {"status": Status.NOT_STARTED, "due_on": today + dt.timedelta(days=75)},
        {"status": Status.IN_PROGRESS, "due_on": today + dt.timedelta(days=30)},
        {"status": Status.IN_PROGRESS, "due_on": today - dt.timedelta(days=20)},  # overdue
        {
            "status": Status.COMPLETED,
            "due_on": today - dt.timedelta(days=60),
            "completed_on": today - dt.timedelta(days=65),
            "completion_evidence": "Briefings delivered to all teams; attendance records held "
            "by the agency's safeguarding lead.",
        },
        {
            "status": Status.COMPLETED,
            "due_on": today - dt.timedelta(days=200),
            "completed_on": today - dt.timedelta(days=210),
            "completion_evidence": "Protocol re-issued and included in induction; audit tool "
            "updated.",
            "impact_evidence": IMPACT,
            "impact_recorded_on": today - dt.timedelta(days=14),
        },
        {
            "status": Status.CANNOT_COMPLETE,
            "due_on": today - dt.timedelta(days=90),
            "cannot_complete_reason": "The national system this relied on was withdrawn; the "
            "business unit is agreeing a replacement action.",
        },
        {"status": Status.NOT_STARTED, "due_on": today - dt.timedelta(days=5)},  # overdue
    ]


EMPTY = {
    "completed_on": None,
    "completion_evidence": "",
    "cannot_complete_reason": "",
    "impact_evidence": "",
    "impact_recorded_on": None,
}


@demo_step(order=40)
def load_actions(report: DemoReport) -> None:
    today = timezone.localdate()
    agencies = {agency.label: agency for agency in Agency.objects.all()}
    people = {user.username: user for user in User.objects.all()}
    domestic_abuse = Priority.objects.filter(title="Children affected by domestic abuse")
    recommendation_ensure(
        source_type="actions.manual",
        source_id="",
        source_label="Joint targeted area inspection letter (demo)",
        reference="JTAI-1",
        text="Partners make sure that children's experiences of domestic abuse are understood "
        "and recorded by every agency at the front door.",
        priorities=list(domestic_abuse),
    )
    states = rota(today)
    count = 0
    # Only the demo's own recommendations (no one created them), so a person's additions to
    # the demo partnership are left alone.
    recommendations = Recommendation.objects.filter(created_by=None).order_by(
        "source_type", "source_id", "reference"
    )
    turn = 0
    for recommendation in recommendations:
        for _ in range(2):
            agency_name, lead, what = OWNERS[turn % len(OWNERS)]
            state = states[turn % len(states)]
            turn += 1
            if agency_name not in agencies:
                continue
            Action.objects.update_or_create(
                recommendation=recommendation,
                description=what,
                defaults={
                    **EMPTY,
                    **state,
                    "owner_agency": agencies[agency_name],
                    "lead": people.get(lead),
                    "last_escalated_on": None,
                },
            )
            count += 1
    overdue = Action.objects.overdue(today).count()
    report.lines.append(f"Action tracker: {count} actions in every state, {overdue} overdue today.")
