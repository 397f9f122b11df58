"""Demo data for trends: the starter catalogue, and the questions the demo's figures raise.

The returns (``demo_series``) and the DfE's benchmarks (``demo_benchmarks``) load between the
two steps here.
"""

from __future__ import annotations

from django.utils import timezone

from scrutineer.core.demo import DemoReport, demo_step

from .enquiries import suggestions_make
from .models import Suggestion
from .services import catalogue_load_starter


@demo_step(40)
def catalogue(report: DemoReport) -> None:
    added, kept = catalogue_load_starter()
    report.lines.append(f"Indicator catalogue: {added} added, {kept} already there")


@demo_step(49)
def suggestions(report: DemoReport) -> None:
    """The lines of enquiry the planted changes suggest, as the command would make them."""
    made = suggestions_make(today=timezone.localdate())
    report.lines.append(
        f"Suggested lines of enquiry: {len(made)} new, {Suggestion.objects.count()} in all"
    )


# The demo's other trends steps live in modules of their own; importing them registers them.
from . import demo_benchmarks, demo_series  # noqa: E402, F401
