"""Hostile and broken CIN files: refused with a clear reason, never anything worse."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.casedata.importers import cin
from scrutineer.casedata.importers.base import ImportRefused

from .files import child, cin_xml, episode, pseudonymise, write

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol9;</LAchildID>
</ChildIdentifiers></Child></Children></Message>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Message [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID>
</ChildIdentifiers></Child></Children></Message>
"""


def read_all(path):
    return list(cin.read(path, pseudonymise=pseudonymise))


def test_it_refuses_an_xml_bomb_before_expanding_anything(tmp_path):
    path = write(tmp_path / "bomb.xml", BILLION_LAUGHS)
    assert cin.detect(path)  # it is recognised, so the person is told why it is refused
    with pytest.raises(ImportRefused, match=r"declares entities.*XML bomb"):
        read_all(path)


def test_it_refuses_an_external_entity(tmp_path):
    with pytest.raises(ImportRefused, match="external entity"):
        read_all(write(tmp_path / "xxe.xml", EXTERNAL_ENTITY))


def test_it_refuses_any_doctype(tmp_path):
    text = cin_xml().replace("<Message>", '<!DOCTYPE Message SYSTEM "cin.dtd">\n<Message>')
    with pytest.raises(ImportRefused, match="DOCTYPE"):
        read_all(write(tmp_path / "dtd.xml", text))


def test_it_refuses_malformed_xml_with_the_line_number(tmp_path):
    text = cin_xml(child("A"), child("B")).replace("</ChildIdentifiers>", "</ChildIdentifier>", 2)
    with pytest.raises(ImportRefused, match=r"not well-formed XML: .*\(line 5, column"):
        read_all(write(tmp_path / "broken.xml", text))


def test_it_refuses_a_file_cut_short(tmp_path):
    text = cin_xml(child("A"), child("B"))
    with pytest.raises(ImportRefused, match="not well-formed XML"):
        read_all(write(tmp_path / "short.xml", text[: len(text) // 2]))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.4 not a census", "not well-formed XML"),
        (b"PK\x03\x04 a spreadsheet", "not well-formed XML"),
        (b"<Report><Row/></Report>", "not a CIN census file"),
        (b"<Message><Children></Children></Message>", "no <Child> records"),
        (b"", "not well-formed XML"),
    ],
)
def test_it_refuses_files_that_are_not_a_census(tmp_path, content, words):
    with pytest.raises(ImportRefused, match=words):
        read_all(write(tmp_path / "wrong.xml", content))


def test_it_reads_a_utf16_file_and_refuses_a_doctype_in_one(tmp_path):
    path = write(tmp_path / "utf16.xml", cin_xml(declaration=False).encode("utf-16"))
    assert read_all(path)
    bomb = write(
        tmp_path / "bomb16.xml",
        BILLION_LAUGHS.replace('<?xml version="1.0"?>\n', "").encode("utf-16"),
    )
    with pytest.raises(ImportRefused, match="entities"):
        read_all(bomb)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_read_or_refused_never_anything_else(tmp_path, content):
    path = write(tmp_path / "any.xml", content)
    with contextlib.suppress(ImportRefused):
        read_all(path)
    cin.detect(path)


VALID = cin_xml(
    child("A", episode("2021-05-04", closure="2021-09-01", reason="RC8")),
    child("B", episode("2021-06-04"), sex="F"),
).encode()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.binary(max_size=8)), max_size=6),
       st.integers(0, len(VALID)))  # fmt: skip
def test_a_damaged_census_is_read_or_refused_never_anything_else(tmp_path, edits, cut):
    content = bytearray(VALID[:cut] if cut > 20 else VALID)
    for position, replacement in edits:
        content[position : position + len(replacement)] = replacement
    path = write(tmp_path / "damaged.xml", bytes(content))
    with contextlib.suppress(ImportRefused):
        read_all(path)
