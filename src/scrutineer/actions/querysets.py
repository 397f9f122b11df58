"""Who sees which recommendations and actions, and the set rules the list and e-mails use.

Action plans are shared across the partnership: every agency has to see what it and the others
have agreed to do, so every active person who is signed in reads them (as with evidence the
partnership shares). Who may change an action is a single-object rule on ``Action``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.db import models

from scrutineer.partnership.querysets import user_sees_shared


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if user_sees_shared(user) else self.none()

    def for_source(self, source_type: str, source_id: str | int) -> Self:
        return self.filter(source_type=source_type, source_id=str(source_id))


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if user_sees_shared(user) else self.none()

    def open(self) -> Self:
        return self.filter(status__in=("not_started", "in_progress"))

    def overdue(self, today: dt.date) -> Self:
        """Not finished and past the due date: the rule ``Action.is_overdue`` also states."""
        return self.open().filter(due_on__lt=today)

    def for_list(self) -> Self:
        """Everything the list, the page and the export show, in a fixed number of queries."""
        return self.select_related(
            "recommendation", "owner_agency", "lead", "lead__agency"
        ).prefetch_related("recommendation__priorities")
