"""The fixed lists a case review uses: how the child is described, and each stage's outcomes.

The child is described only by these categories, never by name, date of birth or address, so
a review can be discussed and counted without identifying anyone.
"""

from __future__ import annotations

from django.db import models


class AgeBand(models.TextChoices):
    """The age bands the DfE uses for serious incident notifications."""

    UNDER_1 = "under_1", "Under 1"
    AGE_1_4 = "1_4", "1 to 4"
    AGE_5_9 = "5_9", "5 to 9"
    AGE_10_15 = "10_15", "10 to 15"
    AGE_16_17 = "16_17", "16 or 17"
    NOT_KNOWN = "not_known", "Not known"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class Ethnicity(models.TextChoices):
    """The five high-level ONS ethnic groups (2021 Census), and not known."""

    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    NOT_KNOWN = "not_known", "Not known"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class LegalStatus(models.TextChoices):
    """The child's status with children's services at the time of the incident."""

    NONE_KNOWN = "none_known", "None known"
    EARLY_HELP = "early_help", "Early help or family help"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"


class Harm(models.TextChoices):
    DIED = "died", "The child died"
    SERIOUSLY_HARMED = "seriously_harmed", "The child was seriously harmed"


class RapidReviewStart(models.TextChoices):
    """Where the 15 working days of a rapid review are counted from (a partnership's choice)."""

    NOTIFICATION = "notification", "The date the Panel was notified"
    BECAME_AWARE = "became_aware", "The date the local authority became aware"


class Decision(models.TextChoices):
    """What the rapid review decided."""

    LCSPR = "lcspr", "Local child safeguarding practice review (LCSPR)"
    NO_LCSPR = "no_lcspr", "No LCSPR"
    OTHER_LEARNING = "other_learning", "Another kind of learning review"
    NATIONAL = "national", "Propose a national review"


class PanelView(models.TextChoices):
    AGREE = "agree", "The Panel agreed with the decision"
    CHALLENGE = "challenge", "The Panel challenged the decision"


class NationalReview(models.TextChoices):
    """The Panel's decision on a national review."""

    NOT_CONSIDERED = "not_considered", "Not considered"
    NOT_UNDERTAKEN = "not_undertaken", "The Panel will not undertake a national review"
    UNDERTAKEN = "undertaken", "The Panel will undertake a national review"
    UNDECIDED = "undecided", "The Panel has not decided yet"


class ReviewKind(models.TextChoices):
    """What kind of review this is. Only a serious incident notified to the National Panel
    runs on the statutory clocks (rapid review, then an LCSPR or not); a partnership also holds
    learning reviews of cases that do not meet the criteria, and thematic reviews across cases."""

    RAPID_REVIEW = "rapid_review", "Serious incident: rapid review, then an LCSPR if decided"
    LEARNING = "learning", "Local learning review (no statutory clocks)"
    THEMATIC = "thematic", "Thematic review across cases (no statutory clocks)"


class InformationRequestStatus(models.TextChoices):
    """Where an agency's reply to a rapid review's request for information stands."""

    AWAITED = "awaited", "Awaited"
    RECEIVED = "received", "Received"
    NOTHING_HELD = "nothing_held", "The agency holds nothing relevant"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ParallelProcessKind(models.TextChoices):
    """Other processes that run alongside a case review and share its learning."""

    CHILD_DEATH = "child_death", "Child death review"
    DOMESTIC_HOMICIDE = "domestic_homicide", "Domestic homicide review"
    SAFEGUARDING_ADULT = "safeguarding_adult", "Safeguarding adult review"
    IOPC = "iopc", "Independent Office for Police Conduct (IOPC) investigation"
    CORONER = "coroner", "Coroner's inquest"


class ParallelProcessStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    CONCLUDED = "concluded", "Concluded"
    PAUSED = "paused", "Paused"
