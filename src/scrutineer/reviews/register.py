"""The register: reviews with their clocks, the most urgent first (pages and command alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .clocks import Clock, WorkingDayCalendar
from .models import Review, Stage

CLOCK_CODES = ("notification", "rapid_review", "lcspr", "publication_notice")


@dataclass(frozen=True)
class RegisterRow:
    review: Review
    clocks: list[Clock]

    def clock(self, code: str) -> Clock | None:
        return next((c for c in self.clocks if c.code == code), None)

    @property
    def cells(self) -> list[tuple[Clock | None, str]]:
        """One cell per register column, in ``CLOCK_CODES`` order: the clock, or why there is
        none ("Not started", or "Not needed" for a step this review will not take)."""
        review = self.review
        if not review.is_statutory:  # a local learning or thematic review: no clocks at all
            return [(None, "Not needed") for _ in CLOCK_CODES]
        closed = review.stage == Stage.CLOSED
        not_needed = {
            "lcspr": closed,
            "publication_notice": closed or not review.publishes_full_report,
        }
        return [
            (self.clock(code), "Not needed" if not_needed.get(code) else "Not started")
            for code in CLOCK_CODES
        ]

    @property
    def next_deadline(self) -> dt.date | None:
        """The earliest deadline among the clocks still running: the most overdue one if any
        are overdue, else the nearest one."""
        running = [c.deadline for c in self.clocks if c.is_open]
        return min(running) if running else None

    def urgency(self) -> tuple[int, int, str]:
        """Sort key: reviews with a running clock first, by their earliest deadline; then the
        rest, most recent incident first."""
        deadline = self.next_deadline
        if deadline is not None:
            return (0, deadline.toordinal(), self.review.name)
        return (1, -self.review.became_aware_on.toordinal(), self.review.name)

    def as_dict(self) -> dict[str, Any]:
        review = self.review
        stage = review.stage
        dates = {
            name: (value.isoformat() if value else None)
            for name, value in (
                ("incident", review.incident_on),
                ("became_aware", review.became_aware_on),
                ("notified", review.notified_on),
                ("rapid_review_start", review.rapid_review_start_on),
                ("rapid_review_submitted", review.rapid_review_submitted_on),
                ("panel_responded", review.panel_responded_on),
                ("lcspr_decided", review.lcspr_decided_on),
                ("reviewer_commissioned", review.reviewer_commissioned_on),
                ("terms_of_reference", review.terms_of_reference_on),
                ("draft_report", review.draft_report_on),
                ("final_report", review.final_report_on),
                ("planned_publication", review.planned_publication_on),
                ("notice_sent", review.notice_sent_on),
                ("published", review.published_on),
            )
        }
        return {
            "id": review.pk,
            "name": review.name,
            "kind": review.kind,
            "stage": {"code": stage.value, "label": stage.label},
            "decision": review.decision or None,
            "panel_view": review.panel_view or None,
            "dates": dates,
            "clocks": [clock.as_dict() for clock in self.clocks],
            "next_deadline": self.next_deadline.isoformat() if self.next_deadline else None,
        }


def register_rows(
    reviews: Iterable[Review], *, today: dt.date, calendar: WorkingDayCalendar
) -> list[RegisterRow]:
    rows = [RegisterRow(r, r.clocks(today=today, calendar=calendar)) for r in reviews]
    return sorted(rows, key=RegisterRow.urgency)
