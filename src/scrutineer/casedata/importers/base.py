"""What every case-level importer is: one module per format with the same small interface.

An importer reads a file (or a folder, for SSDA903's several CSVs) **streaming, with bounded
memory**, and yields ``Row`` values for the canonical tables of ``casedata/schema.py`` and
``Problem`` values for what is wrong, in the order it meets them. It never raises for bad
records: a record it cannot use becomes a ``Problem`` (and is not silently dropped: the problem
names it). It raises ``ImportRefused`` only when the whole file cannot be read (the wrong type,
malformed XML, an XML bomb, a workbook without the sheets it needs), with a message that says
what is wrong and where.

Importers are pure Python (no Django): identifiers are turned into pseudonyms by the
``pseudonymise`` function they are given, before anything leaves the importer, so no LA child
ID or UPN is ever held by the rest of the system. Progress is reported in bytes read through
the optional ``progress`` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

Pseudonymise = Callable[[str], str]
Progress = Callable[[int], None]


class ImportRefused(ValueError):
    """The whole file cannot be imported; the message says why and where."""


@dataclass(frozen=True)
class Row:
    """One row of a canonical table (``casedata.schema``): column name -> value."""

    table: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record.

    ``rule`` is a short stable code (``dates_out_of_order``, ``unknown_code``,
    ``overlapping_plans``, ``icpc_on_weekend``, ``factor_21_not_alone``, ``future_date``,
    ``missing_field``, ``duplicate_child``, ...) so the report can count by rule; ``child`` is
    the pseudonym (never the identifier) or "" when the record has none; ``record`` says where
    in the file in words a person can find ("CINdetails 2, Assessments 1" or "List 3, row 17");
    ``message`` says what is wrong in plain words.
    """

    rule: str
    message: str
    child: str = ""
    record: str = ""
    severity: str = "error"  # "error": the record is not used; "warning": used, but doubtful
    extra: dict[str, Any] = field(default_factory=dict)


Event = Row | Problem


class Importer(Protocol):
    """The interface each importer module provides (as module-level names)."""

    FORMAT: str  # "cin", "annexa" or "903"
    LABEL: str  # "CIN census XML", ...

    def detect(self, path: Path) -> bool:
        """Whether ``path`` is in this format, judged by its content, not its name."""
        ...

    def read(
        self,
        path: Path,
        *,
        pseudonymise: Pseudonymise,
        reference_date: Any = None,
        progress: Progress | None = None,
    ) -> Iterator[Event]:
        """Yield rows and problems; raise ``ImportRefused`` when the file cannot be read."""
        ...
