"""Findings and briefings for the learning tests."""

from __future__ import annotations

from typing import Any

from scrutineer.reviews.learning import Finding, FindingKind, PracticeTheme


def theme(name: str) -> PracticeTheme:
    """A starter theme (loaded by the data migration), or a new one for the test."""
    return PracticeTheme.objects.get_or_create(name=name)[0]


def make_finding(
    review: Any,
    text: str = "Agencies did not share what they knew about the household.",
    *,
    kind: str = FindingKind.SHORTFALL,
    themes: tuple[str, ...] = ("Information sharing",),
    priorities: tuple[Any, ...] = (),
    agencies: tuple[Any, ...] = (),
) -> Finding:
    finding = Finding.objects.create(review=review, text=text, kind=kind)
    finding.themes.set([theme(name) for name in themes])
    finding.priorities.set(priorities)
    finding.agencies.set(agencies)
    return finding
