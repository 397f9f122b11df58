"""Hostile and broken workbooks: ZIP bombs, lying archives, passwords, damage, the wrong file.
Each is refused with a clear reason before a spreadsheet library opens it."""

from __future__ import annotations

import contextlib
import struct
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.casedata.importers import annexa, workbook
from scrutineer.casedata.importers.base import ImportRefused

from .files import annexa_workbook, pseudonymise, write


def read_all(path):
    return list(annexa.read(path, pseudonymise=pseudonymise))


def test_it_refuses_a_zip_bomb_by_its_compression_ratio(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        sheets = "".join(f'<sheet name="List {n}" sheetId="{n}"/>' for n in range(1, 9))
        archive.writestr("xl/workbook.xml", f"<workbook><sheets>{sheets}</sheets></workbook>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 << 20))
    assert path.stat().st_size < 1 << 20
    assert annexa.detect(path)  # recognised from its list of sheets, without unpacking the bomb
    with pytest.raises(ImportRefused, match=r"unpacks to .* times its stored size.*ZIP bomb"):
        read_all(path)


def test_it_refuses_a_workbook_that_would_unpack_to_too_much(tmp_path, monkeypatch):
    path = annexa_workbook(tmp_path / "big.xlsx")
    monkeypatch.setattr(workbook, "MAX_UNPACKED", 1000)
    with pytest.raises(ImportRefused, match=r"would unpack to .* more than the"):
        read_all(path)


def test_it_refuses_an_archive_that_lies_about_its_sizes(tmp_path):
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook>" + b" " * 200_000 + b"</workbook>")
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 22, 100)  # local header: "unpacks to 100 bytes"
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # central directory: the same lie
    path.write_bytes(bytes(data))
    with pytest.raises(ImportRefused, match="damaged"):
        read_all(path)


def test_it_refuses_a_password_protected_workbook_and_says_what_to_do(tmp_path):
    # An encrypted workbook is an OLE2 container holding an EncryptedPackage stream.
    content = workbook.OLE2 + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
    path = write(tmp_path / "locked.xlsx", content)
    assert annexa.detect(path)  # it is one of ours: reading it says why it cannot be read
    with pytest.raises(ImportRefused, match=r"protected with a password.*without the password"):
        read_all(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7 a report", "not an Excel workbook"),
        (b"CHILD,SEX,DOB\n1,2,01/01/2010\n", "not an Excel workbook"),
        (b"PK\x03\x04 then nothing", "not a readable Excel workbook"),
        (b"", "not an Excel workbook"),
    ],
)
def test_it_refuses_what_is_not_a_workbook(tmp_path, content, words):
    with pytest.raises(ImportRefused, match=words):
        read_all(write(tmp_path / "wrong.xlsx", content))


def test_it_refuses_a_workbook_cut_short(tmp_path):
    path = annexa_workbook(tmp_path / "cut.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportRefused, match="not a readable Excel workbook"):
        read_all(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ImportRefused, match="cannot be read as a workbook"):
        read_all(path)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b))
)
def test_arbitrary_bytes_are_refused_never_anything_else(tmp_path, content):
    path = write(tmp_path / "any.xlsx", content)
    with contextlib.suppress(ImportRefused):
        read_all(path)
    annexa.detect(path)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(0, 4000), st.binary(min_size=1, max_size=16)), min_size=1, max_size=4
    )
)
def test_a_damaged_workbook_is_read_or_refused_never_anything_else(tmp_path, edits):
    path = annexa_workbook(tmp_path / "damaged.xlsx")
    content = bytearray(path.read_bytes())
    for position, replacement in edits:
        position %= len(content)
        content[position : position + len(replacement)] = replacement
    path.write_bytes(bytes(content))
    with contextlib.suppress(ImportRefused):
        read_all(path)
