"""Forms for agencies' returns: the upload, the tracker's quarter filter and opening a quarter.

The upload form reads the file (``readers``), checks the template is the one for this return,
and validates every row (``validation.validate``); only when nothing at all is wrong does
``save`` hand the figures to ``services.submission_create``, which accepts them whole as the
next version. Every problem is kept in ``problems`` for the page's error summary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict

from . import periods
from .models import Channel, DataReturn, Indicator, Source, Submission
from .readers import MAX_BYTES, ReadResult, TemplateMark, read_return
from .services import Figure, expected_cells, submission_create
from .validation import Problem, rules_for, validate

#: The most problems the page lists; the rest are counted.
SHOWN_PROBLEMS = 200


def max_megabytes() -> str:
    return f"{MAX_BYTES / (1024 * 1024):g}"


class ReturnUploadForm(forms.Form):
    upload = forms.FileField(
        label="Upload the return",
        help_text=(
            "The Excel template filled in (.xlsx), or a CSV file, up to {mb} MB, without a "
            "password."
        ),
        error_messages={
            "required": "Select the file to upload",
            "empty": "The selected file is empty",
        },
    )
    note = forms.CharField(
        label="Anything the partnership should know about these figures",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, why a figure changed, or why one is missing.",
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )

    def __init__(
        self, *args: Any, data_return: DataReturn, body_error: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.data_return = data_return
        self.body_error = body_error
        self.problems: list[Problem] = []
        self.figures: list[Figure] = []
        self.result: ReadResult | None = None
        self.fields["upload"].help_text = str(self.fields["upload"].help_text).format(
            mb=max_megabytes()
        )

    @classmethod
    def too_large(cls, *, data_return: DataReturn, message: str) -> ReturnUploadForm:
        """A form that reports only that the request was too big: the body was never read."""
        return cls(data={}, data_return=data_return, body_error=message)

    def full_clean(self) -> None:
        if self.body_error:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.problems = [Problem(self.body_error)]
            self.add_error("upload", self.body_error)
            return
        super().full_clean()

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[:SHOWN_PROBLEMS]

    @property
    def hidden_problems(self) -> int:
        return max(len(self.problems) - SHOWN_PROBLEMS, 0)

    @property
    def notes(self) -> list[str]:
        return self.result.notes if self.result else []

    def clean_upload(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["upload"]
        result = read_return(upload.name or "", cast(BinaryIO, upload))
        self.result = result
        problems = list(result.problems)
        if not problems and result.mark is not None:
            problems += mark_problems(result.mark, self.data_return)
        if not problems:
            figures, problems = validate_return(result, self.data_return)
            self.figures = figures
        if problems:
            self.problems = problems
            raise forms.ValidationError(summary(problems), code="problems")
        return upload

    def save(self, *, user: Any) -> Submission:
        upload: UploadedFile = self.cleaned_data["upload"]
        kind = self.result.kind if self.result else ""
        return submission_create(
            data_return=self.data_return,
            figures=self.figures,
            channel=Channel.CSV if kind == "csv" else Channel.TEMPLATE,
            user=user,
            filename=(upload.name or "").replace("\\", "/").rsplit("/", 1)[-1],
            note=self.cleaned_data.get("note", ""),
        )


def summary(problems: list[Problem]) -> str:
    """The one message beside the file field: the problem itself when it is about the whole
    file, else how many there are."""
    if len(problems) == 1 and problems[0].row is None and not problems[0].sheet:
        return problems[0].message
    count = len(problems)
    return (
        f"The file has {count:,} problem{'s' if count != 1 else ''}, listed at the top of the "
        "page. Nothing has been saved: fix them and upload the file again."
    )


def mark_problems(mark: TemplateMark, data_return: DataReturn) -> list[Problem]:
    """A template made for another agency or quarter is refused, saying which it is for."""
    wrong_agency = mark.agency_id is not None and mark.agency_id != data_return.agency_id
    wrong_quarter = bool(mark.quarter) and mark.quarter != data_return.quarter_key
    if not (wrong_agency or wrong_quarter):
        return []
    try:
        quarter_words = periods.label(periods.parse(mark.quarter, "quarterly"), "quarterly")
    except periods.PeriodError:
        quarter_words = mark.quarter or "another quarter"
    made_for = f"{mark.agency_name or 'another agency'}, {quarter_words}"
    this = f"{data_return.agency.name}, {data_return.quarter_label}"
    return [
        Problem(
            f"This template is for {made_for}, but you are uploading it to the return for "
            f"{this}. Upload it to its own return, or download the template for this one."
        )
    ]


def validate_return(
    result: ReadResult, data_return: DataReturn
) -> tuple[list[Figure], list[Problem]]:
    """Check what was read against the catalogue and the cells this return must hold."""
    indicators = Indicator.objects.active().filter(source=Source.RETURN).select_related("agency")
    expected = [(indicator.code, start) for indicator, start in expected_cells(data_return)]
    return validate(
        result.raws,
        indicators=rules_for(indicators),
        agency_id=data_return.agency_id,
        quarter=data_return.quarter_start,
        expected=expected,
    )


class TrackerFilterForm(forms.Form):
    """The tracker's quarter, from the query string; a value that is not a quarter is ignored."""

    quarter = forms.ChoiceField(label="Quarter", required=False)

    def __init__(self, *args: Any, quarters: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(periods.key(q, "quarterly"), periods.label(q, "quarterly")) for q in quarters]
        self.fields["quarter"].choices = [("", "Recent quarters"), *choices]  # type: ignore[attr-defined]

    def chosen(self) -> dt.date | None:
        if not self.is_valid() or not self.cleaned_data.get("quarter"):
            return None
        return periods.parse(self.cleaned_data["quarter"], "quarterly")


class QuarterOpenForm(forms.Form):
    """Which quarter the business unit opens for every agency that supplies indicators."""

    quarter = forms.ChoiceField(
        label="Open a quarter's returns",
        help_text="Every agency that supplies an indicator for the quarter gets a return to send.",
        error_messages={
            "required": "Select the quarter to open",
            "invalid_choice": "Select a quarter from the list",
        },
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = periods.quarter_of(today)
        quarters = [periods.add_months(current, months) for months in (-6, -3, 0, 3)]
        self.fields["quarter"].choices = [  # type: ignore[attr-defined]
            (periods.key(q, "quarterly"), periods.label(q, "quarterly")) for q in quarters
        ]
        self.initial.setdefault(
            "quarter", periods.key(periods.add_months(current, -3), "quarterly")
        )

    def chosen(self) -> dt.date:
        return periods.parse(self.cleaned_data["quarter"], "quarterly")
