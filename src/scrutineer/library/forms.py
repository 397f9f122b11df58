"""Forms for the evidence library: upload a document, and filter the list."""

from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict
from django.utils import timezone

from scrutineer.core.concern import looks_like_concern
from scrutineer.core.uploads import ALL_KINDS, UploadCheck, UploadRejected, check_upload
from scrutineer.partnership.concern import concern_message
from scrutineer.partnership.models import Agency, Priority

from .models import Document, agencies_for_uploader, uploads_for_own_agency_only

SHARE_NOW = "now"
KEEP_AS_DRAFT = "draft"


def max_upload_bytes() -> int:
    return int(settings.UPLOAD_MAX_MEGABYTES) * 1024 * 1024


class DocumentForm(forms.ModelForm):
    """Upload a document. Every problem is reported at once, and a rejected file saves nothing.

    ``user`` decides which agencies are offered: an agency lead's own agency is filled in for
    them; the business unit and the scrutineer choose one.
    """

    upload = forms.FileField(
        label="File",
        help_text=(
            "A PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT or ODS), "
            "CSV or text file, up to {mb} MB, without a password."
        ),
        error_messages={"required": "Select a file to upload"},
    )
    share = forms.ChoiceField(
        label="Who can see it",
        choices=[
            (SHARE_NOW, "Share it with the partnership now"),
            (KEEP_AS_DRAFT, "Keep it as a draft: only the agency's leads can see it"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether to share the document now or keep it as a draft"
        },
    )
    not_a_concern = forms.BooleanField(
        label="This is not a concern about a particular child",
        required=False,
    )

    class Meta:
        model = Document
        fields = ["agency", "title", "kind", "document_date", "summary", "priorities"]
        labels = {"kind": "What kind of document is it?", "document_date": "Date of the document"}
        help_texts = {"document_date": "For example, 27/3/2025"}
        widgets = {
            "kind": forms.RadioSelect,
            "agency": forms.Select,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "priorities": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter the title of the document"},
            "kind": {"required": "Select what kind of document it is"},
            "agency": {"required": "Select the agency the document belongs to"},
            "document_date": {
                "required": "Enter the date of the document",
                "invalid": "Enter the date of the document as day/month/year, like 27/3/2025",
            },
        }

    def __init__(self, *args: Any, user: Any, body_error: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.body_error = body_error
        self.checked: UploadCheck | None = None
        if uploads_for_own_agency_only(user):
            # An agency lead uploads for their own agency, so there is nothing to choose.
            del self.fields["agency"]
            self.fixed_agency: Agency | None = user.agency
        else:
            self.fixed_agency = None
            self.fields["agency"].queryset = agencies_for_uploader(user)  # type: ignore[attr-defined]
            self.fields["agency"].empty_label = "Choose an agency"  # type: ignore[attr-defined]
        self.fields["priorities"].queryset = Priority.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["priorities"].label = "Which of the partnership's priorities does it inform?"
        self.fields["kind"].choices = Document.Kind.choices  # type: ignore[attr-defined]
        self.fields["title"].widget.attrs["spellcheck"] = "true"
        mb = settings.UPLOAD_MAX_MEGABYTES
        self.fields["upload"].help_text = str(self.fields["upload"].help_text).format(mb=mb)

    @classmethod
    def too_large(cls, *, user: Any, message: str) -> DocumentForm:
        """A form that reports only that the request was too big: the body was never read."""
        return cls(data={}, user=user, body_error=message)

    @property
    def asks_about_concern(self) -> bool:
        """Show the 'not a concern' box once the check has stopped a save, or once ticked."""
        return self.is_bound and (
            "not_a_concern" in self.errors or bool(self.data.get("not_a_concern"))
        )

    def full_clean(self) -> None:
        if self.body_error:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.add_error("upload", self.body_error)
            return
        super().full_clean()

    def clean_document_date(self) -> date:
        value: date = self.cleaned_data["document_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of the document must be today or in the past")
        return value

    def clean_upload(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["upload"]
        try:
            self.checked = check_upload(
                upload.name or "",
                cast(BinaryIO, upload),
                max_bytes=max_upload_bytes(),
                allowed=ALL_KINDS,
            )
        except UploadRejected as rejected:
            raise forms.ValidationError(rejected.message, code="rejected") from rejected
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = [cleaned.get("title") or "", cleaned.get("summary") or ""]
        if any(looks_like_concern(part) for part in text) and not cleaned.get("not_a_concern"):
            self.add_error("not_a_concern", concern_message())
        return cleaned

    def save(self, commit: bool = True) -> Document:
        """Store the file under a random name, with what the check found, and the document."""
        assert self.checked is not None, "save() only after is_valid()"
        document: Document = super().save(commit=False)
        if self.fixed_agency is not None:
            document.agency = self.fixed_agency
        upload: UploadedFile = self.cleaned_data["upload"]
        document.original_name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
        document.size_bytes = self.checked.size
        document.content_type = self.checked.content_type
        document.sha256 = self.checked.sha256
        document.uploaded_by = self.user
        document.uploaded_at = timezone.now()
        if self.cleaned_data["share"] == SHARE_NOW:
            document.shared = True
            document.shared_at = document.uploaded_at
        document.file.save(f"upload.{self.checked.extension}", upload, save=False)
        if commit:
            try:
                document.save()
                self.save_m2m()
            except Exception:
                # The database refused: do not leave the stored file behind with no record.
                document.file.delete(save=False)
                raise
        return document


class DocumentFilterForm(forms.Form):
    """The list's filters, read from the query string; a value that is not valid is ignored."""

    title = forms.CharField(label="Title contains", required=False, max_length=200)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "All kinds"), *Document.Kind.choices], required=False
    )
    priority = forms.ModelChoiceField(
        label="Priority",
        queryset=Priority.objects.filter(active=True),
        required=False,
        empty_label="All priorities",
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters, for ``DocumentQuerySet.matching``."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "title": cleaned.get("title") or "",
            "agency": cleaned.get("agency"),
            "kind": cleaned.get("kind") or "",
            "priority": cleaned.get("priority"),
        }
