"""Memory stays flat as a CIN census file grows (issue 4: a 1 GB file must not need 1 GB).

Two measures, because lxml keeps its tree in C memory that ``tracemalloc`` cannot see:
``tracemalloc`` for what Python holds, and the peak resident size of a fresh process for all of
it. Each compares a 5 MB file with a 20 MB one: four times the file, about the same memory.
The only thing allowed to grow is the record of children already met (``SeenSet``, at most 16
bytes a child), which the bounds below leave room for.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from scrutineer.casedata.importers import cin

from .files import big_cin, cin_xml, pseudonymise, write

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def census_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    sizes = {}
    for megabytes in (5, 20):
        path = folder / f"cin_{megabytes}mb.xml"
        children = big_cin(path, megabytes)
        sizes[megabytes] = (path, children)
    return sizes


def python_peak(path: Path) -> tuple[int, int]:
    """Peak bytes Python allocated while reading ``path``, and the rows read."""
    tracemalloc.start()
    rows = sum(1 for _ in cin.read(path, pseudonymise=pseudonymise))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, rows


def test_python_memory_does_not_grow_with_the_file(tmp_path, census_files):
    warm = write(tmp_path / "warm.xml", cin_xml())
    python_peak(warm)  # regular expressions, code lists and the calendar load once
    cin.default_is_working_day()(dt.date(2021, 1, 4))
    (small, small_children), (large, large_children) = census_files[5], census_files[20]
    small_peak, small_rows = python_peak(small)
    large_peak, large_rows = python_peak(large)
    assert large_rows > 3.5 * small_rows  # the larger file really was read
    seen_allowance = 16 * (large_children - small_children) * 2  # the table may just have doubled
    assert large_peak <= 1.5 * small_peak + seen_allowance, (small_peak, large_peak)
    assert large_peak < 4 << 20


PEAK_SCRIPT = """
import datetime, json, resource, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.casedata.files import cin_xml, pseudonymise, write
from scrutineer.casedata.importers import cin
warm = write(Path({warm!r}), cin_xml())
for _ in cin.read(warm, pseudonymise=pseudonymise):
    pass
cin.default_is_working_day()(datetime.date(2021, 1, 4))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rows = sum(1 for _ in cin.read(Path({path!r}), pseudonymise=pseudonymise))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"grew_kb": after - before, "rows": rows}}))
"""


def process_growth(path: Path, warm: Path) -> dict[str, int]:
    script = PEAK_SCRIPT.format(root=str(ROOT), warm=str(warm), path=str(path))
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_whole_process_does_not_grow_with_the_file(tmp_path, census_files):
    warm = tmp_path / "warm.xml"
    small = process_growth(census_files[5][0], warm)
    large = process_growth(census_files[20][0], warm)
    assert large["rows"] > 3.5 * small["rows"]
    # Keeping the parsed tree would cost several times the 15 MB the file grew by.
    assert large["grew_kb"] - small["grew_kb"] < 6 * 1024, (small, large)
