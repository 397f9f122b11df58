"""Business unit pages for the access log: browse and filter it, check the chain, export CSV.

The page never checks the chain by itself: checking reads every entry, so it runs only when
someone presses the button (a POST). Exports are recorded in the log like any other export.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reselect, reswap, retarget

from .accesslog import csv_rows, export_access_log, verify_chain
from .forms_accesslog import AccessLogFilterForm
from .models import AccessLogEntry

PAGE_SIZE = 50


def business_unit_only(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Only the business unit may see the log (``core`` cannot import partnership's roles)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not getattr(request.user, "can_administer", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _filter_form(request: HttpRequest) -> AccessLogFilterForm:
    types = (
        AccessLogEntry.objects.order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
    return AccessLogFilterForm(request.GET or None, record_types=list(types))


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@business_unit_only
@require_http_methods(["GET", "POST"])
def access_log_page(request: HttpRequest) -> HttpResponse:
    """The log, newest first, 50 a page; POST checks the chain and shows the result."""
    filters = _filter_form(request)
    valid = not filters.is_bound or filters.is_valid()
    page = None
    if valid:
        found = AccessLogEntry.objects.matching(**filters.filters()).order_by("-id")
        paginator = Paginator(found, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    context = {
        # The log is one of the business unit's "Manage" pages.
        "nav": "partnership",
        "form": filters,
        "page": page,
        "query": _query(request),
        "filtered": bool(filters.is_bound and any(filters.filters().values())),
        "chain": verify_chain() if request.method == "POST" else None,
        "checked_at": timezone.now(),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        if valid:
            return render(request, "core/access_log_results.html", context)
        # The filters are wrong: swap in the whole page so the error summary and the
        # messages by the fields are shown, not only the results.
        response = render(request, "core/access_log.html", context)
        return reswap(retarget(reselect(response, "#main-content"), "#main-content"), "outerHTML")
    return render(request, "core/access_log.html", context)


class _Echo:
    """A file-like object whose ``write`` hands the line back, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


@business_unit_only
@require_GET
def access_log_csv(request: HttpRequest) -> HttpResponseBase:
    """The entries the filters find, as CSV, oldest first; the export is itself logged.

    Wrong filters send the person back to the page, which shows what is wrong, rather than
    exporting the whole log.
    """
    filters = _filter_form(request)
    if filters.is_bound and not filters.is_valid():
        return HttpResponseRedirect(f"{reverse('access_log')}?{_query(request)}")
    found = AccessLogEntry.objects.matching(**filters.filters())
    entries, _ = export_access_log(
        request, entries=found, where=f"from the access log page {filters.describe()}"
    )
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in csv_rows(entries.iterator(chunk_size=2000)))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
