"""Who sees which parts of the trends evidence, and the set rules its pages use.

The agreed data set is shared with the whole partnership: every active person who is signed in
reads the catalogue and the series. Returns (who submitted what, and when) are the business
unit's and the scrutineer's to follow up; an agency's own people see their agency's returns.
API tokens are the business unit's alone. Suggested lines of enquiry are the scrutineer's
(and the business unit's, who support the scrutineer).
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models

from scrutineer.partnership.querysets import user_sees_shared


def _oversees(user: Any) -> bool:
    """The scrutineer and the business unit follow up every agency's returns."""
    return user_sees_shared(user) and (
        getattr(user, "can_administer", False) or getattr(user, "role", "") == "scrutineer"
    )


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if user_sees_shared(user) else self.none()

    def active(self) -> Self:
        return self.filter(active=True)


class SeriesValueQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if user_sees_shared(user) else self.none()


class DataReturnQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        if _oversees(user):
            return self.all()
        if user_sees_shared(user) and getattr(user, "agency_id", None):
            return self.filter(agency_id=user.agency_id)
        return self.none()


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        ok = user_sees_shared(user) and getattr(user, "can_administer", False)
        return self.all() if ok else self.none()

    def active(self) -> Self:
        return self.filter(revoked_at__isnull=True)


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if _oversees(user) else self.none()

    def open(self) -> Self:
        return self.filter(status="open")
