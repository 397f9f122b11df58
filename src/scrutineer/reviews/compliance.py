"""The compliance dashboard: how well the partnership keeps the statutory clocks, year by year.

A review belongs to the reporting year (1 April to 31 March, as the yearly report covers) in
which the local authority became aware of the incident. For each clock, a step counts once its
outcome is known: done on time, done late, or still outstanding after its deadline (overdue,
which is late already). Steps still within their deadline are not counted yet. "Average working
days late" is over the late and overdue steps, an overdue one counting the working days so far.

Counts only: no review's name or detail appears here (see ``querysets.counted_for``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .choices import PanelView
from .clocks import Clock, Status, WorkingDayCalendar
from .models import Review


def reporting_year(day: dt.date) -> int:
    """The year a reporting year starts in: 1 April 2024 to 31 March 2025 is 2024."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


@dataclass
class Tally:
    """On-time share and lateness for one clock in one year."""

    on_time: int = 0
    late_days: list[int] = field(default_factory=list)

    def add(self, clock: Clock) -> None:
        if clock.status is Status.ON_TIME:
            self.on_time += 1
        elif clock.status in (Status.LATE, Status.OVERDUE):
            self.late_days.append(clock.working_days)

    @property
    def counted(self) -> int:
        return self.on_time + len(self.late_days)

    @property
    def share_on_time(self) -> float | None:
        return 100 * self.on_time / self.counted if self.counted else None

    @property
    def average_days_late(self) -> float | None:
        return sum(self.late_days) / len(self.late_days) if self.late_days else None


@dataclass
class YearMeasures:
    start_year: int
    incidents: int = 0
    notification: Tally = field(default_factory=Tally)
    rapid_review: Tally = field(default_factory=Tally)
    lcspr: Tally = field(default_factory=Tally)
    lcsprs_decided: int = 0
    panel_responses: int = 0
    panel_agreed: int = 0

    @property
    def label(self) -> str:
        return year_label(self.start_year)

    @property
    def share_panel_agreed(self) -> float | None:
        return 100 * self.panel_agreed / self.panel_responses if self.panel_responses else None


def compliance_by_year(
    reviews: Iterable[Review], *, today: dt.date, calendar: WorkingDayCalendar
) -> list[YearMeasures]:
    """The dashboard's measures for every year that has a review, newest first."""
    years: dict[int, YearMeasures] = {}
    for review in reviews:
        if not review.is_statutory:
            continue  # local learning and thematic reviews run on no statutory clock
        start_year = reporting_year(review.became_aware_on)
        year = years.setdefault(start_year, YearMeasures(start_year))
        year.incidents += 1
        for clock in review.clocks(today=today, calendar=calendar):
            if clock.code == "notification":
                year.notification.add(clock)
            elif clock.code == "rapid_review":
                year.rapid_review.add(clock)
            elif clock.code == "lcspr":
                year.lcspr.add(clock)
        if review.lcspr_decided_on is not None:
            year.lcsprs_decided += 1
        if review.panel_responded_on is not None and review.panel_view:
            year.panel_responses += 1
            year.panel_agreed += review.panel_view == PanelView.AGREE
    return [years[y] for y in sorted(years, reverse=True)]
