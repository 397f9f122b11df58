"""The code lists of the CIN census and the SSDA903 return: code -> meaning.

These are the codes the canonical tables keep (``casedata/schema.py``). A value outside them is
reported as ``unknown_code`` and left empty, never guessed. Sources: the DfE's CIN census and
SSDA903 guidance and the community schemas in ``../shared/data/samples/cin_census/``.
"""

from __future__ import annotations

SEX = {"M": "Male", "F": "Female", "U": "Unknown"}

#: CIN census ``GenderCurrent`` (until 2023-24) -> ``Sex`` (from 2024-25): 1 male, 2 female,
#: 0 not recorded or unborn, 9 indeterminate.
GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}

#: SSDA903 ``SEX``: 1 male, 2 female.
SSDA903_SEX = {"1": "M", "2": "F"}

ETHNICITY = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Caribbean",
    "BAFR": "African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}

#: The DfE's extended ethnicity codes that some case systems record, mapped to the main code
#: they roll up to (the census takes only the main codes).
ETHNICITY_EXTENDED = {
    **dict.fromkeys(("WCOR", "WENG", "WSCO", "WWEL", "WNIR", "WOWB", "WBRT"), "WBRI"),
    **dict.fromkeys(
        (
            "WALB", "WBOS", "WCRO", "WGRE", "WGRK", "WGRC", "WITA", "WKOS", "WPOR", "WSER",
            "WTUR", "WTUK", "WTUC", "WEUR", "WEEU", "WWEU", "WOTW", "WPOL", "WAFH",
        ),
        "WOTH",
    ),
    **dict.fromkeys(("WIRR",), "WIRT"),
    **dict.fromkeys(("WGYP", "WROG"), "WROM"),
    **dict.fromkeys(("MABL", "MACH", "MAOE", "MBOE", "MCOE", "MWOE", "MOTA"), "MOTH"),
    **dict.fromkeys(("AAFR", "AKAO", "ANEP", "ASNL", "ASLT", "ASRO", "AOTA", "AMPK"), "AOTH"),
    **dict.fromkeys(("BANN", "BCON", "BGHA", "BNGN", "BSLN", "BSOM", "BSUD", "BAOF"), "BAFR"),
    **dict.fromkeys(("BEUR", "BNAM", "BOTB", "BOTA"), "BOTH"),
    **dict.fromkeys(("CHKC", "CMAL", "CSNG", "CTWN", "COCH"), "CHNE"),
    **dict.fromkeys(
        (
            "OAFG", "OARA", "OEGY", "OFIL", "OIRN", "OIRQ", "OJPN", "OKOR", "OKRD", "OLAM",
            "OLEB", "OLIB", "OMAL", "OMRC", "OTHR", "OVIE", "OYEM", "OOEG", "OTHE",
        ),
        "OOTH",
    ),
    **dict.fromkeys(("INFO", "NOTO", "NOBA"), "NOBT"),
}  # fmt: skip

#: Either list of ethnicity codes, as the importers accept them (the extended codes are then
#: rolled up to their main one).
ETHNICITY_ANY = {**ETHNICITY, **ETHNICITY_EXTENDED}
#: The sex codes of either census era, and of the SSDA903 return, with the letters.
SEX_CIN = {**GENDER_CURRENT, **SEX}
SEX_SSDA903 = {**SSDA903_SEX, **SEX}

DISABILITY = {
    "NONE": "No disability",
    "MOB": "Mobility",
    "HAND": "Hand function",
    "PC": "Personal care",
    "INC": "Incontinence",
    "COMM": "Communication",
    "LD": "Learning",
    "HEAR": "Hearing",
    "VIS": "Vision",
    "BEH": "Behaviour",
    "CON": "Consciousness",
    "AUT": "Autism",
    "DDA": "Other",
}

REFERRAL_SOURCES = {
    "1A": "Individual: family member, relative or carer",
    "1B": "Individual: acquaintance (including neighbours and child minders)",
    "1C": "Individual: self",
    "1D": "Individual: other (including strangers)",
    "2A": "Schools",
    "2B": "Education services",
    "3A": "Health services: general practitioner (GP)",
    "3B": "Health services: health visitor",
    "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services",
    "3E": "Health services: A&E",
    "3F": "Health services: other (for example hospice)",
    "4": "Housing",
    "5A": "LA services: social care (for example adults' social care)",
    "5B": "LA services: other internal (for example youth offending, not housing)",
    "5C": "LA services: external (another local authority)",
    "5D": "LA services: early help",
    "6": "Police",
    "7": "Other legal agency (courts, probation, immigration, Cafcass, prison)",
    "8": "Other (children's centres, independent providers, voluntary organisations)",
    "9": "Anonymous",
    "10": "Unknown",
}

PRIMARY_NEED = {
    "N0": "Not stated",
    "N1": "Abuse, neglect and exploitation",
    "N2": "Child's disability",
    "N3": "Parental disability or illness",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
    "N9": "Cases other than children in need",
}

CLOSURE_REASONS = {
    "RC1": "Adopted",
    "RC2": "Died",
    "RC3": "Child arrangements order",
    "RC4": "Special guardianship order",
    "RC5": "Transferred to services of another local authority",
    "RC6": "Transferred to adult social care services",
    "RC7": "Services ceased for any other reason, including child no longer in need",
    "RC8": "Case closed after assessment, no further action",
    "RC9": "Case closed after assessment, referred to early help",
}

#: Factors identified at the end of assessment. 18A and 19A (physical and sexual abuse, not
#: split by who harmed the child) are the **old** codes that 18B/18C and 19B/19C replaced;
#: files from earlier years still carry them, so both are read.
FACTORS = {
    "1A": "Alcohol misuse: the child",
    "1B": "Alcohol misuse: parent(s)/carer(s)",
    "1C": "Alcohol misuse: another person in the household",
    "2A": "Drug misuse: the child",
    "2B": "Drug misuse: parent(s)/carer(s)",
    "2C": "Drug misuse: another person in the household",
    "3A": "Domestic abuse: the child",
    "3B": "Domestic abuse: parent(s)/carer(s)",
    "3C": "Domestic abuse: another person in the household",
    "4A": "Mental health: the child",
    "4B": "Mental health: parent(s)/carer(s)",
    "4C": "Mental health: another person in the household",
    "5A": "Learning disability: the child",
    "5B": "Learning disability: parent(s)/carer(s)",
    "5C": "Learning disability: another person in the household",
    "6A": "Physical disability or illness: the child",
    "6B": "Physical disability or illness: parent(s)/carer(s)",
    "6C": "Physical disability or illness: another person in the household",
    "7A": "Young carer",
    "8B": "Privately fostered: overseas children who intend to return",
    "8C": "Privately fostered: overseas children who intend to stay",
    "8D": "Privately fostered: UK children in educational placements",
    "8E": "Privately fostered: UK children making alternative family arrangements",
    "8F": "Privately fostered: other",
    "9A": "Unaccompanied asylum-seeking child",
    "10A": "Going or being missing",
    "11A": "Child sexual exploitation",
    "12A": "Trafficking",
    "13A": "Gangs",
    "14A": "Socially unacceptable behaviour",
    "15A": "Self-harm",
    "16A": "Neglect",
    "17A": "Emotional abuse",
    "18A": "Physical abuse (old code)",
    "18B": "Physical abuse: child on child",
    "18C": "Physical abuse: adult on child",
    "19A": "Sexual abuse (old code)",
    "19B": "Sexual abuse: child on child",
    "19C": "Sexual abuse: adult on child",
    "20": "Other",
    "21": "No factors identified",
    "22A": "Female genital mutilation",
    "23A": "Abuse linked to faith or belief",
    "24A": "Child criminal exploitation",
}
OLD_FACTORS = frozenset({"18A", "19A"})
NO_FACTORS = "21"

CP_CATEGORIES = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
    "MUL": "Multiple (no longer recommended)",
}

# --- SSDA903 ------------------------------------------------------------------------------

REASON_NEW_EPISODE = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer(s) only",
    "T": "Change of both legal status and placement and carer(s) at the same time",
    "B": "Change of placement and carer(s) and legal status where legal status is not changed",
    "U": "Change of legal status and placement provider only",
}

LEGAL_STATUS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "J1": "Remanded to local authority accommodation or youth detention accommodation",
    "J2": "Placed in local authority accommodation under PACE",
    "J3": "Sentenced to a youth rehabilitation order with residence or fostering requirement",
    "L1": "Under police protection and in local authority accommodation",
    "L2": "Emergency protection order",
    "L3": "Child assessment order and in local authority accommodation",
    "V2": "Single period of accommodation under section 20",
    "V3": "Accommodated under an agreed series of short-term breaks (individual episodes)",
    "V4": "Accommodated under an agreed series of short-term breaks (agreements recorded)",
}

PLACEMENT = {
    "A3": "Placed for adoption with parental consent with current foster carer(s)",
    "A4": "Placed for adoption with parental consent not with current foster carer(s)",
    "A5": "Placed for adoption with placement order with current foster carer(s)",
    "A6": "Placed for adoption with placement order not with current foster carer(s)",
    "H5": "Semi-independent living accommodation not subject to children's homes regulations",
    "K1": "Secure children's homes",
    "K2": "Children's homes subject to children's homes regulations",
    "P1": "Placed with own parent(s) or other person(s) with parental responsibility",
    "P2": "Independent living",
    "P3": "Residential employment",
    "P4": "Supported accommodation",
    "R1": "Residential care home",
    "R2": "NHS/health trust or other establishment providing medical or nursing care",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution or prison",
    "S1": "All residential schools, except where dual-registered as a children's home",
    "T0": "Temporary placement: all types",
    "T1": "Temporary periods in hospital",
    "T2": "Temporary absences of the child on holiday",
    "T3": "Temporary accommodation whilst normal foster carer(s) is/are on holiday",
    "T4": "Temporary accommodation of seven days or less",
    "U1": "Foster placement with relative or friend: long term",
    "U2": "Foster placement with relative or friend who is also an approved adopter: FFA",
    "U3": "Foster placement with relative or friend: not long term or FFA",
    "U4": "Foster placement with other foster carer: long term",
    "U5": "Foster placement with other foster carer who is also an approved adopter: FFA",
    "U6": "Foster placement with other foster carer: not long term or FFA",
    "Z1": "Other placements",
}

REASON_EPISODE_CEASED = {
    "E11": "Adopted: application unopposed",
    "E12": "Adopted: consent dispensed with",
    "E13": "Left care to live with parents, relatives or others with no parental responsibility",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment determined child was 18 or over",
    "E16": "Child moved abroad",
    "E17": "Aged 18 or over and remained with current carers",
    "E2": "Died",
    "E3": "Care taken over by another local authority in the UK",
    "E41": "Residence order (or child arrangements order) granted",
    "E45": "Special guardianship order: former foster carer(s) who were relatives or friends",
    "E46": "Special guardianship order: former foster carer(s) other than relatives or friends",
    "E47": "Special guardianship order: carer(s) other than former foster carer(s), relatives",
    "E48": "Special guardianship order: carer(s) other than former foster carer(s), other",
    "E4A": "Returned home to live with parents or relatives: part of the care planning process",
    "E4B": "Returned home to live with parents or relatives: not part of care planning",
    "E5": "Moved into independent living arrangement with supportive accommodation",
    "E6": "Moved into independent living arrangement without formalised support",
    "E7": "Transferred to residential care funded by adult social services",
    "E8": "Period of being looked after ceased for any other reason",
    "E9": "Sentenced to custody",
    "X1": "Episode ceases, and new episode begins on the same day, for any reason",
}

MISSING_KIND = {"M": "MISSING", "A": "AWAY"}
