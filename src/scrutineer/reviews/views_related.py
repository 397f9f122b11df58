"""Pages for the records that hang off a review: agencies' information requests and links to
parallel processes. Who may change them is who may change the review
(``Review.can_be_edited_by``); who may see them is who may see the review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import workdays
from .forms import InformationRequestForm, ParallelProcessForm
from .models import InformationRequest, ParallelProcess, Review
from .views import _log_read, _visible_review


def _editable_review(request: HttpRequest, pk: int) -> Review:
    review = _visible_review(request, pk)
    if not review.can_be_edited_by(request.user):
        raise PermissionDenied
    return review


def _page(request: HttpRequest, review: Review, form: object, title: str) -> HttpResponse:
    context = {
        "nav": "reviews",
        "form": form,
        "title": title,
        "review": review,
        "back": reverse("reviews:review", args=[review.pk]),
    }
    return render(request, "reviews/simple_form.html", context)


def information_request_form(
    request: HttpRequest, pk: int, request_pk: int | None = None
) -> HttpResponse:
    """Record a request for information to an agency, or change one (its reply, say)."""
    review = _editable_review(request, pk)
    instance = (
        get_object_or_404(review.information_requests, pk=request_pk)
        if request_pk is not None
        else InformationRequest(review=review)
    )
    form = InformationRequestForm(
        request.POST or None,
        instance=instance,
        review=review,
        today=workdays.today(),
        calendar=workdays.statutory_calendar(),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, f"Request to {saved.agency.label} saved")
        return HttpResponseRedirect(reverse("reviews:review", args=[review.pk]) + "#requests")
    if request.method != "POST":
        _log_read(request, review)
    title = "Change a request for information" if request_pk else "Ask an agency for information"
    return _page(request, review, form, title)


@require_POST
def information_request_remove(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    review = _editable_review(request, pk)
    get_object_or_404(review.information_requests, pk=request_pk).delete()
    messages.success(request, "Request for information removed")
    return HttpResponseRedirect(reverse("reviews:review", args=[review.pk]) + "#requests")


def parallel_process_form(
    request: HttpRequest, pk: int, process_pk: int | None = None
) -> HttpResponse:
    """Link the review to a parallel process, or change the link's status."""
    review = _editable_review(request, pk)
    instance = (
        get_object_or_404(review.parallel_processes, pk=process_pk)
        if process_pk is not None
        else ParallelProcess(review=review)
    )
    form = ParallelProcessForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, f"{saved.get_kind_display()} saved")
        return HttpResponseRedirect(reverse("reviews:review", args=[review.pk]) + "#parallel")
    if request.method != "POST":
        _log_read(request, review)
    title = "Change a parallel process" if process_pk else "Link a parallel process"
    return _page(request, review, form, title)


@require_POST
def parallel_process_remove(request: HttpRequest, pk: int, process_pk: int) -> HttpResponse:
    review = _editable_review(request, pk)
    get_object_or_404(review.parallel_processes, pk=process_pk).delete()
    messages.success(request, "Link to the parallel process removed")
    return HttpResponseRedirect(reverse("reviews:review", args=[review.pk]) + "#parallel")
