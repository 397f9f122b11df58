"""The case sampling page: choose children for a multi-agency audit, see them, download them.

Only people who may handle case-level data (``querysets.handles_case_data``) reach it. Every
sample shown is a read of case-level data and every CSV a download: both go to the access log.
"""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from scrutineer.core.accesslog import record_access

from . import store
from .forms_sampling import SampleForm
from .sampling import COLUMNS, sample
from .views import case_data_required


@never_cache
@case_data_required
def sample_view(request: HttpRequest) -> HttpResponse:
    snapshot = store.current()
    submitted = "size" in request.GET
    form = SampleForm(request.GET if submitted else None)
    found = None
    unreadable = ""
    if submitted and form.is_valid() and snapshot is not None:
        criteria = form.criteria()
        try:
            with store.connect(snapshot) as con:
                found = sample(
                    con,
                    criteria,
                    size=form.cleaned_data["size"],
                    seed=form.cleaned_data["seed"],
                    stratify=form.cleaned_data["stratify"],
                    today=timezone.localdate(),
                )
        except store.StoreError as error:
            # The import's files have gone from the store: say so rather than fail.
            unreadable = str(error)
    if found is not None and snapshot is not None:
        wants_csv = request.GET.get("format") == "csv"
        record_access(
            request,
            action="download" if wants_csv else "read",
            object_type="casedata.snapshot",
            object_id=str(snapshot.pk),
            description=f"Case sample of {len(found.rows)} ({criteria.describe()}, "
            f"seed {found.seed})",
        )
        if wants_csv:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="case-sample-{snapshot.pk}-seed-{found.seed}.csv"'
            )
            writer = csv.writer(response)
            writer.writerow([label for _, label in COLUMNS])
            for row in found.rows:
                writer.writerow(["" if row[k] is None else row[k] for k, _ in COLUMNS])
            return response
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "nav": "casedata",
        "form": form,
        "snapshot": snapshot,
        "unreadable": unreadable,
        "found": found,
        "columns": COLUMNS,
        "csv_query": query.urlencode(),
    }
    return render(request, "casedata/sample.html", context)
