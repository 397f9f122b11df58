"""Demo data for trends: the starter catalogue for Northbridge."""

from __future__ import annotations

from scrutineer.core.demo import DemoReport, demo_step

from .services import catalogue_load_starter


@demo_step(40)
def catalogue(report: DemoReport) -> None:
    added, kept = catalogue_load_starter()
    report.lines.append(f"Indicator catalogue: {added} added, {kept} already there")


# The demo's other trends steps live in modules of their own; importing them registers them.
from . import demo_benchmarks, demo_series  # noqa: E402, F401
