"""The returns API's operations: the agency's indicators, a quarter's return, its versions.

Mounted on the API in ``api.py``, which authenticates the token (``request.auth``) and turns
each refusal into JSON. Every operation is scoped to the token's agency, and writes what it
read or accepted to the access log with the token as the actor.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Status
from ninja.errors import HttpError

from scrutineer.core.accesslog import record_access
from scrutineer.core.models import AccessLogEntry

from . import periods
from .api_schemas import (
    IndicatorOut,
    Message,
    Problems,
    ReturnOut,
    SubmissionCreated,
    SubmissionIn,
    VersionOut,
)
from .models import ApiToken, Channel, DataReturn, Indicator, Source, Submission
from .services import due_date, expected_cells, return_for, submission_changes, submission_create
from .tokens import TokenActor
from .validation import RawFigure, rules_for, validate

router = Router()

#: Quarters the API knows: from 2000-01 to 2098-99 (a date range, not a policy).
FIRST_YEAR, LAST_YEAR = 2000, 2098
#: The largest version number a return can have (the column is a small integer).
MAX_VERSION = 32767

_QUARTER = re.compile(r"^(\d{4})-(\d{2})[-_ ]?[Qq]([1-4])$")
QUARTER_HELP = (
    "A financial quarter, written 2024-25-Q1 (April to June 2024); 2024-25Q1 and "
    "2024-25%20Q1 (the form used in files) are read too"
)


# --- Helpers ----------------------------------------------------------------------------------


def _quarter(text: str) -> dt.date:
    """The first day of the quarter a URL names, or a 404 saying how to write it."""
    match = _QUARTER.match(text)
    if match is None:
        raise HttpError(
            404,
            f"“{text[:40]}” is not a financial quarter: write it like 2024-25-Q1 (April to June 2024).",
        )
    try:
        start = periods.parse(f"{match[1]}-{match[2]} Q{match[3]}", "quarterly")
    except periods.PeriodError as error:
        raise HttpError(404, f"{error}.") from None
    if not FIRST_YEAR <= periods.financial_year_start(start) <= LAST_YEAR:
        raise HttpError(404, f"The API has returns from {FIRST_YEAR}-01 to {LAST_YEAR}-99 only.")
    return start


def url_key(start: dt.date) -> str:
    """A quarter's key as the API's URLs write it: 2024-25-Q1."""
    return periods.key(start, "quarterly").replace(" ", "-")


def _token(request: HttpRequest) -> ApiToken:
    return request.auth  # type: ignore[attr-defined]


def _log(
    request: HttpRequest,
    description: str,
    *,
    object_type: str,
    object_id: Any = "",
    action: str = "read",
) -> None:
    token = _token(request)
    record_access(
        request,
        action=action,
        object_type=object_type,
        object_id=object_id,
        description=f"API, {token.agency.name}: {description}"[:300],
        user=TokenActor(token.prefix),
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _columns(n: int) -> dict[str, str]:
    at = f"figures[{n}]"
    return {
        "code": f"{at}.indicator",
        "period": f"{at}.period",
        "value": f"{at}.value",
        "numerator": f"{at}.numerator",
        "denominator": f"{at}.denominator",
        "missing_reason": f"{at}.reason_missing",
    }


# --- Operations -------------------------------------------------------------------------------

REFUSALS: dict[int, Any] = {401: Message}


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **REFUSALS},
    url_name="indicators",
    operation_id="listIndicators",
    summary="The indicators your agency supplies",
    description="Every active indicator in the partnership's catalogue that your agency submits "
    "in its returns, in catalogue order.",
)
def indicators(request: HttpRequest) -> Status[list[dict[str, Any]]]:
    token = _token(request)
    rows = list(Indicator.objects.active().filter(agency_id=token.agency_id, source=Source.RETURN))
    _log(request, f"listed {len(rows)} indicators", object_type="trends.indicator")
    return Status(
        200,
        [
            {
                "code": i.code,
                "name": i.name,
                "definition": i.definition,
                "unit": i.unit,
                "frequency": i.frequency,
                "numerator": i.numerator,
                "denominator": i.denominator,
            }
            for i in rows
        ],
    )


@router.get(
    "/returns/{quarter}",
    response={200: ReturnOut, 404: Message, **REFUSALS},
    url_name="return",
    operation_id="readReturn",
    summary="A quarter's return: what it must hold, when it is due, its versions",
)
def return_read(
    request: HttpRequest,
    quarter: str = Path(..., description=QUARTER_HELP, examples=["2024-25-Q1"]),
) -> Status[dict[str, Any]]:
    start = _quarter(quarter)
    token = _token(request)
    data_return = DataReturn.objects.filter(agency=token.agency, quarter_start=start).first()
    versions: list[Submission] = []
    if data_return is None:
        # Reading must not make a return: describe the one that would be made.
        data_return = DataReturn(agency=token.agency, quarter_start=start, due_on=due_date(start))
    else:
        versions = list(
            data_return.submissions.annotate(figure_count=Count("observations")).order_by("version")
        )
    _log(
        request,
        f"read the return for {data_return.quarter_label}",
        object_type="trends.datareturn",
        object_id=data_return.pk or "",
    )
    return Status(
        200,
        {
            "agency": token.agency.name,
            "quarter": url_key(start),
            "label": data_return.quarter_label,
            "due_on": data_return.due_on,
            "late": timezone.localdate() > data_return.due_on and not versions,
            "expected": [
                {"indicator": i.code, "period": i.period_key(p)}
                for i, p in expected_cells(data_return)
            ],
            "versions": [
                {
                    "version": s.version,
                    "channel": s.channel,
                    "submitted_at": s.submitted_at,
                    "note": s.note,
                    "figures": s.figure_count,  # type: ignore[attr-defined]
                }
                for s in versions
            ],
        },
    )


@router.post(
    "/returns/{quarter}",
    response={
        201: SubmissionCreated,
        400: Message,
        404: Message,
        413: Message,
        422: Problems,
        **REFUSALS,
    },
    url_name="return",
    operation_id="submitReturn",
    summary="Submit a quarter's return (a new version)",
    description="Send every figure the return must hold (GET the return to see which). The "
    "figures are checked as an uploaded file's are; if any is wrong, every problem is listed "
    "(422) and nothing is saved. If all are right, they become the next version of the return "
    "(201): earlier versions are kept, and the answer says what changed.",
)
def return_submit(
    request: HttpRequest,
    payload: SubmissionIn,
    quarter: str = Path(..., description=QUARTER_HELP, examples=["2024-25-Q1"]),
) -> Status[dict[str, Any]]:
    start = _quarter(quarter)
    token = _token(request)
    label = periods.label(start, "quarterly")
    rules = rules_for(
        Indicator.objects.active().filter(source=Source.RETURN).select_related("agency")
    )
    expected = [
        (i.code, p) for i, p in expected_cells(DataReturn(agency=token.agency, quarter_start=start))
    ]
    raws = [
        RawFigure(
            row=None,
            code=figure.indicator,
            period=figure.period,
            value=figure.value,
            numerator=figure.numerator,
            denominator=figure.denominator,
            missing_reason=figure.reason_missing,
            columns=_columns(n),
        )
        for n, figure in enumerate(payload.figures)
    ]
    figures, found = validate(
        raws, indicators=rules, agency_id=token.agency_id, quarter=start, expected=expected
    )
    problems = [{"where": p.column or "figures", "message": p.message} for p in found]
    if not payload.figures and not problems:
        problems.append({"where": "figures", "message": "there are no figures to submit"})
    if problems:
        _log(
            request,
            f"refused a return for {label}: {len(problems)} problems",
            object_type="trends.datareturn",
            action=AccessLogEntry.Action.SUBMIT,
        )
        return Status(422, {"problems": problems})
    with transaction.atomic():
        data_return = return_for(agency=token.agency, quarter_start=start)
        submission = submission_create(
            data_return=data_return,
            figures=figures,
            channel=Channel.API,
            token=token,
            note=payload.note,
        )
    changes = submission_changes(submission)
    _log(
        request,
        f"submitted version {submission.version} of the return for {label}, {len(figures)} figures",
        object_type="trends.datareturn",
        object_id=data_return.pk,
        action=AccessLogEntry.Action.SUBMIT,
    )
    return Status(
        201,
        {
            "version": submission.version,
            "quarter": url_key(start),
            "submitted_at": submission.submitted_at,
            "figures": len(figures),
            "summary": _summary(submission.version, len(changes)),
            "changes": [
                {
                    "indicator": c.indicator.code,
                    "period": c.indicator.period_key(c.period_start),
                    "kind": c.kind,
                    "before": _number(c.before),
                    "after": _number(c.after),
                    "before_missing": c.before_missing,
                    "after_missing": c.after_missing,
                }
                for c in changes
            ],
        },
    )


def _summary(version: int, changed: int) -> str:
    if version == 1:
        return "Version 1: the first version of this return."
    if not changed:
        return f"Version {version}: the same figures as version {version - 1}."
    noun = "figure" if changed == 1 else "figures"
    return f"Version {version}: {changed} {noun} changed from version {version - 1}."


@router.get(
    "/returns/{quarter}/versions/{n}",
    response={200: VersionOut, 404: Message, 422: Problems, **REFUSALS},
    url_name="return_version",
    operation_id="readVersion",
    summary="One version of a return, with its figures",
)
def version_read(
    request: HttpRequest,
    quarter: str = Path(..., description=QUARTER_HELP, examples=["2024-25-Q1"]),
    n: int = Path(..., ge=1, description="The version number, from 1", examples=[1]),
) -> Status[dict[str, Any]]:
    start = _quarter(quarter)
    token = _token(request)
    label = periods.label(start, "quarterly")
    submission = None
    if n <= MAX_VERSION:
        submission = (
            Submission.objects.filter(
                data_return__agency=token.agency, data_return__quarter_start=start, version=n
            )
            .select_related("data_return")
            .first()
        )
    if submission is None:
        raise HttpError(404, f"Your agency has no version {n} of its return for {label}.")
    observations = submission.observations.select_related("indicator")
    _log(
        request,
        f"read version {n} of the return for {label}",
        object_type="trends.datareturn",
        object_id=submission.data_return_id,
    )
    return Status(
        200,
        {
            "version": submission.version,
            "quarter": url_key(start),
            "channel": submission.channel,
            "submitted_at": submission.submitted_at,
            "note": submission.note,
            "figures": [
                {
                    "indicator": o.indicator.code,
                    "period": o.indicator.period_key(o.period_start),
                    "value": _number(o.value),
                    "numerator": _number(o.numerator),
                    "denominator": _number(o.denominator),
                    "reason_missing": o.missing_reason,
                }
                for o in observations
            ],
        },
    )
