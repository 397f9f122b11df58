"""Forms for case-level data: upload a return, filter a validation report, look up a pseudonym."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, BinaryIO, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.text import get_valid_filename

from scrutineer.core.pseudonyms import looks_like_pseudonym
from scrutineer.core.uploads import UploadRejected, check_upload

from .services import max_import_bytes

MAX_FILES = 30
# Workbooks and CSVs get the full safe-upload check (ZIP bombs, password-protected or old
# Office files, text encodings); XML files are read by the CIN importer's hardened parser.
CHECKED_KINDS = {"xlsx": "xlsx", "csv": "csv"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes one file or several (the SSDA903 tables come as several)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return [single(None, initial)]
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    """Upload one return to import. Its format is found from its content, after this form."""

    upload = MultipleFileField(
        label="File",
        help_text=(
            "A CIN census XML file, an Annex A workbook (XLSX), or the SSDA903 CSV tables of "
            "one return (select them all at once), up to {mb} MB in all."
        ),
        error_messages={"required": "Select the file to import"},
    )
    reference_date = forms.DateField(
        label="Reference date",
        required=False,
        help_text=(
            "The date the data runs to, like 31/3/2025. Leave it blank to use the date in "
            "the file, where the file has one."
        ),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "The reference date must be a real date, written as day/month/year, "
            "like 31/3/2025"
        },
    )

    def __init__(self, *args: Any, body_error: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body_error = body_error
        mb = max_import_bytes() // (1024 * 1024)
        self.fields["upload"].help_text = str(self.fields["upload"].help_text).format(mb=mb)
        self.fields["reference_date"].govuk_width = "10"  # type: ignore[attr-defined]

    @classmethod
    def too_large(cls, message: str) -> UploadForm:
        """A form reporting only that the request was too big: its body was never read."""
        return cls(data={}, body_error=message)

    def full_clean(self) -> None:
        if self.body_error:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.add_error("upload", self.body_error)
            return
        super().full_clean()

    def clean_upload(self) -> list[UploadedFile]:
        uploads: list[UploadedFile] = self.cleaned_data["upload"]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(f"Select at most {MAX_FILES} files")
        limit = max_import_bytes()
        if sum(int(upload.size or 0) for upload in uploads) > limit:
            raise forms.ValidationError(
                f"The selected files must be smaller than {limit // (1024 * 1024)} MB in all"
            )
        for upload in uploads:
            name = upload.name or ""
            kind = CHECKED_KINDS.get(Path(name).suffix.lower().lstrip("."))
            if kind is None:
                continue
            try:
                check_upload(
                    name, cast(BinaryIO, upload), max_bytes=limit, allowed=frozenset({kind})
                )
            except UploadRejected as rejected:
                raise forms.ValidationError(rejected.message, code="rejected") from rejected
        return uploads

    def clean_reference_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("reference_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The reference date must be today or in the past")
        return value

    def save_files(self, folder: Path) -> Path:
        """Write the uploads into ``folder``; return what to import: the file, or the folder
        when there are several (the tables of one SSDA903 return)."""
        uploads: list[UploadedFile] = self.cleaned_data["upload"]
        written: list[Path] = []
        for number, upload in enumerate(uploads, start=1):
            base = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
            name = get_valid_filename(base.lstrip(".")) if base.strip(". ") else f"file-{number}"
            target = folder / name
            if target.exists():
                target = folder / f"{number}-{name}"
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            written.append(target)
        return written[0] if len(written) == 1 else folder

    @property
    def source_name(self) -> str:
        uploads: list[UploadedFile] = self.cleaned_data["upload"]
        names = [(u.name or "").replace("\\", "/").rsplit("/", 1)[-1] for u in uploads]
        if len(names) == 1:
            return names[0]
        return f"{len(names)} files: {', '.join(names)}"[:255]


class ProblemFilterForm(forms.Form):
    """The validation report's filters, from the query string; a rule it does not know is
    ignored, not an error."""

    rule = forms.ChoiceField(label="Rule", required=False)
    child = forms.CharField(
        label="Child's pseudonym",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, rules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "Every rule"), *rules]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"rule": "", "child": ""}
        return {
            "rule": self.cleaned_data.get("rule") or "",
            "child": (self.cleaned_data.get("child") or "").strip().upper(),
        }


class LookupForm(forms.Form):
    """A local authority child ID, and optionally a pseudonym to check against it."""

    identifier = forms.CharField(
        label="Local authority child ID",
        max_length=64,
        help_text="As your case management system records it (LAchildID). It is not stored.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the child's local authority ID"},
    )
    check = forms.CharField(
        label="Pseudonym to check",
        required=False,
        max_length=40,
        help_text="To check whether a pseudonym is this child's, like PABCDEFGHIJKLMNOP.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def clean_identifier(self) -> str:
        value = str(self.cleaned_data["identifier"]).strip()
        if not value:
            raise forms.ValidationError("Enter the child's local authority ID")
        return value

    def clean_check(self) -> str:
        value = str(self.cleaned_data.get("check") or "").strip().upper()
        if value and not looks_like_pseudonym(value):
            raise forms.ValidationError(
                "The pseudonym must be P followed by 16 letters and digits, like PABCDEFGHIJKLMNOP"
            )
        return value
