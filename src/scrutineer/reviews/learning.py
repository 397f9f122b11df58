"""What a review teaches: findings tagged with practice themes, and the 7-minute briefing.

The practice themes are data, not code (WT2023 learning changes; partnerships add their own),
loaded with a starter taxonomy by migration 0003 and edited by the business unit. A theme that a
finding uses cannot be deleted, only switched off, so the counts across past reviews never lose
a row.

A finding is one piece of learning from one review: a shortfall or good practice (partnerships
are asked to record both), tagged with themes, the partnership's priorities and, optionally, the
agencies it concerns. Findings are read by the review team until the review's learning is
published (``Review.learning_published_on``); from then on by everyone signed in.

The 7-minute briefing is the learning format practitioners know: seven short sections, read in
seven minutes at a team meeting. It is drafted from the findings, edited by the team, and
released; only a released briefing of a review with published learning leaves the team.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from .querysets import BriefingQuerySet, FindingQuerySet


class PracticeTheme(models.Model):
    """A practice theme (information sharing, professional curiosity, ...) for tagging learning."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(
        default=True, help_text="Switched-off themes keep their past findings but are not offered."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_use(self) -> bool:
        return self.findings.exists()


class FindingKind(models.TextChoices):
    SHORTFALL = "shortfall", "Learning: something to do differently"
    GOOD_PRACTICE = "good_practice", "Good practice"


class Finding(models.Model):
    """One piece of learning from one review."""

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(
        "kind of finding",
        max_length=20,
        choices=FindingKind.choices,
        default=FindingKind.SHORTFALL,
    )
    text = models.TextField(
        "finding",
        max_length=1200,
        help_text="What the review found, in a few sentences, without names or identifying "
        "details.",
    )
    themes = models.ManyToManyField(
        PracticeTheme, related_name="findings", verbose_name="practice themes"
    )
    priorities = models.ManyToManyField(
        "partnership.Priority",
        blank=True,
        related_name="review_findings",
        verbose_name="partnership priorities",
    )
    agencies = models.ManyToManyField(
        "partnership.Agency",
        blank=True,
        related_name="review_findings",
        verbose_name="agencies concerned",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[FindingQuerySet] = FindingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["review", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.text[:60]}"

    @property
    def is_good_practice(self) -> bool:
        return self.kind == FindingKind.GOOD_PRACTICE


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RELEASED = "released", "Released"


# The seven sections, in order: (field, heading, what goes in it).
BRIEFING_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("background", "Background", "The review, and the child described without identifying them."),
    ("why_it_matters", "Why it matters", "Why every practitioner should know about this."),
    ("what_happened", "What happened", "The information: a short account of what happened."),
    ("learning", "Learning", "What the review found that practice should change."),
    ("good_practice", "Good practice", "What went well and should be repeated."),
    ("questions", "Questions to consider", "Questions for a team meeting or supervision."),
    ("what_to_do", "What to do now", "Actions for practitioners and managers, and resources."),
)


class Briefing(models.Model):
    """A review's 7-minute briefing: seven short sections, edited until it is released.

    Each section is plain text: a blank line starts a new paragraph and a line starting with
    "- " is a bullet (``paragraphs``), so the same text makes the page, the DOCX and the PDF.
    """

    review = models.OneToOneField(
        "reviews.Review", on_delete=models.CASCADE, related_name="briefing"
    )
    background = models.TextField("1. Background", max_length=2000)
    why_it_matters = models.TextField("2. Why it matters", max_length=2000)
    what_happened = models.TextField("3. What happened", max_length=2000)
    learning = models.TextField("4. Learning", max_length=3000)
    good_practice = models.TextField("5. Good practice", max_length=2000, blank=True)
    questions = models.TextField("6. Questions to consider", max_length=2000)
    what_to_do = models.TextField("7. What to do now", max_length=2000)
    status = models.CharField(
        max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT
    )
    released_on = models.DateField("date released", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[BriefingQuerySet] = BriefingQuerySet.as_manager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return f"7-minute briefing: {self.review}"

    @property
    def title(self) -> str:
        return f"7-minute briefing: {self.review.name}"

    @property
    def is_released(self) -> bool:
        return self.status == BriefingStatus.RELEASED

    def sections(self) -> list[tuple[int, str, list[tuple[str, Any]]]]:
        """(number, heading, blocks) for each of the seven sections, in order; a block is
        ("p", text) or ("ul", [bullet, ...])."""
        return [
            (number, heading, blocks(getattr(self, field)))
            for number, (field, heading, _) in enumerate(BRIEFING_SECTIONS, start=1)
        ]

    @classmethod
    def drafted_from(cls, review: Any, *, recommendations: list[str]) -> Briefing:
        """A new, unsaved briefing with its sections drafted from the review's findings and
        recommendations. Only the review's name and the categories already stored describe the
        child: nothing here could identify them that the review does not already hold."""
        findings = list(review.findings.prefetch_related("themes"))
        shortfalls = [f for f in findings if not f.is_good_practice]
        good = [f for f in findings if f.is_good_practice]
        themes: list[str] = []
        for finding in findings:
            for theme in finding.themes.all():
                if theme.name not in themes:
                    themes.append(theme.name)
        child = (
            f"The child: {review.get_age_band_display().lower()}, {review.get_sex_display().lower()}, "
            f"{review.get_ethnicity_display()}; disabled: {review.get_disability_display().lower()}; "
            f"legal status: {review.get_legal_status_display().lower()}."
        )
        decision = review.get_decision_display()
        background = f"{review.name} is a case review by the safeguarding children partnership."
        if decision:
            background += f" The rapid review's decision: {decision}."
        theme_text = (
            "This review's learning is about " + _join([t.lower() for t in themes]) + "."
            if themes
            else "Say why this learning matters to every practitioner."
        )
        return cls(
            review=review,
            background=f"{background}\n\n{child}",
            why_it_matters=f"{theme_text} Children were harmed where these things went wrong; "
            "the same can happen in any team.",
            what_happened=review.incident_summary,
            learning=_bullets([f.text for f in shortfalls])
            or "Write the learning from the review here.",
            good_practice=_bullets([f.text for f in good]),
            questions=_bullets(
                [
                    f"How does {name.lower()} show in your own work, and what would help?"
                    for name in themes
                ]
                + ["What would you do differently after reading this briefing?"]
            ),
            what_to_do=_bullets(
                [
                    "Discuss this briefing at your next team meeting or in supervision.",
                    *recommendations,
                ]
            ),
        )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {' '.join(line.split())}" for line in lines if line.strip())


def paragraphs(text: str) -> list[tuple[str, str]]:
    """Plain text as ("p", text) paragraphs and ("li", text) bullets: a blank line separates
    paragraphs; a line starting with "- " or "* " is a bullet; other lines join their
    paragraph."""
    found: list[tuple[str, str]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            found.append(("p", " ".join(current)))
            current.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line[:2] in ("- ", "* "):
            flush()
            found.append(("li", line[2:].strip()))
        else:
            current.append(line)
    flush()
    return found


def blocks(text: str) -> list[tuple[str, Any]]:
    """``paragraphs`` with consecutive bullets gathered into one list: ("p", text) or
    ("ul", [text, ...]), as a page or a document lays them out."""
    found: list[tuple[str, Any]] = []
    for kind, value in paragraphs(text):
        if kind == "li":
            if found and found[-1][0] == "ul":
                found[-1][1].append(value)
            else:
                found.append(("ul", [value]))
        else:
            found.append(("p", value))
    return found
