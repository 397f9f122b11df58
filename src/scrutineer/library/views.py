"""Pages of the evidence library: the list, upload, a document, its download, share, withdraw.

Every page finds documents through ``Document.objects.visible_to(request.user)``, so a draft
another agency has not shared is "not found" (404), never "forbidden": its existence does not
leak. Reading a document's page and downloading its file are written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from scrutineer.core.accesslog import record_access
from scrutineer.core.uploads import size_limit_message
from scrutineer.partnership.models import Agency, Role
from scrutineer.partnership.permissions import role_required

from .forms import DocumentFilterForm, DocumentForm, max_upload_bytes
from .models import Document, agencies_for_uploader

PAGE_SIZE = 50
# Room in a request for the form's other fields and the multipart boundaries around the file.
FORM_ALLOWANCE_BYTES = 256 * 1024

uploader_required = role_required(Role.AGENCY_LEAD, Role.BUSINESS_UNIT, Role.SCRUTINEER)


def _visible(request: HttpRequest) -> Any:
    return Document.objects.visible_to(request.user)


def index(request: HttpRequest) -> HttpResponse:
    documents = _visible(request)
    agencies = Agency.objects.filter(pk__in=documents.values("agency_id"))
    filters = DocumentFilterForm(request.GET or None, agencies=agencies)
    found = (
        documents.matching(**filters.filters())
        .select_related("agency")
        .prefetch_related("priorities")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav": "library",
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(filters.filters().values()),
        "can_upload": agencies_for_uploader(request.user).exists(),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "library/_results.html", context)
    return render(request, "library/index.html", context)


@csrf_exempt
@uploader_required
def upload(request: HttpRequest) -> HttpResponse:
    """Refuse an oversized request before anything reads its body, then handle the form.

    Django writes uploaded files of any size to temporary files as it parses the body, and its
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not count files. So the declared length is checked
    first; CSRF protection (which would parse the body to find its token) runs after, in
    ``_upload``. A request with no declared length has an empty body to Django.
    """
    if not agencies_for_uploader(request.user).exists():
        raise PermissionDenied
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes() + FORM_ALLOWANCE_BYTES:
            form = DocumentForm.too_large(
                user=request.user, message=size_limit_message(max_upload_bytes())
            )
            return _render_upload(request, form, status=413)
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_upload(request, DocumentForm(user=request.user), status=200)
    form = DocumentForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        with transaction.atomic():
            document = form.save()
        if _visible(request).filter(pk=document.pk).exists():
            messages.success(request, f"{document.title} uploaded")
            return HttpResponseRedirect(reverse("library:document", args=[document.pk]))
        # A draft uploaded for another agency belongs to that agency until it shares it.
        messages.success(
            request,
            f"{document.title} uploaded as a draft for {document.agency.label}. Their agency "
            "leads can see it and share it with the partnership; you will see it once they do.",
        )
        return HttpResponseRedirect(reverse("library:index"))
    return _render_upload(request, form, status=200)


def _render_upload(request: HttpRequest, form: DocumentForm, *, status: int) -> HttpResponse:
    context = {"nav": "library", "form": form}
    return render(request, "library/upload.html", context, status=status)


def _get_visible(request: HttpRequest, pk: int) -> Document:
    documents = _visible(request).select_related("agency", "uploaded_by")
    return get_object_or_404(documents.prefetch_related("priorities"), pk=pk)


def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _get_visible(request, pk)
    record_access(
        request,
        action="read",
        object_type="library.document",
        object_id=doc.pk,
        description=doc.title,
    )
    return _render_document(request, doc)


def _render_document(
    request: HttpRequest, doc: Document, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "nav": "library",
        "document": doc,
        "can_manage": doc.may_be_managed_by(request.user),
        "error": error,
    }
    return render(request, "library/document.html", context, status=status)


def download(request: HttpRequest, pk: int) -> FileResponse:
    doc = _get_visible(request, pk)
    record_access(
        request,
        action="download",
        object_type="library.document",
        object_id=doc.pk,
        description=doc.title,
    )
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=safe_filename(doc.original_name),
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def safe_filename(name: str) -> str:
    """The uploaded name, fit for a Content-Disposition header and any operating system."""
    cleaned = "".join("_" if char in '<>:"/\\|?*' or ord(char) < 32 else char for char in name)
    return cleaned.strip(" .") or "document"


@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _get_visible(request, pk)
    if not doc.may_be_managed_by(request.user):
        raise PermissionDenied
    if doc.shared:
        messages.success(request, f"{doc.title} was already shared with the partnership")
    else:
        doc.share()
        messages.success(request, f"{doc.title} is now shared with the partnership")
    return HttpResponseRedirect(reverse("library:document", args=[doc.pk]))


def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete a draft that was never shared. Shared documents stay in the evidence."""
    doc = _get_visible(request, pk)
    if not doc.may_be_managed_by(request.user):
        raise PermissionDenied
    if doc.was_ever_shared:
        return _render_document(
            request,
            doc,
            error=(
                "This document has been shared with the partnership, so it cannot be withdrawn. "
                "Shared documents stay in the evidence library because scrutiny reports may "
                "rely on them."
            ),
            status=409,
        )
    if request.method != "POST":
        return render(request, "library/withdraw.html", {"nav": "library", "document": doc})
    title = doc.title
    with transaction.atomic():
        doc.delete()
        transaction.on_commit(lambda: doc.file.delete(save=False))
    messages.success(request, f"{title} withdrawn and deleted")
    return HttpResponseRedirect(reverse("library:index"))
