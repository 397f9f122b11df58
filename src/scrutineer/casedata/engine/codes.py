"""The code lists the indicator definitions use: factor names, age bands, ethnic groups.

Plain data, shared by the engine, the generator's ground truth and the docs, so that a factor
or a band is named once. Names follow the DfE's published tables where they have one (the
factor names are the columns of table c3 in lower case).
"""

from __future__ import annotations

#: Factors at the end of assessment: indicator name -> the CIN census codes that count.
#: One name per code (as the DfE's c3 table), then the groups a partnership asks about.
FACTORS: dict[str, tuple[str, ...]] = {
    "alcohol_misuse_child": ("1A",),
    "alcohol_misuse_parent": ("1B",),
    "alcohol_misuse_person": ("1C",),
    "drug_misuse_child": ("2A",),
    "drug_misuse_parent": ("2B",),
    "drug_misuse_person": ("2C",),
    "domestic_abuse_child": ("3A",),
    "domestic_abuse_parent": ("3B",),
    "domestic_abuse_person": ("3C",),
    "mental_health_child": ("4A",),
    "mental_health_parent": ("4B",),
    "mental_health_person": ("4C",),
    "learning_disability_child": ("5A",),
    "learning_disability_parent": ("5B",),
    "learning_disability_person": ("5C",),
    "physical_disability_child": ("6A",),
    "physical_disability_parent": ("6B",),
    "physical_disability_person": ("6C",),
    "young_carer": ("7A",),
    "privately_fostered": ("8B", "8C", "8D", "8E", "8F"),
    "unaccompanied_asylum_seeker": ("9A",),
    "going_missing": ("10A",),
    "child_sexual_exploitation": ("11A",),
    "trafficking": ("12A",),
    "gangs": ("13A",),
    "socially_unacceptable_behaviour": ("14A",),
    "self_harm": ("15A",),
    "neglect": ("16A",),
    "emotional_abuse": ("17A",),
    "physical_abuse_unknown": ("18A",),
    "physical_abuse_child_on_child": ("18B",),
    "physical_abuse_adult_on_child": ("18C",),
    "sexual_abuse_unknown": ("19A",),
    "sexual_abuse_child_on_child": ("19B",),
    "sexual_abuse_adult_on_child": ("19C",),
    "other": ("20",),
    "female_genital_mutilation": ("22A",),
    "faith_linked_abuse": ("23A",),
    "child_criminal_exploitation": ("24A",),
    # groups: an episode counts once however many of the codes it has
    "alcohol_misuse": ("1A", "1B", "1C"),
    "drug_misuse": ("2A", "2B", "2C"),
    "domestic_abuse": ("3A", "3B", "3C"),
    "mental_health": ("4A", "4B", "4C"),
    "learning_disability": ("5A", "5B", "5C"),
    "physical_disability": ("6A", "6B", "6C"),
    "physical_abuse": ("18A", "18B", "18C"),
    "sexual_abuse": ("19A", "19B", "19C"),
    "exploitation": ("11A", "24A"),
}
NO_FACTORS = "21"

#: Child protection categories of abuse (initial category of plans starting).
CP_CATEGORIES = ("NEG", "PHY", "SAB", "EMO", "MUL")

#: Closure reasons meaning "assessed, not in need": closed after assessment with no further
#: action (RC8) or referred to early help (RC9).
NOT_IN_NEED_REASONS = ("RC8", "RC9")

#: Age bands as the DfE publishes them: (name, youngest, oldest) in whole years; a negative
#: age is a child not yet born, a missing one "unknown".
AGE_BANDS = (
    ("unborn", None, -1),
    ("under_1", 0, 0),
    ("1_to_4", 1, 4),
    ("5_to_9", 5, 9),
    ("10_to_15", 10, 15),
    ("16_plus", 16, None),
)
UNKNOWN = "unknown"

#: Ethnic groups by the first letter of the census code; CHNE (Chinese) and OOTH go with
#: "other", REFU (refused) and NOBT (not obtained) with "not_known", as the DfE's tables do.
ETHNIC_GROUP_BY_LETTER = {"W": "white", "M": "mixed", "A": "asian", "B": "black", "O": "other"}
ETHNIC_GROUP_EXCEPTIONS = {"CHNE": "other", "REFU": "not_known", "NOBT": "not_known"}
ETHNIC_GROUPS = ("white", "mixed", "asian", "black", "other", "not_known")

SEXES = ("M", "F", "U")
DISABILITY = ("disabled", "not_disabled", UNKNOWN)

SPLITS = ("age_band", "sex", "ethnicity", "disability")


def ethnic_group(code: str | None) -> str:
    if not code:
        return "not_known"
    code = code.upper()
    if code in ETHNIC_GROUP_EXCEPTIONS:
        return ETHNIC_GROUP_EXCEPTIONS[code]
    return ETHNIC_GROUP_BY_LETTER.get(code[:1], "not_known")


def age_band(years: int | None) -> str:
    if years is None:
        return UNKNOWN
    for name, low, high in AGE_BANDS:
        if (low is None or years >= low) and (high is None or years <= high):
            return name
    return UNKNOWN  # pragma: no cover - the bands cover every whole number


#: The groups of each split, in order: the engine counts by position (a small number groups
#: faster than a string) and names the groups when it reports them.
SPLIT_GROUPS: dict[str, tuple[str, ...]] = {
    "age_band": (*(name for name, _, _ in AGE_BANDS), UNKNOWN),
    "sex": SEXES,
    "ethnicity": ETHNIC_GROUPS,
    "disability": DISABILITY,
}
