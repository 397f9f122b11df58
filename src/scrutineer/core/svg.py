"""Server-drawn charts as inline SVG that the page's Content Security Policy allows.

vl-convert draws Vega-Lite charts without ``<style>`` elements; ``safe_svg`` refuses any SVG that
has a style, a script or an event handler rather than loosening the policy, and makes the chart
one accessible image: the root gets ``role="img"`` and a name, the marks' own ARIA is removed
(the table beside every chart says it better), and the width follows the column. Every chart
of every app goes through it.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_FORBIDDEN = re.compile(r"<script|<style|\sstyle=|\son\w+=|javascript:", re.IGNORECASE)
_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"')


class UnsafeSvg(ValueError):
    """The renderer produced SVG that the page's Content Security Policy would not allow."""


def safe_svg(svg: str, *, label: str) -> SafeString:
    """The SVG as one accessible image named ``label``, checked against the policy."""
    if _FORBIDDEN.search(svg):
        raise UnsafeSvg("The chart's SVG has a style, script or event handler")
    start = svg.index("<svg")
    end = svg.index(">", start)
    root = svg[start:end]
    # Scale to the column's width (the viewBox keeps the proportions), so it reflows on a phone.
    root = re.sub(r'\swidth="[^"]*"', ' width="100%"', root, count=1)
    root = re.sub(r'\sheight="[^"]*"', "", root, count=1)
    inner = _INNER_ARIA.sub("", svg[end:])
    labelled = f'{root} role="img" aria-label="{escape(label)}" focusable="false"'
    # Checked above, and vl-convert escapes the text it draws.
    return mark_safe(labelled + inner)  # noqa: S308
