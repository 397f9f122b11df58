"""The trends charts: the SPC chart's Vega-Lite spec, the benchmark chart, sparklines, the SVG
safety check and the cache of drawn charts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from scrutineer.trends import charts
from scrutineer.trends.periods import add_months, key
from scrutineer.trends.spc import PointClass, spc

STEADY = [50, 52, 49, 51, 50, 48, 52, 50, 51, 49, 50, 52]
START = dt.date(2023, 4, 1)


def chart_of(values, *, rebase_at=(), **kwargs):
    starts = [add_months(START, i) for i in range(len(values))]
    keys = [key(s, "monthly") for s in starts]
    return spc(values, keys, rebase_at=[key(s, "monthly") for s in rebase_at], **kwargs), starts


def layers(spec):
    return spec["layer"]


def encodings(spec):
    return [layer.get("encoding", {}) for layer in layers(spec)]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_spc_spec_draws_values_points_mean_and_both_limits():
    result, starts = chart_of([*STEADY, 90], polarity="down")
    spec = charts.spc_spec(result, starts, frequency="monthly", title="Incidents")
    fields = [e.get("y", {}).get("field") for e in encodings(spec)]
    assert fields.count("value") == 2  # the line and the points
    assert {"mean", "upper", "lower"} <= set(fields)
    points = next(e for e in encodings(spec) if "shape" in e)
    # 90 lifts the mean above the twelve steady points: a run below it (lower is better)
    assert points["color"]["scale"]["domain"] == [
        "Special cause: improving",
        "Special cause: concerning",
    ]
    assert points["shape"]["scale"]["range"] == ["diamond", "square"]  # not colour alone
    assert spec["title"]["text"] == "Incidents"


def test_the_spc_spec_marks_trial_limits_by_dash_and_in_the_legend():
    result, starts = chart_of([10, 12, 11, 13, 12])
    spec = charts.spc_spec(result, starts, frequency="monthly", title="Short")
    dashes = [e["strokeDash"] for e in encodings(spec) if "strokeDash" in e]
    assert dashes
    assert dashes[0]["scale"]["domain"] == ["Trial process limits"]
    rows = charts.spc_values(result, starts, "monthly")
    assert {row["limits"] for row in rows} == {"Trial process limits"}


def test_the_spc_spec_starts_new_limits_at_a_re_basing_and_marks_it():
    values = [*STEADY, 80, 82, 79, 81, 80, 78]
    change = add_months(START, 12)
    result, starts = chart_of(values, rebase_at=[change])
    rows = charts.spc_values(result, starts, "monthly", [change])
    assert {row["segment"] for row in rows[:12]} == {0}
    assert {row["segment"] for row in rows[12:]} == {1}
    spec = charts.spc_spec(
        result, starts, frequency="monthly", title="Contacts", rebases=[(change, "New front door")]
    )
    texts = [layer for layer in layers(spec) if layer.get("mark", {}).get("type") == "text"]
    assert any("Re-based: New front door" in str(layer) for layer in texts)
    limit_layers = [e for e in encodings(spec) if e.get("y", {}).get("field") == "upper"]
    assert limit_layers[0]["detail"]["field"] == "segment"  # parts are not joined


def test_the_spc_spec_draws_the_target_only_when_there_is_one():
    result, starts = chart_of(STEADY, polarity="up", target=45.0)
    with_target = charts.spc_spec(result, starts, frequency="monthly", title="T", target=45.0)
    without = charts.spc_spec(result, starts, frequency="monthly", title="T")
    assert "Target" in str(with_target)
    assert "Target" not in str(without)


def test_an_annual_chart_labels_years():
    result, starts = chart_of([1, 2, 3])
    spec = charts.spc_spec(result, starts, frequency="annual", title="Y")
    assert encodings(spec)[0]["x"]["axis"]["format"] == "%Y"


def test_the_benchmark_chart_leaves_out_series_with_no_figures():
    history = [
        SimpleNamespace(year=2024, value=1.0, england=2.0, region=None, neighbours_mean=1.5),
        SimpleNamespace(year=2025, value=None, england=2.1, region=None, neighbours_mean=None),
    ]
    values = charts.benchmark_values(history)
    assert {v["series"] for v in values} == {
        "This partnership",
        "England",
        "Statistical neighbours (mean)",
    }
    assert len(values) == 4
    spec = charts.benchmark_spec(history, title="B")
    assert "Region" not in str(spec)
    assert charts.benchmark_svg([], title="B") is None


# --- drawing and the cache ----------------------------------------------------------------


def test_a_drawn_chart_is_one_accessible_image_that_obeys_the_csp():
    result, starts = chart_of([*STEADY, 90], polarity="down")
    svg = charts.spc_svg(result, starts, frequency="monthly", title="Incidents <b>")
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-label="Statistical process control chart: Incidents &lt;b&gt;.' in svg
    assert 'width="100%"' in svg
    assert " style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg


@pytest.mark.parametrize(
    "bad",
    [
        '<svg width="1"><style>x{}</style></svg>',
        '<svg width="1"><rect style="fill:red"/></svg>',
        '<svg width="1"><script>alert(1)</script></svg>',
        '<svg width="1" onload="alert(1)"></svg>',
    ],
)
def test_it_refuses_svg_the_content_security_policy_would_block(bad):
    with pytest.raises(charts.UnsafeSvg):
        charts.safe_svg(bad, label="x")


def test_the_same_chart_is_drawn_once_and_a_changed_one_again(monkeypatch):
    calls = []

    def fake(spec):
        calls.append(spec)
        return '<svg width="10" height="10"><rect/></svg>'

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", fake)
    result, starts = chart_of(STEADY)
    for _ in range(3):
        charts.spc_svg(result, starts, frequency="monthly", title="A")
    assert len(calls) == 1
    changed, _ = chart_of([*STEADY[:-1], 60])
    charts.spc_svg(changed, starts, frequency="monthly", title="A")
    charts.spc_svg(result, starts, frequency="monthly", title="A", target=10.0)
    assert len(calls) == 3


# --- sparklines ---------------------------------------------------------------------------


def test_a_sparkline_spans_its_box_highest_at_the_top():
    line = charts.sparkline([1.0, 3.0, 2.0])
    assert line is not None
    points = [tuple(map(float, p.split(","))) for p in line.points.split()]
    pad = charts.SPARK_PAD
    assert points[0][0] == pad
    assert points[-1][0] == charts.SPARK_WIDTH - pad
    assert points[1][1] == pad  # the highest value at the top
    assert points[0][1] == charts.SPARK_HEIGHT - pad  # the lowest at the bottom
    assert (line.last_x, line.last_y) == points[-1]


def test_a_flat_sparkline_runs_through_the_middle():
    line = charts.sparkline([5.0, 5.0, 5.0])
    assert line is not None
    assert {float(p.split(",")[1]) for p in line.points.split()} == {charts.SPARK_HEIGHT / 2}


def test_a_sparkline_shows_the_latest_figures_and_colours_the_last_by_its_class():
    line = charts.sparkline([float(v) for v in range(40)], PointClass.CONCERN)
    assert line is not None
    assert len(line.points.split()) == charts.SPARK_POINTS
    assert (line.colour, line.shape) == charts.CLASS_STYLE[PointClass.CONCERN]
    assert charts.sparkline([1.0]) is None
