"""SPC for 1,000 series of 60 points: the engine against a plain pandas version, in one run.

The overview page and the signals job chart every series of every indicator, so the engine
must stay cheap. The pandas version is written the straightforward way (diff for the moving
ranges, rolling windows for the runs) and must give the same class to every point.
Run: .venv/bin/python bench/bench_spc.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from scrutineer.trends.spc import LIMIT, NEAR_LIMIT, SCREEN, spc

SERIES, POINTS = 1_000, 60
POLARITIES = ("up", "down", "neutral")


def make_series(seed: int = 2026) -> list[np.ndarray]:
    """Noise around a level, with a planted step in a third of the series and a planted trend
    in another third (rounded to whole numbers, as counts are)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(SERIES):
        values = rng.normal(100, 10, POINTS)
        at = int(rng.integers(15, 50))
        if i % 3 == 1:
            values[at:] += rng.choice([-1, 1]) * rng.uniform(10, 30)
        elif i % 3 == 2:
            values[at : at + 8] += np.arange(8) * rng.uniform(3, 8)
        out.append(np.round(values))
    return out


def pandas_spc(values: np.ndarray, polarity: str) -> list[str]:
    """The method with pandas, the way an analyst would first write it."""
    y = pd.Series(values)
    mean = y.mean()
    mr = y.diff().abs()
    amr = mr.mean()
    if amr > 0:
        amr = mr[mr < SCREEN * amr].mean()
    upper, lower = mean + LIMIT * amr, mean - LIMIT * amr
    near_up, near_down = mean + NEAR_LIMIT * amr, mean - NEAR_LIMIT * amr

    def spread(starts: pd.Series, span: int) -> pd.Series:
        # a window ending at i flags points i - span + 1 .. i
        ends = starts.fillna(0).astype(bool)
        return ends[::-1].rolling(span, min_periods=1).max()[::-1].astype(bool)

    outside = np.sign((y > upper).astype(int) - (y < lower).astype(int))
    steps = np.sign(y.diff())
    up_runs = spread((steps > 0).astype(int).rolling(6).sum() == 6, 6)
    down_runs = spread((steps < 0).astype(int).rolling(6).sum() == 6, 6)
    # a run of 6 steps ending at i covers points i - 6 .. i
    rising = up_runs | up_runs.shift(-1, fill_value=False)
    falling = down_runs | down_runs.shift(-1, fill_value=False)
    next_step = steps.shift(-1).fillna(0)
    trend = pd.Series(
        np.where(rising & falling, next_step, rising.astype(int) - falling.astype(int))
    )

    high, low = y > near_up, y < near_down
    two_high = high & spread(high.astype(int).rolling(3).sum() >= 2, 3)
    two_low = low & spread(low.astype(int).rolling(3).sum() >= 2, 3)
    two = two_high.astype(int) - two_low.astype(int)

    side = np.sign(y - mean)
    above = spread((side > 0).astype(int).rolling(7).sum() == 7, 7)
    below = spread((side < 0).astype(int).rolling(7).sum() == 7, 7)
    shift = above.astype(int) - below.astype(int)

    classes = []
    for o, t, w, s in zip(outside, trend, two, shift, strict=True):
        sign = next((int(v) for v in (o, t, w, s) if v), 0)
        if not sign:
            classes.append("common_cause")
        elif polarity == "neutral":
            classes.append("neutral_high" if sign > 0 else "neutral_low")
        else:
            better = sign == (1 if polarity == "up" else -1)
            classes.append("improvement" if better else "concern")
    return classes


def main() -> int:
    series = make_series()
    periods = [f"{2020 + m // 12}-{m % 12 + 1:02d}" for m in range(POINTS)]
    polarity = [POLARITIES[i % 3] for i in range(SERIES)]

    start = time.perf_counter()
    ours = [spc(v, periods, polarity=p) for v, p in zip(series, polarity, strict=True)]
    engine = time.perf_counter() - start

    start = time.perf_counter()
    theirs = [pandas_spc(v, p) for v, p in zip(series, polarity, strict=True)]
    baseline = time.perf_counter() - start

    differ = sum(
        [str(p.point_class) for p in result.points] != classes
        for result, classes in zip(ours, theirs, strict=True)
    )
    signals = sum(result.variation != "common_cause" for result in ours)
    print(f"{SERIES:,} series x {POINTS} points; {signals} end on a special cause")
    print(
        f"engine: {engine * 1000:.0f} ms; pandas: {baseline * 1000:.0f} ms; ratio {baseline / engine:.1f}x"
    )
    print("classes agree" if not differ else f"classes DIFFER in {differ} series")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
