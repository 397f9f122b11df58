"""The journeys' Sankey chart: where to draw each step, each flow and each exit, in SVG units.

Pure geometry, no Django: ``sankey(rows, flow_rows, fewer=..., contact=...)`` takes the figures
*as shown* (``Journey.rows``, ``Journey.flow_rows`` and the first of ``Journey.contact_rows``,
already suppressed, secondary suppression included) and returns the shapes the template
``casedata/_journeys_sankey.svg`` draws. Working from the shown figures means a hidden count
cannot reach the drawing: a hidden flow or step is drawn at ``MIN_WIDTH`` whatever its value
(a band hidden so that a small one cannot be worked out may be large: it is drawn thin all the
same), and labelled with the words ``fewer`` ("not shown"), never with its number.

The chart reads top to bottom, one row per step, in the order of the table beside it:

- **Steps** are horizontal bars, left-aligned, as wide as the children who reached the step by
  any route; each row's label (the step and its children) is in the left margin.
- **Flows** are bands from a step down to the next step each child reached, as wide as the
  children in them. A flow to the next step goes straight down. A flow that **skips** a step
  (assessment to looked after, say) runs down a lane on the left of the steps and turns back in
  at the step it reaches, so that it never crosses the rows it passes.
- **Exits**: the children who reached no further step leave a step on its right, into a grey
  bar halfway down to the next row, labelled "No further step" beside it (nothing else is
  drawn to the right of an exit but the contact's second exit, "Referral outside this
  journey", which sits on the same line to the left of it, its label between the two).
  Looked after is the last step: the journey ends there, so it has no exit.
- **The contact**, when the journey has one, is a row above the referral like a step. The
  referred children with no contact recorded before the referral come from a small bar of their
  own on the left, halfway between the two rows (its label in the margin, in regular type as
  it is not a step), into the left end of the referral's bar: on the right they would cross
  the contact's exit. The two rows are ``ENTRY_ROOM`` further apart, for that label.

Widths are in proportion to the largest row shown (the referrals, or the children contacted when
there are more of them): ``SPAN`` units for it, with ``MIN_WIDTH`` as the least, so that a flow
of a few children stays visible. A step is as wide as the widest of
its own count, its flows in and its flows out, so the bands always fit it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from .journeys import CONTACT

#: Geometry, in SVG user units (the chart scales to the page's width).
LABEL_RIGHT = 230  # the step labels end here (right-aligned)
LANE_LEFT = 246  # the skip lane starts here
SPAN = 440  # the width of all the referrals
MIN_WIDTH = 3  # the least width of a band or bar: every suppressed one is drawn this wide
GAP = 14  # between the lane and the steps, and between the steps and the exits
LANE_GAP = 4  # between two bands in the lane
BAR = 16  # the height of a step's bar and of an exit's
PITCH = 112  # from one row to the next
ENTRY_ROOM = 40  # more between the contact and the referral, for the source's label between them
TOP = 30  # room above the first row for its label
LINE = 20  # the distance between two lines of a label
EXIT_SHIFT = 6  # an exit's bar sits this far right of where its band leaves the step
EXIT_LABEL_GAP = 10
CHARACTER = 9  # the width of a character of a 16-unit Arial label, a little generously
WRAP = 24  # characters on a line of a step's label
#: The least width of the view: the page scales the chart to its column (``safe_svg`` makes it
#: 100% wide), so a narrow journey gets room on its right rather than larger text.
VIEW_WIDTH = 960

#: GOV.UK colours: blue for the steps and the flows from one to the next, purple for the flows
#: that skip a step, dark grey for the exits. Bands are translucent so that crossings show; a
#: band at the least width is less so, or a thin one would all but vanish.
STEP_COLOUR = "#1d70b8"
SKIP_COLOUR = "#4c2c92"
EXIT_COLOUR = "#505a5f"
TEXT_COLOUR = "#0b0c0c"
OPACITY = {"onward": 0.3, "skip": 0.4, "exit": 0.35}
THIN_OPACITY = 0.7


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Band:
    """One flow: an SVG path, its colour, and the words of its tooltip."""

    d: str
    fill: str
    opacity: float
    title: str
    kind: str  # onward, skip or exit


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    bold: bool = False
    anchor: str = "start"


@dataclass
class Sankey:
    width: float
    height: float
    title: str
    desc: str
    steps: list[Rect] = field(default_factory=list)
    entries: list[Rect] = field(default_factory=list)  # the "no contact recorded" source
    exits: list[Rect] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


#: What the chart and the tables say for a hidden count, whichever rule hid it: a count hidden
#: so that a small one cannot be worked out is not itself small, so "fewer than 6" would be false.
HIDDEN = "not shown"


def number(value: int | None, fewer: str) -> str:
    """A count as the chart and the table say it: ``7,499``, or ``fewer`` when hidden."""
    return fewer if value is None else f"{value:,}"


def children(value: int | None, fewer: str) -> str:
    if value is None:
        return fewer
    return "1 child" if value == 1 else f"{value:,} children"


def _r(value: float) -> str:
    """SVG numbers to a tenth of a unit: enough for the eye, and the markup stays short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _opacity(kind: str, width: float) -> float:
    return THIN_OPACITY if width <= MIN_WIDTH else OPACITY[kind]


def _ribbon(top: tuple[float, float, float], bottom: tuple[float, float, float]) -> str:
    """A band from ``top`` (x left, x right, y) down to ``bottom``, with vertical tangents."""
    (a1, b1, y1), (a2, b2, y2) = top, bottom
    m = (y1 + y2) / 2
    return (
        f"M{_r(a1)} {_r(y1)}C{_r(a1)} {_r(m)} {_r(a2)} {_r(m)} {_r(a2)} {_r(y2)}"
        f"L{_r(b2)} {_r(y2)}C{_r(b2)} {_r(m)} {_r(b1)} {_r(m)} {_r(b1)} {_r(y1)}Z"
    )


def _lane_ribbon(
    top: tuple[float, float, float],
    lane: tuple[float, float],
    bottom: tuple[float, float, float],
    turn: tuple[float, float],
) -> str:
    """A skip: down from ``top`` into the lane by the row below, straight down the lane, and
    back in to ``bottom``; ``turn`` is (y where it reaches the lane, y where it leaves it)."""
    (a1, b1, y1), (la, lb), (a2, b2, y2), (t1, t2) = top, lane, bottom, turn
    m1, m2 = (y1 + t1) / 2, (t2 + y2) / 2
    return (
        f"M{_r(a1)} {_r(y1)}C{_r(a1)} {_r(m1)} {_r(la)} {_r(m1)} {_r(la)} {_r(t1)}"
        f"L{_r(la)} {_r(t2)}C{_r(la)} {_r(m2)} {_r(a2)} {_r(m2)} {_r(a2)} {_r(y2)}"
        f"L{_r(b2)} {_r(y2)}C{_r(b2)} {_r(m2)} {_r(lb)} {_r(m2)} {_r(lb)} {_r(t2)}"
        f"L{_r(lb)} {_r(t1)}C{_r(lb)} {_r(m1)} {_r(b1)} {_r(m1)} {_r(b1)} {_r(y1)}Z"
    )


def _nodes(rows: list[dict[str, Any]], contact: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The chart's rows: the contact (when there is one) above the steps."""
    if contact is None:
        return rows
    top = {"key": CONTACT[0], "label": CONTACT[1], "any_route": contact["count"],
           "any_route_hidden": contact["hidden"]}  # fmt: skip
    return [top, *rows]


def sankey(
    rows: list[dict[str, Any]],
    flow_rows: list[dict[str, Any]],
    *,
    fewer: str,
    title: str,
    contact: dict[str, Any] | None = None,
) -> Sankey:
    """The shapes of the chart for ``rows`` (the steps, as ``Journey.rows``), ``flow_rows``
    (``Journey.flow_rows``) and ``contact`` (the children contacted, the first of
    ``Journey.contact_rows``; None when the step is left out): only shown figures, so nothing
    hidden can shape it."""
    nodes = _nodes(rows, contact)
    order = [row["key"] for row in nodes]
    index = {key: i for i, key in enumerate(order)}
    largest = max((row["any_route"] or 0 for row in nodes), default=0)
    scale = SPAN / largest if largest else 0.0

    def width(count: int | None, hidden: bool) -> float:
        if hidden:
            return MIN_WIDTH
        return max(count * scale, MIN_WIDTH) if count else 0.0

    every = [{**f, "w": width(f["count"], f["hidden"])} for f in flow_rows]
    # The flow from the "no contact recorded" source is drawn on its own; the rest by step.
    entry = next((f for f in every if f["source"] not in index), None)
    flows = [f for f in every if f is not entry]
    onward = {f["source"]: f for f in flows if f["target"] in index and not f["skips"]}
    exits: dict[str, list[dict[str, Any]]] = {}
    for f in flows:
        if f["target"] not in index:
            exits.setdefault(f["source"], []).append(f)
    # The lane: a skip that starts higher, or (from the same step) goes further, runs outside.
    skips = sorted(
        (f for f in flows if f["skips"]),
        key=lambda f: (index[f["source"]], -index[f["target"]]),
    )
    lane_x, x = {}, float(LANE_LEFT)
    for f in skips:
        lane_x[(f["source"], f["target"])] = (x, x + f["w"])
        x += f["w"] + LANE_GAP
    left = (x - LANE_GAP + GAP) if skips else float(LANE_LEFT)
    if entry is not None:
        left = max(left, LANE_LEFT + entry["w"] + GAP)

    widths = []
    for row in nodes:
        key = row["key"]
        own = width(row["any_route"], row["any_route_hidden"])
        ins = sum(f["w"] for f in every if f["target"] == key)
        outs = sum(f["w"] for f in flows if f["source"] == key)
        widths.append(max(own, ins, outs))

    # The rows from the one the "no contact recorded" source enters are lower, for its label.
    entered = index[entry["target"]] if entry is not None else len(order)

    def y(i: int) -> float:
        return TOP + i * PITCH + (ENTRY_ROOM if i >= entered else 0)

    def exit_y(i: int) -> float:
        """Halfway down to the next row."""
        return (y(i) + BAR + y(i + 1)) / 2 - BAR / 2

    chart = Sankey(width=0, height=0, title=title, desc="")
    # Where each flow leaves its step (skips, then onward, then the exit) and where it arrives
    # (from the "no contact recorded" source, from the lane, then from the step above): left to
    # right, so that no two bands cross there.
    out_at = dict.fromkeys(range(len(order)), left)
    in_at = dict.fromkeys(range(len(order)), left)
    starts: dict[tuple[str, str], tuple[float, float]] = {}
    for i, key in enumerate(order):
        leaving = [f for f in skips if f["source"] == key]
        leaving += [f for f in (onward.get(key),) if f is not None]
        leaving += exits.get(key, [])
        for f in leaving:
            starts[(f["source"], f["target"])] = (out_at[i], out_at[i] + f["w"])
            out_at[i] += f["w"]
    arrivals: dict[tuple[str, str], tuple[float, float]] = {}
    for i, key in enumerate(order):
        arriving = [f for f in (entry,) if f is not None and f["target"] == key]
        arriving += [f for f in skips if f["target"] == key]
        arriving += [f for f in flows if f["target"] == key and not f["skips"]]
        for f in arriving:
            arrivals[(f["source"], f["target"])] = (in_at[i], in_at[i] + f["w"])
            in_at[i] += f["w"]

    ends = [left + w for w in widths]
    exit_from: dict[int, float] = {}  # where a row's next exit may start: right of the last label
    for f in flows:
        i = index[f["source"]]
        a1, b1 = starts[(f["source"], f["target"])]
        tip = _tip(f, fewer)
        if f["target"] not in index:
            # Straight below where it leaves, unless the step below (which may be wider, with
            # the flows that skip to it) is in the way: a short band that meets nothing.
            below = widths[i + 1] if i + 1 < len(widths) else 0.0
            x0 = max(a1 + EXIT_SHIFT, left + below + GAP, exit_from.get(i, 0.0))
            ex = Rect(x0, exit_y(i), f["w"], BAR)
            chart.exits.append(ex)
            d = _ribbon((a1, b1, y(i) + BAR), (ex.x, ex.x + ex.width, ex.y))
            chart.bands.append(Band(d, EXIT_COLOUR, _opacity("exit", f["w"]), tip, "exit"))
            words = f"{f['target_label']}: {number(f['count'], fewer)}"
            chart.labels.append(Label(ex.x + ex.width + EXIT_LABEL_GAP, ex.y + BAR / 2 + 5, words))
            ends.append(ex.x + ex.width + EXIT_LABEL_GAP + len(words) * CHARACTER)
            # A second exit from the row (the contact's) starts past this one's label: its band
            # stays above the line of the exits, so it passes over the label, never through it.
            exit_from[i] = ends[-1] + GAP
            continue
        j = index[f["target"]]
        a2, b2 = arrivals[(f["source"], f["target"])]
        if f["skips"]:
            la, lb = lane_x[(f["source"], f["target"])]
            d = _lane_ribbon(
                (a1, b1, y(i) + BAR), (la, lb), (a2, b2, y(j)), (y(i + 1), y(j - 1) + BAR)
            )
            chart.bands.append(Band(d, SKIP_COLOUR, _opacity("skip", f["w"]), tip, "skip"))
        else:
            d = _ribbon((a1, b1, y(i) + BAR), (a2, b2, y(j)))
            chart.bands.append(Band(d, STEP_COLOUR, _opacity("onward", f["w"]), tip, "onward"))

    if entry is not None:
        # Halfway down from the row above the step it enters, in the margin's column of bars.
        j = index[entry["target"]]
        bar = Rect(float(LANE_LEFT), exit_y(j - 1), entry["w"], BAR)
        chart.entries.append(bar)
        a2, b2 = arrivals[(entry["source"], entry["target"])]
        d = _ribbon((bar.x, bar.x + bar.width, bar.y + BAR), (a2, b2, y(j)))
        tip = _tip(entry, fewer)
        chart.bands.append(Band(d, STEP_COLOUR, _opacity("onward", entry["w"]), tip, "entry"))
        chart.labels += _row_label(entry["source_label"], entry["count"], bar.y, fewer, bold=False)

    for i, row in enumerate(nodes):
        if widths[i]:
            chart.steps.append(Rect(left, y(i), widths[i], BAR))
        chart.labels += _row_label(row["label"], row["any_route"], y(i), fewer)

    chart.width = max(max(ends) + GAP, VIEW_WIDTH)
    chart.height = y(len(order) - 1) + BAR + LINE * 2
    chart.desc = describe(nodes, flow_rows, fewer=fewer)
    return chart


def _tip(f: dict[str, Any], fewer: str) -> str:
    return f"{f['source_label']} to {f['target_label'].lower()}: {children(f['count'], fewer)}"


def _row_label(
    text: str, count: int | None, top: float, fewer: str, *, bold: bool = True
) -> list[Label]:
    """A row's label in the left margin, centred on the bar at ``top``: its name (wrapped, bold
    for a step) and its children."""
    lines = [*textwrap.wrap(text, WRAP), children(count, fewer)]
    first = top + BAR / 2 + 5 - (len(lines) - 1) * LINE / 2
    return [
        Label(LABEL_RIGHT, first + n * LINE, line, bold=bold and n < len(lines) - 1, anchor="end")
        for n, line in enumerate(lines)
    ]


def describe(rows: list[dict[str, Any]], flow_rows: list[dict[str, Any]], *, fewer: str) -> str:
    """The chart in words, step by step: how many reached the step and where they went next;
    the children with no contact recorded before their referral just after the contact."""
    parts = []
    keys = {row["key"] for row in rows}
    entries = [
        f"{f['source_label']}: {children(f['count'], fewer)}, into {f['target_label'].lower()}"
        for f in flow_rows
        if f["source"] not in keys
    ]
    for row in rows:
        going = [
            f"{f['target_label'].lower()} {number(f['count'], fewer)}"
            for f in flow_rows
            if f["source"] == row["key"]
        ]
        said = f"{row['label']}: {children(row['any_route'], fewer)}"
        if row is rows[-1]:
            said += ", where the journey ends"
        elif going:
            said += ", then " + ", ".join(going)
        parts.append(said)
        if row["key"] == CONTACT[0]:
            parts += entries
    return ". ".join(parts) + "."
