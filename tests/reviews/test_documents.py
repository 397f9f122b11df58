"""The 7-minute briefing (DOCX, PDF) and the rapid review report (DOCX), opened and read back."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from scrutineer.reviews import documents
from scrutineer.reviews.learning import BRIEFING_SECTIONS, Briefing, FindingKind
from scrutineer.reviews.models import ParallelProcess, RapidReviewMeeting, Review
from scrutineer.reviews.services import briefing_create, briefing_set_status
from tests.factories import make_user, sign_in

from .factories import published_lcspr
from .learning_factories import make_finding
from .pdftext import info_title, pdf_text

D = dt.date
MARKERS = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b(?! known)|<[a-z]+|\[\[")


@pytest.fixture
def child_p(dana, council):
    review = published_lcspr("Child P", team=(dana,), panel_reference="CSPR-123")
    make_finding(
        review, "Health and police did not share a domestic abuse incident.", agencies=(council,)
    )
    make_finding(
        review,
        "The school nurse listened to the child and recorded what she said.",
        kind=FindingKind.GOOD_PRACTICE,
        themes=("Voice and lived experience of the child",),
    )
    RapidReviewMeeting.objects.create(review=review, held_on=D(2024, 4, 15), purpose="Sign-off")
    return review


@pytest.fixture
def briefing(child_p, dana) -> Briefing:
    return briefing_create(review=child_p, by=dana)


def docx_text(content: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


def headings(document, level: int) -> list[str]:
    return [
        p.text for p in document.paragraphs if getattr(p.style, "name", "") == f"Heading {level}"
    ]


# ---- the briefing, drafted ----------------------------------------------------------------


def test_the_draft_briefing_is_filled_from_the_findings(briefing):
    assert "Health and police did not share" in briefing.learning
    assert briefing.learning.startswith("- ")
    assert "school nurse" in briefing.good_practice
    assert "information sharing" in briefing.why_it_matters
    assert "How does voice and lived experience of the child show" in briefing.questions
    assert briefing.what_happened == "A baby was taken to hospital with a head injury."
    assert "Child P" in briefing.background
    assert "under 1" in briefing.background
    assert briefing.status == "draft"


def test_drafting_twice_keeps_the_teams_edits(briefing, dana):
    Briefing.objects.filter(pk=briefing.pk).update(background="Edited by the team.")
    again = briefing_create(review=briefing.review, by=dana)
    assert again.pk == briefing.pk
    assert again.background == "Edited by the team."


# ---- the briefing as documents ------------------------------------------------------------


def test_the_briefing_docx_has_the_seven_sections_and_their_text(briefing):
    document, text = docx_text(documents.briefing_docx(briefing))
    assert document.core_properties.title == "7-minute briefing: Child P"
    assert headings(document, 1) == [
        f"{n}. {heading}" for n, (_, heading, _) in enumerate(BRIEFING_SECTIONS, start=1)
    ]
    assert "Health and police did not share a domestic abuse incident." in text
    assert "The school nurse listened to the child" in text
    assert not MARKERS.search(text), MARKERS.search(text)
    bullets = [p for p in document.paragraphs if getattr(p.style, "name", "") == "List Bullet"]
    assert any("Health and police" in p.text for p in bullets)


def test_a_draft_briefing_is_marked_as_a_draft_and_a_released_one_is_not(briefing, dana):
    draft, _ = docx_text(documents.briefing_docx(briefing))
    assert "DRAFT" in draft.sections[0].header.paragraphs[0].text
    briefing_set_status(briefing=briefing, released=True, by=dana)
    released, _ = docx_text(documents.briefing_docx(briefing))
    assert released.sections[0].header.paragraphs[0].text == ""


def test_the_briefing_pdf_has_a_title_and_the_learning_as_text(briefing):
    content = documents.briefing_pdf(briefing)
    assert content.startswith(b"%PDF-")
    assert info_title(content) == "7-minute briefing: Child P"
    text = pdf_text(content)
    assert "7-minute briefing: Child P" in text
    assert "Questions to consider" in text
    assert "Health and police did not share" in text


def test_the_briefing_html_for_the_pdf_has_a_real_title(briefing):
    assert "<title>7-minute briefing: Child P</title>" in documents.briefing_html(briefing)


# ---- the rapid review report --------------------------------------------------------------


def test_the_rapid_review_report_has_the_domain_sections(child_p):
    document, text = docx_text(documents.rapid_review_docx(child_p))
    assert document.core_properties.title == "Rapid review: Child P"
    assert headings(document, 1) == [
        "1. Reference and dates",
        "2. The child and family",
        "3. The incident and current position",
        "4. Agencies' involvement",
        "5. Analysis",
        "6. Immediate safeguarding actions",
        "7. Learning",
        "8. Decision and rationale",
        "9. Family involvement",
        "10. Parallel processes",
        "11. Sign-off by the three safeguarding partners",
    ]
    assert "OFFICIAL-SENSITIVE" in document.sections[0].header.paragraphs[0].text
    assert not MARKERS.search(text), MARKERS.search(text)


def test_the_rapid_review_report_fills_in_what_the_register_holds(child_p):
    _, text = docx_text(documents.rapid_review_docx(child_p))
    assert "CSPR-123" in text
    assert "28 March 2024" in text  # became aware
    assert "4 April 2024, deadline 8 April 2024: On time" in text  # 5 working days, Easter
    assert "24 April 2024, deadline 25 April 2024: On time" in text  # 15 working days
    assert "15 April 2024 (Sign-off)" in text
    assert "Under 1" in text
    assert "White" in text
    assert "Health and police did not share" in text
    assert "Learning about information sharing between health and police." in text
    assert "Testshire Children's Services" in text


def test_the_rapid_review_report_marks_what_the_team_must_write(child_p):
    document, text = docx_text(documents.rapid_review_docx(child_p))
    assert text.count(documents.TO_WRITE) >= 10
    household = [p.text for p in document.paragraphs].index("Household")
    assert document.paragraphs[household + 1].text.startswith(documents.TO_WRITE)
    sign_off = document.tables[-1]
    assert [row.cells[0].text for row in sign_off.rows] == [
        "Partner",
        "Local authority",
        "Integrated care board",
        "Chief officer of police",
    ]


# ---- pages and downloads ------------------------------------------------------------------


def test_the_team_drafts_edits_and_releases_the_briefing(child_p, dana_client):
    url = reverse("reviews:briefing", args=[child_p.pk])
    assert dana_client.post(url).status_code == 302
    found = Briefing.objects.get(review=child_p)
    data = {field: getattr(found, field) for field, _, _ in BRIEFING_SECTIONS}
    data["background"] = "Rewritten background."
    edit = reverse("reviews:briefing_edit", args=[child_p.pk])
    assert dana_client.post(edit, data).status_code == 302
    assert dana_client.post(url, {"release": "1"}).status_code == 302
    found.refresh_from_db()
    assert (found.background, found.status) == ("Rewritten background.", "released")
    assert found.released_on is not None
    # Released: fixed until taken back to draft.
    dana_client.post(edit, {**data, "background": "Changed after release."})
    found.refresh_from_db()
    assert found.background == "Rewritten background."


def test_the_scrutineer_reads_the_briefing_but_cannot_edit_it(briefing, alice_client):
    url = reverse("reviews:briefing", args=[briefing.review.pk])
    assert alice_client.get(url).status_code == 200
    assert alice_client.post(url, {"release": "1"}).status_code == 403
    assert (
        alice_client.get(reverse("reviews:briefing_edit", args=[briefing.review.pk])).status_code
        == 403
    )


def download(client: Client, review: Review, extension: str):
    return client.get(reverse("reviews:briefing_download", args=[review.pk, extension]))


def test_a_draft_briefing_is_not_downloaded_outside_the_team(briefing, charlie_client):
    Review.objects.filter(pk=briefing.review.pk).update(learning_published_on=D(2024, 11, 1))
    assert download(charlie_client, briefing.review, "pdf").status_code == 404


def test_a_released_briefing_is_not_downloaded_outside_the_team_until_learning_is_published(
    briefing, dana, charlie_client
):
    briefing_set_status(briefing=briefing, released=True, by=dana)
    assert download(charlie_client, briefing.review, "docx").status_code == 404
    Review.objects.filter(pk=briefing.review.pk).update(learning_published_on=D(2024, 11, 1))
    assert download(charlie_client, briefing.review, "docx").status_code == 200


@pytest.mark.parametrize("extension", ["docx", "pdf"])
def test_downloading_the_briefing_is_logged(briefing, dana, partnership, extension):
    briefing_set_status(briefing=briefing, released=True, by=dana)
    Review.objects.filter(pk=briefing.review.pk).update(learning_published_on=D(2024, 11, 1))
    client = sign_in(Client(), make_user("vera", Role.VIEWER))
    response = download(client, briefing.review, extension)
    assert response.status_code == 200
    assert f'filename="Child-P-7-minute-briefing.{extension}"' in response["Content-Disposition"]
    entry = AccessLogEntry.objects.latest("at")
    assert (entry.action, entry.object_type, entry.object_id, entry.username) == (
        "download",
        "reviews.briefing",
        str(briefing.pk),
        "vera",
    )


def test_an_unknown_format_is_not_found(briefing, dana_client):
    assert download(dana_client, briefing.review, "xlsx").status_code == 404


def test_the_team_downloads_the_rapid_review_report_and_it_is_logged(child_p, dana_client):
    response = dana_client.get(reverse("reviews:rapid_review_report", args=[child_p.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    docx.Document(io.BytesIO(response.content))
    entry = AccessLogEntry.objects.latest("at")
    assert (entry.action, entry.object_type, entry.description) == (
        "download",
        "reviews.review",
        "Rapid review report: Child P (DOCX)",
    )


def test_the_rapid_review_report_is_not_for_someone_off_the_team(child_p, charlie_client):
    Review.objects.filter(pk=child_p.pk).update(learning_published_on=D(2024, 11, 1))
    url = reverse("reviews:rapid_review_report", args=[child_p.pk])
    assert charlie_client.get(url).status_code == 404


def test_the_rapid_review_report_lists_parallel_processes_and_family_involvement(child_p):
    ParallelProcess.objects.create(
        review=child_p, kind="child_death", reference="Testshire CDOP", status="under_way"
    )
    child_p.family_involved = "The reviewer met the child's grandmother."
    child_p.family_involved_on = dt.date(2024, 6, 7)
    child_p.save()
    document, text = docx_text(documents.rapid_review_docx(child_p))
    paragraphs = [p.text for p in document.paragraphs]
    parallel = paragraphs.index("10. Parallel processes")
    assert paragraphs[parallel + 1] == "Child death review (Testshire CDOP): under way"
    assert "Domestic homicide review: " + documents.TO_WRITE not in text
    family = paragraphs.index("9. Family involvement")
    assert paragraphs[family + 1] == "The reviewer met the child's grandmother. (7 June 2024)"
