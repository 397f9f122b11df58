"""The rates and durations the generator plants, chosen to look like England's.

Orientation figures (England 2025, ``../shared/domain.md`` section 6 and the DfE tables in
``../shared/data/dfe/``): 22.6% of referrals are re-referrals within 12 months, 6.5% end in no
further action, 30.8% are assessed as not in need; assessments take a median of 33 working days
and about 86% finish within 45; about 36% of referrals lead to a section 47 enquiry, a third of
those to an initial child protection conference (about 80% within 15 working days) and most
conferences to a plan; about a quarter of plans are second or subsequent; a child looked after
stays about two and a half years. The values below are the generator's inputs, not its outputs:
the figures a run produces are in its ground truth, computed from what it generated.
"""

from __future__ import annotations

#: Reporting years of history simulated before the first year asked for, so that re-referrals,
#: repeat plans and the children open at the start look like a service that was already running.
BURN_IN_YEARS = 2

#: Referrals a child has in the simulated window: 1 + a geometric number more (capped).
MORE_REFERRALS_P = 0.62
MAX_REFERRALS = 8
#: Days between an episode closing and the child's next referral: lognormal(median, sigma).
BREAK_MEDIAN_DAYS, BREAK_SIGMA = 200.0, 1.1

#: Age at first referral: (share, youngest day, oldest day); unborn children are referred
#: 10-150 days before they are born.
AGE_BANDS = (
    (0.03, -150, -10),
    (0.09, 0, 364),
    (0.19, 365, 5 * 365 - 1),
    (0.24, 5 * 365, 10 * 365 - 1),
    (0.34, 10 * 365, 16 * 365 - 1),
    (0.11, 16 * 365, 18 * 365 - 30),
)

SEX = {"M": 0.51, "F": 0.48, "U": 0.01}
ETHNICITY = {
    "WBRI": 0.64, "WIRI": 0.003, "WIRT": 0.004, "WOTH": 0.05, "WROM": 0.008,
    "MWBC": 0.025, "MWBA": 0.01, "MWAS": 0.01, "MOTH": 0.025,
    "AIND": 0.015, "APKN": 0.03, "ABAN": 0.01, "AOTH": 0.015,
    "BCRB": 0.015, "BAFR": 0.04, "BOTH": 0.01,
    "CHNE": 0.003, "OOTH": 0.03, "REFU": 0.005, "NOBT": 0.04,
}  # fmt: skip
#: Disability: True (any), False (NONE), None (not recorded).
DISABLED = {True: 0.12, False: 0.85, None: 0.03}
DISABILITIES = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT")

REFERRAL_SOURCES = {
    "1A": 0.04, "1B": 0.01, "1C": 0.01, "1D": 0.02, "2A": 0.19, "2B": 0.01,
    "3A": 0.03, "3B": 0.02, "3C": 0.01, "3D": 0.03, "3E": 0.03, "3F": 0.03,
    "4": 0.02, "5A": 0.03, "5B": 0.03, "5C": 0.02, "5D": 0.03, "6": 0.29,
    "7": 0.04, "8": 0.06, "9": 0.01, "10": 0.04,
}  # fmt: skip
PRIMARY_NEED = {
    "N1": 0.58, "N2": 0.04, "N3": 0.03, "N4": 0.1, "N5": 0.13,
    "N6": 0.02, "N7": 0.005, "N8": 0.025, "N9": 0.07,
}  # fmt: skip

#: The path of a referral.
NFA_P = 0.065
SECOND_ASSESSMENT_P = 0.06
S47_P = 0.37  # of referrals that are not NFA
ICPC_P = 0.31  # of section 47 enquiries
PLAN_P = 0.86  # of conferences
NOT_IN_NEED_P = 0.36  # of assessed referrals without a plan
CLA_FROM_PLAN_P = 0.25
CLA_FROM_CIN_P = 0.06

#: Working days from referral to the start of assessment (0 = the same day), and the
#: assessment's length in working days: lognormal(median, sigma), rounded, at least 1.
ASSESSMENT_START_WD = {0: 0.5, 1: 0.25, 2: 0.1, 3: 0.07, 5: 0.05, 10: 0.03}
ASSESSMENT_MEDIAN_WD, ASSESSMENT_SIGMA = 32.5, 0.33
#: Working days from referral to the strategy discussion, and from it to the conference.
S47_START_WD = {0: 0.4, 1: 0.3, 3: 0.2, 8: 0.1}
ICPC_MEDIAN_WD, ICPC_SIGMA = 12.0, 0.3

#: Days: a CIN plan, a CP plan, the step-down CIN plan after it, a period of care.
CIN_PLAN_MEDIAN, CIN_PLAN_SIGMA = 180.0, 0.6
CP_PLAN_MEDIAN, CP_PLAN_SIGMA = 280.0, 0.6
STEP_DOWN_P, STEP_DOWN_MEDIAN, STEP_DOWN_SIGMA = 0.5, 120.0, 0.5
CARE_MEDIAN, CARE_SIGMA = 520.0, 1.1
#: Children already looked after when the window opens (a share of all children): their care
#: began up to ``IN_CARE_YEARS_BEFORE`` years earlier and lasts lognormal(median, sigma) days
#: more from the opening day, so the numbers in care start near their steady level.
IN_CARE_P, IN_CARE_YEARS_BEFORE = 0.06, 8
IN_CARE_LEFT_MEDIAN, IN_CARE_LEFT_SIGMA = 1000.0, 1.0

#: Children who had plans before the simulated window: the share, and 1 + geometric(p) plans.
PRIOR_PLAN_CHILD_P, PRIOR_PLAN_MORE_P = 0.2, 0.3

CP_CATEGORY = {"NEG": 0.5, "EMO": 0.36, "PHY": 0.06, "SAB": 0.04, "MUL": 0.04}
LATEST_CATEGORY_CHANGES_P = 0.1
#: First review ~3 months after the plan starts, then ~6-monthly; a share are late.
CP_FIRST_REVIEW_DAYS, CP_NEXT_REVIEW_DAYS, CP_REVIEW_LATE_P = 80, 170, 0.08

#: Factors at the end of assessment: the share of episodes with each, from the DfE's England
#: 2025 figures (c3: episodes with the factor / episodes with any factor).
FACTORS = {
    "1A": 0.021, "1B": 0.143, "1C": 0.023, "2A": 0.048, "2B": 0.141, "2C": 0.031,
    "3A": 0.113, "3B": 0.317, "3C": 0.05, "4A": 0.176, "4B": 0.335, "4C": 0.046,
    "5A": 0.123, "5B": 0.03, "5C": 0.015, "6A": 0.047, "6B": 0.054, "6C": 0.01,
    "7A": 0.037, "8B": 0.002, "8D": 0.002, "9A": 0.012, "10A": 0.033, "11A": 0.024,
    "12A": 0.004, "13A": 0.017, "14A": 0.07, "15A": 0.05, "16A": 0.176, "17A": 0.19,
    "18B": 0.03, "18C": 0.12, "19B": 0.025, "19C": 0.037, "20": 0.163, "22A": 0.002,
    "23A": 0.004, "24A": 0.032,
}  # fmt: skip
#: Referrals assessed as not in need mostly close with factor 21 ("no factors") alone.
NO_FACTORS_P = 0.6

LEGAL_STATUS = {"C2": 0.42, "V2": 0.28, "C1": 0.2, "E1": 0.05, "L1": 0.03, "J2": 0.02}
PLACEMENT = {
    "U1": 0.1, "U3": 0.08, "U4": 0.22, "U6": 0.3, "K2": 0.12, "P1": 0.08, "H5": 0.05,
    "A5": 0.03, "R1": 0.02,
}  # fmt: skip
REASON_NEW_LATER = {"P": 0.7, "L": 0.15, "T": 0.15}
REASON_CEASED = {
    "E4A": 0.3, "E4B": 0.05, "E11": 0.08, "E12": 0.04, "E13": 0.06, "E41": 0.05,
    "E45": 0.06, "E46": 0.05, "E5": 0.06, "E6": 0.05, "E8": 0.15, "E3": 0.05,
}  # fmt: skip
#: Episodes in a period of care: 1, 2 or 3.
EPISODES_PER_PERIOD = {1: 0.65, 2: 0.25, 3: 0.1}
MISSING_PER_PERIOD, MISSING_AWAY_P = 0.5, 0.3
#: Contacts that do not become referrals, per referral.
EXTRA_CONTACTS = 0.8
