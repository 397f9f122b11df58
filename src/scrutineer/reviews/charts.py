"""Charts of themes across reviews: Vega-Lite specs built with Altair, drawn as SVG on the server.

Each chart is drawn from a ``themes.CountTable`` and always shown with that table, which carries
the exact counts (the chart gives the shape, the table the numbers, and screen reader users get
the table). No JavaScript: vl-convert renders the SVG in the request, in well under a second for
the few dozen bars these tables have.

The SVG goes into the page inline, so it must obey the Content Security Policy: vl-convert's SVG
uses presentation attributes (``fill``, ``font-size``), never ``style=`` attributes or
``<style>`` elements, and ``safe_svg`` refuses any SVG that has them rather than loosening the
policy. Text in the chart (theme names, typed by the business unit) is escaped by vl-convert;
``safe_svg`` also refuses a ``<script>`` or an ``on...=`` handler, so a future vl-convert that
changed this could not put script into the page.

The whole chart is one image to assistive technology: the root ``<svg>`` gets ``role="img"`` and
an accessible name, and vl-convert's own ARIA on the marks inside (which would announce every
axis and bar as a "graphics object") is removed, because the table beside it says the same thing
better.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert
from django.utils.safestring import SafeString

from scrutineer.core.svg import UnsafeSvg, safe_svg  # noqa: F401 - UnsafeSvg is what callers catch

from .themes import CountTable

# GOV.UK Design System colours, in an order where neighbours differ in lightness as well as hue.
COLOURS = ["#1d70b8", "#f47738", "#00703c", "#912b88", "#28a197", "#d4351c", "#6f72af", "#b58840"]
FONT = "Arial, sans-serif"  # GOV.UK Transport is not available to the server's renderer
BAR_HEIGHT = 22
LABEL_LIMIT = 280  # pixels of axis label before "…"; the full name is in the table


def chart_values(table: CountTable) -> list[dict[str, Any]]:
    """The table as a list of dicts, one per non-zero cell (Vega-Lite's inline data)."""
    return [
        {"row": row.label, "column": column, "order": index, "reviews": count}
        for row in table.rows
        for index, (column, count) in enumerate(zip(table.columns, row.counts, strict=True))
        if count
    ]


def count_chart_spec(table: CountTable) -> dict[str, Any]:
    """A horizontal stacked bar per row (theme or priority), a colour per column (year or age
    band), rows in the table's order (most reviews first)."""
    values = chart_values(table)
    row_order = [row.label for row in table.rows]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y(
                "row:N",
                title=None,
                sort=row_order,
                axis=alt.Axis(labelLimit=LABEL_LIMIT, labelFontSize=13),
            ),
            x=alt.X(
                "sum(reviews):Q",
                title="Reviews",
                axis=alt.Axis(tickMinStep=1, format="d", labelFontSize=13, titleFontSize=14),
            ),
            color=alt.Color(
                "column:N",
                title=table.columns_heading,
                sort=table.columns,
                scale=alt.Scale(domain=table.columns, range=COLOURS),
                legend=alt.Legend(labelFontSize=13, titleFontSize=14, orient="bottom"),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=360, height=alt.Step(BAR_HEIGHT))
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return chart.to_dict()


def count_chart_svg(table: CountTable) -> SafeString | None:
    """The table's chart as inline SVG, or None when there is nothing to draw."""
    if not chart_values(table):
        return None
    svg = vl_convert.vegalite_to_svg(count_chart_spec(table))
    label = f"Bar chart: {table.caption}. The same counts are in the table below."
    return safe_svg(svg, label=label)
