"""The journey the page shows, as CSV: the steps table and the flows table, suppressed alike.

One file, read in a spreadsheet, in blocks: what it is (the year, the filters, the snapshot, how
small numbers are hidden, and why the contact step is left out when it is), then the contacts
(when the journey has them), the steps and the flows, each under its own heading row with the
page's column headings. It is written from ``Journey.contact_rows``, ``rows`` and ``flow_rows``,
the same suppressed figures as the page (``Journey.suppression``: small counts, what is worked
out from them, and further cells so that none can be worked out from the totals), so it can never
show a number the page hides: a hidden figure is ``c`` (as the DfE writes it), whichever rule
hid it. A figure that
does not apply (the referral's conversion) or has no children behind it is left empty.
Text that a spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from scrutineer.core.spreadsheet import safe_cell
from scrutineer.core.suppression import MARKER

from .journeys import Journey, year_bounds
from .models import Snapshot

STEP_HEADERS = [
    "Step",
    "Children through every step before it",
    "Of the step before (%)",
    "Median working days from the step before",
    "Children by any route",
]
CONTACT_HEADERS = [
    "Group",
    "Children",
    "Of the children contacted (%)",
    "Median working days from the latest contact to the referral",
]
FLOW_HEADERS = [
    "From",
    "To",
    "Children",
    "Of the children at the from step (%)",
    "Median working days",
]


safe = safe_cell


def _figure(value: float | int | None, hidden: bool) -> str | float | int:
    if hidden:
        return MARKER
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a median of 2.0 working days is 2
    return value


def _percent(value: float | None, hidden: bool) -> str | float:
    # A share keeps its one decimal place (93.0), as the page shows it.
    return MARKER if hidden else ("" if value is None else value)


def suppression_note(threshold: tuple[int, int]) -> str:
    low, high = threshold
    return (
        f"{MARKER}: suppressed. Counts from {low} to {high} are not shown, and further cells so "
        "that none can be worked out from the totals, nor a percentage or median worked out "
        "from a hidden count."
    )


def journey_csv(found: Journey, *, snapshot: Snapshot, threshold: tuple[int, int], who: str) -> str:
    """The CSV of ``found``; ``who`` is the filters in words (``JourneysForm.describe``)."""
    start, end = year_bounds(found.year)
    contacts = found.contact_rows()
    went = "contacted or referred" if contacts else "referred"
    lines: list[list[Any]] = [
        ["Journeys through the system"],
        [f"Children {went} from {start:%-d %B %Y} to {end:%-d %B %Y}: {who}"],
        [f"From snapshot {snapshot.pk}: {snapshot.source_name}"],
        [suppression_note(threshold)],
        *([[found.left_out_because]] if found.left_out_because else []),
        [],
    ]
    if contacts:
        lines += [["Contacts"], CONTACT_HEADERS]
        for row in contacts:
            lines.append(
                [
                    row["label"],
                    _figure(row["count"], row["hidden"]),
                    _percent(row["share"], row["share_hidden"]),
                    _figure(row["median_days"], row["median_hidden"]),
                ]
            )
        lines.append([])
    lines += [["Steps"], STEP_HEADERS]
    for i, row in enumerate(found.rows()):
        first = i == 0
        lines.append(
            [
                row["label"],
                _figure(row["count"], row["hidden"]),
                "" if first else _percent(row["conversion"], row["derived_hidden"]),
                "" if first else _figure(row["median_days"], row["derived_hidden"]),
                _figure(row["any_route"], row["any_route_hidden"]),
            ]
        )
    lines += [[], ["Flows"], FLOW_HEADERS]
    for flow in found.flow_rows():
        lines.append(
            [
                flow["source_label"],
                flow["target_label"],
                _figure(flow["count"], flow["hidden"]),
                _percent(flow["share"], flow["share_hidden"]),
                _figure(flow["median_days"], flow["median_hidden"]),
            ]
        )
    out = io.StringIO()
    writer = csv.writer(out)
    for line in lines:
        writer.writerow([safe(cell) for cell in line])
    return out.getvalue()
