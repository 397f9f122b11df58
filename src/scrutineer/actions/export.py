"""The action tracker as CSV: one module, ``headers()`` and ``rows()``, like every export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from scrutineer.core.spreadsheet import safe_cell

from .models import Action


def safe(value: object) -> str:
    """A cell as text, quoted when a spreadsheet would run it as a formula."""
    return safe_cell("" if value is None else str(value))


def headers() -> list[str]:
    return [
        "Source",
        "Recommendation reference",
        "Recommendation",
        "Priorities",
        "Action",
        "Owner agency",
        "Lead person",
        "Due date",
        "Status",
        "Overdue",
        "Date completed",
        "Evidence of completion",
        "Why it cannot be completed",
        "Evidence of impact",
        "Date impact was recorded",
    ]


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def rows(actions: Iterable[Action], *, today: dt.date) -> Iterator[list[str]]:
    for action in actions:
        recommendation = action.recommendation
        lead = action.lead
        yield [
            safe(value)
            for value in (
                recommendation.source_label,
                recommendation.reference,
                recommendation.text,
                "; ".join(p.title for p in recommendation.priorities.all()),
                action.description,
                action.owner_agency.name,
                (lead.get_full_name() or lead.username) if lead else "",
                _date(action.due_on),
                action.get_status_display(),
                "Yes" if action.is_overdue(today) else "No",
                _date(action.completed_on),
                action.completion_evidence,
                action.cannot_complete_reason,
                action.impact_evidence,
                _date(action.impact_recorded_on),
            )
        ]
