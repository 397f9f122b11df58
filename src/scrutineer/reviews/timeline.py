"""A review's page as a timeline: each stage, what was recorded, and its clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .choices import Decision
from .clocks import Clock
from .models import Review


@dataclass
class Entry:
    slug: str
    title: str
    done: bool
    facts: list[tuple[str, str]] = field(default_factory=list)
    clocks: list[Clock] = field(default_factory=list)
    note: str = ""


def _date(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "Not yet"


def _involvement(text: str, on: dt.date | None) -> str:
    if not text and on is None:
        return "Not yet"
    return f"{text}\n({_date(on)})" if on else text


def timeline(review: Review, found: list[Clock]) -> list[Entry]:
    """The stages of a serious incident review; a local learning or thematic review has only
    its first entry (what it is about), since none of the statutory stages apply."""
    by_code = {clock.code: clock for clock in found}

    def clocks(*codes: str) -> list[Clock]:
        return [by_code[c] for c in codes if c in by_code]

    meetings = ", ".join(
        f"{m.held_on:%-d %B %Y}" + (f" ({m.purpose})" if m.purpose else "")
        for m in review.meetings.all()
    )
    entries = [
        Entry(
            "incident",
            "Serious incident",
            True,
            [
                ("Incident date", _date(review.incident_on)),
                ("Local authority became aware", _date(review.became_aware_on)),
                ("What happened", review.incident_summary),
            ],
        ),
        Entry(
            "notification",
            "Notification to the National Panel",
            review.notified_on is not None,
            [
                ("Notified", _date(review.notified_on)),
                ("Panel reference", review.panel_reference or "None recorded"),
            ],
            clocks("notification"),
        ),
        Entry(
            "rapid-review",
            "Rapid review",
            review.rapid_review_submitted_on is not None,
            [
                (
                    "15 working days start from",
                    f"{review.get_rapid_review_starts_from_display()}"
                    + (
                        f" ({_date(review.rapid_review_start_on)})"
                        if review.rapid_review_start_on
                        else ""
                    ),
                ),
                ("Meetings", meetings or "None recorded"),
                ("Sent to the Panel", _date(review.rapid_review_submitted_on)),
            ],
            clocks("rapid_review"),
        ),
        Entry(
            "decision",
            "Decision",
            bool(review.decision),
            [
                ("Decision", review.get_decision_display() or "Not yet"),
                ("Rationale", review.decision_rationale or "Not yet"),
            ],
        ),
        Entry(
            "panel",
            "The National Panel's response",
            review.panel_responded_on is not None,
            [
                ("Responded", _date(review.panel_responded_on)),
                ("The Panel's view", review.get_panel_view_display() or "Not yet"),
                ("National review", review.get_national_review_display()),
            ],
        ),
    ]
    if not review.is_statutory:
        entries[0].title = review.get_kind_display()
        entries[0].note = "No statutory clocks: the partnership sets its own timetable."
        return entries[:1]
    lcspr_note = ""
    if review.decision and review.decision != Decision.LCSPR and not review.lcspr_decided_on:
        lcspr_note = "The rapid review decided not to hold an LCSPR."
    entries.append(
        Entry(
            "lcspr",
            "Local child safeguarding practice review (LCSPR)",
            review.final_report_on is not None,
            [
                ("Decided", _date(review.lcspr_decided_on)),
                ("Independent reviewer", review.reviewer_name or "Not yet"),
                ("Commissioned", _date(review.reviewer_commissioned_on)),
                ("Terms of reference agreed", _date(review.terms_of_reference_on)),
                (
                    "Practitioners' involvement",
                    _involvement(review.practitioners_involved, review.practitioners_involved_on),
                ),
                (
                    "Family's involvement",
                    _involvement(review.family_involved, review.family_involved_on),
                ),
                ("Draft report", _date(review.draft_report_on)),
                ("Final report", _date(review.final_report_on)),
            ],
            clocks("lcspr"),
            lcspr_note,
        )
    )
    publication_facts = [
        ("Planned publication", _date(review.planned_publication_on)),
        ("Sent to the Panel and the Secretary of State", _date(review.notice_sent_on)),
        ("Published", _date(review.published_on)),
    ]
    if not review.publishes_full_report:
        publication_facts.append(
            ("Why the full report is not published", review.not_published_reason)
        )
    entries.append(
        Entry(
            "publication",
            "Publication",
            review.published_on is not None,
            publication_facts,
            clocks("publication_notice"),
            lcspr_note,
        )
    )
    return entries
