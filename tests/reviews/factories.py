"""A review at any stage, with dates that make sense together."""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrutineer.reviews.choices import AgeBand, Decision, Ethnicity, Harm, PanelView, Sex
from scrutineer.reviews.models import Review

D = dt.date


def make_review(name: str = "Child Q", *, team: tuple[Any, ...] = (), **overrides: Any) -> Review:
    """A serious incident recorded, not yet notified (override the later stages' dates)."""
    values: dict[str, Any] = {
        "incident_on": D(2024, 3, 25),
        "became_aware_on": D(2024, 3, 28),
        "incident_summary": "A baby was taken to hospital with a head injury.",
        "age_band": AgeBand.UNDER_1,
        "sex": Sex.MALE,
        "ethnicity": Ethnicity.WHITE,
        "harm": Harm.SERIOUSLY_HARMED,
        "abuse_or_neglect": True,
    }
    values.update(overrides)
    review = Review.objects.create(name=name, **values)
    review.team.set(team)
    return review


def published_lcspr(name: str = "Child P", **overrides: Any) -> Review:
    """A review that went all the way: LCSPR decided, the final report published."""
    values: dict[str, Any] = {
        "notified_on": D(2024, 4, 4),
        "rapid_review_submitted_on": D(2024, 4, 24),
        "decision": Decision.LCSPR,
        "decision_rationale": "Learning about information sharing between health and police.",
        "panel_responded_on": D(2024, 5, 10),
        "panel_view": PanelView.AGREE,
        "lcspr_decided_on": D(2024, 4, 24),
        "reviewer_name": "An Independent Reviewer",
        "reviewer_commissioned_on": D(2024, 5, 20),
        "final_report_on": D(2024, 9, 30),
        "planned_publication_on": D(2024, 10, 21),
        "notice_sent_on": D(2024, 10, 9),
        "published_on": D(2024, 10, 21),
    }
    values.update(overrides)
    return make_review(name, **values)
