"""The SPC engine: worked examples for every rule, the options, the icons, and properties.

Limits are worked by hand in the comments: mean ± 2.66 x mean moving range (mR), 2 sigma at
mean ± 1.7733 x mR (two-thirds of 2.66), moving ranges of 3.267 x mR or more screened out.
"""

from __future__ import annotations

import random
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scrutineer.trends.spc import (
    LIMIT,
    NEAR_LIMIT,
    SCREEN,
    Assurance,
    PointClass,
    Rule,
    SpcResult,
    Variation,
    outside_limits,
    process_limits,
    shift,
    spc,
    trend,
    two_of_three,
)


def chart(values: list[float], **options: object) -> SpcResult:
    return spc(values, [f"p{i}" for i in range(len(values))], **options)  # type: ignore[arg-type]


def flagged(result: SpcResult) -> dict[int, tuple[str, ...]]:
    return {i: tuple(map(str, p.rules)) for i, p in enumerate(result.points) if p.rules}


def classes(result: SpcResult) -> list[str]:
    return [str(p.point_class) for p in result.points]


ALTERNATING = [10.0, 14.0] * 6
# mean = (6 x 10 + 6 x 14) / 12 = 12; eleven moving ranges of 4, mR = 4;
# limits 12 ± 2.66 x 4 = 12 ± 10.64 -> 1.36 and 22.64; 2 sigma 12 ± 7.09: nothing is near.


# --- limits -----------------------------------------------------------------------------------


def test_it_computes_the_mean_and_limits_by_hand():
    # mean = (10 + 12 + 11 + 13 + 12) / 5 = 58 / 5 = 11.6
    # moving ranges 2, 1, 2, 1: mR = 6 / 4 = 1.5 (none is 3.267 x 1.5 = 4.9 or more)
    # limits 11.6 ± 2.66 x 1.5 = 11.6 ± 3.99 -> 7.61 and 15.59
    result = chart([10, 12, 11, 13, 12])
    point = result.points[0]
    assert point.mean == pytest.approx(11.6)
    assert point.lower == pytest.approx(7.61)
    assert point.upper == pytest.approx(15.59)
    assert process_limits(np.array([10.0, 12, 11, 13, 12])) == pytest.approx((11.6, 1.5))


def test_it_screens_out_a_huge_moving_range_before_the_limits():
    # moving ranges 1, 1, 1, 1, 1, 1, 30: mR = 36 / 7 = 5.143; 3.267 x 5.143 = 16.80 and
    # 30 >= 16.80, so 30 is screened out: mR = 6 / 6 = 1.
    # mean = (4 x 10 + 3 x 11 + 40) / 8 = 113 / 8 = 14.125; limits 14.125 ± 2.66.
    values = [10, 11, 10, 11, 10, 11, 10, 40]
    screened = chart(values)
    assert screened.points[0].lower == pytest.approx(11.465)
    assert screened.points[0].upper == pytest.approx(16.785)
    # Unscreened: 14.125 ± 2.66 x 36 / 7 = 14.125 ± 13.68 -> 0.445 and 27.805.
    unscreened = chart(values, screen_outliers=False)
    assert unscreened.points[0].lower == pytest.approx(0.445)
    assert unscreened.points[0].upper == pytest.approx(27.805)
    # With the tight limits every point is outside; with the wide ones only the 40.
    assert all(Rule.OUTSIDE_LIMITS in p.rules for p in screened.points)
    assert [Rule.OUTSIDE_LIMITS in p.rules for p in unscreened.points] == [False] * 7 + [True]


def test_it_keeps_a_moving_range_just_below_the_screening_threshold():
    # Moving ranges 4 x 11 and 16 (14 -> 30): mR = 60 / 12 = 5; 3.267 x 5 = 16.335 > 16: kept.
    assert process_limits(np.array([*ALTERNATING, 30.0]))[1] == pytest.approx(5)
    assert SCREEN * 5 > 16


def test_a_flat_series_has_limits_on_its_mean_and_nothing_screened():
    mean, amr = process_limits(np.array([0.1] * 10))
    assert (mean, amr) == (0.1, 0.0)


def test_a_single_point_has_no_moving_range():
    mean, amr = process_limits(np.array([7.0]))
    assert mean == 7.0
    assert np.isnan(amr)


def test_it_flags_trial_limits_under_12_points():
    assert all(p.trial for p in chart(ALTERNATING[:11]).points)
    assert not any(p.trial for p in chart(ALTERNATING).points)


def test_limits_fixed_on_few_points_are_trial_limits():
    values = ALTERNATING + ALTERNATING
    assert not any(p.trial for p in chart(values, fix_after=12).points)
    assert all(p.trial for p in chart(values, fix_after=6).points)


def test_it_fixes_the_limits_after_n_points():
    # Fixed on 10, 12, 10, 12, 10, 12: mean 11, mR 2, limits 11 ± 5.32 -> 5.68 and 16.32.
    # The later 20s do not move the limits, and are outside them.
    result = chart([10, 12, 10, 12, 10, 12, 20, 20, 20], fix_after=6)
    assert [(p.mean, p.lower, p.upper) for p in result.points] == [
        (11, pytest.approx(5.68), pytest.approx(16.32))
    ] * 9
    assert [Rule.OUTSIDE_LIMITS in p.rules for p in result.points] == [False] * 6 + [True] * 3


def test_it_rebases_at_a_known_change():
    values = [10, 12, 10, 12, 10, 12, 30, 32, 30, 32, 30, 32]
    # Re-based at p6: first segment mean 11, mR 2, limits 11 ± 5.32 -> 5.68 and 16.32;
    # second segment mean 31, mR 2, limits 31 ± 5.32 -> 25.68 and 36.32; no signal.
    rebased = chart(values, rebase_at=["p6"])
    assert [(p.mean, p.lower, p.upper) for p in rebased.points[5:7]] == [
        (11, pytest.approx(5.68), pytest.approx(16.32)),
        (31, pytest.approx(25.68), pytest.approx(36.32)),
    ]
    assert flagged(rebased) == {}
    assert all(p.trial for p in rebased.points)  # 6 points a segment
    # Without the re-basing: mean 21; moving ranges 2 x 10 and 18: mR = 38 / 11 = 3.45,
    # 18 >= 3.267 x 3.45 = 11.3 is screened, mR = 2; limits 21 ± 5.32: every point outside.
    assert len(flagged(chart(values))) == 12


def test_runs_do_not_cross_a_rebasing():
    # 6 rises then a new segment of 6 more rises: no segment holds 7 points of a trend.
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert Rule.TREND in chart(values).points[0].rules
    assert all(Rule.TREND not in p.rules for p in chart(values, rebase_at=["p6"]).points)


def test_a_rebasing_at_the_first_period_changes_nothing():
    assert chart(ALTERNATING, rebase_at=["p0"]) == chart(ALTERNATING)


def test_a_segment_of_one_point_has_no_limits():
    result = chart([*ALTERNATING, 50], rebase_at=["p12"])
    assert (result.points[-1].mean, result.points[-1].lower, result.points[-1].upper) == (
        50,
        None,
        None,
    )
    assert result.points[-1].rules == ()
    assert chart([*ALTERNATING, 50], rebase_at=["p12"], target=1).assurance is None


@pytest.mark.parametrize(
    ("values", "periods", "options", "message"),
    [
        ([1], ["a"], {}, "at least 2 values"),
        ([1, 2], ["a"], {}, "2 values but 1 periods"),
        ([1, float("nan")], ["a", "b"], {}, "finite"),
        ([1, 2], ["a", "a"], {}, "only once"),
        ([1, 2], ["a", "b"], {"rebase_at": ["c"]}, "does not have: c"),
        ([1, 2], ["a", "b"], {"fix_after": 1}, "at least 2 points"),
        ([1, 2], ["a", "b"], {"polarity": "sideways"}, "sideways"),
    ],
)
def test_it_refuses_input_no_chart_can_be_drawn_from(values, periods, options, message):
    with pytest.raises(ValueError, match=message):
        spc(values, periods, **options)


# --- rule 1: a point beyond a limit -----------------------------------------------------------


def test_a_point_beyond_a_limit_is_flagged_with_its_side():
    # Limits 7.61 and 15.59 (worked above); a point on a limit is inside.
    values = np.array([5, 16, 11.6, 15.59, 7.61])
    assert outside_limits(values, 7.61, 15.59).tolist() == [-1, 1, 0, 0, 0]


def test_a_high_outlier_is_an_improvement_when_higher_is_better():
    # ALTERNATING + 30: mean = (144 + 30) / 13 = 13.385; mR = (44 + 16) / 12 = 5 (16 kept);
    # limits 13.385 ± 13.3 -> 0.085 and 26.685: only the 30 is outside.
    result = chart([*ALTERNATING, 30], polarity="up")
    assert result.points[-1].upper == pytest.approx(26.685, abs=1e-3)
    assert flagged(result) == {12: ("outside_limits",)}
    assert result.points[-1].point_class is PointClass.IMPROVEMENT
    assert chart([*ALTERNATING, 30], polarity="down").points[-1].point_class is PointClass.CONCERN


# --- rule 2: a trend of 7 -----------------------------------------------------------------------


def test_seven_rising_points_are_a_trend_and_six_are_not():
    assert trend(np.arange(1.0, 8.0)).tolist() == [1] * 7
    assert trend(np.arange(1.0, 7.0)).tolist() == [0] * 6


def test_a_decreasing_trend_is_flagged_like_an_increasing_one():
    assert trend(np.arange(7.0, 0.0, -1)).tolist() == [-1] * 7


def test_an_equal_step_breaks_a_trend():
    # 1, 2, 3, 3, 4, 5, 6, 7: the flat step 3 -> 3 is neither a rise nor a fall, so the longest
    # run of rises is 4 steps (3 -> 7) and nothing is flagged.
    assert trend(np.array([1.0, 2, 3, 3, 4, 5, 6, 7])).tolist() == [0] * 8


def test_the_peak_between_two_trends_takes_the_later_direction():
    values = np.array([1.0, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1])
    assert trend(values).tolist() == [1] * 6 + [-1] * 7


RISING_BELOW_THE_MEAN = [50, 40, 50, 40, 50, 40, 50, 40, 36, 37, 38, 39, 40, 41, 42]
# mean = (4 x 50 + 4 x 40 + 36 + ... + 42) / 15 = (360 + 273) / 15 = 633 / 15 = 42.2
# moving ranges 7 x 10, 4, 6 x 1: mR = 80 / 14 = 5.714 (threshold 18.7, nothing screened)
# limits 42.2 ± 2.66 x 80 / 14 = 42.2 ± 15.2 -> 27.0 and 57.4; 2 sigma ± 10.13: nothing near.
# The 40 at p7 and 36 ... 42 are 8 points below the mean: a shift; 36 ... 42 are a rising trend.


def test_a_trends_class_follows_its_direction_not_its_side_of_the_mean():
    result = chart(RISING_BELOW_THE_MEAN, polarity="up")
    assert (result.points[0].mean, result.points[0].lower, result.points[0].upper) == (
        pytest.approx(42.2),
        pytest.approx(27.0),
        pytest.approx(57.4),
    )
    assert flagged(result) == {7: ("shift",), **dict.fromkeys(range(8, 15), ("trend", "shift"))}
    # p7 is only in the shift below the mean: concern. The trend rises: improvement.
    assert classes(result)[7:] == ["concern"] + ["improvement"] * 7
    assert result.variation is Variation.IMPROVEMENT_HIGH


def test_a_falling_trend_above_the_mean_is_low():
    result = chart([-v for v in RISING_BELOW_THE_MEAN], polarity="neutral")
    assert classes(result)[7:] == ["neutral_high"] + ["neutral_low"] * 7
    assert result.variation is Variation.NEITHER_LOW


# --- rule 3: 2 of 3 beyond 2 sigma --------------------------------------------------------------
# With mean 0 and mR 3: 2 sigma at ± 1.7733 x 3 = ± 5.32, limits at ± 7.98.


def test_two_of_three_beyond_two_sigma_on_one_side_are_flagged_but_not_the_third():
    assert two_of_three(np.array([6.0, 0, 6]), 0, 3).tolist() == [1, 0, 1]
    assert two_of_three(np.array([0.0, -6, -6]), 0, 3).tolist() == [0, -1, -1]


def test_points_on_opposite_sides_of_the_mean_never_make_a_two_of_three():
    # Each window holds one point beyond 2 sigma on each side.
    assert two_of_three(np.array([6.0, -6, 0, 6, -6, 0]), 0, 3).tolist() == [0] * 6


def test_two_points_beyond_two_sigma_four_apart_are_not_two_of_three():
    assert two_of_three(np.array([6.0, 0, 0, 6]), 0, 3).tolist() == [0, 0, 0, 0]


def test_a_point_beyond_the_limit_counts_towards_two_of_three():
    # 9 is beyond 3 sigma (7.98): since November 2023 it counts.
    assert two_of_three(np.array([9.0, 6, 0]), 0, 3).tolist() == [1, 1, 0]


def test_the_third_point_may_be_on_the_other_side_of_the_mean():
    assert two_of_three(np.array([-6.0, 1, -6]), 0, 3).tolist() == [-1, 0, -1]


def test_a_two_of_three_in_a_chart_by_hand():
    # ALTERNATING then 23, 12, 23: mean = (144 + 58) / 15 = 202 / 15 = 13.467;
    # moving ranges 11 x 4, 9 (14 -> 23), 11, 11: mR = 75 / 14 = 5.357 (threshold 17.5);
    # 2 sigma at 13.467 + 1.7733 x 5.357 = 13.467 + 9.5 = 22.967 < 23;
    # upper limit at 13.467 + 2.66 x 5.357 = 27.717 > 23. The two 23s are beyond 2 sigma.
    result = chart([*ALTERNATING, 23, 12, 23], polarity="down")
    near = (
        result.points[0].mean
        + NEAR_LIMIT * (result.points[0].upper - result.points[0].mean) / LIMIT
    )
    assert near == pytest.approx(22.967, abs=1e-3)
    assert flagged(result) == {12: ("two_of_three",), 14: ("two_of_three",)}
    assert classes(result)[12:] == ["concern", "common_cause", "concern"]
    assert result.variation is Variation.CONCERN_HIGH


# --- rule 4: a shift of 7 ------------------------------------------------------------------------


def test_seven_points_on_one_side_are_a_shift_and_six_are_not():
    assert shift(np.array([1.0] * 7), 0).tolist() == [1] * 7
    assert shift(np.array([-1.0] * 7), 0).tolist() == [-1] * 7
    assert shift(np.array([1.0] * 6), 0).tolist() == [0] * 6


def test_a_point_on_the_mean_breaks_a_shift():
    values = np.array([1.0, 1, 1, 0, 1, 1, 1, 1, 1, 1])
    assert shift(values, 0).tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    values = np.array([1.0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1])
    assert shift(values, 0).tolist() == [0, 0, 0, 0] + [1] * 7


# --- several rules on one point ------------------------------------------------------------------


def test_a_point_beyond_a_limit_takes_its_side_over_a_trend():
    # 1 ... 8 then 5, 5, 5, 5: mean = (36 + 20) / 12 = 4.667; moving ranges 7 x 1, 3, 0, 0, 0:
    # mR = 10 / 11 = 0.909, 3 >= 3.267 x 0.909 = 2.97 is screened: mR = 7 / 10 = 0.7;
    # limits 4.667 ± 1.862 -> 2.805 and 6.529. The 1 and 2 are below the lower limit and part
    # of a rising trend: the limit decides, so they are low (an improvement when lower is better).
    result = chart([1, 2, 3, 4, 5, 6, 7, 8, 5, 5, 5, 5], polarity="down")
    assert result.points[0].lower == pytest.approx(2.8047, abs=1e-4)
    assert flagged(result)[0] == ("outside_limits", "trend", "two_of_three")
    assert classes(result)[:4] == ["improvement", "improvement", "concern", "concern"]


# --- icons --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "polarity", "icon"),
    [
        (12, "up", Variation.COMMON_CAUSE),
        (30, "up", Variation.IMPROVEMENT_HIGH),
        (-6, "down", Variation.IMPROVEMENT_LOW),
        (30, "down", Variation.CONCERN_HIGH),
        (-6, "up", Variation.CONCERN_LOW),
        (30, "neutral", Variation.NEITHER_HIGH),
        (-6, "neutral", Variation.NEITHER_LOW),
    ],
)
def test_the_variation_icon_comes_from_the_last_point(last, polarity, icon):
    # With 30 last: limits 0.085 and 26.685 (worked above). With -6 last: mean =
    # (144 - 6) / 13 = 10.615; moving ranges 11 x 4, 20; 20 >= 3.267 x 64 / 12 = 17.4 is
    # screened: mR = 4; limits 10.615 ± 10.64 -> -0.025 and 21.255: -6 is below.
    assert chart([*ALTERNATING, last], polarity=polarity).variation is icon


def test_an_earlier_signal_does_not_set_the_icon():
    assert chart([30, *ALTERNATING], polarity="up").variation is Variation.COMMON_CAUSE


@pytest.mark.parametrize(
    ("target", "polarity", "icon"),
    [
        # Limits 1.36 and 22.64.
        (0, "up", Assurance.PASS),
        (25, "up", Assurance.FAIL),
        (12, "up", Assurance.HIT_AND_MISS),
        (25, "down", Assurance.PASS),
        (0, "down", Assurance.FAIL),
        (12, "down", Assurance.HIT_AND_MISS),
        (22.64, "up", Assurance.HIT_AND_MISS),
        (0, "neutral", None),
        (None, "up", None),
    ],
)
def test_the_assurance_icon_places_the_target_against_the_limits(target, polarity, icon):
    assert chart(ALTERNATING, polarity=polarity, target=target).assurance is icon


def test_it_gives_the_json_shape_of_the_command():
    shape = chart([*ALTERNATING, 30], polarity="up", target=0).as_dict()
    assert set(shape) == {"points", "variation", "assurance"}
    assert shape["variation"] == "improvement_high"
    assert shape["assurance"] == "pass"
    last = shape["points"][-1]  # type: ignore[index]
    assert set(last) >= {"period", "value", "mean", "lower", "upper", "rules", "class"}
    assert (last["period"], last["value"], last["rules"], last["class"]) == (
        "p12",
        30.0,
        ["outside_limits"],
        "improvement",
    )


# --- properties ---------------------------------------------------------------------------------

series = st.lists(st.integers(-1000, 1000), min_size=2, max_size=40)


def boundary_margin(result: SpcResult, *, mean_ties_ok: bool = False) -> float:
    """How close any point comes to the mean, a 2 sigma line or a limit, for `assume`: a point
    within a rounding error of a line may fall either side of it once the series is changed.
    A point exactly on the mean of integers stays on it when an integer is added."""
    margins = [float("inf")]
    for p in result.points:
        if p.lower is None or p.upper is None:
            continue
        amr = (p.upper - p.mean) / LIMIT
        lines = [p.lower, p.upper, p.mean + NEAR_LIMIT * amr, p.mean - NEAR_LIMIT * amr]
        if not (mean_ties_ok and p.value == p.mean):
            lines.append(p.mean)
        margins += [abs(p.value - line) for line in lines]
    return min(margins)


def screening_margin(values: list[int]) -> float:
    """How close any moving range comes to the screening threshold."""
    ranges = [abs(b - a) for a, b in pairwise(values)]
    amr = sum(ranges) / len(ranges)
    return min(abs(r - SCREEN * amr) for r in ranges)


@given(series)
def test_the_limits_are_symmetric_about_the_mean(values):
    for p in chart(values).points:
        assert p.upper - p.mean == pytest.approx(p.mean - p.lower)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(2, 60))
def test_a_constant_series_has_no_special_cause(value, n):
    result = chart([value] * n, polarity="up", target=value)
    assert {p.point_class for p in result.points} == {PointClass.COMMON_CAUSE}
    assert result.variation is Variation.COMMON_CAUSE
    assert result.assurance is Assurance.HIT_AND_MISS


@given(series, st.integers(-10_000, 10_000))
def test_shifting_every_value_shifts_the_mean_and_limits_and_keeps_the_rules(values, c):
    before = chart(values)
    after = chart([v + c for v in values])
    assume(boundary_margin(before, mean_ties_ok=True) > 1e-6)
    for a, b in zip(before.points, after.points, strict=True):
        assert b.mean == pytest.approx(a.mean + c)
        assert b.lower == pytest.approx(a.lower + c)
        assert b.upper == pytest.approx(a.upper + c)
        assert (b.rules, b.point_class) == (a.rules, a.point_class)


@given(series, st.sampled_from([0.25, 2, 8, 1024]))
def test_scaling_by_a_positive_constant_scales_the_limits_and_keeps_the_rules(values, k):
    # Powers of two scale floating-point numbers exactly, so every comparison is the same.
    before, after = chart(values), chart([v * k for v in values])
    for a, b in zip(before.points, after.points, strict=True):
        assert (b.mean, b.lower, b.upper) == (a.mean * k, a.lower * k, a.upper * k)
        assert (b.rules, b.point_class) == (a.rules, a.point_class)


@given(series, st.floats(0.1, 10))
def test_scaling_by_any_positive_constant_keeps_the_rules(values, k):
    before, after = chart(values), chart([v * k for v in values])
    assume(boundary_margin(before) > 1e-6 and screening_margin(values) > 1e-6)
    for a, b in zip(before.points, after.points, strict=True):
        assert b.upper == pytest.approx(a.upper * k)
        assert (b.rules, b.point_class) == (a.rules, a.point_class)


@given(series)
def test_flipping_polarity_swaps_improvement_and_concern(values):
    swap = {"improvement": "concern", "concern": "improvement", "common_cause": "common_cause"}
    up, down = chart(values, polarity="up"), chart(values, polarity="down")
    assert classes(down) == [swap[c] for c in classes(up)]
    neutral = classes(chart(values, polarity="neutral"))
    assert [c == "common_cause" for c in neutral] == [c == "common_cause" for c in classes(up)]


# --- a plain reference implementation ------------------------------------------------------------


def reference(values, rebase_at, fix_after, screen, polarity):
    """The method written out with plain loops, to cross-check the vectorised engine."""
    n = len(values)
    starts = sorted({0, *rebase_at})
    bounds = [*starts, n]
    rules, signs = [[] for _ in range(n)], [[] for _ in range(n)]
    for a, b in pairwise(bounds):
        seg = values[a:b]
        base = seg if fix_after is None else seg[:fix_after]
        mean = base[0] + sum(v - base[0] for v in base) / len(base)
        ranges = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
        amr = sum(ranges) / len(ranges) if ranges else float("nan")
        if screen and ranges and amr > 0:
            kept = [r for r in ranges if r < SCREEN * amr]
            amr = sum(kept) / len(kept)
        upper, lower = mean + LIMIT * amr, mean - LIMIT * amr
        near_up, near_down = mean + NEAR_LIMIT * amr, mean - NEAR_LIMIT * amr
        found = {
            rule: [0] * len(seg) for rule in ("outside_limits", "trend", "two_of_three", "shift")
        }
        for i, v in enumerate(seg):
            found["outside_limits"][i] = 1 if v > upper else -1 if v < lower else 0
        for i in range(len(seg) - 6):
            window = seg[i : i + 7]
            for sign in (1, -1):
                if all((window[j + 1] - window[j]) * sign > 0 for j in range(6)):
                    for j in range(i, i + 7):
                        # at a turn the later trend wins: only overwrite with a later window
                        found["trend"][j] = sign
                if all((v - mean) * sign > 0 for v in window):
                    for j in range(i, i + 7):
                        found["shift"][j] = sign
        for i in range(len(seg) - 2):
            for sign, line in ((1, near_up), (-1, near_down)):
                hits = [j for j in range(i, i + 3) if (seg[j] - line) * sign > 0]
                if len(hits) >= 2:
                    for j in hits:
                        found["two_of_three"][j] = sign
        for i in range(len(seg)):
            for rule in ("outside_limits", "trend", "two_of_three", "shift"):
                if found[rule][i]:
                    rules[a + i].append(rule)
                    signs[a + i].append(found[rule][i])
    out = []
    for i in range(n):
        if not signs[i]:
            out.append("common_cause")
        elif polarity == "neutral":
            out.append("neutral_high" if signs[i][0] > 0 else "neutral_low")
        else:
            better = signs[i][0] == (1 if polarity == "up" else -1)
            out.append("improvement" if better else "concern")
    return rules, out


@settings(max_examples=300)
@given(st.randoms(use_true_random=False))
def test_it_agrees_with_a_plain_reference_implementation(rng: random.Random):
    n = rng.randint(2, 60)
    level = rng.randint(0, 100)
    values = []
    for i in range(n):
        if rng.random() < 0.1:
            level += rng.randint(-30, 30)  # a planted shift
        values.append(level + rng.randint(-10, 10) + (i if rng.random() < 0.2 else 0))
    rebase_at = sorted(rng.sample(range(1, n), k=min(n - 1, rng.choice([0, 0, 1, 2]))))
    fix_after = rng.choice([None, None, rng.randint(2, 20)])
    screen = rng.random() < 0.8
    polarity = rng.choice(["up", "down", "neutral"])
    result = chart(
        [float(v) for v in values],
        rebase_at=[f"p{i}" for i in rebase_at],
        fix_after=fix_after,
        screen_outliers=screen,
        polarity=polarity,
    )
    rules, point_classes = reference(values, rebase_at, fix_after, screen, polarity)
    assert [list(map(str, p.rules)) for p in result.points] == rules
    assert classes(result) == point_classes
