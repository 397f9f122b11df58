"""The review documents: the 7-minute briefing (DOCX and PDF) and the rapid review report (DOCX).

One small interface: ``briefing_docx(briefing)``, ``briefing_pdf(briefing)`` and
``rapid_review_docx(review)``, each returning the file's bytes. DOCX because partners edit in
Word; PDF from an HTML template through WeasyPrint, so the briefing looks the same on the page and
on paper. No child's name is ever written: only the review's name ("Child Q") and the categories
the review already stores.

The rapid review report is a draft for the team: what the register holds is filled in, and each
section it does not hold is a heading with a marked line, "To be written by the review team",
so nothing is silently missing.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt, RGBColor

from . import workdays
from .clocks import Clock
from .learning import Briefing, FindingKind, paragraphs
from .models import Review

TO_WRITE = "To be written by the review team."
MARKING = "OFFICIAL-SENSITIVE"
PARALLEL_PROCESSES = (
    "Child death review",
    "Domestic homicide review",
    "Safeguarding adult review",
    "Independent Office for Police Conduct (IOPC)",
    "Coroner's inquest",
)
SIGN_OFF = (
    "Local authority",
    "Integrated care board",
    "Chief officer of police",
)


def _partnership_name() -> str:
    from scrutineer.partnership.models import Partnership

    partnership = Partnership.load()
    return partnership.name if partnership else "Safeguarding children partnership"


def _new_document(title: str, *, marking: str = "") -> DocxDocument:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = _partnership_name()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    if marking:
        document.sections[0].header.paragraphs[0].text = marking
    return document


def _write_text(document: DocxDocument, text: str) -> None:
    for kind, value in paragraphs(text):
        document.add_paragraph(value, style="List Bullet" if kind == "li" else None)


def _to_write(document: DocxDocument, what: str = "") -> None:
    """A clearly marked gap: bold red, so the team cannot miss it."""
    run = document.add_paragraph().add_run(f"{TO_WRITE} {what}".strip())
    run.bold = True
    run.font.color.rgb = RGBColor(0xD4, 0x35, 0x1C)


def _save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---- the 7-minute briefing ----------------------------------------------------------------


def briefing_docx(briefing: Briefing) -> bytes:
    document = _new_document(
        briefing.title, marking="" if briefing.is_released else "DRAFT: not for circulation"
    )
    document.add_heading(briefing.title, level=0)
    document.add_paragraph(f"{_partnership_name()}. Seven short sections to read in seven minutes.")
    for number, heading, section in briefing.sections():
        document.add_heading(f"{number}. {heading}", level=1)
        if not section:
            document.add_paragraph("Nothing recorded.")
        for kind, content in section:
            for value in content if kind == "ul" else [content]:
                document.add_paragraph(value, style="List Bullet" if kind == "ul" else None)
    return _save(document)


def briefing_html(briefing: Briefing) -> str:
    return render_to_string(
        "reviews/briefing_pdf.html",
        {"briefing": briefing, "partnership_name": _partnership_name()},
    )


def briefing_pdf(briefing: Briefing) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which most requests never need

    return bytes(HTML(string=briefing_html(briefing)).write_pdf())


# ---- the rapid review report --------------------------------------------------------------


def _clock_text(clock: Clock | None) -> str:
    if clock is None:
        return "Not started"
    if clock.done:
        return f"{clock.done:%-d %B %Y}, deadline {clock.deadline:%-d %B %Y}: {clock.summary}"
    return f"Not yet; deadline {clock.deadline:%-d %B %Y}: {clock.summary}"


def _table(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
        cells[0].paragraphs[0].runs[0].bold = True


def rapid_review_docx(review: Review) -> bytes:
    """A draft of the rapid review report, in the sections local templates use."""
    today, calendar = workdays.today(), workdays.statutory_calendar()
    clocks = {c.code: c for c in review.clocks(today=today, calendar=calendar)}
    title = f"Rapid review: {review.name}"
    document = _new_document(title, marking=f"{MARKING}: draft for the review team")
    document.add_heading(title, level=0)
    document.add_paragraph(
        f"{_partnership_name()}. Drafted from the case review register on {today:%-d %B %Y}; "
        "check every entry, and write the sections marked for the team."
    )

    document.add_heading("1. Reference and dates", level=1)
    meetings = "; ".join(
        f"{m.held_on:%-d %B %Y}" + (f" ({m.purpose})" if m.purpose else "")
        for m in review.meetings.all()
    )
    start = review.rapid_review_start_on
    _table(
        document,
        [
            ("Review", review.name),
            ("National Panel reference", review.panel_reference or "None recorded"),
            ("Incident date", f"{review.incident_on:%-d %B %Y}"),
            ("Local authority became aware", f"{review.became_aware_on:%-d %B %Y}"),
            ("Notification (5 working days)", _clock_text(clocks.get("notification"))),
            (
                "Rapid review starts from",
                review.get_rapid_review_starts_from_display()
                + (f" ({start:%-d %B %Y})" if start else ""),
            ),
            ("Meetings", meetings or "None recorded"),
            ("Sent to the Panel (15 working days)", _clock_text(clocks.get("rapid_review"))),
        ],
    )

    document.add_heading("2. The child and family", level=1)
    _table(
        document,
        [
            ("Age", review.get_age_band_display()),
            ("Sex", review.get_sex_display()),
            ("Ethnicity", review.get_ethnicity_display()),
            ("Disabled", review.get_disability_display()),
            ("Legal status", review.get_legal_status_display()),
        ],
    )
    document.add_heading("Household", level=2)
    _to_write(document, "Who lived in the household, described without names.")

    document.add_heading("3. The incident and current position", level=1)
    document.add_paragraph(review.incident_summary)
    criteria = [review.get_harm_display()]
    if review.abuse_or_neglect:
        criteria.append("Abuse or neglect known or suspected")
    if review.looked_after_death:
        criteria.append("Death of a looked-after child")
    if review.regulated_setting_death:
        criteria.append("Death in a regulated setting")
    document.add_paragraph("Criteria met: " + "; ".join(criteria) + ".")
    document.add_heading("Current position (police, coroner, court)", level=2)
    _to_write(document)

    document.add_heading("4. Agencies' involvement", level=1)
    findings = list(review.findings.prefetch_related("themes", "agencies"))
    agencies = sorted(
        {a.label for f in findings for a in f.agencies.all()}
        | {p.agency.label for p in review.team.select_related("agency") if p.agency}
    )
    for agency in agencies:
        document.add_heading(agency, level=2)
        _to_write(document, "This agency's involvement with the child and family.")
    document.add_heading("Integrated chronology", level=2)
    _to_write(document)

    document.add_heading("5. Analysis", level=1)
    for heading in (
        "Key practice episodes",
        "The voice and lived experience of the child",
        "The impact of race, culture and disability",
    ):
        document.add_heading(heading, level=2)
        _to_write(document)

    document.add_heading("6. Immediate safeguarding actions", level=1)
    _to_write(document, "Actions taken or needed now to keep this child and others safe.")

    document.add_heading("7. Learning", level=1)
    for kind, heading in (
        (FindingKind.SHORTFALL, "Learning"),
        (FindingKind.GOOD_PRACTICE, "Good practice"),
    ):
        chosen = [f for f in findings if f.kind == kind]
        document.add_heading(heading, level=2)
        if not chosen:
            _to_write(document)
        for finding in chosen:
            themes = ", ".join(t.name for t in finding.themes.all())
            document.add_paragraph(
                finding.text + (f" (Themes: {themes}.)" if themes else ""), style="List Bullet"
            )

    document.add_heading("8. Decision and rationale", level=1)
    if review.decision:
        document.add_paragraph(f"Decision: {review.get_decision_display()}.")
        _write_text(document, review.decision_rationale)
    else:
        _to_write(document, "The decision (LCSPR, no LCSPR or another learning review) and why.")
    document.add_heading("National review", level=2)
    document.add_paragraph(review.get_national_review_display() + ".")

    document.add_heading("9. Family involvement", level=1)
    if review.family_involved:
        when = f" ({review.family_involved_on:%-d %B %Y})" if review.family_involved_on else ""
        document.add_paragraph(f"{review.family_involved}{when}")
    else:
        _to_write(document, "How the family was told about the review and will be involved.")

    document.add_heading("10. Parallel processes", level=1)
    linked = list(review.parallel_processes.all())
    for process in linked:
        reference = f" ({process.reference})" if process.reference else ""
        document.add_paragraph(
            f"{process.get_kind_display()}{reference}: {process.get_status_display().lower()}",
            style="List Bullet",
        )
    if not linked:
        for name in PARALLEL_PROCESSES:
            document.add_paragraph(f"{name}: ", style="List Bullet").add_run(TO_WRITE).bold = True

    document.add_heading("11. Sign-off by the three safeguarding partners", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Partner", "Name", "Role", "Date"), strict=True):
        cell.text = text
    for partner in SIGN_OFF:
        table.add_row().cells[0].text = partner
    return _save(document)


def download_name(review: Any, kind: str, extension: str) -> str:
    """A file name without spaces or anything a header or a file system would mind."""
    safe = "".join(c if c.isalnum() else "-" for c in str(review.name)).strip("-")
    return f"{safe}-{kind}.{extension}"
