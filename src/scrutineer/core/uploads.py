"""Safe uploads: decide what a file really is, and refuse anything hostile, before it is stored.

Agencies upload reports, strategies and data packs; later the importers take spreadsheets and
CSV returns. Every upload passes through ``check_upload``, which:

- looks at the content, never trusts the name, and then requires the name's extension to agree
  (a PDF called ``report.docx`` is refused, so nobody downloads a file that opens as something
  other than it says);
- reads in chunks and never holds more than the limit plus one byte, so a huge upload costs the
  server nothing but the bytes it had to receive;
- opens ZIP-based formats (DOCX, XLSX, PPTX, ODT, ODS) without trusting their headers: too many
  members, too much declared data, a suspicious compression ratio, members whose real size is
  bigger than declared, and member names that climb out of a folder are all refused;
- recognises password-protected Office files and old binary ``.doc``/``.xls`` files, and says
  plainly what to do about them.

Every refusal is an ``UploadRejected`` whose message a person can act on; it is meant to be shown
as it is on a GOV.UK error message. Nothing here imports Django or the rest of Scrutineer.
"""

from __future__ import annotations

import codecs
import hashlib
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

CHUNK_BYTES = 64 * 1024
MAX_NAME_LENGTH = 200

# ZIP bomb limits. Real Office documents compress XML about 5-20 times; 100 is generous.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Below this, a high ratio cannot hurt (a short run of spaces compresses 1,000 to 1).
RATIO_FLOOR_BYTES = 1024 * 1024

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class Kind:
    """A kind of file we accept: what it is called, its extensions and its media type."""

    name: str
    label: str
    extensions: frozenset[str]
    content_type: str


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("pdf", "PDF", frozenset({"pdf"}), "application/pdf"),
        Kind(
            "docx",
            "Word document (DOCX)",
            frozenset({"docx"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Kind(
            "xlsx",
            "Excel spreadsheet (XLSX)",
            frozenset({"xlsx"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Kind(
            "pptx",
            "PowerPoint presentation (PPTX)",
            frozenset({"pptx"}),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        Kind(
            "odt",
            "OpenDocument text (ODT)",
            frozenset({"odt"}),
            "application/vnd.oasis.opendocument.text",
        ),
        Kind(
            "ods",
            "OpenDocument spreadsheet (ODS)",
            frozenset({"ods"}),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        Kind("csv", "CSV file", frozenset({"csv"}), "text/csv"),
        Kind("txt", "text file", frozenset({"txt"}), "text/plain"),
    )
}
ALL_KINDS = frozenset(KINDS)

# The main part that makes an Office Open XML package a document, a workbook or a deck.
OOXML_MAIN_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# Old binary Office formats (OLE compound files) and the format to save them as instead.
OLD_OFFICE = {"doc": "docx", "xls": "xlsx", "ppt": "pptx", "dot": "docx", "xlt": "xlsx"}
OOXML_EXTENSIONS = frozenset({"docx", "xlsx", "pptx", "docm", "xlsm", "pptm"})

# Everything zipfile and zlib raise on damaged or hostile archives. NotImplementedError (an
# unknown compression method) is a RuntimeError; UnicodeDecodeError is a ValueError.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
)


class UploadRejected(Exception):
    """The file cannot be accepted; ``message`` says why in words the uploader can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UploadCheck:
    """What a file turned out to be. ``encoding`` is set for CSV and text files only."""

    kind: str
    content_type: str
    size: int
    sha256: str
    encoding: str = ""

    @property
    def extension(self) -> str:
        return self.kind


def size_limit_message(max_bytes: int) -> str:
    """The one message for a file that is too big, shared with the request-size check."""
    megabytes = max_bytes / (1024 * 1024)
    shown = f"{megabytes:g}" if megabytes >= 1 else f"{megabytes:.2g}"
    return f"The selected file must be smaller than {shown} MB"


def describe_kinds(allowed: frozenset[str]) -> str:
    """'a PDF, Word document (DOCX) or CSV file' for the kinds given, in a fixed order."""
    labels = [kind.label for name, kind in KINDS.items() if name in allowed]
    if not labels:
        return "a file"
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return _article(listed)


def check_upload(
    name: str, data: BinaryIO, *, max_bytes: int, allowed: frozenset[str]
) -> UploadCheck:
    """Check an uploaded file and say what it is, or raise ``UploadRejected`` saying why not.

    ``data`` must be seekable (Django's uploaded files are); it is left at its start, ready to
    be stored. ``allowed`` names kinds from ``KINDS``.
    """
    base = _check_name(name)
    extension = base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""
    start = data.tell()
    try:
        size, sha256, head = _measure(data, max_bytes)
        data.seek(start)
        if size == 0:
            raise UploadRejected("The selected file is empty")
        if head.startswith(OLE_MAGIC):
            raise UploadRejected(_ole_message(base, extension))
        wanted = {ext: kind for kind in allowed for ext in KINDS[kind].extensions}
        if extension not in wanted:
            raise UploadRejected(f"The selected file must be {describe_kinds(allowed)}")
        expected = KINDS[wanted[extension]]
        found, encoding = _detect(data, head, size, start, expected)
        if found != expected.name:
            raise UploadRejected(_mismatch_message(base, expected, found))
    finally:
        data.seek(start)
    content_type = expected.content_type
    if encoding:
        content_type = f"{content_type}; charset={encoding}"
    return UploadCheck(
        kind=found, content_type=content_type, size=size, sha256=sha256, encoding=encoding
    )


def _check_name(name: str) -> str:
    # Browsers send a bare name, but some old ones send a full Windows path.
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base.strip(".") == "":
        raise UploadRejected("The selected file has no name. Rename the file and upload it again.")
    if len(base) > MAX_NAME_LENGTH:
        raise UploadRejected(
            f"The file name must be {MAX_NAME_LENGTH} characters or fewer. "
            "Rename the file and upload it again."
        )
    # Control characters, invisible formatting characters (a right-to-left override can make
    # 'report<RLO>fdp.exe' look like 'reportexe.pdf') and lone surrogates.
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in base):
        raise UploadRejected(
            "The file name contains characters that cannot be shown, such as control "
            "characters. Rename the file and upload it again."
        )
    return base


def _measure(data: BinaryIO, max_bytes: int) -> tuple[int, str, bytes]:
    """Size, SHA-256 and the first few bytes, reading at most ``max_bytes + 1`` bytes."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    while True:
        chunk = data.read(min(CHUNK_BYTES, max_bytes + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise UploadRejected(size_limit_message(max_bytes))
        digest.update(chunk)
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
    return size, digest.hexdigest(), head


def _detect(data: BinaryIO, head: bytes, size: int, start: int, expected: Kind) -> tuple[str, str]:
    """The kind the content shows, and the text encoding for text files."""
    if head.startswith(PDF_MAGIC):
        return "pdf", ""
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _detect_zip(data, size, start), ""
    encoding = _text_encoding(data, start)
    if encoding is None:
        return "", ""
    # Text cannot say whether it is a CSV or plain text; the name decides between those two.
    return ("csv" if expected.name == "csv" else "txt"), encoding


def _detect_zip(data: BinaryIO, size: int, start: int) -> str:
    try:
        with zipfile.ZipFile(data) as archive:
            members = archive.infolist()
            _check_members(members, size)
            for member in members:
                _inflate_member(data, member, start)
            names = {member.filename for member in members}
            if "[Content_Types].xml" in names:
                for part, kind in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return kind
            if "mimetype" in names:
                with archive.open("mimetype") as stream:
                    mimetype = stream.read(100).strip()
                return ODF_MIMETYPES.get(mimetype, "zip")
    except UploadRejected:
        raise
    except ZIP_ERRORS as error:
        raise _damaged() from error
    return "zip"


def _check_members(members: list[zipfile.ZipInfo], archive_size: int) -> None:
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadRejected(
            f"The selected file holds more than {MAX_ZIP_MEMBERS:,} parts, which is not a "
            "normal document. Save it again as a new file and upload that."
        )
    declared = 0
    for member in members:
        _check_member_name(member.filename)
        if member.flag_bits & 0x1:
            raise UploadRejected(
                "This file is password-protected. Remove the password and upload it again."
            )
        declared += member.file_size
        if _too_compressed(member.file_size, member.compress_size):
            raise _bomb()
    if declared > MAX_ZIP_UNCOMPRESSED_BYTES or _too_compressed(declared, archive_size):
        raise _bomb()


def _too_compressed(uncompressed: int, compressed: int) -> bool:
    return uncompressed > RATIO_FLOOR_BYTES and uncompressed > MAX_COMPRESSION_RATIO * max(
        compressed, 1
    )


def _check_member_name(name: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or ".." in parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    ):
        raise UploadRejected(
            "The selected file contains a part with an unsafe name, so it cannot be accepted. "
            "Save it again as a new file and upload that."
        )


def _inflate_member(data: BinaryIO, member: zipfile.ZipInfo, start: int) -> None:
    """Decompress one member ourselves, refusing it the moment it outgrows its declared size.

    The header's sizes are only a claim: a bomb can declare a few bytes and inflate to
    gigabytes. Python's zipfile quietly stops at the declared size, which protects us but not a
    later reader that trusts the stream, so the real size is measured here, in bounded steps,
    and the CRC checked so that damage shows up now rather than in an importer.
    """
    produced = 0
    crc = 0
    for piece in _member_pieces(data, member, start):
        produced += len(piece)
        if produced > member.file_size:
            raise _bomb()
        crc = zlib.crc32(piece, crc)
    if produced != member.file_size or crc != member.CRC:
        raise _damaged()


def _member_pieces(data: BinaryIO, member: zipfile.ZipInfo, start: int) -> Iterator[bytes]:
    """A member's content, at most ``CHUNK_BYTES`` at a time, however well it compresses."""
    data.seek(start + member.header_offset)
    local = data.read(30)
    if len(local) != 30 or not local.startswith(ZIP_MAGIC):
        raise _damaged()
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    data.seek(start + member.header_offset + 30 + name_length + extra_length)
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # Office and OpenDocument files use only these two; anything else is not one of them.
        raise _damaged()
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    remaining = member.compress_size
    while remaining > 0:
        raw = data.read(min(CHUNK_BYTES, remaining))
        if not raw:
            raise _damaged()
        remaining -= len(raw)
        if member.compress_type == zipfile.ZIP_STORED:
            yield raw
            continue
        yield inflater.decompress(raw, CHUNK_BYTES)
        while inflater.unconsumed_tail:
            yield inflater.decompress(inflater.unconsumed_tail, CHUNK_BYTES)
    if member.compress_type == zipfile.ZIP_DEFLATED:
        yield inflater.flush()
        if not inflater.eof:
            raise _damaged()


def _damaged() -> UploadRejected:
    return UploadRejected(
        "The selected file is damaged and cannot be opened. Save it again and upload the new copy."
    )


def _bomb() -> UploadRejected:
    return UploadRejected(
        "The selected file expands to far more data than a document should, so it cannot be "
        "accepted. Save it again as a new file and upload that."
    )


def _text_encoding(data: BinaryIO, start: int) -> str | None:
    """'utf-8' or 'windows-1252' if the whole file decodes as text in it, otherwise None.

    UTF-8 (with or without the byte-order mark Excel adds) is tried first; Windows-1252 is what
    older Excel saves as 'CSV' on a British PC.
    """
    for codec, name in (("utf-8-sig", "utf-8"), ("cp1252", "windows-1252")):
        data.seek(start)
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        try:
            while chunk := data.read(CHUNK_BYTES):
                if b"\x00" in chunk:
                    return None
                if not _is_text(decoder.decode(chunk)):
                    return None
            if not _is_text(decoder.decode(b"", final=True)):
                return None
        except UnicodeDecodeError:
            continue
        return name
    return None


def _is_text(text: str) -> bool:
    """No control characters except tab, line feed, carriage return and form feed."""
    return not any(unicodedata.category(char) == "Cc" and char not in "\t\n\r\f" for char in text)


def _ole_message(name: str, extension: str) -> str:
    if extension in OLD_OFFICE:
        newer = OLD_OFFICE[extension]
        return (
            f"The file {name} is in an old Microsoft Office format (.{extension}). Open it, "
            f"save it as .{newer}, and upload the new file."
        )
    if extension in OOXML_EXTENSIONS:
        # Office saves an encrypted .docx/.xlsx inside an OLE compound file.
        return "This file is password-protected. Remove the password and upload it again."
    return (
        f"The file {name} is in an old Microsoft Office format or is password-protected. "
        "Save it as a PDF, .docx or .xlsx without a password, and upload the new file."
    )


def _mismatch_message(name: str, expected: Kind, found: str) -> str:
    message = f"The file is called {name} but it is not {_article(expected.label)}"
    if found in KINDS:
        message += f": it looks like {_article(KINDS[found].label)}"
    return message + ". Save it in the right format, or rename it, and upload it again."


def _article(label: str) -> str:
    return f"an {label}" if label[0].lower() in "aeiou" else f"a {label}"
