"""Working-day arithmetic: the calendar against a day-by-day count, in the same run.

The indicator engine measures millions of durations (assessment within 45 working days, ICPC
within 15), so add() and between() must be cheap. Prints calls per second and the ratio.
Run: .venv/bin/python bench/bench_workdays.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from scrutineer.core.workdays import england_and_wales, england_and_wales_bank_holidays

CALLS = 1_000_000
BASELINE_CALLS = 20_000


def naive_between(closed: frozenset[dt.date], start: dt.date, end: dt.date) -> int:
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            count += 1
    return count


def naive_add(closed: frozenset[dt.date], day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            n -= 1
    return day


def rate(calls: int, seconds: float) -> float:
    return calls / seconds if seconds else float("inf")


def main() -> None:
    rng = random.Random(2026)
    start = time.perf_counter()
    calendar = england_and_wales()
    built = time.perf_counter() - start
    closed = england_and_wales_bank_holidays()
    first = dt.date(2012, 1, 1).toordinal()
    pairs = []
    for _ in range(CALLS):
        a = dt.date.fromordinal(first + rng.randrange(0, 5800))
        pairs.append((a, a + dt.timedelta(days=rng.randrange(0, 120)), rng.randrange(0, 60)))

    t = time.perf_counter()
    for a, b, _ in pairs:
        calendar.between(a, b)
    between_rate = rate(CALLS, time.perf_counter() - t)
    t = time.perf_counter()
    for a, _, n in pairs:
        calendar.add(a, n)
    add_rate = rate(CALLS, time.perf_counter() - t)

    t = time.perf_counter()
    for a, b, _ in pairs[:BASELINE_CALLS]:
        naive_between(closed, a, b)
    naive_between_rate = rate(BASELINE_CALLS, time.perf_counter() - t)
    t = time.perf_counter()
    for a, _, n in pairs[:BASELINE_CALLS]:
        naive_add(closed, a, n)
    naive_add_rate = rate(BASELINE_CALLS, time.perf_counter() - t)

    print(
        f"calendar built in {built * 1000:.0f} ms (bank holidays {calendar.first.year}-{calendar.last.year})"
    )
    print(
        f"between: {between_rate:,.0f} calls/s; day-by-day {naive_between_rate:,.0f} calls/s; "
        f"ratio {between_rate / naive_between_rate:.1f}x"
    )
    print(
        f"add:     {add_rate:,.0f} calls/s; day-by-day {naive_add_rate:,.0f} calls/s; "
        f"ratio {add_rate / naive_add_rate:.1f}x"
    )


if __name__ == "__main__":
    main()
