"""The case-level indicator suite at England scale: the engine on DuckDB against plain pandas.

Generates about 1.7 million children over 5 reporting years (about 3 million referrals, with
their assessments, enquiries, plans and periods of care) as the canonical tables in Parquet,
then times the whole indicator suite (every indicator by year, month and split) on DuckDB, and
the same suite written plainly in pandas (casedata_pandas.py), each in a process of its own so
that its peak memory is its own. Prints the time, rows per second, CPU time, peak memory and
the ratio, and whether the two agree on every yearly value. Nothing here asserts a time.

Goal (issue 4): the suite in under 10 s on 2 cores, at least 10 times faster than pandas.
Run: .venv/bin/python bench/bench_casedata.py [--scale 0.1] [--no-pandas]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "src"))
sys.path.insert(0, str(HERE))

FULL_CHILDREN = 1_700_000
YEARS = 5
LAST_YEAR = 2025


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_stage(folder: Path, children: int) -> dict:
    from scrutineer.casedata.generator import generate
    from scrutineer.casedata.generator.tables import canonical, write_parquet

    write_parquet(canonical(generate(children=300, years=YEARS, seed=1)), folder / "warm-up")
    start = time.perf_counter()
    syn = generate(children=children, years=YEARS, seed=2026, last_year=LAST_YEAR)
    tables = canonical(syn)
    write_parquet(tables, folder)
    return {
        "seconds": time.perf_counter() - start,
        "rows": {name: t.num_rows for name, t in tables.items()},
        "population": {str(k): v for k, v in syn.population.items()},
    }


def engine_stage(folder: Path, population: dict[int, int]) -> dict:
    import ibis

    from scrutineer.casedata.engine import compute, from_parquet

    years = list(range(LAST_YEAR - YEARS + 1, LAST_YEAR + 1))
    # A first run on a few hundred children loads the code (this machine compiles Python
    # modules at every start), so the time is the suite's, not the interpreter's.
    warm = ibis.duckdb.connect(threads=2)
    compute(
        from_parquet(folder / "warm-up", warm), years=years, population=population, backend=warm
    )
    wall, cpu = time.perf_counter(), time.process_time()
    backend = ibis.duckdb.connect(threads=2)
    result = compute(
        from_parquet(folder, backend), years=years, population=population, backend=backend
    )
    return {
        "seconds": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "years": {str(y): v for y, v in result.years.items()},
    }


def pandas_stage(folder: Path) -> dict:
    import casedata_pandas

    years = list(range(LAST_YEAR - YEARS + 1, LAST_YEAR + 1))
    casedata_pandas.suite(casedata_pandas.load(folder / "warm-up"), years)  # as for the engine
    wall, cpu = time.perf_counter(), time.process_time()
    found = casedata_pandas.suite(casedata_pandas.load(folder), years)
    return {
        "seconds": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "years": {str(y): v for y, v in found["years"].items()},
    }


def in_process_of_its_own(stage: str, folder: Path, population: dict) -> dict:
    out = folder / f"{stage}.json"
    command = [sys.executable, __file__, "--stage", stage, "--data", str(folder), "--out", str(out)]
    subprocess.run([*command, "--population", json.dumps(population)], check=True)  # noqa: S603
    return json.loads(out.read_text())


def disagreements(engine: dict, baseline: dict) -> list[str]:
    found = []
    for year, values in baseline["years"].items():
        for code, value in values.items():
            other = engine["years"][year].get(code)
            same = (value is None and other is None) or (
                value is not None and other is not None and math.isclose(value, other, rel_tol=1e-9)
            )
            if not same:
                found.append(f"{year} {code}: pandas {value}, engine {other}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="Share of England (default 1).")
    parser.add_argument("--no-pandas", action="store_true", help="Skip the pandas baseline.")
    parser.add_argument("--stage", choices=["engine", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--population", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stage:  # a child process: run one stage and write what it found
        population = {int(k): v for k, v in json.loads(args.population).items()}
        stage = (
            engine_stage(args.data, population)
            if args.stage == "engine"
            else pandas_stage(args.data)
        )
        args.out.write_text(json.dumps(stage))
        return

    children = max(1000, round(FULL_CHILDREN * args.scale))
    with tempfile.TemporaryDirectory(prefix="bench-casedata-") as tmp:
        folder = Path(tmp)
        made = generate_stage(folder, children)
        rows = sum(made["rows"].values())
        print(
            f"generated {children:,} children, {made['rows']['referrals']:,} referrals, "
            f"{rows:,} rows in all, in {made['seconds']:.1f} s"
        )
        engine = in_process_of_its_own("engine", folder, made["population"])
        print(
            f"engine (DuckDB, 2 threads): {engine['seconds']:.2f} s, {rows / engine['seconds']:,.0f} "
            f"rows/s, CPU {engine['cpu']:.1f} s, peak memory {engine['peak_mb']:,.0f} MB"
        )
        if args.no_pandas:
            return
        baseline = in_process_of_its_own("pandas", folder, made["population"])
        print(
            f"pandas: {baseline['seconds']:.2f} s, {rows / baseline['seconds']:,.0f} rows/s, "
            f"CPU {baseline['cpu']:.1f} s, peak memory {baseline['peak_mb']:,.0f} MB"
        )
        print(f"ratio: engine {baseline['seconds'] / engine['seconds']:.1f}x faster than pandas")
        differ = disagreements(engine, baseline)
        print(
            "agree on every yearly value"
            if not differ
            else f"DISAGREE on {len(differ)}: {differ[:5]}"
        )


if __name__ == "__main__":
    main()
