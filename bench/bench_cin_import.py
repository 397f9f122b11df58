"""The CIN census XML import on files up to 1 GB: megabytes a second, and memory that stays flat.

Makes CIN census files of 64 MB, 256 MB and 1 GB (by default) in a temporary folder, deleted
afterwards. They are made quickly: the synthetic generator writes one census of a few thousand
children, which is then written out again and again, streamed to disk a copy at a time, with
every ``LAchildID`` of each copy changed so that every child in the file is distinct (the
importer would otherwise refuse the repeats as children met twice).

For each size, each stage runs in a process of its own, so that its peak memory (the high
water mark of its resident memory) is its own:

- ``etree floor``: the standard library's ``xml.etree.ElementTree.iterparse`` counting the
  elements and clearing each child, nothing else: the floor of parsing, the baseline of the
  ratios;
- ``lxml floor``: the same with lxml, the parser the importer uses (hardened the same way);
- ``read``: the importer alone (``importers.cin.read``), every row and problem taken, with the
  pseudonymiser an import is given (``services.pseudonymiser``: keyed HMAC, with its cache);
- ``import``: what ``scrutineer casedata import`` does: ``snapshot_prepare`` (size check,
  SHA-256 fingerprint) and ``snapshot_run`` (read, write the Parquet snapshot, store the
  problems), on a throwaway SQLite database and store.

Prints, for each: file MB, seconds, CPU seconds, MB/s, children and records (rows) a second,
peak memory (and how much of it was there before the file was read), and the time against the
etree floor; then whether memory stayed flat: the peak at the largest file against the peak at
the smallest. Flat means it grew by no more than a tenth, plus what the record of children
already met may take (up to 48 bytes a child: finding a child twice needs it). Nothing here
asserts a time.

Goal (issue 4): "CIN census XML import: MB per second and peak memory on a 1 GB file; memory
must stay flat as the file grows."
Run: .venv/bin/python bench/bench_cin_import.py [--max-mb 1024] [--sizes 64,256,1024]
     [--no-import]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[0]
sys.path.insert(0, str(ROOT / "src"))

MB = 1 << 20
BASE_CHILDREN = 5_000  # children simulated; about 3,600 of them are in the year's census
LA = "999"
STAGES = ("etree", "lxml", "read", "import")
LABELS = {
    "etree": "etree floor",
    "lxml": "lxml floor",
    "read": "read (importer)",
    "import": "import (whole)",
}


def peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across ``exec``, so a
    stage started from this script would report the parent's peak if it were larger; the high
    water mark in ``/proc`` belongs to the process's own memory, so it is read where there is one.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return (
        int(found[1]) / 1024 if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )


# --- Making the files -------------------------------------------------------------------------


def base_census(folder: Path) -> Path:
    """One year's census from the synthetic generator: a few thousand children, every one
    valid for the importer."""
    from scrutineer.casedata.generator import cin_xml, generate
    from scrutineer.casedata.generator.records import Records

    syn = generate(children=BASE_CHILDREN, years=1, seed=2026, la=LA, last_year=2025)
    return cin_xml.write(Records(syn), 2025, folder)


def make_census(base: Path, path: Path, megabytes: int) -> int:
    """Write a census of about ``megabytes`` MB at ``path`` from copies of ``base``'s children,
    each copy's LA child IDs prefixed with its number so no child repeats; the children
    written. Only one copy is ever in memory."""
    text = base.read_bytes()
    opening, closing = b"<Children>\n", b"  </Children>"
    start = text.index(opening) + len(opening)
    end = text.rindex(closing)
    head, body, tail = text[:start], text[start:end], text[end:]
    pieces = body.split(b"<LAchildID>")
    target = megabytes * MB - len(head) - len(tail)
    written = children = copy = 0
    with path.open("wb") as out:
        out.write(head)
        while written < target:
            copy += 1
            chunk = (b"<LAchildID>K%05d" % copy).join(pieces)
            room = target - written
            if len(chunk) > room:  # the last copy, cut after the child that reaches the size
                cut = chunk.find(b"</Child>\n", room)
                chunk = chunk if cut < 0 else chunk[: cut + len(b"</Child>\n")]
            out.write(chunk)
            written += len(chunk)
            children += chunk.count(b"<Child>")
        out.write(tail)
    return children


# --- The stages, each in a process of its own --------------------------------------------------


def etree_stage(path: Path) -> dict:
    import xml.etree.ElementTree as ET

    warm = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    elements = 0
    children = None
    for event, element in ET.iterparse(path, events=("start", "end")):  # noqa: S314 - ours
        if event == "start":
            if element.tag == "Children":
                children = element
            continue
        elements += 1
        if element.tag == "Child" and children is not None:
            children.remove(element)  # always the first: read children are dropped at once
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "elements": elements,
        "warm_mb": warm,
    }


def lxml_stage(path: Path) -> dict:
    from lxml import etree

    from scrutineer.casedata.importers.xmlguard import SAFE

    warm = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    elements = 0
    for _, element in etree.iterparse(str(path), events=("end",), **SAFE):
        elements += 1
        if element.tag == "Child":
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "elements": elements,
        "warm_mb": warm,
    }


def read_stage(path: Path, warm: Path) -> dict:
    import django

    django.setup()  # for the installation's pseudonymiser, made as an import makes it
    from scrutineer.casedata.importers import cin
    from scrutineer.casedata.importers.base import Row
    from scrutineer.casedata.services import pseudonymiser

    for _ in cin.read(warm, pseudonymise=pseudonymiser(LA)):  # code and calendar load once
        pass
    warm_mb = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    rows = problems = 0
    children = 0
    for event in cin.read(path, pseudonymise=pseudonymiser(LA)):
        if isinstance(event, Row):
            rows += 1
            children += event.table == "children"
        else:
            problems += 1
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "rows": rows,
        "children": children,
        "problems": problems,
        "warm_mb": warm_mb,
    }


def import_stage(path: Path, warm: Path) -> dict:
    import django

    django.setup()
    from scrutineer.casedata.services import snapshot_prepare, snapshot_run

    def imported(file: Path) -> dict:
        prepared = snapshot_prepare(path=file, la=LA)
        snapshot = snapshot_run(snapshot=prepared.snapshot, path=file)
        if snapshot.status != "complete":
            raise SystemExit(f"the import of {file.name} failed: {snapshot.error}")
        return {"rows": snapshot.row_counts, "problems": snapshot.problem_counts}

    imported(warm)
    warm_mb = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    done = imported(path)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "rows": sum(done["rows"].values()),
        "children": done["rows"].get("children", 0),
        "problems": sum(done["problems"].values()),
        "warm_mb": warm_mb,
    }


def django_environment(folder: Path, database: str) -> dict[str, str]:
    """The environment of a throwaway installation, all of it inside ``folder``: its own SQLite
    database and store, and keys made for this run (the children are synthetic). The real
    settings, not the tests', which would put the store in a folder of their own outside it."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scrutineer.settings",
        "SCRUTINEER_DEBUG": "false",
        "SCRUTINEER_SECRET_KEY": secrets.token_urlsafe(48),
        "SCRUTINEER_PSEUDONYM_KEY": secrets.token_urlsafe(32),
        "SCRUTINEER_ALLOWED_HOSTS": "localhost",
        "SCRUTINEER_DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / database}",
        "SCRUTINEER_CASEDATA_DIR": str(folder / "casedata"),
        "SCRUTINEER_CASEDATA_MAX_MB": str(100 * 1024),
    }


def migrate_stage() -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return {}


def in_process_of_its_own(stage: str, folder: Path, path: Path | None = None) -> dict:
    out = folder / f"{stage}.json"
    command = [sys.executable, __file__, "--stage", stage, "--data", str(folder), "--out", str(out)]
    if path is not None:
        command += ["--file", str(path)]
    env = None
    site = folder / "site"
    if stage == "migrate":  # once: every import starts from a copy of this empty database
        site.mkdir(exist_ok=True)
        env = django_environment(site, "empty.sqlite3")
    elif stage == "import":
        shutil.rmtree(site / "casedata", ignore_errors=True)
        shutil.copyfile(site / "empty.sqlite3", site / "import.sqlite3")
        env = django_environment(site, "import.sqlite3")
    elif stage == "read":  # the settings, for the pseudonym key; no database is opened
        env = django_environment(site, "unused.sqlite3")
    subprocess.run(command, check=True, env=env)  # noqa: S603 - our own script
    return json.loads(out.read_text())


def run_stage(stage: str, folder: Path, path: Path) -> dict:
    warm = folder / "cin_2025.xml"
    if stage == "etree":
        found = etree_stage(path)
    elif stage == "lxml":
        found = lxml_stage(path)
    elif stage == "read":
        found = read_stage(path, warm)
    elif stage == "import":
        found = import_stage(path, warm)
    else:
        found = migrate_stage()
    return {**found, "peak_mb": peak_mb()}


# --- Printing ---------------------------------------------------------------------------------


def line(label: str, megabytes: float, found: dict, floor: dict | None) -> str:
    seconds = found["seconds"]
    text = (
        f"  {label:<16} {seconds:7.1f} s  CPU {found['cpu']:7.1f} s  "
        f"{megabytes / seconds:5.1f} MB/s ({megabytes / found['cpu']:5.1f} of CPU)  "
        f"peak {found['peak_mb']:4.0f} MB ({found['warm_mb']:3.0f} before the file)"
    )
    if "rows" in found:
        text += (
            f"  {found['children'] / seconds:6,.0f} children/s  "
            f"{found['rows'] / seconds:7,.0f} records/s"
        )
    if floor is not None and floor is not found:
        text += f"  {seconds / floor['seconds']:4.1f}x the etree floor's time"
    return text


#: What the record of children already met (``SeenSet``) may take at its largest: its table at
#: 16 to 32 bytes a child, and the old table while it doubles. The only growth allowed.
SEEN_BYTES_A_CHILD = 48


def flatness(label: str, small: dict, large: dict, grew: float, children: tuple[int, int]) -> str:
    """Whether a stage's peak memory stayed flat while the file grew ``grew`` times: it may
    grow by a tenth of the smallest file's peak, plus what the record of children met may
    take for the extra children, and no more."""
    a, b = small["peak_mb"], large["peak_mb"]
    extra = children[1] - children[0]
    allowed = 0.1 * a + SEEN_BYTES_A_CHILD * extra / MB
    verdict = "flat" if b - a <= allowed else "NOT flat"
    per_child = (b - a) * MB / extra if extra > 0 else 0.0
    return (
        f"  {label:<16} {a:5.0f} MB -> {b:5.0f} MB ({b / a:.2f}x, the file {grew:.0f}x): "
        f"{verdict}: {b - a:+.0f} MB, {per_child:+.0f} bytes per extra child "
        f"(allowed {allowed:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--max-mb", type=int, default=1024, help="The largest file, in MB (default 1024)."
    )
    parser.add_argument(
        "--sizes",
        help="The file sizes in MB, comma-separated (default 64, 256 and --max-mb).",
    )
    parser.add_argument(
        "--no-import",
        action="store_true",
        help="Leave out the whole import (the snapshot written to the store).",
    )
    parser.add_argument("--keep", type=Path, help=argparse.SUPPRESS)  # make one file and stop
    parser.add_argument("--stage", choices=[*STAGES, "migrate"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stage:  # a child process: run one stage and write what it found
        args.out.write_text(json.dumps(run_stage(args.stage, args.data, args.file)))
        return

    if args.sizes:
        try:
            sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
        except ValueError:
            parser.error(f"--sizes must be whole numbers of MB, like 64,256,1024: {args.sizes!r}")
    else:
        sizes = sorted({s for s in (64, 256) if s < args.max_mb} | {args.max_mb})
    if not sizes or sizes[0] < 1:
        parser.error("every size must be at least 1 MB")
    stages = [s for s in STAGES if not (args.no_import and s == "import")]

    with tempfile.TemporaryDirectory(prefix="bench-cin-") as tmp:
        folder = Path(tmp)
        base = base_census(folder)
        if args.keep:
            made = make_census(base, args.keep, sizes[-1])
            print(f"wrote {args.keep} ({args.keep.stat().st_size / MB:,.0f} MB, {made:,} children)")
            return
        print(
            f"base census: {base.stat().st_size / MB:.1f} MB, "
            f"{base.read_bytes().count(b'<Child>'):,} children; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        if "import" in stages:
            in_process_of_its_own("migrate", folder)
        results: dict[int, dict[str, dict]] = {}
        children: dict[int, int] = {}
        megabytes: dict[int, float] = {}
        for size in sizes:
            path = folder / f"cin_{size}mb.xml"
            start = time.perf_counter()
            children[size] = make_census(base, path, size)
            megabytes[size] = path.stat().st_size / MB
            print(
                f"{megabytes[size]:,.0f} MB, {children[size]:,} children (made in "
                f"{time.perf_counter() - start:.1f} s), load average {os.getloadavg()[0]:.2f}:",
                flush=True,
            )
            results[size] = {}
            for stage in stages:
                found = in_process_of_its_own(stage, folder, path)
                results[size][stage] = found
                floor = results[size].get("etree")
                print(line(LABELS[stage], megabytes[size], found, floor), flush=True)
            path.unlink()

        small, large = sizes[0], sizes[-1]
        if small != large:
            grew = megabytes[large] / megabytes[small]
            counts = (children[small], children[large])
            print(f"peak memory from {small} MB to {large} MB:")
            for stage in stages:
                ends = results[small][stage], results[large][stage]
                print(flatness(LABELS[stage], ends[0], ends[1], grew, counts))
        print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
