"""What ``scrutineer casedata generate`` writes: a local authority's files and the truth.

``write(syn, fmt, folder)`` writes the files of one format (``cin``: a CIN census XML per
reporting year; ``annexa``: an Annex A workbook for the last year; ``903``: SSDA903 CSVs per
year), the canonical tables as Parquet (``tables/``, what an import of every file would give,
for the engine's ``--from``), and ``truth.json`` (the indicator values planted, by year).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import annexa, cin_xml, ssda903
from .records import Records
from .simulate import Synthetic
from .tables import canonical, write_parquet
from .truth import ground_truth, write_truth

FORMATS = ("cin", "annexa", "903")


def write(
    syn: Synthetic,
    fmt: str,
    folder: Path,
    *,
    tables: bool = True,
    truth: bool = True,
    calendar=None,
    say: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write the files; ``say`` is told each one as it is written. Returns the paths."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    records = Records(syn)
    written: list[Path] = []

    def done(path: Path) -> None:
        written.append(path)
        say(str(path))

    if fmt == "cin":
        for year in syn.years:
            done(cin_xml.write(records, year, folder))
    elif fmt == "annexa":
        done(annexa.write(records, folder))
    else:
        for year in syn.years:
            done(ssda903.write(records, year, folder))
    if tables:
        for path in write_parquet(canonical(syn), folder / "tables"):
            done(path)
    if truth:
        done(write_truth(ground_truth(syn, calendar=calendar), folder / "truth.json"))
    return written
