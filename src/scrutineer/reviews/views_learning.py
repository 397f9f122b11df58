"""Pages for the learning from reviews: practice themes, findings, the Learning page, themes
across reviews, the 7-minute briefing and the rapid review report.

A review's own learning pages find the review through ``Review.objects.visible_to`` (a 404 for
anyone else, as on the register). The Learning page and the released briefing's downloads use
the wider rules for published learning (``Finding.objects.published_to``,
``Briefing.objects.readable_by``). Every download is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutineer.core.accesslog import record_access

from . import documents, workdays
from .charts import count_chart_svg
from .forms_learning import (
    BriefingForm,
    FindingForm,
    LearningFilterForm,
    LearningPublicationForm,
    PracticeThemeForm,
)
from .learning import Briefing, Finding, PracticeTheme
from .models import EditConflict, Review
from .querysets import sees_review_counts
from .services import briefing_create, briefing_set_status, review_save_stage
from .themes import theme_report
from .views import CONFLICT_MESSAGE, _log_read, _visible_review

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_admin(request: HttpRequest) -> None:
    if not getattr(request.user, "can_administer", False):
        raise PermissionDenied


def _editable_review(request: HttpRequest, pk: int) -> Review:
    review = _visible_review(request, pk)
    if not review.can_be_edited_by(request.user):
        raise PermissionDenied
    return review


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, **extra: Any
) -> HttpResponse:
    context = {"nav": "reviews", "form": form, "title": title, "back": back, **extra}
    return render(request, "reviews/simple_form.html", context)


# ---- practice themes (business unit) ------------------------------------------------------


def themes(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    found = PracticeTheme.objects.all()
    used = set(Finding.themes.through.objects.values_list("practicetheme_id", flat=True))
    rows = [(theme, theme.pk in used) for theme in found]
    return render(request, "reviews/themes.html", {"nav": "reviews", "rows": rows})


def theme_form(request: HttpRequest, theme_pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    theme = get_object_or_404(PracticeTheme, pk=theme_pk) if theme_pk else PracticeTheme()
    form = PracticeThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Practice theme {form.instance.name} saved")
        return HttpResponseRedirect(reverse("reviews:themes"))
    title = "Change a practice theme" if theme.pk else "Add a practice theme"
    return _form_page(request, form, title, reverse("reviews:themes"))


@require_POST
def theme_delete(request: HttpRequest, theme_pk: int) -> HttpResponse:
    """Delete a theme nobody has used. A theme in use is kept (past counts need it): switch it
    off instead."""
    _require_admin(request)
    theme = get_object_or_404(PracticeTheme, pk=theme_pk)
    if theme.in_use:
        messages.error(
            request, f"{theme.name} is used by findings, so it cannot be deleted. Switch it off."
        )
    else:
        theme.delete()
        messages.success(request, f"Practice theme {theme.name} deleted")
    return HttpResponseRedirect(reverse("reviews:themes"))


# ---- a review's learning ------------------------------------------------------------------


def review_learning(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    _log_read(request, review)
    findings = review.findings.prefetch_related("themes", "priorities", "agencies")
    context = {
        "nav": "reviews",
        "review": review,
        "findings": findings,
        "briefing": Briefing.objects.filter(review=review).first(),
        "can_edit": review.can_be_edited_by(request.user),
    }
    return render(request, "reviews/review_learning.html", context)


def finding_form(request: HttpRequest, pk: int, finding_pk: int | None = None) -> HttpResponse:
    review = _editable_review(request, pk)
    finding = (
        get_object_or_404(review.findings, pk=finding_pk) if finding_pk else Finding(review=review)
    )
    form = FindingForm(request.POST or None, instance=finding)
    back = reverse("reviews:review_learning", args=[review.pk])
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Finding saved")
        return HttpResponseRedirect(back)
    title = "Change a finding" if finding.pk else "Add a finding"
    return _form_page(request, form, title, back, review=review)


@require_POST
def finding_delete(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    review = _editable_review(request, pk)
    get_object_or_404(review.findings, pk=finding_pk).delete()
    messages.success(request, "Finding removed")
    return HttpResponseRedirect(reverse("reviews:review_learning", args=[review.pk]))


def learning_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the learning (or withdraw it), with the review's edit-conflict check."""
    review = _editable_review(request, pk)
    form = LearningPublicationForm(request.POST or None, instance=review, today=workdays.today())
    back = reverse("reviews:review_learning", args=[review.pk])
    if request.method == "POST" and form.is_valid():
        try:
            review_save_stage(
                review=form.instance,
                fields=form.stage_fields,
                expected_version=form.expected_version(),
            )
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return _form_page(request, form, "Publish the learning", back, review=review)
        messages.success(request, "Publication of the learning saved")
        return HttpResponseRedirect(back)
    return _form_page(request, form, "Publish the learning", back, review=review)


# ---- across reviews -----------------------------------------------------------------------


def learning(request: HttpRequest) -> HttpResponse:
    """Published learning from every review, for everyone signed in."""
    filters = LearningFilterForm(request.GET or None)
    findings = filters.filter(
        Finding.objects.published_to(request.user)
        .select_related("review")
        .prefetch_related("themes", "priorities", "agencies")
        .order_by("-review__learning_published_on", "review__name", "kind", "pk")
    )
    page = Paginator(findings, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    briefings = (
        Briefing.objects.readable_by(request.user)
        .filter(status="released", review__learning_published_on__isnull=False)
        .select_related("review")
        .order_by("-released_on")
    )
    context = {
        "nav": "reviews",
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "briefings": briefings,
    }
    return render(request, "reviews/learning.html", context)


def themes_across(request: HttpRequest) -> HttpResponse:
    """Counts only, for the scrutineer, the business unit and the Executive."""
    if not sees_review_counts(request.user):
        raise PermissionDenied
    report = theme_report(Review.objects.counted_for(request.user))
    charts = [(table, count_chart_svg(table)) for table in report.tables] if report.reviews else []
    context = {"nav": "reviews", "report": report, "charts": charts}
    return render(request, "reviews/themes_across.html", context)


# ---- the 7-minute briefing ----------------------------------------------------------------


def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    found = Briefing.objects.filter(review=review).first()
    can_edit = review.can_be_edited_by(request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if found is None:
            briefing_create(review=review, by=request.user)
            messages.success(request, "Briefing drafted from the findings. Check every section.")
        elif "release" in request.POST or "draft" in request.POST:
            briefing_set_status(briefing=found, released="release" in request.POST, by=request.user)
            messages.success(request, "Briefing released" if found.is_released else "Back to draft")
        return HttpResponseRedirect(reverse("reviews:briefing", args=[review.pk]))
    _log_read(request, review)
    context = {"nav": "reviews", "review": review, "briefing": found, "can_edit": can_edit}
    return render(request, "reviews/briefing.html", context)


def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _editable_review(request, pk)
    found = get_object_or_404(Briefing, review=review)
    back = reverse("reviews:briefing", args=[review.pk])
    if found.is_released:
        messages.error(request, "This briefing is released. Take it back to draft to edit it.")
        return HttpResponseRedirect(back)
    form = BriefingForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        form.save()
        messages.success(request, "Briefing saved")
        return HttpResponseRedirect(back)
    return _form_page(request, form, "Edit the 7-minute briefing", back, review=review)


def briefing_download(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """The briefing as DOCX or PDF: for whoever may read it (``Briefing.readable_by``)."""
    found = get_object_or_404(
        Briefing.objects.readable_by(request.user).select_related("review"), review_id=pk
    )
    if extension == "docx":
        content, content_type = documents.briefing_docx(found), DOCX
    elif extension == "pdf":
        content, content_type = documents.briefing_pdf(found), "application/pdf"
    else:
        raise Http404("No such format")
    record_access(
        request,
        action="download",
        object_type="reviews.briefing",
        object_id=found.pk,
        description=f"{found.title} ({extension.upper()}, {found.get_status_display().lower()})",
    )
    return _attachment(
        content, content_type, documents.download_name(found.review, "7-minute-briefing", extension)
    )


def rapid_review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft rapid review report (DOCX), for those who may open the review."""
    review = _visible_review(request, pk)
    content = documents.rapid_review_docx(review)
    record_access(
        request,
        action="download",
        object_type="reviews.review",
        object_id=review.pk,
        description=f"Rapid review report: {review.name} (DOCX)",
    )
    return _attachment(content, DOCX, documents.download_name(review, "rapid-review", "docx"))


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
