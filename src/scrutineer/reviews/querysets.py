"""Who may see which case reviews: the one rule, used by every list, page, dashboard and command.

Case reviews hold the most sensitive material the partnership has (a child who died or was
seriously harmed), so they are not shared with everyone: a review is visible to the people on
its review team, the Independent Scrutineer and the business unit. Everyone else sees none of
them, only their published learning: the findings (and the released 7-minute briefing) of a
review whose learning has been published are readable by everyone signed in
(``FindingQuerySet.published_to``, ``BriefingQuerySet.readable_by``).

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

    def learning_published(self) -> Self:
        """Reviews whose learning has been published: readable, as learning only, by all."""
        return self.filter(learning_published_on__isnull=False)


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        """Findings this person may read: every finding of a review they may open, and the
        findings of every review whose learning is published."""
        if not _active(user):
            return self.none()
        if sees_every_review(user):
            return self.all()
        published = models.Q(review__learning_published_on__isnull=False)
        on_team = models.Q(review__in=_team_reviews(user))
        return self.filter(published | on_team)

    def published_to(self, user: Any) -> Self:
        """The published learning, for anyone signed in (the Learning page)."""
        if not _active(user):
            return self.none()
        return self.filter(review__learning_published_on__isnull=False)

    def counted_for(self, user: Any) -> Self:
        """Findings counted on the themes page (counts only): as ``Review.counted_for``."""
        if sees_review_counts(user):
            return self.all()
        return self.none()


class BriefingQuerySet(models.QuerySet):
    def readable_by(self, user: Any) -> Self:
        """Briefings this person may download: any briefing of a review they may open (drafts
        included, for the team to check), and the released briefing of a review whose learning
        is published (for everyone signed in)."""
        if not _active(user):
            return self.none()
        if sees_every_review(user):
            return self.all()
        released = models.Q(status="released", review__learning_published_on__isnull=False)
        return self.filter(released | models.Q(review__in=_team_reviews(user)))


def _team_reviews(user: Any) -> Any:
    """The ids of the reviews whose team this person is on, as a subquery (no duplicates from
    joining the team table)."""
    from .models import Review

    return Review.objects.filter(team=user).values("pk")
