"""Opening an Excel workbook someone uploaded, safely.

An .xlsx file is a ZIP archive of XML files. Before any spreadsheet library opens it, the
archive is checked: how much it would unpack to in all (at most ``MAX_UNPACKED``), how much
each part is compressed (a part that unpacks to over ``BOMB_RATIO`` times its stored size, and
to more than a few megabytes, is a "ZIP bomb"), and that every part unpacks to exactly what the
archive says (``zipfile`` stops at the declared size and checks the CRC, so a lying archive is
caught without unpacking more than it declared). A password-protected workbook is not a ZIP at
all but an encrypted OLE2 container, recognised by its ``EncryptedPackage`` stream. Old .xls
workbooks (OLE2 without encryption) are passed to python-calamine, which reads them too.
"""

from __future__ import annotations

import html
import lzma
import re
import struct
import zipfile
import zlib
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from scrutineer.casedata.importers.base import ImportRefused

MAX_UNPACKED = 1 << 30  # 1 GiB: a real Annex A workbook unpacks to tens of megabytes
MAX_PARTS = 10_000
BOMB_RATIO = 200
BOMB_FLOOR = 8 << 20  # parts under 8 MB may compress as well as they like
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

#: What reading a damaged archive can raise: zipfile's own errors, and those of the
#: decompressors, headers and names beneath it (an encrypted part raises RuntimeError, an
#: unknown compression method NotImplementedError).
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def kind(path: Path) -> str:
    """ "xlsx", "encrypted", "xls" or "" (not a workbook), from the first bytes."""
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(ZIP):
            return "xlsx"
        if head != OLE2:
            return ""
        handle.seek(0)
        tail = b""
        while chunk := handle.read(1 << 20):
            if _ENCRYPTED in tail + chunk:
                return "encrypted"
            tail = chunk[-len(_ENCRYPTED) :]
    return "xls"


def check_zip(path: Path) -> None:
    """Refuse a ZIP archive that is corrupt or would unpack to too much (see the module)."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise ImportRefused(
                    f"{name} holds {len(parts):,} parts: an Excel workbook holds far fewer"
                )
            total = sum(part.file_size for part in parts)
            if total > MAX_UNPACKED:
                raise ImportRefused(
                    f"{name} would unpack to {_megabytes(total)}, more than the "
                    f"{_megabytes(MAX_UNPACKED)} allowed: refused as a possible ZIP bomb"
                )
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > BOMB_FLOOR and ratio > BOMB_RATIO:
                    raise ImportRefused(
                        f"{name}: the part {part.filename!r} unpacks to {ratio:,.0f} times its "
                        "stored size: refused as a possible ZIP bomb"
                    )
            for part in parts:
                with archive.open(part) as stream:
                    while stream.read(1 << 20):
                        pass
    except ImportRefused:
        raise
    except DAMAGED as error:
        raise ImportRefused(
            f"{name} is not a readable Excel workbook (the file is damaged or is not .xlsx): "
            f"{error}"
        ) from None


def open_workbook(path: Path) -> CalamineWorkbook:
    """The workbook, after the checks; ``ImportRefused`` with the reason when it cannot be."""
    name = path.name
    if not path.is_file():
        raise ImportRefused(f"{name} is not a file")
    found = kind(path)
    if found == "encrypted":
        raise ImportRefused(
            f"{name} is protected with a password, so it cannot be read: save a copy without "
            "the password (File > Info > Protect Workbook) and upload that"
        )
    if not found:
        raise ImportRefused(f"{name} is not an Excel workbook (.xlsx or .xls)")
    if found == "xlsx":
        check_zip(path)
    elif path.stat().st_size > MAX_UNPACKED:
        raise ImportRefused(f"{name} is larger than {_megabytes(MAX_UNPACKED)}: refused")
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise ImportRefused(f"{name} cannot be read as a workbook: {error}") from None


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def sheet_names(path: Path, *, limit: int = 1 << 20) -> list[str]:
    """The sheet names of a workbook, cheaply and safely: for .xlsx, from at most ``limit``
    bytes of ``xl/workbook.xml`` (so a ZIP bomb is never unpacked just to look at it); for
    .xls, from python-calamine. An empty list when they cannot be read."""
    try:
        found = kind(path)
        if found == "xlsx":
            with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
                head = part.read(limit)
            return [html.unescape(n.decode("utf-8", "replace")) for n in _SHEET.findall(head)]
        if found == "xls":
            return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except (KeyError, CalamineError, *DAMAGED):
        return []
    return []
