"""Who may see which case reviews: the one rule, used by every list, page, dashboard and command.

Case reviews hold the most sensitive material the partnership has (a child who died or was
seriously harmed), so they are not shared with everyone: a review is visible to the people on
its review team, the Independent Scrutineer and the business unit. Everyone else sees none of
them (they will see the published learning, which a later release adds).

The compliance dashboard shows counts only, never a review's name or details, so its rule is
wider (``counted_for``): the Executive (the lead and delegated safeguarding partners) is
accountable for the statutory timescales and sees the counts too.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models

from scrutineer.partnership.models import Role

# Roles that see every review.
SEES_EVERY_REVIEW = frozenset({Role.SCRUTINEER, Role.BUSINESS_UNIT})
# Roles that see the counts on the compliance dashboard.
SEES_REVIEW_COUNTS = frozenset({Role.SCRUTINEER, Role.BUSINESS_UNIT, Role.EXECUTIVE})


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def sees_every_review(user: Any) -> bool:
    return _active(user) and (user.is_superuser or getattr(user, "role", None) in SEES_EVERY_REVIEW)


def sees_review_counts(user: Any) -> bool:
    return _active(user) and (
        user.is_superuser or getattr(user, "role", None) in SEES_REVIEW_COUNTS
    )


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        """The reviews this person may open: all of them for the scrutineer and the business
        unit; for anyone else, only the reviews whose team they are on."""
        if not _active(user):
            return self.none()
        if sees_every_review(user):
            return self.all()
        return self.filter(team=user)

    def counted_for(self, user: Any) -> Self:
        """The reviews counted on the compliance dashboard for this person (counts only)."""
        if sees_review_counts(user):
            return self.all()
        return self.none()
