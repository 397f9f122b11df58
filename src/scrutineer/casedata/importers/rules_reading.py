"""The rules found while reading a file, before a child's records are complete: a value that
cannot be read, a code that is not in the return's list, a child met twice, a record with no
identifier, a child described two ways. The importers call these constructors; the rules over
a child's complete records are in ``rules``.
"""

from __future__ import annotations

from scrutineer.casedata.importers.base import Problem
from scrutineer.casedata.importers.records import (
    ERROR,
    WARNING,
    ChildRecords,
    Record,
    problem,
)
from scrutineer.casedata.importers.rules import REQUIRED


def invalid_value(
    child: ChildRecords, record: Record | None, column: str, name: str, error: str
) -> Problem:
    """Rule: "Every value can be read": a date is a date, a yes/no answer is yes or no, a
    count is a whole number.

    For a record's required date (see ``REQUIRED``) this is an **error** and the record is
    not used; for any other field a **warning**: the record is used with the field empty.
    """
    table = record.table if record is not None else "children"
    severity = ERROR if column in REQUIRED.get(table, ()) else WARNING
    if record is not None:
        record.invalid.add(column)
        record.values[column] = None
    tail = ": not used" if severity == ERROR else ": left empty"
    return problem("invalid_value", severity, child, record, f"{name}: {error}{tail}")


def unknown_code(
    child: ChildRecords, record: Record | None, column: str, name: str, error: str
) -> Problem:
    """Rule: "Every code is one of the return's codes" (referral source, primary need,
    reason for closure, assessment factor, category of abuse, ethnicity, legal status...).

    An unknown code is not guessed: **warning**, the record is used with the field empty (an
    unknown assessment factor is left out of the list).
    """
    if record is not None:
        record.invalid.add(column)
    return problem("unknown_code", WARNING, child, record, f"{name}: {error}: left empty")


def duplicate_child(child: ChildRecords, first_where: str = "") -> Problem:
    """Rule: "Each child appears once in a file" (one ``Child`` in a CIN census, one row of
    the SSDA903 header).

    Two records for one child cannot both be right, and merging them would invent a history:
    **error**, the later record of the child (with everything in it) is not used.
    """
    earlier = f" (first at {first_where})" if first_where else ""
    return Problem(
        rule="duplicate_child",
        message=f"this child appears earlier in the file{earlier}: this record is not used",
        child=child.child,
        record=child.where,
        severity=ERROR,
    )


def missing_identifier(where: str, name: str) -> Problem:
    """Rule: "Every child has the local authority's identifier" (LAchildID, CHILD, Child
    Unique ID). Without it no pseudonym can be made and the records cannot be tied to a
    child: **error**, the child's records are not used."""
    return Problem(
        rule="missing_field",
        message=f"{name} is missing: this child's records are not used",
        record=where,
        severity=ERROR,
    )


def conflicting_values(child: ChildRecords, name: str, kept: str, other: str) -> Problem:
    """Rule: "A child is described the same way wherever the child appears" (the same sex,
    ethnicity and date of birth in every Annex A list).

    One description must be kept: **warning**, the first one met is used, and the report
    says where the other is.
    """
    return Problem(
        rule="conflicting_values",
        message=f"{name} differs between {kept} and {other}: the first is kept",
        child=child.child,
        record=child.where,
        severity=WARNING,
    )
