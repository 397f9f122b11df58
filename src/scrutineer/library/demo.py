"""Demo data: six documents in Northbridge's evidence library, with small real files.

Synthetic throughout: the figures and findings are invented, and no child is named. The files
are built here (a one-page PDF written by hand, a CSV data pack, a minimal Word document) and
pass through the same ``check_upload`` as a real upload, so the demo cannot hold a file the
service would refuse. Idempotent: documents are matched on their title and a file is replaced
only when its content changes.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from scrutineer.core.demo import DemoReport, demo_step
from scrutineer.core.uploads import ALL_KINDS, check_upload
from scrutineer.partnership.models import Agency, Priority, User

from .models import Document

LONDON = ZoneInfo("Europe/London")
ADOLESCENTS = "Safeguarding adolescents"
DOMESTIC_ABUSE = "Children affected by domestic abuse"
FAMILY_HELP = "Safeguarding through family help"

# title, kind, agency short name, date, shared, uploader, priorities, file kind, summary
DOCUMENTS = [
    (
        "Children and Families annual safeguarding report 2024-25",
        Document.Kind.AGENCY_REPORT,
        "Children and Families",
        date(2025, 6, 30),
        True,
        "lead.council",
        [FAMILY_HELP, DOMESTIC_ABUSE],
        "pdf",
        "Contacts to the front door rose 6% on the year to 14,210. Re-referrals within 12 months "
        "fell from 21% to 18%. Child protection plans lasting two years or more stayed at 4%. "
        "Domestic abuse remained the most common factor recorded at assessment.",
    ),
    (
        "Police report on child exploitation trends, April 2024 to March 2025",
        Document.Kind.AGENCY_REPORT,
        "Police",
        date(2025, 5, 15),
        True,
        "lead.police",
        [ADOLESCENTS],
        "pdf",
        "Recorded crimes with a child criminal exploitation flag rose from 212 to 251, most "
        "involving children aged 14 to 17. Missing episodes fell 9%. Return home interviews "
        "were offered within 72 hours in 81% of episodes, up from 74%.",
    ),
    (
        "Ofsted focused visit letter: the front door",
        Document.Kind.INSPECTION,
        "Children and Families",
        date(2025, 2, 20),
        True,
        "business",
        [FAMILY_HELP],
        "pdf",
        "Inspectors found that thresholds are understood and applied consistently at the front "
        "door, and that strategy discussions are timely, with health present in most. Written "
        "records of decisions are not always clear about the reasons for them.",
    ),
    (
        "Partnership data pack, quarter 3 2024-25",
        Document.Kind.DATA,
        "Partnership",
        date(2025, 1, 31),
        True,
        "business",
        [ADOLESCENTS, DOMESTIC_ABUSE, FAMILY_HELP],
        "csv",
        "The multi-agency data set for October to December 2024: each agency's figures for the "
        "quarter against the same quarter a year before.",
    ),
    (
        "Domestic abuse notifications to schools: review of timeliness",
        Document.Kind.AGENCY_REPORT,
        "Police",
        date(2025, 7, 10),
        False,
        "lead.police",
        [DOMESTIC_ABUSE],
        "pdf",
        "A draft review of how quickly schools are told, before the next school day, that a "
        "child has been present at a domestic abuse incident. 88% of notifications were sent "
        "before 9am; weekend incidents were slowest.",
    ),
    (
        "Family help strategy 2025-2028 (consultation draft)",
        Document.Kind.STRATEGY,
        "Children and Families",
        date(2025, 7, 1),
        False,
        "lead.council",
        [FAMILY_HELP],
        "docx",
        "A consultation draft of the family help strategy: one front door for help and "
        "protection, lead practitioners from any agency, and family group decision-making "
        "offered at the first point of need.",
    ),
]

DATA_PACK_ROWS = [
    ("agency", "measure", "q3_2023_24", "q3_2024_25"),
    ("Children and Families", "Contacts to the front door", "3,402", "3,615"),
    ("Children and Families", "Re-referrals within 12 months (%)", "21", "18"),
    ("Children and Families", "Child protection plans started", "301", "288"),
    ("Police", "Domestic abuse incidents with a child present", "1,120", "1,184"),
    ("Police", "Missing episodes of children", "611", "556"),
    ("ICB", "Health attendance at initial child protection conferences (%)", "86", "91"),
    ("Education", "Notifications to schools before 9am (%)", "79", "88"),
]


def pdf_bytes(title: str, body: str) -> bytes:
    """A valid one-page A4 PDF with a heading and wrapped text, built by hand.

    Helvetica is one of the fonts every PDF reader has, so nothing is embedded; the cross-
    reference table's byte offsets are counted as the objects are written.
    """

    def literal(text: str) -> str:
        safe = text.encode("cp1252", "replace").decode("cp1252")
        return "(" + safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    lines = [f"BT /F1 16 Tf 56 780 Td {literal(title)} Tj ET"]
    y = 748
    for line in textwrap.wrap(body, 88):
        lines.append(f"BT /F1 11 Tf 56 {y} Td {literal(line)} Tj ET")
        y -= 16
    lines.append(f"BT /F1 9 Tf 56 60 Td {literal('Synthetic demo document. Not real data.')} Tj ET")
    stream = "\n".join(lines).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body_bytes + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def csv_bytes() -> bytes:
    lines = [
        ",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in DATA_PACK_ROWS
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def docx_bytes(title: str, body: str) -> bytes:
    """The smallest Word document Word opens: content types, one relationship, one body part."""

    def escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    paragraphs = "".join(
        f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>"
        for text in (title, body, "Synthetic demo document. Not real data.")
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paragraphs}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            # A fixed timestamp keeps the bytes, and so the SHA-256, the same on every run.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), text)
    return out.getvalue()


def file_for(kind: str, title: str, summary: str) -> bytes:
    if kind == "pdf":
        return pdf_bytes(title, summary)
    if kind == "csv":
        return csv_bytes()
    return docx_bytes(title, summary)


def file_name(title: str, kind: str) -> str:
    stem = "".join(char if char.isalnum() else "-" for char in title.lower())
    return "-".join(part for part in stem.split("-") if part)[:80] + f".{kind}"


@demo_step(order=20)
def load_documents(report: DemoReport) -> None:
    agencies = {agency.label: agency for agency in Agency.objects.all()}
    priorities = {priority.title: priority for priority in Priority.objects.all()}
    people = {user.username: user for user in User.objects.all()}
    for title, kind, agency, when, shared, uploader, tied_to, file_kind, summary in DOCUMENTS:
        content = file_for(file_kind, title, summary)
        name = file_name(title, file_kind)
        checked = check_upload(name, io.BytesIO(content), max_bytes=len(content), allowed=ALL_KINDS)
        uploaded_at = datetime.combine(when, datetime.min.time(), tzinfo=LONDON).replace(hour=10)
        values = {
            "kind": kind,
            "agency": agencies[agency],
            "summary": summary,
            "document_date": when,
            "shared": shared,
            "shared_at": uploaded_at if shared else None,
            "uploaded_by": people.get(uploader),
            "uploaded_at": uploaded_at,
            "original_name": name,
            "size_bytes": checked.size,
            "content_type": checked.content_type,
        }
        document, _ = Document.objects.update_or_create(
            title=title,
            defaults=values,
            create_defaults={
                **values,
                "file": ContentFile(content, name=f"demo.{checked.extension}"),
                "sha256": checked.sha256,
            },
        )
        if document.sha256 != checked.sha256 or not document.file.storage.exists(
            document.file.name or ""
        ):
            old = document.file.name
            document.file.save(f"demo.{checked.extension}", ContentFile(content), save=False)
            document.sha256 = checked.sha256
            document.save(update_fields=["file", "sha256"])
            if old and old != document.file.name and document.file.storage.exists(old):
                document.file.storage.delete(old)
        document.priorities.set([priorities[each] for each in tied_to if each in priorities])
    report.lines.append(f"Evidence library: {len(DOCUMENTS)} documents (two of them drafts).")
