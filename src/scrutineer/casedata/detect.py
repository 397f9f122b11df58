"""What a path holds, before anything reads it: its size, its fingerprint and its format.

The importers (``importers/cin.py``, ``annexa.py``, ``ssda903.py``) each say whether a file is
theirs by its content (``detect``); this module asks them all, so a file is imported by what
it is and never by its name, and a file nobody recognises is refused with a message that says
what Scrutineer can read. Sizes are checked first, from the file system, so a 2 GB file is
refused before a byte of it is read.

Pure Python (no Django): the command, the upload form and the task share it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from scrutineer.casedata import importers as importers_package
from scrutineer.casedata.importers.base import ImportRefused

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
INTERFACE = ("FORMAT", "LABEL", "detect", "read")


def importers() -> dict[str, ModuleType]:
    """Every importer module, by format code (``cin``, ``annexa``, ``903``).

    A module in ``casedata/importers/`` is an importer if it has the interface of
    ``importers/base.py``; helper modules there (shared parsing, rules, code lists) are not.
    """
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(importers_package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{importers_package.__name__}.{info.name}")
        if all(hasattr(module, name) for name in INTERFACE):
            found[str(module.FORMAT)] = module
    return found


def describe_formats(found: dict[str, ModuleType] | None = None) -> str:
    """'a CIN census XML file, an Annex A workbook or SSDA903 CSV tables', for messages."""
    labels = [str(module.LABEL) for module in (found or importers()).values()]
    if not labels:
        return "a format this installation has an importer for (it has none yet)"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


@dataclass(frozen=True)
class Source:
    """A file or a folder to import: its name, total size and SHA-256 fingerprint.

    A folder's fingerprint covers the names and contents of the files in it, so the same
    folder of SSDA903 tables is recognised when it is imported again.
    """

    path: Path
    name: str
    size: int
    sha256: str
    files: tuple[Path, ...]


def files_in(path: Path) -> list[Path]:
    """The files a path stands for: itself, or the visible files directly inside a folder."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    return [path]


def check_size(path: Path, *, max_bytes: int) -> int:
    """The total size of the files ``path`` stands for, refusing more than ``max_bytes``.

    Only the file system is asked, so nothing of an oversized file is read.
    """
    if not path.exists():
        raise ImportRefused(f"There is no file or folder at {path}")
    if not (path.is_file() or path.is_dir()):
        raise ImportRefused(f"{path} is not a file or a folder")
    files = files_in(path)
    if not files:
        raise ImportRefused(f"The folder {path} has no files in it")
    size = sum(f.stat().st_size for f in files)
    if size == 0:
        raise ImportRefused(f"{path.name} is empty")
    if size > max_bytes:
        raise ImportRefused(
            f"{path.name} is {_megabytes(size)}, more than the {_megabytes(max_bytes)} this "
            "installation imports (SCRUTINEER_CASEDATA_MAX_MB). Split the file, or ask the "
            "business unit to raise the limit."
        )
    return size


def measure(path: Path, *, max_bytes: int) -> Source:
    """Check the size, then read the file(s) once for the SHA-256."""
    size = check_size(path, max_bytes=max_bytes)
    files = files_in(path)
    if path.is_dir():
        digest = hashlib.sha256()
        for file in files:
            digest.update(f"{file.name}\0{_sha256(file)}\n".encode())
        fingerprint = digest.hexdigest()
    else:
        fingerprint = _sha256(path)
    return Source(path=path, name=path.name, size=size, sha256=fingerprint, files=tuple(files))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB" if size < 1024**3 else f"{size / 1024**3:,.1f} GB"


def recognises(module: ModuleType, path: Path) -> bool:
    """Whether the importer claims ``path``; an importer that fails while looking says no."""
    try:
        return bool(module.detect(path))
    except Exception:  # a detector must never stop the others from looking
        log.warning("The %s importer failed while looking at %s", module.FORMAT, path.name)
        return False


def detect_format(path: Path, *, wanted: str | None = None) -> ModuleType:
    """The importer for ``path``, judged by content; ``wanted`` names the format expected.

    Raises ``ImportRefused`` when no importer recognises it, when two do and nothing says
    which, or when it is not in the ``wanted`` format.
    """
    found = importers()
    if wanted:
        if wanted not in found:
            known = ", ".join(found) or "none yet"
            raise ImportRefused(
                f"There is no importer for the format {wanted!r} (formats: {known})"
            )
        module = found[wanted]
        if not recognises(module, path):
            raise ImportRefused(f"{path.name} does not look like {_article(module.LABEL)}")
        return module
    matches = [module for module in found.values() if recognises(module, path)]
    if not matches:
        raise ImportRefused(
            f"{path.name} is not a file Scrutineer can import: it should be "
            f"{_article(describe_formats(found))}"
        )
    if len(matches) > 1:
        labels = " and ".join(str(m.LABEL) for m in matches)
        raise ImportRefused(f"{path.name} could be read as {labels}: say which format it is")
    return matches[0]


def plan(
    path: Path, *, wanted: str | None = None
) -> tuple[list[tuple[Path, ModuleType]], list[Path]]:
    """What to import from ``path``: (path, importer) pairs, and the files left out.

    A file is one import. A folder that an importer reads whole (the SSDA903 tables) is one
    import; any other folder is one import per file in it that an importer recognises, and
    the files none recognises are returned as left out.
    """
    if path.is_file():
        return [(path, detect_format(path, wanted=wanted))], []
    if not path.is_dir():
        raise ImportRefused(f"There is no file or folder at {path}")
    whole = [
        m for f, m in importers().items() if (wanted is None or f == wanted) and recognises(m, path)
    ]
    if len(whole) == 1:
        return [(path, whole[0])], []
    units: list[tuple[Path, ModuleType]] = []
    skipped: list[Path] = []
    for file in files_in(path):
        try:
            units.append((file, detect_format(file, wanted=wanted)))
        except ImportRefused:
            skipped.append(file)
    if not units:
        raise ImportRefused(
            f"Nothing in the folder {path.name} is a file Scrutineer can import: it should "
            f"hold {_article(describe_formats())}"
        )
    return units, skipped


def reference_date_of(module: ModuleType, path: Path) -> dt.date | None:
    """The collection's reference date, if the importer can tell it cheaply.

    An importer may offer ``reference_date(path) -> date | None`` (the CIN census header has
    one); the rest of the interface does not need it, so it is optional.
    """
    finder: Callable[[Path], Any] | None = getattr(module, "reference_date", None)
    if finder is None:
        return None
    try:
        value = finder(path)
    except Exception:  # a header we cannot read is the importer's to report, not ours
        return None
    return value if isinstance(value, dt.date) else None


def collection_year(reference_date: dt.date | None) -> int | None:
    """The reporting year a reference date falls in: 1 April Y-1 to 31 March Y is year Y."""
    if reference_date is None:
        return None
    return reference_date.year + (1 if reference_date.month >= 4 else 0)


def _article(label: str) -> str:
    if label.startswith(("a ", "an ", "SSDA903")) or label[:1].islower():
        return label
    return f"an {label}" if label[:1] in "AEIOU" else f"a {label}"
