"""Who may see what: the one permission rule, as a QuerySet method every view, chart and export uses.

The rule (issue 2): everything shared with the partnership is visible to every active person who
is signed in; an agency's unshared work is visible only to that agency's leads (and, for the
partnership's own agency, its business unit). The Independent Scrutineer and the business unit
therefore see everything that is shared, and nothing an agency has not yet shared.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models


def user_sees_shared(user: Any) -> bool:
    return bool(user.is_authenticated and getattr(user, "sees_partnership_evidence", False))


class AgencyScopedQuerySet(models.QuerySet):
    """For models with an ``agency`` foreign key and a ``shared`` boolean."""

    def visible_to(self, user: Any) -> Self:
        if not user_sees_shared(user):
            return self.none()
        rule = models.Q(shared=True)
        if getattr(user, "sees_own_agency_unshared", False):
            rule |= models.Q(agency_id=user.agency_id)
        return self.filter(rule)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        """The partnership's directory: everyone signed in sees who is who (names, roles,
        agencies), as a partnership's published structure does; only the business unit
        manages accounts."""
        if not user_sees_shared(user):
            return self.none()
        return self.filter(is_active=True) if not getattr(user, "can_administer", False) else self

    def active(self) -> Self:
        return self.filter(is_active=True)
