"""Charts of the trends pages: the SPC chart and the benchmark chart (Vega-Lite specs built with
Altair, drawn as SVG on the server by vl-convert) and the overview's sparklines (drawn here).

Every chart is shown with a table of the same figures, and is one image to assistive technology
(``safe_svg``). The SPC chart encodes each point's class by colour *and* shape, and marks trial
limits by their dash and in the legend, so nothing depends on colour alone.

A chart takes vl-convert around a tenth of a second to draw, so a drawn SVG is cached under a
hash of its spec: the same figures and settings give the same picture, and a changed figure or
setting gives a new key (nothing needs invalidating).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import vl_convert
from django.core.cache import cache
from django.utils.safestring import SafeString

from scrutineer.core.svg import UnsafeSvg, safe_svg  # noqa: F401 - UnsafeSvg is what callers catch

from . import periods
from .spc import Assurance, PointClass, SpcResult, Variation
from .words import (
    ASSURANCE_SHORT,
    ASSURANCE_WORDS,
    CLASS_WORDS,
    VARIATION_SHORT,
    VARIATION_WORDS,
)

FONT = "Arial, sans-serif"  # GOV.UK Transport is not available to the server's renderer
CACHE_SECONDS = 24 * 60 * 60
DESIGN = 1
"""Bump when the charts' look changes, so cached drawings are not reused."""

# Making Data Count's colours (grey, blue, orange, purple), darkened where needed so that each
# has a contrast of at least 3:1 with white, as WCAG asks of graphics.
CLASS_STYLE: dict[PointClass, tuple[str, str]] = {
    PointClass.COMMON_CAUSE: ("#6f777b", "circle"),
    PointClass.IMPROVEMENT: ("#1d70b8", "diamond"),
    PointClass.CONCERN: ("#b55000", "square"),
    PointClass.NEUTRAL_HIGH: ("#4c2c92", "triangle-up"),
    PointClass.NEUTRAL_LOW: ("#4c2c92", "triangle-down"),
}
LINE = "#0b0c0c"
LIMIT_COLOUR = "#505a5f"
TARGET_COLOUR = "#00703c"
LIMIT_DASH = {"Process limits": [6, 3], "Trial process limits": [2, 3]}

# The Making Data Count icons, drawn by trends/_icon.html: (colour, letter in the circle).
# The letter (High, Low, Pass, Fail) and the words beside each icon carry the meaning; colour
# only repeats it.
VARIATION_ICON: dict[Variation, tuple[str, str]] = {
    Variation.COMMON_CAUSE: ("#6f777b", "~"),
    Variation.IMPROVEMENT_HIGH: ("#1d70b8", "H"),
    Variation.IMPROVEMENT_LOW: ("#1d70b8", "L"),
    Variation.CONCERN_HIGH: ("#b55000", "H"),
    Variation.CONCERN_LOW: ("#b55000", "L"),
    Variation.NEITHER_HIGH: ("#4c2c92", "H"),
    Variation.NEITHER_LOW: ("#4c2c92", "L"),
}
ASSURANCE_ICON: dict[Assurance, tuple[str, str]] = {
    Assurance.PASS: ("#1d70b8", "P"),
    Assurance.FAIL: ("#b55000", "F"),
    Assurance.HIT_AND_MISS: ("#6f777b", "?"),
}


@dataclass(frozen=True)
class Icon:
    """A Making Data Count icon as ``trends/_icon.html`` draws it, with its meaning in words."""

    key: str
    colour: str
    letter: str
    words: str
    short: str


def variation_icon(variation: Variation) -> Icon:
    colour, letter = VARIATION_ICON[variation]
    return Icon(
        str(variation),
        colour,
        letter,
        VARIATION_WORDS[variation],
        VARIATION_SHORT[variation],
    )


def assurance_icon(assurance: Assurance) -> Icon:
    colour, letter = ASSURANCE_ICON[assurance]
    return Icon(
        str(assurance), colour, letter, ASSURANCE_WORDS[assurance], ASSURANCE_SHORT[assurance]
    )


def render(build: Callable[[], dict[str, Any]], *, key: object, label: str) -> SafeString:
    """Draw the Vega-Lite spec that ``build`` makes as inline SVG, or take it from the cache.

    ``key`` is everything the picture depends on (the figures and settings): Altair spends
    longer building a spec than vl-convert spends drawing it, so a cached chart skips both.
    ``DESIGN`` is part of the key, so a change to how charts are drawn gives new keys.
    """
    text = json.dumps([DESIGN, key], sort_keys=True, default=str)
    cache_key = f"trends:chart:{hashlib.sha256(text.encode()).hexdigest()}"
    svg = cache.get(cache_key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(build())
        cache.set(cache_key, svg, CACHE_SECONDS)
    return safe_svg(svg, label=label)


# --- the SPC chart ----------------------------------------------------------------------------


def _date_format(frequency: str) -> str:
    return "%Y" if frequency == "annual" else "%b %Y"


def spc_values(
    result: SpcResult,
    starts: Sequence[dt.date],
    frequency: str,
    rebase_starts: Sequence[dt.date] = (),
) -> list[dict[str, Any]]:
    """One row per point for the chart's inline data; ``segment`` numbers the re-based parts,
    so that the mean and limits of one part are not joined to the next."""
    rows = []
    for point, start in zip(result.points, starts, strict=True):
        segment = sum(1 for change in rebase_starts if change <= start)
        rows.append(
            {
                "date": start.isoformat(),
                "period": periods.label(start, frequency),
                "value": point.value,
                "mean": point.mean,
                "lower": point.lower,
                "upper": point.upper,
                "class": CLASS_WORDS[point.point_class],
                "limits": "Trial process limits" if point.trial else "Process limits",
                "segment": segment,
            }
        )
    return rows


def spc_spec(
    result: SpcResult,
    starts: Sequence[dt.date],
    *,
    frequency: str,
    title: str,
    target: float | None = None,
    rebases: Sequence[tuple[dt.date, str]] = (),
) -> dict[str, Any]:
    """An XmR chart: the values joined by a line, each point coloured and shaped by its class,
    the mean and the process limits of each segment, the target, and a rule at each re-basing."""
    values = spc_values(result, starts, frequency, [start for start, _ in rebases])
    base = alt.Chart(alt.Data(values=values))
    x = alt.X(
        "date:T",
        title=None,
        axis=alt.Axis(format=_date_format(frequency), labelFontSize=12, labelAngle=0),
    )
    classes = [c for c in CLASS_STYLE if any(v["class"] == CLASS_WORDS[c] for v in values)]
    domain = [CLASS_WORDS[c] for c in classes]
    line = base.mark_line(color=LINE, strokeWidth=1.5).encode(
        x=x, y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False))
    )
    dots = base.mark_point(filled=True, size=60, opacity=1).encode(
        x=x,
        y="value:Q",
        color=alt.Color(
            "class:N",
            title="Point",
            scale=alt.Scale(domain=domain, range=[CLASS_STYLE[c][0] for c in classes]),
            legend=alt.Legend(orient="bottom", labelFontSize=12, titleFontSize=12),
        ),
        shape=alt.Shape(
            "class:N",
            title="Point",
            scale=alt.Scale(domain=domain, range=[CLASS_STYLE[c][1] for c in classes]),
        ),
    )
    kinds = [k for k in LIMIT_DASH if any(v["limits"] == k for v in values)]
    dash = alt.StrokeDash(
        "limits:N",
        title="Limits",
        scale=alt.Scale(domain=kinds, range=[LIMIT_DASH[k] for k in kinds]),
        legend=alt.Legend(orient="bottom", labelFontSize=12, titleFontSize=12),
    )
    mean = base.mark_line(color=LIMIT_COLOUR, strokeWidth=1.5).encode(
        x=x, y="mean:Q", detail="segment:N"
    )
    upper = base.mark_line(color=LIMIT_COLOUR, strokeWidth=1).encode(
        x=x, y="upper:Q", detail="segment:N", strokeDash=dash
    )
    lower = base.mark_line(color=LIMIT_COLOUR, strokeWidth=1).encode(
        x=x, y="lower:Q", detail="segment:N", strokeDash=dash
    )
    layers = [mean, upper, lower, line, dots]
    if target is not None:
        goal = alt.Chart(alt.Data(values=[{"target": target, "label": "Target"}]))
        layers.append(goal.mark_rule(color=TARGET_COLOUR, strokeWidth=2).encode(y="target:Q"))
        layers.append(
            goal.mark_text(align="left", dx=4, dy=-8, color=TARGET_COLOUR, fontSize=12).encode(
                y="target:Q", text="label:N", x=alt.value(0)
            )
        )
    if rebases:
        marks = [
            {"date": start.isoformat(), "label": f"Re-based: {reason}"[:40]}
            for start, reason in rebases
        ]
        change = alt.Chart(alt.Data(values=marks))
        layers.append(
            change.mark_rule(color=LINE, strokeWidth=1, strokeDash=[1, 2]).encode(x="date:T")
        )
        layers.append(
            change.mark_text(align="left", dx=3, dy=0, baseline="top", fontSize=11).encode(
                x="date:T", text="label:N", y=alt.value(0)
            )
        )
    chart = (
        alt.layer(*layers)
        .properties(
            width=640,
            height=300,
            title=alt.Title(
                title,
                subtitle="Solid grey line: the mean. Dashed grey lines: the process limits.",
                fontSize=14,
                subtitleFontSize=12,
                anchor="start",
            ),
        )
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return chart.to_dict(validate=False)


def spc_svg(
    result: SpcResult,
    starts: Sequence[dt.date],
    *,
    frequency: str,
    title: str,
    target: float | None = None,
    rebases: Sequence[tuple[dt.date, str]] = (),
) -> SafeString:
    label = (
        f"Statistical process control chart: {title}. "
        "The same figures, with the mean, limits and each point's class, are in the table below."
    )
    return render(
        lambda: spc_spec(
            result, starts, frequency=frequency, title=title, target=target, rebases=rebases
        ),
        key=["spc", result.as_dict(), starts, frequency, title, target, rebases],
        label=label,
    )


# --- the benchmark chart ----------------------------------------------------------------------

BENCHMARK_SERIES: tuple[tuple[str, str, str, str, list[int]], ...] = (
    ("value", "This partnership", "#1d70b8", "circle", []),
    ("england", "England", "#0b0c0c", "square", [6, 3]),
    ("region", "Region", "#505a5f", "triangle-up", [2, 2]),
    ("neighbours_mean", "Statistical neighbours (mean)", "#b55000", "diamond", [8, 2, 2, 2]),
)


def benchmark_values(history: Sequence[Any]) -> list[dict[str, Any]]:
    rows = []
    for summary in history:
        for field, name, *_ in BENCHMARK_SERIES:
            value = getattr(summary, field, None)
            if value is not None:
                rows.append({"year": str(summary.year), "series": name, "value": float(value)})
    return rows


def benchmark_spec(history: Sequence[Any], *, title: str) -> dict[str, Any]:
    """The partnership's published figure by year beside England, the region and its
    statistical neighbours: a line each, told apart by colour, dash and point shape."""
    values = benchmark_values(history)
    present = [s for s in BENCHMARK_SERIES if any(v["series"] == s[1] for v in values)]
    domain = [s[1] for s in present]
    legend = alt.Legend(orient="bottom", labelFontSize=12, titleFontSize=12, columns=2)
    encode = {
        "x": alt.X("year:O", title="Reporting year", axis=alt.Axis(labelAngle=0)),
        "y": alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        "color": alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[s[2] for s in present]),
            legend=legend,
        ),
    }
    lines = (
        alt.Chart(alt.Data(values=values))
        .mark_line(strokeWidth=2)
        .encode(
            **encode,
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=domain, range=[s[4] for s in present]),
                legend=None,
            ),
        )
    )
    dots = (
        alt.Chart(alt.Data(values=values))
        .mark_point(filled=True, size=60, opacity=1)
        .encode(
            **encode,
            shape=alt.Shape(
                "series:N",
                scale=alt.Scale(domain=domain, range=[s[3] for s in present]),
                title=None,
            ),
        )
    )
    chart = (
        alt.layer(lines, dots)
        .properties(width=520, height=260, title=alt.Title(title, fontSize=14, anchor="start"))
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return chart.to_dict(validate=False)


def benchmark_svg(history: Sequence[Any], *, title: str) -> SafeString | None:
    if not benchmark_values(history):
        return None
    label = f"Line chart: {title}. The same figures are in the table below."
    return render(
        lambda: benchmark_spec(history, title=title),
        key=["benchmark", benchmark_values(history), title],
        label=label,
    )


# --- sparklines -------------------------------------------------------------------------------

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3
SPARK_POINTS = 24


@dataclass(frozen=True)
class Sparkline:
    """A small line of the latest figures, drawn by ``trends/_sparkline.html``; ``points`` is
    the SVG polyline's ``points`` attribute, ``last`` the latest point's position."""

    points: str
    last_x: float
    last_y: float
    colour: str
    shape: str


def sparkline(values: Sequence[float], last_class: PointClass | None = None) -> Sparkline | None:
    """The last ``SPARK_POINTS`` figures scaled into a small box, or None for fewer than 2."""
    values = list(values)[-SPARK_POINTS:]
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(values) - 1)
    inner = SPARK_HEIGHT - 2 * SPARK_PAD

    def y(value: float) -> float:
        centred = 0.5 if high == low else (value - low) / span
        return round(SPARK_HEIGHT - SPARK_PAD - centred * inner, 1)

    coords = [(round(SPARK_PAD + i * step, 1), y(v)) for i, v in enumerate(values)]
    colour, shape = CLASS_STYLE[last_class or PointClass.COMMON_CAUSE]
    return Sparkline(
        points=" ".join(f"{a},{b}" for a, b in coords),
        last_x=coords[-1][0],
        last_y=coords[-1][1],
        colour=colour,
        shape=shape,
    )
