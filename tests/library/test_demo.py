"""The demo's library: six documents, two drafts, real files, and no duplicates on a second run."""

from __future__ import annotations

import io
import re

from scrutineer.core.demo import DemoReport
from scrutineer.core.uploads import ALL_KINDS, check_upload
from scrutineer.library.demo import load_documents, pdf_bytes
from scrutineer.library.models import Document
from scrutineer.partnership.demo import load_partnership


def load_twice() -> None:
    for _ in range(2):
        report = DemoReport()
        load_partnership(report)
        load_documents(report)


def test_it_loads_the_demo_documents_once_however_often_it_runs(db):
    load_twice()
    assert Document.objects.count() == 6
    drafts = Document.objects.filter(shared=False)
    assert sorted(draft.agency.label for draft in drafts) == ["Children and Families", "Police"]
    assert Document.objects.values("agency").distinct().count() >= 3


def test_every_demo_file_passes_the_upload_check(db):
    load_twice()
    for document in Document.objects.all():
        with document.file.open("rb") as stored:
            content = stored.read()
        checked = check_upload(
            document.original_name, io.BytesIO(content), max_bytes=len(content), allowed=ALL_KINDS
        )
        assert checked.sha256 == document.sha256
        assert checked.content_type == document.content_type


def test_the_hand_built_pdf_has_a_correct_cross_reference_table():
    pdf = pdf_bytes("Title (with brackets)", "Body text " * 40)
    start = int(re.findall(rb"startxref\n(\d+)", pdf)[0])
    assert pdf[start : start + 4] == b"xref"
    offsets = re.findall(rb"(\d{10}) 00000 n", pdf[start:])
    assert len(offsets) == 5
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)
    length = int(re.findall(rb"/Length (\d+)", pdf)[0])
    stream_start = pdf.index(b"stream\n") + len(b"stream\n")
    assert pdf[stream_start + length : stream_start + length + 10] == b"\nendstream"
