"""``check_upload``: good files pass as what they are; hostile ones are refused, saying why."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.core.uploads import (
    ALL_KINDS,
    MAX_ZIP_MEMBERS,
    UploadCheck,
    UploadRejected,
    check_upload,
    size_limit_message,
)

from .files import (
    CONTENT_TYPES,
    OLE,
    PDF,
    docx,
    lying_bomb,
    odf,
    pptx,
    with_declared_size,
    xlsx,
    zip_bytes,
)

MB = 1024 * 1024


def check(name: str, data: bytes, *, max_bytes: int = 5 * MB, allowed=ALL_KINDS) -> UploadCheck:
    return check_upload(name, io.BytesIO(data), max_bytes=max_bytes, allowed=allowed)


def rejection(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(UploadRejected) as caught:
        check(name, data, **kwargs)
    return caught.value.message


class EndlessStream(io.RawIOBase):
    """A stream that never ends, counting what was read from it."""

    def __init__(self) -> None:
        self.read_so_far = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.read_so_far

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.read_so_far

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "an endless stream cannot be read to its end"
        self.read_so_far += size
        return b"a" * size


# -- good files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("report.pdf", PDF, "pdf", "application/pdf"),
        ("REPORT.PDF", PDF, "pdf", "application/pdf"),
        (
            "strategy.docx",
            docx(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "returns.xlsx",
            xlsx(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "briefing.pptx",
            pptx(),
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "minutes.odt",
            odf(b"application/vnd.oasis.opendocument.text"),
            "odt",
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "figures.ods",
            odf(b"application/vnd.oasis.opendocument.spreadsheet"),
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (
            "pack.csv",
            b"agency,measure,value\r\nPolice,Missing episodes,556\r\n",
            "csv",
            "text/csv; charset=utf-8",
        ),
        ("notes.txt", "Café notes\n".encode(), "txt", "text/plain; charset=utf-8"),
    ],
)
def test_it_accepts_a_good_file_as_what_it_is(name, data, kind, content_type):
    result = check(name, data)
    assert result.kind == kind
    assert result.content_type == content_type
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_it_accepts_a_csv_with_the_byte_order_mark_excel_adds():
    result = check("pack.csv", "\ufeffagency,value\r\nPolice,12\r\n".encode())
    assert (result.kind, result.encoding) == ("csv", "utf-8")


def test_it_accepts_a_windows_1252_csv_and_says_so():
    result = check("costs.csv", "item,cost\r\nTraining,£1,200\r\n".encode("cp1252"))
    assert result.encoding == "windows-1252"
    assert result.content_type == "text/csv; charset=windows-1252"


def test_it_leaves_the_file_at_its_start_ready_to_store():
    stream = io.BytesIO(docx())
    check_upload("strategy.docx", stream, max_bytes=MB, allowed=ALL_KINDS)
    assert stream.tell() == 0


def test_it_accepts_a_file_of_exactly_the_limit():
    assert check("notes.txt", b"a" * 100, max_bytes=100).size == 100


def test_it_takes_the_name_from_a_full_windows_path():
    assert check("C:\\Users\\dana\\Documents\\report.pdf", PDF).kind == "pdf"


# -- sizes -----------------------------------------------------------------------------------


def test_it_rejects_an_empty_file():
    assert rejection("report.pdf", b"") == "The selected file is empty"


def test_it_rejects_a_file_over_the_limit():
    assert rejection("notes.txt", b"a" * 101, max_bytes=100) == size_limit_message(100)


def test_it_says_the_limit_in_megabytes():
    assert size_limit_message(25 * MB) == "The selected file must be smaller than 25 MB"


def test_it_never_reads_more_than_the_limit_and_one_byte():
    stream = EndlessStream()
    with pytest.raises(UploadRejected):
        check_upload("notes.txt", stream, max_bytes=MB, allowed=ALL_KINDS)  # type: ignore[arg-type]
    assert stream.read_so_far == MB + 1


# -- zip bombs and unsafe archives -----------------------------------------------------------


def test_it_rejects_a_zip_that_compresses_more_than_a_hundred_to_one():
    bomb = docx({"word/media/padding.bin": b"\x00" * (5 * MB)})
    assert len(bomb) < 100_000
    assert "expands to far more data" in rejection("report.docx", bomb)


def test_it_rejects_a_zip_declaring_more_than_200_megabytes():
    archive = docx({"word/media/big.bin": b"x" * 1000})
    forged = with_declared_size(archive, "word/media/big.bin", 300 * MB)
    assert "expands to far more data" in rejection("report.docx", forged)


def test_it_rejects_a_member_that_inflates_beyond_its_declared_size():
    message = rejection("report.docx", lying_bomb())
    assert "expands to far more data" in message


def test_the_lying_member_would_pass_a_reader_that_trusts_the_header():
    # The reason for measuring ourselves: Python's zipfile stops at the declared size and,
    # with a CRC to match, reports nothing wrong.
    with zipfile.ZipFile(io.BytesIO(lying_bomb())) as archive:
        assert len(archive.read("word/media/padding.bin")) == 1000


def test_it_rejects_a_zip_with_too_many_members():
    members = {f"word/part{i}.xml": b"" for i in range(MAX_ZIP_MEMBERS + 1)}
    archive = docx(members)
    assert "more than 10,000 parts" in rejection("report.docx", archive)


@pytest.mark.parametrize(
    "member", ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "C:\\evil.xml", "..\\evil.xml"]
)
def test_it_rejects_a_member_whose_name_climbs_out_of_the_folder(member):
    archive = docx({member: b"<x/>"})
    assert "unsafe name" in rejection("report.docx", archive)


def test_it_rejects_a_damaged_zip():
    data = docx()
    damaged = data[:200] + bytes(b ^ 0xFF for b in data[200:260]) + data[260:]
    assert "damaged" in rejection("report.docx", damaged)


def test_it_rejects_a_truncated_zip():
    assert "damaged" in rejection("report.docx", b"PK\x03\x04" + b"\x00" * 40)


def test_it_rejects_a_zip_compressed_in_a_way_office_never_uses():
    archive = zip_bytes(
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w/>"},
        compression=zipfile.ZIP_BZIP2,
    )
    assert "damaged" in rejection("report.docx", archive)


def test_it_rejects_a_zip_with_an_encrypted_member():
    data = bytearray(docx())
    at = data.find(b"PK\x01\x02")
    data[at + 8] |= 0x1  # the encryption flag in the central directory
    assert rejection("report.docx", bytes(data)) == (
        "This file is password-protected. Remove the password and upload it again."
    )


# -- Office files we cannot take -------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.docx", "returns.xlsx", "briefing.pptx"])
def test_it_recognises_a_password_protected_office_file(name):
    assert rejection(name, OLE) == (
        "This file is password-protected. Remove the password and upload it again."
    )


@pytest.mark.parametrize(("name", "newer"), [("minutes.doc", ".docx"), ("returns.xls", ".xlsx")])
def test_it_asks_for_an_old_office_file_to_be_saved_in_the_new_format(name, newer):
    message = rejection(name, OLE)
    assert "old Microsoft Office format" in message
    assert f"save it as {newer}" in message


# -- names and content that disagree ---------------------------------------------------------


def test_it_rejects_a_file_whose_name_says_pdf_but_is_not():
    message = rejection("report.pdf", b"Just some text")
    assert message.startswith("The file is called report.pdf but it is not a PDF")


def test_it_says_what_a_misnamed_file_looks_like():
    message = rejection("report.docx", PDF)
    assert message.startswith("The file is called report.docx but it is not a Word document")
    assert "it looks like a PDF" in message


def test_it_rejects_a_spreadsheet_called_a_word_document():
    assert "looks like an Excel spreadsheet" in rejection("report.docx", xlsx())


def test_it_rejects_a_zip_that_is_not_an_office_file():
    message = rejection("report.docx", zip_bytes({"photo.jpg": b"\xff\xd8\xff"}))
    assert message.startswith("The file is called report.docx but it is not a Word document")


def test_it_rejects_a_kind_it_does_not_take():
    message = rejection("setup.exe", b"MZ\x90\x00")
    assert message.startswith("The selected file must be a PDF, Word document (DOCX)")


def test_it_rejects_a_kind_this_form_does_not_take():
    message = rejection("report.pdf", PDF, allowed=frozenset({"csv", "xlsx"}))
    assert message == "The selected file must be an Excel spreadsheet (XLSX) or CSV file"


def test_it_rejects_a_csv_with_nul_bytes():
    message = rejection("pack.csv", b"agency,value\r\nPolice\x00,12\r\n")
    assert message.startswith("The file is called pack.csv but it is not a CSV file")


def test_it_rejects_binary_bytes_called_a_csv():
    # 0x81 is neither UTF-8 on its own nor a Windows-1252 character.
    assert "not a CSV file" in rejection("pack.csv", b"agency\x81\x8d\x90")


def test_it_rejects_text_with_control_characters_called_a_csv():
    assert "not a CSV file" in rejection("pack.csv", b"agency,\x1b[31mvalue\r\n")


# -- names -----------------------------------------------------------------------------------


def test_it_rejects_a_name_that_is_too_long():
    message = rejection("a" * 197 + ".pdf", PDF)
    assert message.startswith("The file name must be 200 characters or fewer")


@pytest.mark.parametrize(
    "name", ["report\n.pdf", "report\x00.pdf", "report\x1b.pdf", "report\u202efdp.exe.pdf"]
)
def test_it_rejects_a_name_with_control_characters(name):
    assert "characters that cannot be shown" in rejection(name, PDF)


@pytest.mark.parametrize("name", ["", "   ", ".", "folder/"])
def test_it_rejects_a_file_with_no_name(name):
    assert "has no name" in rejection(name, PDF)


# -- whatever arrives, the answer is a check or a clear refusal -------------------------------

NAMES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["report.pdf", "a.docx", "b.xlsx", "c.pptx", "d.odt", "e.ods", "f.csv", "g.txt", "h.doc"]
    ),
    st.builds(
        lambda stem, ext: f"{stem}.{ext}",
        st.text(max_size=20),
        st.sampled_from(["pdf", "docx", "xlsx", "csv", "txt", "odt", "xls", "zip"]),
    ),
)
MAGIC = st.sampled_from([b"", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", OLE[:8], b"\xef\xbb\xbf"])


def settle(name: str, data: bytes) -> None:
    """Returns a check that describes the bytes, or raises a refusal with a message."""
    message = ""
    try:
        result = check_upload(name, io.BytesIO(data), max_bytes=4096, allowed=ALL_KINDS)
    except UploadRejected as rejected:
        message = rejected.message
        result = None
    if result is None:
        assert message
    else:
        assert result.kind in ALL_KINDS
        assert result.size == len(data)


@settings(max_examples=300, deadline=None)
@given(name=NAMES, prefix=MAGIC, data=st.binary(max_size=5000))
def test_it_answers_any_bytes_with_a_check_or_a_refusal(name, prefix, data):
    settle(name, prefix + data)


@st.composite
def mangled_archives(draw):
    members = draw(
        st.dictionaries(
            st.one_of(
                st.sampled_from(
                    ["[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "mimetype"]
                ),
                # Names zipfile can write (it drops a leading slash and stops at a NUL).
                st.text(min_size=1, max_size=20).filter(
                    lambda name: name.replace("\\", "/").strip("/") and "\x00" not in name
                ),
            ),
            st.binary(max_size=300),
            max_size=5,
        )
    )
    archive = bytearray(zip_bytes(members))
    for _ in range(draw(st.integers(0, 4))):
        if archive:
            at = draw(st.integers(0, len(archive) - 1))
            archive[at] = draw(st.integers(0, 255))
    return bytes(archive)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, data=mangled_archives())
def test_it_answers_any_archive_however_mangled_with_a_check_or_a_refusal(name, data):
    settle(name, data)
