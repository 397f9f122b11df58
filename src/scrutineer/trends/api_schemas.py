"""What the returns API reads and writes: the request and response bodies, as Ninja schemas.

The schemas are the OpenAPI contract that agencies' BI teams code against, so every field says
what it holds. The submission's figures are typed loosely on purpose (a value may be a number
or text): a figure is checked by the same rules as a row of an Excel or CSV return
(``validation.validate``), so that the API refuses exactly what a file would, with the same
words, and says where with a JSON path such as ``figures[3].value``.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict, StrictFloat, StrictInt, StrictStr

#: A figure as sent: a number, a marker (c, x, z or u) or text a spreadsheet would hold ("1,204").
Number = StrictInt | StrictFloat | StrictStr | None


class Message(Schema):
    """A refusal that is not about the body's figures: no token, an unknown return, too large."""

    detail: str = Field(description="What is wrong, in plain words, and what to do about it")


class ProblemOut(Schema):
    where: str = Field(
        description="A JSON path into the body, like figures[3].value; "
        "figures for a missing figure; body for the body as a whole",
        examples=["figures[3].value"],
    )
    message: str = Field(description="What is wrong there, in plain words")


class Problems(Schema):
    """Every problem with a submission, all at once; nothing was saved."""

    problems: list[ProblemOut]


class IndicatorOut(Schema):
    code: str = Field(
        description="The indicator's code, used in submissions", examples=["referrals"]
    )
    name: str
    definition: str = Field(description="What is counted, and over what, in plain English")
    unit: str = Field(description="count, rate_10k, percentage, days or rate")
    frequency: str = Field(description="monthly, quarterly or annual")
    numerator: str = Field(description="Where a ratio: what is counted (else empty)")
    denominator: str = Field(description="Where a ratio: out of what (else empty)")


class CellOut(Schema):
    indicator: str = Field(description="Indicator code")
    period: str = Field(
        description="Period key: 2024-04 (a month), 2024-25 Q1 (a quarter) or 2024-25 (a year)"
    )


class VersionSummary(Schema):
    version: int
    channel: str = Field(description="How it arrived: api, csv, template, form or demo")
    submitted_at: dt.datetime
    note: str
    figures: int = Field(description="How many figures it holds")


class ReturnOut(Schema):
    agency: str = Field(description="The agency the token belongs to")
    quarter: str = Field(description="The quarter's key in URL form", examples=["2024-25-Q1"])
    label: str = Field(examples=["April to June 2024"])
    due_on: dt.date = Field(description="15 working days after the quarter ends")
    late: bool = Field(description="Past its due date with no version submitted")
    expected: list[CellOut] = Field(description="Every figure the return must hold")
    versions: list[VersionSummary] = Field(description="Every version submitted, oldest first")


class FigureIn(Schema):
    # A misspelt field ("reason" for "reason_missing") is refused, not silently dropped.
    model_config = ConfigDict(extra="forbid")

    indicator: str = Field(max_length=60, description="Indicator code", examples=["referrals"])
    period: str = Field(
        max_length=20,
        description="Period key for the indicator's frequency: 2024-04, 2024-25 Q1 or 2024-25",
        examples=["2024-04"],
    )
    value: Number = Field(
        default=None,
        description="The figure. Or null with reason_missing; or one of the markers c "
        "(suppressed), x (not available), z (not applicable), u (low reliability)",
        examples=[12],
    )
    numerator: Number = Field(
        default=None, description="Where a ratio: what is counted (optional)", examples=[None]
    )
    denominator: Number = Field(
        default=None, description="Where a ratio: out of what (optional)", examples=[None]
    )
    reason_missing: StrictStr | None = Field(
        default="",
        description="Why there is no figure, when value is null",
        examples=[""],
    )


class SubmissionIn(Schema):
    """A whole return: every figure it must hold (a missing one is refused), and a note."""

    model_config = ConfigDict(extra="forbid")

    figures: list[FigureIn] = Field(description="Every figure of the return, once each")
    note: StrictStr = Field(
        default="",
        max_length=2000,
        description="What the business unit should know about this version",
    )


class ChangeOut(Schema):
    indicator: str
    period: str
    kind: str = Field(description="added, removed or changed")
    before: float | None
    after: float | None
    before_missing: str = Field(description="The reason the figure was missing before, if it was")
    after_missing: str = Field(description="The reason the figure is missing now, if it is")


class SubmissionCreated(Schema):
    version: int = Field(description="The version number this submission became", examples=[2])
    quarter: str = Field(examples=["2024-25-Q1"])
    submitted_at: dt.datetime
    figures: int = Field(description="How many figures were accepted")
    summary: str = Field(
        description="What changed from the previous version, in words",
        examples=["Version 2: 1 figure changed from version 1."],
    )
    changes: list[ChangeOut] = Field(description="Each figure that differs from the last version")


class FigureOut(Schema):
    indicator: str
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    reason_missing: str


class VersionOut(Schema):
    version: int
    quarter: str
    channel: str
    submitted_at: dt.datetime
    note: str
    figures: list[FigureOut]
