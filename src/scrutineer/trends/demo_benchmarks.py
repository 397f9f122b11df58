"""Demo step: the DfE's published benchmarks, when the files sit beside the repository.

The project's sample downloads live in ``../shared/data/dfe`` (never copied into the
repository). When that folder is there the demo imports it, so the benchmarks page and the
overview show real England, regional and neighbour figures for Leeds (383, the demo
partnership's local authority); when it is not, the demo says how to load them. A second run
finds them loaded and leaves them (``scrutineer benchmarks import`` reloads them).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from scrutineer.core.demo import DemoReport, demo_step

from . import dfe
from .benchmarks import benchmarks_import
from .models import BenchmarkValue, StatisticalNeighbour

HOW_TO_LOAD = (
    "Benchmarks: none loaded. Download the DfE's children in need and children looked after "
    "tables, ONS population and statistical neighbour files into a folder and run "
    ".venv/bin/scrutineer benchmarks import FOLDER (see docs/benchmarks.md)."
)


def dfe_folder() -> Path | None:
    """``../shared/data/dfe`` beside the repository, if it is there (and the settings do not turn
    it off: the test settings do, because importing the files takes seconds and most tests that
    load the demo are about something else)."""
    if not getattr(settings, "DEMO_BENCHMARKS", True):
        return None
    project = Path(getattr(settings, "PROJECT_DIR", Path(settings.BASE_DIR).parent.parent))
    folder = project.parent / "shared" / "data" / "dfe"
    return folder if folder.is_dir() else None


def _loaded(folder: Path) -> bool:
    """Every table in the folder has figures, and there are neighbour links."""
    tables = []
    for path in folder.glob("*.csv"):
        try:
            found = dfe.recognise(path)
        except dfe.UnrecognisedFile:
            continue
        if found.kind not in (dfe.Kind.NEIGHBOURS, dfe.Kind.POPULATION):
            tables.append(path.name)
    if not tables or not StatisticalNeighbour.objects.exists():
        return False
    loaded = set(
        BenchmarkValue.objects.filter(source_file__in=tables)
        .values_list("source_file", flat=True)
        .distinct()
    )
    return loaded == set(tables)


@demo_step(order=41)
def benchmarks(report: DemoReport) -> None:
    folder = dfe_folder()
    if folder is None:
        report.lines.append(HOW_TO_LOAD)
        return
    if _loaded(folder):
        report.lines.append(f"Benchmarks: already loaded from {folder}")
        return
    result = benchmarks_import(directory=folder)
    report.lines.append(
        f"Benchmarks: {len(result.files)} DfE and ONS files loaded from {folder} "
        f"({result.rows} rows, {len(result.measures)} measures, {result.rates} rates)"
    )
