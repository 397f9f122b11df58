"""Small, valid and hostile files for the library's tests, built in code."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
OLE = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document><w:body>Annual report</w:body></w:document>",
            **(extra or {}),
        }
    )


def xlsx() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "xl/workbook.xml": b"<workbook><sheets/></workbook>",
            "xl/worksheets/sheet1.xml": b"<worksheet><sheetData/></worksheet>",
        }
    )


def pptx() -> bytes:
    return zip_bytes(
        {"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p:presentation/>"}
    )


def odf(mimetype: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_declared_size(archive: bytes, name: str, size: int, crc: int | None = None) -> bytes:
    """The archive with one member's uncompressed size (and CRC) rewritten in both headers.

    A bomb lies like this: the headers claim a small member that inflates to far more.
    """
    data = bytearray(archive)
    encoded = name.encode()
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) != -1:
        name_length = struct.unpack_from("<H", data, at + 26)[0]
        if data[at + 30 : at + 30 + name_length] == encoded:
            struct.pack_into("<I", data, at + 22, size)
            if crc is not None:
                struct.pack_into("<I", data, at + 14, crc)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == encoded:
            struct.pack_into("<I", data, at + 24, size)
            if crc is not None:
                struct.pack_into("<I", data, at + 16, crc)
        at += 4
    return bytes(data)


def lying_bomb() -> bytes:
    """A DOCX whose document part declares 1,000 bytes and inflates to 2 MB of zeros; its CRC
    is that of the first 1,000 bytes, so a reader that stops at the declared size sees nothing
    wrong."""
    zeros = b"\x00" * (2 * 1024 * 1024)
    archive = docx({"word/media/padding.bin": zeros})
    return with_declared_size(archive, "word/media/padding.bin", 1000, crc=zlib.crc32(zeros[:1000]))
