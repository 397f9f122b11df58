"""Who sees the challenge log.

Challenges are the partnership's business: every active person who is signed in reads them, so
that agencies see what has been asked of each other. Who may answer one is a single-object rule
(the agency it is addressed to, the scrutineer and the business unit), in ``services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.db import models

from scrutineer.partnership.querysets import user_sees_shared


class ChallengeQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.all() if user_sees_shared(user) else self.none()

    def open(self) -> Self:
        return self.filter(status="open")

    def overdue(self, today: dt.date) -> Self:
        return self.open().filter(due_on__lt=today)

    def for_source(self, source_type: str, source_id: str | int) -> Self:
        return self.filter(source_type=source_type, source_id=str(source_id))
