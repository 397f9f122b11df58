"""The case review register: one ``Review`` from the serious incident to publication.

A review moves through stages (incident and notification, rapid review, decision, the National
Panel's response, LCSPR, publication). Each stage is a group of fields on ``Review`` rather than
a model of its own, because every stage happens at most once per review and the clocks need
them side by side; the stage a review has reached is computed (``Review.stage``), never stored,
so it cannot disagree with the dates. Rapid review meetings, which happen several times, are a
model of their own.

Two people may edit the same review at once. Every change goes through
``Review.save_stage``, which checks the ``version`` the editor started from; a stale version
raises ``EditConflict`` and nothing is written (see ``views.py`` for how the form comes back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from . import clocks
from .choices import (
    AgeBand,
    Decision,
    Disability,
    Ethnicity,
    Harm,
    LegalStatus,
    NationalReview,
    PanelView,
    RapidReviewStart,
    ReviewKind,
    Sex,
)
from .querysets import ReviewQuerySet

review_name_validator = RegexValidator(
    r"(?i)^(child|children|baby|babies|infant|sibling|siblings|young person|young people|family|families)\b",
    "Name the review the way partnerships do, starting with Child, Baby, Sibling, Young person "
    "or Family, like Child Q. Never use the child's real name",
)


class ReviewRules(models.Model):
    """The partnership's choices where the statutory guidance leaves room (one row, pk 1).

    A new review copies these when it is recorded, so changing a rule later does not rewrite
    the clocks of reviews already under way.
    """

    SINGLETON_ID = 1

    rapid_review_starts_from = models.CharField(
        "the rapid review's 15 working days start from",
        max_length=20,
        choices=RapidReviewStart.choices,
        default=RapidReviewStart.NOTIFICATION,
    )
    publication_notice_working_days = models.PositiveSmallIntegerField(
        "working days' notice to the Panel and the Secretary of State before publication",
        default=clocks.PUBLICATION_NOTICE_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        "working days before a deadline to send a reminder",
        default=2,
        validators=[MaxValueValidator(15)],
        help_text="Each day from this many working days before a deadline, and every day it is "
        "overdue, the review team and the business unit get an e-mail. 0 reminds on the day.",
    )
    information_request_working_days = models.PositiveSmallIntegerField(
        "working days an agency has to reply to a request for information",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="The due date offered when a request is recorded; it can be changed.",
    )

    class Meta:
        verbose_name = "review rules"
        verbose_name_plural = "review rules"

    def __str__(self) -> str:
        return "Case review rules"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> ReviewRules:
        """The saved rules, or the defaults (unsaved) before the business unit changes them."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls(pk=cls.SINGLETON_ID)


class Stage(models.TextChoices):
    """How far a review has got; computed from its dates by ``Review.stage``."""

    INCIDENT = "incident", "Serious incident: notification due"
    RAPID_REVIEW = "rapid_review", "Notified: rapid review under way"
    AWAITING_PANEL = "awaiting_panel", "Rapid review sent: awaiting the Panel"
    LCSPR_COMMISSIONING = "lcspr_commissioning", "LCSPR: commissioning a reviewer"
    LCSPR_UNDER_WAY = "lcspr_under_way", "LCSPR under way"
    LCSPR_FINAL = "lcspr_final", "LCSPR final report: publication due"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed after the rapid review"
    OTHER_REVIEW = "other_review", "Learning or thematic review"


class EditConflict(Exception):
    """Someone else saved the review after the editor opened it; nothing was written."""

    def __init__(self, current: Review) -> None:
        super().__init__(f"{current} changed while it was being edited")
        self.current = current


@dataclass(frozen=True)
class DateProblem:
    """A date that breaks an ordering rule. ``field`` is the date in the wrong place; ``other``
    the date it was compared with (empty for "in the future")."""

    field: str
    other: str
    message: str


# The dates that record something that has happened, so none of them may be in the future.
# (The planned publication date is the one date allowed to be ahead.)
EVENT_DATES = (
    "incident_on",
    "became_aware_on",
    "notified_on",
    "rapid_review_submitted_on",
    "panel_responded_on",
    "lcspr_decided_on",
    "reviewer_commissioned_on",
    "final_report_on",
    "notice_sent_on",
    "published_on",
    "learning_published_on",
    "terms_of_reference_on",
    "practitioners_involved_on",
    "family_involved_on",
    "draft_report_on",
)

# (later, earlier): the later date must be the same as or after the earlier one, and needs it.
DATE_ORDER = (
    ("became_aware_on", "incident_on"),
    ("notified_on", "became_aware_on"),
    ("rapid_review_submitted_on", "notified_on"),
    ("panel_responded_on", "rapid_review_submitted_on"),
    ("lcspr_decided_on", "became_aware_on"),
    ("reviewer_commissioned_on", "lcspr_decided_on"),
    ("final_report_on", "lcspr_decided_on"),
    ("notice_sent_on", "final_report_on"),
    ("published_on", "final_report_on"),
    ("planned_publication_on", "lcspr_decided_on"),
    ("learning_published_on", "rapid_review_submitted_on"),
    ("terms_of_reference_on", "lcspr_decided_on"),
    ("draft_report_on", "lcspr_decided_on"),
    ("practitioners_involved_on", "became_aware_on"),
    ("family_involved_on", "became_aware_on"),
)

# (later, earlier) where both are recorded: a draft report follows its terms of reference and
# comes before the final report. Neither needs the other (reviews recorded before these dates
# were kept have a final report and no draft date).
DATE_ORDER_IF_BOTH = (
    ("draft_report_on", "terms_of_reference_on"),
    ("final_report_on", "draft_report_on"),
)


class Review(models.Model):
    """A serious child safeguarding incident and every review that follows from it, or a
    local learning or thematic review (``kind``), which has none of the statutory clocks."""

    kind = models.CharField(
        "kind of review",
        max_length=20,
        choices=ReviewKind.choices,
        default=ReviewKind.RAPID_REVIEW,
    )
    # Incident
    name = models.CharField(
        max_length=60,
        unique=True,
        validators=[review_name_validator],
        help_text="As the partnership names it, like Child Q. Never the child's real name.",
    )
    incident_on = models.DateField("incident date")
    became_aware_on = models.DateField(
        "date the local authority became aware",
        help_text="The notification clock starts on this day.",
    )
    incident_summary = models.TextField(
        "what happened",
        max_length=600,
        help_text="A short description, without names, addresses or other identifying details.",
    )
    panel_reference = models.CharField(
        "National Panel reference",
        max_length=40,
        blank=True,
        help_text="The reference the notification system gave, if any.",
    )
    # The child, described by categories only
    age_band = models.CharField("age", max_length=10, choices=AgeBand.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(max_length=10, choices=Ethnicity.choices)
    disability = models.CharField(
        "disabled child", max_length=10, choices=Disability.choices, default=Disability.NOT_KNOWN
    )
    legal_status = models.CharField(
        "legal status", max_length=20, choices=LegalStatus.choices, default=LegalStatus.NONE_KNOWN
    )
    # Criteria for a serious incident notification
    harm = models.CharField("what happened to the child", max_length=20, choices=Harm.choices)
    abuse_or_neglect = models.BooleanField("abuse or neglect is known or suspected", default=False)
    looked_after_death = models.BooleanField("the child who died was looked after", default=False)
    regulated_setting_death = models.BooleanField(
        "the child died in a regulated setting",
        default=False,
        help_text="For example a children's home or a residential special school.",
    )
    # Notification
    notified_on = models.DateField("date the National Panel was notified", null=True, blank=True)
    # Rapid review
    rapid_review_starts_from = models.CharField(
        "the rapid review's 15 working days start from",
        max_length=20,
        choices=RapidReviewStart.choices,
        default=RapidReviewStart.NOTIFICATION,
    )
    rapid_review_submitted_on = models.DateField(
        "date the rapid review was sent to the National Panel", null=True, blank=True
    )
    # Decision
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField("rationale", blank=True)
    # The National Panel's response
    panel_responded_on = models.DateField("date the Panel responded", null=True, blank=True)
    panel_view = models.CharField(
        "the Panel's view", max_length=10, choices=PanelView.choices, blank=True
    )
    national_review = models.CharField(
        "national review",
        max_length=20,
        choices=NationalReview.choices,
        default=NationalReview.NOT_CONSIDERED,
    )
    # LCSPR
    lcspr_decided_on = models.DateField(
        "date the partners decided to undertake an LCSPR",
        null=True,
        blank=True,
        help_text="The 6-month clock starts on this day.",
    )
    reviewer_name = models.CharField("independent reviewer", max_length=120, blank=True)
    reviewer_commissioned_on = models.DateField(
        "date the reviewer was commissioned", null=True, blank=True
    )
    terms_of_reference_on = models.DateField(
        "date the terms of reference were agreed", null=True, blank=True
    )
    practitioners_involved = models.TextField(
        "how practitioners are involved",
        blank=True,
        help_text="For example: a learning event for the practitioners who worked with the "
        "family, or individual conversations.",
    )
    practitioners_involved_on = models.DateField(
        "date practitioners were involved", null=True, blank=True
    )
    family_involved = models.TextField(
        "how the family is involved",
        blank=True,
        help_text="Who was invited to contribute, and how; or why the family is not involved. "
        "No names.",
    )
    family_involved_on = models.DateField("date the family was involved", null=True, blank=True)
    draft_report_on = models.DateField("date of the draft report", null=True, blank=True)
    final_report_on = models.DateField("date of the final report", null=True, blank=True)
    # Publication
    publication_notice_working_days = models.PositiveSmallIntegerField(
        "working days' notice before publication",
        default=clocks.PUBLICATION_NOTICE_WORKING_DAYS,
    )
    planned_publication_on = models.DateField("planned publication date", null=True, blank=True)
    notice_sent_on = models.DateField(
        "date the Panel and the Secretary of State were sent the report",
        null=True,
        blank=True,
    )
    published_on = models.DateField(
        "date the report, or its learning, was published", null=True, blank=True
    )
    not_published_reason = models.TextField(
        "why the full report is not published",
        blank=True,
        help_text="Leave blank if the full report is published. If it is not, publish the "
        "learning and give its date above.",
    )

    # Learning (its findings are ``Finding`` rows, in learning.py)
    learning_published_on = models.DateField(
        "date the learning was published",
        null=True,
        blank=True,
        help_text="From this day everyone signed in can read this review's findings and its "
        "released 7-minute briefing; the rest of the review stays with the review team.",
    )

    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="review_teams",
        verbose_name="review team",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[ReviewQuerySet] = ReviewQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-became_aware_on", "name"]

    def __str__(self) -> str:
        return self.name

    # ---- single-object rules --------------------------------------------------------------

    @property
    def meets_notification_criteria(self) -> bool:
        """WT2023: abuse or neglect known or suspected and the child died or was seriously
        harmed; or the death of a looked-after child or of a child in a regulated setting."""
        if self.abuse_or_neglect and self.harm in (Harm.DIED, Harm.SERIOUSLY_HARMED):
            return True
        return self.harm == Harm.DIED and (self.looked_after_death or self.regulated_setting_death)

    @property
    def is_statutory(self) -> bool:
        """A serious incident on the statutory clocks, not a local learning or thematic review."""
        return self.kind == ReviewKind.RAPID_REVIEW

    @property
    def goes_to_lcspr(self) -> bool:
        return self.decision == Decision.LCSPR or self.lcspr_decided_on is not None

    @property
    def publishes_full_report(self) -> bool:
        return not self.not_published_reason.strip()

    @property
    def learning_is_published(self) -> bool:
        return self.learning_published_on is not None

    @property
    def rapid_review_start_on(self) -> dt.date | None:
        if self.rapid_review_starts_from == RapidReviewStart.BECAME_AWARE:
            return self.became_aware_on
        return self.notified_on

    @property
    def publication_for_notice(self) -> dt.date | None:
        """The date the notice clock counts back from: the actual publication, else the plan."""
        return self.published_on or self.planned_publication_on

    @property
    def stage(self) -> Stage:
        if not self.is_statutory:
            return Stage.OTHER_REVIEW
        if self.notified_on is None:
            return Stage.INCIDENT
        if self.rapid_review_submitted_on is None:
            return Stage.RAPID_REVIEW
        if self.goes_to_lcspr:
            if self.published_on:
                return Stage.PUBLISHED
            if self.final_report_on:
                return Stage.LCSPR_FINAL
            if self.reviewer_commissioned_on:
                return Stage.LCSPR_UNDER_WAY
            if self.lcspr_decided_on is None and self.panel_responded_on is None:
                return Stage.AWAITING_PANEL
            return Stage.LCSPR_COMMISSIONING
        if self.panel_responded_on is None:
            return Stage.AWAITING_PANEL
        return Stage.CLOSED

    def clocks(self, *, today: dt.date, calendar: clocks.WorkingDayCalendar) -> list[clocks.Clock]:
        """Every statutory clock that has started, in the order the stages come (none for a
        local learning or thematic review)."""
        if not self.is_statutory:
            return []
        found = [
            clocks.notification_clock(
                self.became_aware_on, self.notified_on, today=today, calendar=calendar
            )
        ]
        start = self.rapid_review_start_on
        if start is not None:
            found.append(
                clocks.rapid_review_clock(
                    start, self.rapid_review_submitted_on, today=today, calendar=calendar
                )
            )
        if self.lcspr_decided_on is not None:
            found.append(
                clocks.lcspr_clock(
                    self.lcspr_decided_on, self.published_on, today=today, calendar=calendar
                )
            )
            publication = self.publication_for_notice
            if publication is not None and self.publishes_full_report:
                found.append(
                    clocks.publication_notice_clock(
                        publication,
                        self.notice_sent_on,
                        today=today,
                        calendar=calendar,
                        notice_working_days=self.publication_notice_working_days,
                    )
                )
        return found

    def date_problems(self, *, today: dt.date) -> list[DateProblem]:
        """Every date in the wrong order or in the future, one problem per date at most.

        Forms call this with the values the user typed applied to a copy of the review, so a
        problem is reported against the field the user can change.
        """
        problems: dict[str, DateProblem] = {}

        def label(name: str) -> str:
            return str(getattr(self._meta.get_field(name), "verbose_name", name))

        for name in EVENT_DATES:
            value = getattr(self, name)
            if value is not None and value > today:
                problems[name] = DateProblem(
                    name, "", f"The {label(name)} must be today or in the past"
                )
        for later, earlier in DATE_ORDER:
            later_value, earlier_value = getattr(self, later), getattr(self, earlier)
            if later in problems or later_value is None:
                continue
            if later == "learning_published_on" and not self.is_statutory:
                continue  # a learning or thematic review has no rapid review to wait for
            if earlier_value is None:
                problems[later] = DateProblem(
                    later, earlier, f"Record the {label(earlier)} before the {label(later)}"
                )
            elif later_value < earlier_value:
                problems[later] = DateProblem(
                    later,
                    earlier,
                    f"The {label(later)} must be the same as or after the {label(earlier)} "
                    f"({earlier_value:%-d %B %Y})",
                )
        for later, earlier in DATE_ORDER_IF_BOTH:
            later_value, earlier_value = getattr(self, later), getattr(self, earlier)
            if later in problems or earlier in problems or None in (later_value, earlier_value):
                continue
            if later_value < earlier_value:
                problems[later] = DateProblem(
                    later,
                    earlier,
                    f"The {label(later)} must be the same as or after the {label(earlier)} "
                    f"({earlier_value:%-d %B %Y})",
                )
        for name in (*EVENT_DATES, "planned_publication_on"):
            value = getattr(self, name)
            if name in problems or value is None or self.incident_on is None:
                continue
            if value < self.incident_on:
                problems[name] = DateProblem(
                    name,
                    "incident_on",
                    f"The {label(name)} must be the same as or after the incident date "
                    f"({self.incident_on:%-d %B %Y})",
                )
        return list(problems.values())

    def can_be_edited_by(self, user: Any) -> bool:
        """The business unit, and the people on the review team. The Independent Scrutineer
        reads and advises, but the record is the partnership's, so they do not edit it."""
        if not user.is_authenticated or not user.is_active:
            return False
        if getattr(user, "can_administer", False):
            return True
        return self.team.filter(pk=user.pk).exists()

    def save_stage(
        self,
        *,
        fields: Iterable[str],
        expected_version: int,
        team: Iterable[Any] | None = None,
    ) -> None:
        """Write these fields (and the team, if given) if nobody has saved since
        ``expected_version``; otherwise raise ``EditConflict`` and write nothing.

        The check and the write are one conditional UPDATE, so two saves racing each other
        cannot both succeed.
        """
        values = {name: getattr(self, name) for name in fields}
        with transaction.atomic():
            updated = Review.objects.filter(pk=self.pk, version=expected_version).update(
                version=F("version") + 1, updated_at=timezone.now(), **values
            )
            if not updated:
                raise EditConflict(Review.objects.get(pk=self.pk))
            if team is not None:
                self.team.set(team)
        self.version = expected_version + 1


class RapidReviewMeeting(models.Model):
    """A meeting of the rapid review (there are often two: information gathering and sign-off)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("meeting date")
    purpose = models.CharField(
        max_length=120, blank=True, help_text="For example: first meeting, or sign-off"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.held_on:%-d %B %Y}"


# The learning models live in a module of their own; importing them here registers them.
from .learning import Briefing, Finding, FindingKind, PracticeTheme  # noqa: E402
from .related import InformationRequest, ParallelProcess, ReminderSent  # noqa: E402

__all__ = [
    "Briefing",
    "DateProblem",
    "EditConflict",
    "Finding",
    "FindingKind",
    "InformationRequest",
    "ParallelProcess",
    "PracticeTheme",
    "RapidReviewMeeting",
    "ReminderSent",
    "Review",
    "ReviewRules",
    "Stage",
]
