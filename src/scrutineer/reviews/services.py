"""Workflows that span the review and other records: recording a review, saving a stage,
sending its recommendations to the action tracker, and drafting its 7-minute briefing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from scrutineer.actions import services as actions

from .learning import Briefing, BriefingStatus
from .models import Review, ReviewRules

SOURCE_TYPE = "reviews.review"


def review_create(*, review: Review, team: Iterable[Any] = ()) -> Review:
    """Record a serious incident. The partnership's current rules are copied onto the review,
    so a later change of rule does not move this review's clocks."""
    rules = ReviewRules.load()
    review.rapid_review_starts_from = rules.rapid_review_starts_from
    review.publication_notice_working_days = rules.publication_notice_working_days
    review.version = 1
    with transaction.atomic():
        review.save()
        review.team.set(list(team))
    return review


def review_save_stage(
    *,
    review: Review,
    fields: Iterable[str],
    expected_version: int,
    team: Iterable[Any] | None = None,
) -> None:
    """Save one stage with the version check (``Review.save_stage``), and keep the action
    tracker's label in step if the review was renamed. Raises ``EditConflict``."""
    fields = list(fields)
    with transaction.atomic():
        review.save_stage(fields=fields, expected_version=expected_version, team=team)
        if "name" in fields:
            actions.recommendations_relabel(
                source_type=SOURCE_TYPE, source_id=review.pk, source_label=review.name
            )


def review_recommend(
    *, review: Review, text: str, reference: str = "", priorities: Iterable[Any] = (), by: Any
) -> Any:
    """A recommendation from this review, made in the action tracker."""
    return actions.recommendation_create(
        source_type=SOURCE_TYPE,
        source_id=review.pk,
        source_label=review.name,
        reference=reference,
        text=text,
        priorities=priorities,
        created_by=by,
    )


def review_recommendations(*, review: Review, user: Any) -> Any:
    return actions.recommendations_for(source_type=SOURCE_TYPE, source_id=review.pk, user=user)


def briefing_create(*, review: Review, by: Any) -> Briefing:
    """Draft the review's 7-minute briefing from its findings and recommendations (once: a
    second call returns the briefing already drafted, never overwriting the team's edits)."""
    with transaction.atomic():
        existing = Briefing.objects.select_for_update().filter(review=review).first()
        if existing is not None:
            return existing
        recommendations = [
            (f"{r.reference}: " if r.reference else "") + r.text
            for r in review_recommendations(review=review, user=by)
        ]
        briefing = Briefing.drafted_from(review, recommendations=recommendations)
        briefing.updated_by = by
        briefing.save()
    return briefing


def briefing_set_status(*, briefing: Briefing, released: bool, by: Any) -> Briefing:
    """Release a briefing (it is then fixed, and readable by all once the learning is
    published), or take it back to draft to edit it again."""
    briefing.status = BriefingStatus.RELEASED if released else BriefingStatus.DRAFT
    briefing.released_on = timezone.localdate() if released else None
    briefing.updated_by = by
    briefing.save(update_fields=["status", "released_on", "updated_by", "updated_at"])
    return briefing
