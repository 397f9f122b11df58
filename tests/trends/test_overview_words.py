"""The overview and indicator pages in words: figures by unit, changes, and a chart's reading."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from scrutineer.trends import words
from scrutineer.trends.spc import Assurance, Variation, spc


def unit(name: str, decimals: int = 1):
    return SimpleNamespace(unit=name, decimals=decimals)


COUNT = unit("count", 0)
PERCENT = unit("percentage")
RATE = unit("rate_10k")
DAYS = unit("days")


@pytest.mark.parametrize(
    ("value", "indicator", "text"),
    [
        (1234, COUNT, "1,234"),
        (Decimal("2.5"), COUNT, "3"),  # half up, as the DfE rounds (Python would give 2)
        (Decimal("18.65"), PERCENT, "18.7%"),
        (Decimal("293.1234"), RATE, "293.1 per 10,000"),
        (33, DAYS, "33.0 days"),
        (Decimal("0.05"), PERCENT, "0.1%"),
        (None, COUNT, ""),
    ],
)
def test_it_formats_a_figure_by_its_unit(value, indicator, text):
    assert words.figure(value, indicator) == text


def test_it_leaves_the_unit_off_when_asked():
    assert words.figure(Decimal("18.7"), PERCENT, unit=False) == "18.7"


@pytest.mark.parametrize(
    ("latest", "previous", "indicator", "text"),
    [
        (90, 52, COUNT, "Up 38 from 52 in March 2024"),
        (40, 52, COUNT, "Down 12 from 52 in March 2024"),
        (52, 52, COUNT, "No change from 52 in March 2024"),
        (
            Decimal("88.4"),
            Decimal("88.0"),
            PERCENT,
            "Up 0.4 percentage points from 88.0% in March 2024",
        ),
        (
            Decimal("300.02"),
            Decimal("300.0"),
            RATE,
            "Up less than 0.1 per 10,000 from 300.0 per 10,000 in March 2024",
        ),
    ],
)
def test_it_says_how_the_latest_figure_changed(latest, previous, indicator, text):
    assert words.change(latest, previous, indicator, "March 2024").text == text


def test_every_icon_has_words_and_a_meaning():
    for variation in Variation:
        assert words.VARIATION_WORDS[variation]
        assert words.VARIATION_SHORT[variation]
        assert words.ICON_MEANINGS[variation]
    for assurance in Assurance:
        assert words.ASSURANCE_WORDS[assurance]
        assert words.ICON_MEANINGS[assurance]


# --- reading a chart -----------------------------------------------------------------------

STEADY = [50, 52, 49, 51, 50, 48, 52, 50, 51, 49, 50, 52]


def reading(values, **kwargs):
    periods = [
        f"2024-{i:02d}" if i < 13 else f"2025-{i - 12:02d}" for i in range(1, len(values) + 1)
    ]
    target = kwargs.pop("target", None)
    result = spc(values, periods, target=target, **kwargs)
    labels = {p: f"period {p}" for p in periods}
    return result, words.chart_reading(result, COUNT, labels=labels, target=target)


def test_a_common_cause_chart_says_nothing_has_changed():
    _, said = reading(STEADY)
    assert said[0].startswith(
        "The latest point, 52 in period 2024-12, is between the process limits"
    )
    assert "common cause" in said[0]
    assert any(line.startswith("The mean is 50;") for line in said)


def test_a_point_beyond_a_limit_is_named_with_its_class():
    _, said = reading([*STEADY, 90], polarity="down")
    assert said[0] == (
        "The latest point, 90 in period 2025-01, is above the upper process limit: "
        "special cause concerning variation."
    )


def test_a_point_flagged_by_several_rules_names_the_deciding_one_first():
    values = [10, 11, 10, 12, 11, 10, 11, 30, 31, 32, 33, 34, 35, 36]
    result, said = reading(values, polarity="up")
    last = result.points[-1]
    assert len(last.rules) > 1
    assert said[0].startswith(
        "The latest point, 36 in period 2025-02, is above the upper process limit"
    )
    assert "It is also" in said[0]


def test_a_falling_trend_is_read_as_falling():
    values = [60, 58, 61, 59, 60, 57, 56, 55, 54, 53, 52, 51]
    result, _said = reading(values, polarity="neutral")
    point = result.points[-1]
    assert "trend" in point.rules
    assert "each lower than the one before" in words.rules_in_words(point, result.points[-2])


def test_a_short_chart_warns_of_trial_limits_and_reads_the_target():
    _, said = reading([10, 12, 11, 13], polarity="up", target=5.0)
    assert any("trial limits" in line for line in said)
    assert said[-1].startswith("Against the target: the process limits are all on the right side")


def test_a_series_too_short_for_a_chart_says_so():
    said = words.chart_reading(None, COUNT, labels={})
    assert said == [
        "There are not enough figures to draw a chart yet: it needs at least 2. "
        "The figures there are, are in the table."
    ]


def test_a_re_basing_is_said_in_words():
    result = spc(STEADY, [str(i) for i in range(12)], rebase_at=["6"])
    said = words.chart_reading(
        result, COUNT, labels={}, rebases=[("October 2024", "a new front door")]
    )
    assert "The limits start again from October 2024: a new front door." in said
