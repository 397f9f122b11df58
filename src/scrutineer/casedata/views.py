"""Pages for case-level data: the overview, imports and their validation reports, uploads,
and the pseudonym look-up.

Who may do what is in ``querysets.py``: the local authority's own people and the Independent
Scrutineer handle imports; only the local authority's own people look up pseudonyms. Every
view of a snapshot's problems and every look-up is written to the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.http import HttpResponseClientRefresh

from scrutineer.core.accesslog import record_access
from scrutineer.core.uploads import size_limit_message

from .forms import LookupForm, ProblemFilterForm, UploadForm
from .importers.base import ImportRefused
from .models import Format, Snapshot, SnapshotProblem
from .querysets import handles_case_data, looks_up_pseudonyms
from .services import (
    max_import_bytes,
    partnership_la,
    pseudonym_lookup,
    snapshot_prepare,
    upload_discard,
    upload_folder_new,
)
from .tasks import import_upload_enqueue

SNAPSHOTS_PAGE = 25
PROBLEMS_PAGE = 50
# Room in a request for the form's other fields and the multipart boundaries around the files.
FORM_ALLOWANCE_BYTES = 256 * 1024

SEVERAL_FILES_REFUSED = (
    "The selected files are not the tables of one SSDA903 return. Upload a CIN census or "
    "Annex A file on its own, or select all the CSV tables of one SSDA903 return together"
)

View = Callable[..., HttpResponse]


def case_data_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not handles_case_data(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def rule_label(rule: str) -> str:
    """``dates_out_of_order`` -> 'Dates out of order'."""
    return rule.replace("_", " ").strip().capitalize() or rule


def index(request: HttpRequest) -> HttpResponse:
    """Everyone signed in learns what this part holds; those who may, see the snapshots."""
    handles = handles_case_data(request.user)
    current = Snapshot.objects.visible_to(request.user).current().order_by("format", "la")
    context = {
        "nav": "casedata",
        "handles": handles,
        "looks_up": looks_up_pseudonyms(request.user),
        "current": list(current) if handles else [],
    }
    return render(request, "casedata/index.html", context)


@case_data_required
def snapshots(request: HttpRequest) -> HttpResponse:
    found = Snapshot.objects.visible_to(request.user).select_related("created_by")
    page = Paginator(found, SNAPSHOTS_PAGE).get_page(request.GET.get("page"))
    return render(request, "casedata/snapshots.html", {"nav": "casedata", "page": page})


@csrf_exempt
@case_data_required
def upload(request: HttpRequest) -> HttpResponse:
    """Refuse an oversized request before anything reads its body, then handle the form.

    As on the library's upload page: Django would write a huge body to temporary files while
    parsing it, so the declared length is checked first, and CSRF protection (which parses
    the body) runs after, in ``_upload``.
    """
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_import_bytes() + FORM_ALLOWANCE_BYTES:
            form = UploadForm.too_large(size_limit_message(max_import_bytes()))
            return _render_upload(request, form, status=413)
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    la = partnership_la()
    if request.method != "POST":
        return _render_upload(request, UploadForm(), la=la)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form, la=la)
    if la is None:
        form.add_error(None, "Set up the partnership's local authority code before importing")
        return _render_upload(request, form, la=la)
    folder = upload_folder_new()
    path = folder
    try:
        path = form.save_files(folder)
        prepared = snapshot_prepare(
            path=path,
            la=la,
            source_name=form.source_name,
            reference_date=form.cleaned_data.get("reference_date"),
            user=request.user,
        )
    except ImportRefused as refused:
        # Several files are imported as one folder, whose name is ours, not the uploader's.
        several = path == folder
        upload_discard(folder)
        form.add_error("upload", SEVERAL_FILES_REFUSED if several else str(refused))
        return _render_upload(request, form, la=la)
    except BaseException:
        upload_discard(folder)
        raise
    snapshot = prepared.snapshot
    if prepared.created:
        import_upload_enqueue(snapshot=snapshot, path=path, folder=folder)
    else:
        upload_discard(folder)
        messages.info(request, prepared.message)
    return HttpResponseRedirect(reverse("casedata:snapshot", args=[snapshot.pk]))


def _render_upload(
    request: HttpRequest, form: UploadForm, *, la: str | None = None, status: int = 200
) -> HttpResponse:
    context = {"nav": "casedata", "form": form, "la": la, "formats": Format.choices}
    return render(request, "casedata/upload.html", context, status=status)


@never_cache
@case_data_required
def snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    """An import: its progress while it runs (polled by htmx, or refreshed by hand), then its
    validation report."""
    found = get_object_or_404(
        Snapshot.objects.visible_to(request.user).select_related("created_by"), pk=pk
    )
    running = not found.finished and not found.is_stale()
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        if running:
            return render(request, "casedata/_progress.html", {"snapshot": found})
        # Finished: load the whole page, with its report, in place of the progress.
        return HttpResponseClientRefresh()
    context: dict[str, Any] = {"nav": "casedata", "snapshot": found, "running": running}
    if found.status == Snapshot.Status.COMPLETE:
        context.update(_report(request, found))
    return render(request, "casedata/snapshot.html", context)


def _report(request: HttpRequest, found: Snapshot) -> dict[str, Any]:
    """The validation report: counts by rule, then the problems by child and record."""
    counts = found.problem_counts_sorted()
    filters = ProblemFilterForm(
        request.GET or None, rules=[(rule, rule_label(rule)) for rule, _ in counts]
    )
    chosen = filters.filters()
    problems = SnapshotProblem.objects.visible_to(request.user).filter(snapshot=found)
    page = Paginator(problems.matching(**chosen), PROBLEMS_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    shown = ", ".join(f"{name} {value}" for name, value in chosen.items() if value)
    record_access(
        request,
        action="read",
        object_type="casedata.snapshot",
        object_id=found.pk,
        description=(
            f"Validation report of snapshot {found.pk} ({found.source_name}), page "
            f"{page.number}{', ' + shown if shown else ''}"
        ),
    )
    return {
        "counts": [(rule, rule_label(rule), count) for rule, count in counts],
        "filters": filters,
        "filtered": any(chosen.values()),
        "page": page,
        "query": query.urlencode(),
        "labels": {rule: rule_label(rule) for rule, _ in counts},
    }


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """Turn a child ID the local authority holds into its pseudonym, or check one."""
    if not looks_up_pseudonyms(request.user):
        raise PermissionDenied
    la = partnership_la()
    form = LookupForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        if la is None:
            form.add_error(None, "Set up the partnership's local authority code first")
        else:
            result = pseudonym_lookup(
                request,
                identifier=form.cleaned_data["identifier"],
                check=form.cleaned_data["check"],
                la=la,
            )
    context = {"nav": "casedata", "form": form, "result": result, "la": la}
    return render(request, "casedata/lookup.html", context)
