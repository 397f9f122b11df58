"""Suggested lines of enquiry: make them from the evidence, then accept or dismiss them.

``suggestions_make`` reads every active indicator's series, the published benchmarks and the
returns that are late, asks the pure rules in ``enquiry_rules`` what each suggests, and saves
each proposal whose key is new. A key names the signal (indicator, rule, first period of the run;
indicator and year of a benchmark; agency and quarter of a return), and keys are unique, so the
same signal is never suggested twice, whether its first suggestion is open, accepted or set
aside. An open suggestion whose signal has grown since (a run one month longer, a return a week
later) gets its words and evidence brought up to date; a decided one is left as it was decided.

Accepting puts the question into the challenge log through ``challenge_raise``; dismissing needs
a reason. Both lock the suggestion's row and check its status inside the transaction, so a double
submit or a second tab cannot raise two challenges from one suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from scrutineer.challenges.models import Challenge
from scrutineer.challenges.services import challenge_raise
from scrutineer.core.calendar import partnership_calendar
from scrutineer.partnership.models import Agency, Partnership, Role
from scrutineer.partnership.querysets import user_sees_shared

from . import series as series_module
from .enquiry_rules import (
    BENCHMARK_GAP_PCT,
    IndicatorFacts,
    Proposal,
    benchmark_proposal,
    missing_return_proposal,
    signal_proposal,
)
from .enquiry_words import number, year_label
from .models import DataReturn, Indicator, Suggestion, SuggestionStatus

SOURCE_TYPE = "trends.suggestion"
"""How a challenge raised from a suggestion names its source."""


class SuggestionDecided(Exception):
    """The suggestion was accepted or set aside already (in another tab, or a moment ago)."""

    def __init__(self, suggestion: Suggestion) -> None:
        self.suggestion = suggestion
        super().__init__(decided_words(suggestion))


def decides_suggestions(user: Any) -> bool:
    """The scrutineer weighs the suggestions, and the business unit, who supports the
    scrutineer; the same people ``SuggestionQuerySet.visible_to`` shows them to."""
    return user_sees_shared(user) and (
        getattr(user, "can_administer", False) or getattr(user, "role", "") == Role.SCRUTINEER
    )


def benchmark_gap_threshold() -> float:
    return float(getattr(settings, "SUGGEST_BENCHMARK_GAP_PCT", BENCHMARK_GAP_PCT))


def facts_for(indicator: Indicator) -> IndicatorFacts:
    return IndicatorFacts(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        polarity=indicator.polarity,
        frequency=indicator.frequency,
        decimals=indicator.decimals,
        agency_id=indicator.agency_id,
    )


# --- what to suggest --------------------------------------------------------------------------


def signal_proposals(indicators: Any) -> list[Proposal]:
    """Each indicator's current signal, if any (``indicators`` a queryset or a list)."""
    proposals = []
    for one in series_module.load(indicators):
        proposal = signal_proposal(facts_for(one.indicator), one.chart())
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def benchmark_proposals(indicators: Iterable[Indicator]) -> list[Proposal]:
    """Gaps against the published benchmarks for the partnership's local authority."""
    # Imported here: the benchmarks module pulls in the DfE importers, which nothing else in
    # making suggestions needs, and tests replace this one function.
    from .benchmarks import benchmark_summary

    partnership = Partnership.load()
    with_benchmark = [i for i in indicators if i.benchmark_code]
    if partnership is None or not partnership.la_code or not with_benchmark:
        return []
    summaries = benchmark_summary(
        la_code=partnership.la_code, codes=[i.benchmark_code for i in with_benchmark]
    )
    threshold = benchmark_gap_threshold()
    proposals = []
    for indicator in with_benchmark:
        proposal = benchmark_proposal(
            facts_for(indicator), summaries.get(indicator.benchmark_code), threshold_pct=threshold
        )
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def missing_return_proposals(today: dt.date) -> list[Proposal]:
    """Returns past their due date with nothing submitted (``DataReturn.is_late``)."""
    late = (
        DataReturn.objects.filter(due_on__lt=today, submissions__isnull=True)
        .select_related("agency")
        .order_by("quarter_start", "agency__name")
    )
    calendar = partnership_calendar()
    proposals = []
    for data_return in late:
        proposal = missing_return_proposal(
            agency_id=data_return.agency_id,
            agency_name=data_return.agency.name,
            quarter_start=data_return.quarter_start,
            due_on=data_return.due_on,
            today=today,
            submitted=False,
            working_days_late=calendar.between(data_return.due_on, today),
        )
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def proposals_for(today: dt.date) -> list[Proposal]:
    # ``series.load`` takes the queryset, to prefetch the change points in one query.
    indicators = Indicator.objects.active()
    return [
        *signal_proposals(indicators),
        *benchmark_proposals(list(indicators)),
        *missing_return_proposals(today),
    ]


# --- writing them -----------------------------------------------------------------------------


def suggestions_make(*, today: dt.date) -> list[Suggestion]:
    """Save a suggestion for every proposal whose signal has none yet; returns the new ones.

    Open suggestions whose signal is still there get its latest words and evidence. Each new
    row is created in its own savepoint, so two runs at once (the command and the button) make
    one suggestion per key, not an error.
    """
    proposals = proposals_for(today)
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    existing = {s.key: s for s in Suggestion.objects.filter(key__in=[p.key for p in proposals])}
    made: list[Suggestion] = []
    for proposal in proposals:
        found = existing.get(proposal.key)
        if found is not None:
            _refresh(found, proposal)
            continue
        try:
            with transaction.atomic():
                made.append(
                    Suggestion.objects.create(
                        key=proposal.key,
                        kind=proposal.kind,
                        indicator_id=indicators.get(proposal.indicator_code or ""),
                        agency_id=proposal.agency_id,
                        text=proposal.text,
                        evidence=proposal.evidence,
                    )
                )
        except IntegrityError:
            continue  # another run saved this key a moment ago
    return made


def _refresh(suggestion: Suggestion, proposal: Proposal) -> None:
    if suggestion.status != SuggestionStatus.OPEN:
        return
    if suggestion.text == proposal.text and suggestion.evidence == proposal.evidence:
        return
    Suggestion.objects.filter(pk=suggestion.pk, status=SuggestionStatus.OPEN).update(
        text=proposal.text, evidence=proposal.evidence
    )


@transaction.atomic
def suggestion_accept(
    *,
    suggestion: Suggestion,
    question: str,
    due_on: dt.date,
    agency: Agency | None,
    user: Any,
) -> Challenge:
    """Put the suggestion to partners: a challenge in the log, and the suggestion marked
    accepted. Raises ``SuggestionDecided`` if it was decided already."""
    locked = _lock_open(suggestion)
    challenge = challenge_raise(
        question=question.strip(),
        due_on=due_on,
        raised_by=user,
        agency=agency,
        evidence=evidence_text(locked),
        source_type=SOURCE_TYPE,
        source_id=locked.pk,
        source_label=source_label(locked),
    )
    locked.status = SuggestionStatus.ACCEPTED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.challenge = challenge
    locked.save(update_fields=["status", "decided_by", "decided_at", "challenge"])
    return challenge


@transaction.atomic
def suggestion_dismiss(*, suggestion: Suggestion, reason: str, user: Any) -> Suggestion:
    """Set the suggestion aside with the reason; it stays listed and is never suggested
    again. Raises ``SuggestionDecided`` if it was decided already, ValueError without a reason."""
    if not reason.strip():
        raise ValueError("Say why the suggestion is being set aside")
    locked = _lock_open(suggestion)
    locked.status = SuggestionStatus.DISMISSED
    locked.dismissed_reason = reason.strip()
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "dismissed_reason", "decided_by", "decided_at"])
    return locked


def _lock_open(suggestion: Suggestion) -> Suggestion:
    """The suggestion's row, locked until the transaction ends (on SQLite the write transaction
    itself serialises), refused unless it is still open."""
    locked = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("indicator", "agency", "decided_by", "challenge")
        .get(pk=suggestion.pk)
    )
    if locked.status != SuggestionStatus.OPEN:
        raise SuggestionDecided(locked)
    return locked


# --- words for pages and challenges -------------------------------------------------------------


def decided_words(suggestion: Suggestion) -> str:
    who = ""
    if suggestion.decided_by is not None:
        who = f" by {suggestion.decided_by.get_full_name() or suggestion.decided_by.username}"
    when = ""
    if suggestion.decided_at is not None:
        day = timezone.localtime(suggestion.decided_at)
        when = f" on {day.day} {day:%B %Y}"
    if suggestion.status == SuggestionStatus.ACCEPTED:
        challenge = (
            f" as challenge {suggestion.challenge.reference}" if suggestion.challenge else ""
        )
        return f"This suggestion was put to partners{challenge}{who}{when}."
    if suggestion.status == SuggestionStatus.DISMISSED:
        return f"This suggestion was set aside{who}{when}."
    return "This suggestion is open."


def source_label(suggestion: Suggestion) -> str:
    kind = {
        "signal": "Signal in",
        "benchmark": "Benchmark gap in",
        "missing_return": "Missing return",
    }.get(suggestion.kind, "Suggestion")
    if suggestion.indicator is not None:
        return f"{kind} {suggestion.indicator.name}"[:200]
    evidence = suggestion.evidence or {}
    if suggestion.kind == "missing_return":
        return f"Missing return: {evidence.get('agency', '')}, {evidence.get('quarter_label', '')}"[
            :200
        ]
    return "Suggested line of enquiry"


def evidence_text(suggestion: Suggestion) -> str:
    """The evidence in plain text, for the challenge (which everyone signed in reads, and
    which must stand on its own when the suggestion is not at hand)."""
    evidence = suggestion.evidence or {}
    indicator = suggestion.indicator
    lines = [f"Suggested from the data on {timezone.localtime(suggestion.created_at):%-d %B %Y}."]
    if suggestion.kind == "signal" and indicator is not None:
        unit, decimals = evidence.get("unit", indicator.unit), indicator.decimals

        def fig(value: float | None) -> str:
            return "not set" if value is None else number(value, unit, decimals)

        lines.append(f"{indicator.name}: {evidence.get('rule_label', 'a special-cause signal')}.")
        for point in evidence.get("points", []):
            lines.append(
                f"{point['label']}: {fig(point['value'])} (average {fig(point['mean'])}, "
                f"limits {fig(point['lower'])} to {fig(point['upper'])})"
            )
        if evidence.get("also"):
            lines.append(f"Also flagged: {'; '.join(evidence['also'])}.")
    elif suggestion.kind == "benchmark" and indicator is not None:
        unit, decimals = evidence.get("unit", indicator.unit), indicator.decimals
        parts = []
        for key, words in (
            ("value", "this partnership"),
            ("neighbours_mean", "statistical neighbours' average"),
            ("england", "England"),
            ("region", "region"),
        ):
            if evidence.get(key) is not None:
                parts.append(f"{words} {number(evidence[key], unit, decimals)}")
        lines.append(
            f"{indicator.name}, published figures for {year_label(evidence.get('year'))}: "
            f"{'; '.join(parts)}."
        )
        if evidence.get("rank") is not None:
            lines.append(
                f"Rank {evidence['rank']} of {evidence.get('of')}, quartile {evidence.get('quartile')}."
            )
    elif suggestion.kind == "missing_return":
        lines.append(
            f"{evidence.get('agency')}: return for {evidence.get('quarter_label')}, due "
            f"{evidence.get('due_on')}, not received; {evidence.get('working_days_late')} "
            f"working days late on {evidence.get('as_of')}."
        )
    return "\n".join(lines)


def evidence_table(suggestion: Suggestion) -> tuple[list[str], list[list[str]]]:
    """The evidence as a table for the pages: column headings and rows of formatted figures."""
    evidence = suggestion.evidence or {}
    indicator = suggestion.indicator
    unit = evidence.get("unit", indicator.unit if indicator else "count")
    decimals = indicator.decimals if indicator else 1

    def fig(value: float | None) -> str:
        return "not set" if value is None else number(value, unit, decimals)

    if suggestion.kind == "signal":
        rows = [
            [p["label"], fig(p["value"]), fig(p["mean"]), fig(p["lower"]), fig(p["upper"])]
            for p in evidence.get("points", [])
        ]
        return ["Period", "Value", "Average", "Lower limit", "Upper limit"], rows
    if suggestion.kind == "benchmark":
        rows = [["This partnership", fig(evidence.get("value"))]]
        if evidence.get("neighbours_mean") is not None:
            rows.append(["Statistical neighbours' average", fig(evidence["neighbours_mean"])])
        if evidence.get("gap_pct") is not None:
            rows.append(["Worse than the neighbours by", f"{evidence['gap_pct']:.0f}%"])
        for key, words in (("england", "England"), ("region", "Region")):
            if evidence.get(key) is not None:
                rows.append([words, fig(evidence[key])])
        if evidence.get("rank") is not None:
            rows.append(
                ["Rank among local authorities", f"{evidence['rank']} of {evidence.get('of')}"]
            )
        if evidence.get("quartile"):
            rows.append(["Quartile (A best, D worst)", str(evidence["quartile"])])
        return [f"Published figures, {year_label(evidence.get('year'))}", "Figure"], rows
    if suggestion.kind == "missing_return":
        due = evidence.get("due_on")
        due_words = due
        if due:
            day = dt.date.fromisoformat(due)
            due_words = f"{day.day} {day:%B %Y}"
        rows = [
            ["Agency", str(evidence.get("agency", ""))],
            ["Quarter", str(evidence.get("quarter_label", ""))],
            ["Due", str(due_words)],
            ["Working days late", str(evidence.get("working_days_late", ""))],
        ]
        return ["Return", "Detail"], rows
    return [], []
