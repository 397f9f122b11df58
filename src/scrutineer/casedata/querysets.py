"""Who may handle case-level data, as the one rule every casedata page, command and export uses.

Case-level records are the local authority's, about individual children, so fewer people see
them than see anything else in Scrutineer (docs/casedata.md):

- **handling case-level data** (importing files, the list of imports, validation reports,
  which name children by pseudonym): the local authority's own people (anyone active in an
  agency that ``holds_case_data``) and the Independent Scrutineer. Not the business unit:
  they run the service, but the partnership's figures reach them as indicators, and nobody
  outside the local authority needs the record-level problems of its files. Not a superuser
  as such: being the site's administrator is not a reason to see children's records.
- **looking up a pseudonym** (from a local authority child ID, or checking one): the local
  authority's own people only, since only they hold the IDs; not even the scrutineer.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models

from scrutineer.partnership.models import Role


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def in_case_data_agency(user: Any) -> bool:
    """An active person whose agency holds case-level data (the local authority's own)."""
    agency = getattr(user, "agency", None) if _active(user) else None
    return bool(agency is not None and agency.holds_case_data and agency.active)


def handles_case_data(user: Any) -> bool:
    """May import case-level files and read the imports and their validation reports."""
    if not _active(user):
        return False
    return getattr(user, "role", None) == Role.SCRUTINEER or in_case_data_agency(user)


def looks_up_pseudonyms(user: Any) -> bool:
    """May turn a local authority child ID into its pseudonym, or check one against an ID."""
    return in_case_data_agency(user)


class SnapshotQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if handles_case_data(user) else self.none()

    def complete(self) -> Self:
        return self.filter(status="complete")

    def current(self) -> Self:
        return self.filter(current=True, status="complete")

    def same_file(self, *, sha256: str, format: str, la: str) -> Self:
        """Imports of this very file that are done or under way: re-importing it finds them."""
        return self.filter(
            sha256=sha256, format=format, la=la, status__in=("queued", "running", "complete")
        )


class SnapshotProblemQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if handles_case_data(user) else self.none()

    def matching(self, *, rule: str = "", child: str = "") -> Self:
        found = self
        if rule:
            found = found.filter(rule=rule)
        if child:
            found = found.filter(child=child.strip().upper())
        return found
