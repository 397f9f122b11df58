"""Workflows that span the review and other records: recording a review, saving a stage,
and sending its recommendations to the action tracker."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from scrutineer.actions import services as actions

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
