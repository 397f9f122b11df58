"""Annex A categories as local authorities really write them, turned into the return's codes.

Ofsted's template writes "a) Male" and "q) 6: Police", but case systems export "1 - Male",
"M", "Police", "(CS) Police", "WBRI - White British", "N1 - Abuse or neglect", "1a Physical
Abuse", "C2: FCO" and hundreds more (``Annex_A_header_variants.yml`` lists the real ones; the
tests measure these functions against it). Each function reads a value in two steps:

1. a code written in the value ("a) 1A: Individual" -> 1A, "RC4 - SGO" -> RC4), which wins;
2. otherwise words that name one code and only one ("Police" -> 6, "Adopted" -> RC1).

A value that names a group but not a code ("Individual", "Health services", "Foster
placement") is not guessed: it is reported as an unknown code and left empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from scrutineer.casedata.importers import codes
from scrutineer.casedata.importers.common import (
    Parsed,
    clean,
    parse_bool,
    shown,
    strip_enumerator,
)

Words = tuple[tuple[str, str], ...]
_TOKEN = re.compile(r"[A-Za-z0-9]+")


def _compile(words: Words) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.IGNORECASE), code) for pattern, code in words)


def _reader(
    allowed: Mapping[str, str],
    words: Words,
    what: str,
    *,
    aliases: Mapping[str, str] | None = None,
    prepare: Callable[[str], str] | None = None,
) -> Callable[[Any], Parsed]:
    """A normaliser for one field: codes written in the value first, then ``words``."""
    rules = _compile(words)
    known = {**(aliases or {}), **{code: code for code in allowed}}

    def normalise(value: Any) -> Parsed:
        text = clean(value)
        if not text:
            return Parsed(None)
        body = strip_enumerator(text)
        if prepare is not None:
            body = prepare(body)
        squeezed = body.upper().replace(" ", "")
        if squeezed in known:
            return Parsed(known[squeezed])
        written = []
        for token in _TOKEN.findall(body):
            code = known.get(token.upper())
            if code is not None and (len(token) > 1 or token.isdigit()) and code not in written:
                written.append(code)
        if len(written) == 1:
            return Parsed(written[0])
        for pattern, code in rules:
            if pattern.search(body):
                return Parsed(code)
        if written:  # several codes and no words to choose: the first one written
            return Parsed(written[0])
        return Parsed(None, f"{shown(text)} is not a known {what}")

    return normalise


# --- sex ---------------------------------------------------------------------------------

sex = _reader(
    codes.SEX,
    (
        (r"^trans|not|unknown|unborn|indeterminate|neither|non.?binary|unspecified|withheld|"
         r"unable|dysphoria|^i$|^u$", "U"),
        (r"\bfemale\b|\bgirl\b|^f$", "F"),
        (r"\bmale\b|\bboy\b|^m$", "M"),
    ),
    "sex",
    aliases={"1": "M", "2": "F", "0": "U", "9": "U", "1-MALE": "M", "2-FEMALE": "F"},
)  # fmt: skip

# --- ethnicity ---------------------------------------------------------------------------

ethnicity = _reader(
    codes.ETHNICITY,
    (
        (r"refus|declin|withh", "REFU"),
        (r"not (yet )?(obtained|stated|known|recorded|given|specified)|unknown|"
         r"^information|^\W*$|^unk$|^0$", "NOBT"),
        (r"travel", "WIRT"),
        (r"gypsy|gipsy|\broma\b|romany", "WROM"),
        (r"white\W+(and|&)\W+black\W+caribb|white.*caribb|caribb\w*.*white", "MWBC"),
        (r"white\W+(and|&)\W+black\W+african|white.*african|african.*white", "MWBA"),
        (r"white\W+(and|&)\W+(\w+\W+)?(asian|indian|pakistani|bangladeshi)|"
         r"\basian\W+(and|&)\W+white", "MWAS"),
        (r"mixed\W+white|white\W+\(?mixed", "WOTH"),
        (r"mixed\W+asian", "AOTH"),
        (r"mixed\W+black", "BOTH"),
        (r"mixed|dual|multiple|multi.?ethnic|"
         r"\b(white|black|asian|chinese)\W+(and|&)\W+(white|black|asian|chinese|any other)",
         "MOTH"),
        (r"irish", "WIRI"),
        (r"chinese|china|hong kong|taiwan", "CHNE"),
        (r"caribbean|west indian|jamaica", "BCRB"),
        (r"afghan|filipino|iraq|vietnam|iran|kurd|arab|yemen|egypt|latin|japan|korea", "OOTH"),
        (r"\bindian", "AIND"),
        (r"pakistan", "APKN"),
        (r"bangladesh", "ABAN"),
        (r"\basian|sri lanka|nepal|tamil|kashmir|punjab", "AOTH"),
        (r"african|somali|nigeria|ghana|congo|eritrea|sudan|ethiopia", "BAFR"),
        (r"black", "BOTH"),
        (r"white\W*(-|:|/|>)?\W*(british|english|scottish|welsh|cornish|northern irish)|"
         r"^(british|english|scottish|welsh|cornish)$|white british", "WBRI"),
        (r"white|european|polish|eastern europe|albanian|kosovan|turkish|portuguese|greek|"
         r"italian|caucasian|cypriot|croat|bosnia|bulgarian", "WOTH"),
        (r"other", "OOTH"),
    ),
    "ethnicity",
    aliases=codes.ETHNICITY_EXTENDED,
)  # fmt: skip

# --- where a contact or referral came from -------------------------------------------------

# Words that exclude something ("(not Housing)", "excluding housing") must not name it.
_NEGATED = re.compile(
    r"\((?:[^()]*?\b(?:not|excl\w*|exclud\w*|other than)\b[^()]*)\)"
    r"|\b(?:excl\w*|exclud\w*|other than)\b[^,;()]*",
    re.IGNORECASE,
)


def _source_text(text: str) -> str:
    """Drop a local list number ("61) Individual - ...") and negated words."""
    return _NEGATED.sub(" ", re.sub(r"^\d+\)\s*(?=\S)", "", text))


source = _reader(
    codes.REFERRAL_SOURCES,
    (
        (r"\banon", "9"),
        (r"\bunknown\b|not known|not recorded", "10"),
        (r"school (nurs|health)", "3C"),
        (r"health visit", "3B"),
        (r"\bG\.?P\b|general pract|doctor|surgery", "3A"),
        (r"A\s?&\s?E\b|accident|emergency dep|walk.in", "3E"),
        (r"primary (health|care)", "3D"),
        (r"hospital|hospice|camhs|mental health|midwi|\bnhs\b|paediatric|ambulance|"
         r"other health|health\W+(services?\W+)?other|nurs(e|ing)\b|consultant|psycholog|"
         r"dentist|pharmac|optom|occupational therap|substance misuse|drug and alcohol|"
         r"sexual health", "3F"),
        (r"police|constab", "6"),
        (r"children.?s? cent|sure start|voluntary|charit|independent (agenc|provider)|"
         r"third sector|fire (brigade|service|and rescue)|n\.?s\.?p\.?c\.?c|barnardo|refuge|"
         r"victim support", "8"),
        (r"early help|family help", "5D"),
        (r"hous(ing|\.)", "4"),
        (r"school|college|academy", "2A"),
        (r"education|nursery|pre.?school|early years", "2B"),
        (r"court|probation|cafcass|prison|legal|immigration|solicitor", "7"),
        (r"another (la|local authority|council)|other (la|local authority)\b|\bola\b|"
         r"out of (area|borough)|external", "5C"),
        (r"adult\W*s?\W+(social|services?|care)|social (care|services)|\bssd\b", "5A"),
        (r"internal|youth offend|\byo[ts]\b|yisp|\bla services?\b|local authority|council\b|"
         r"\bdept\b|department|family (support|service|solution|recovery|intervention|"
         r"partnership|matters|first)|parent(ing)? support|troubled famil", "5B"),
        (r"child ?minder|acquaint|neighbou?r|friend", "1B"),
        (r"\b(parent|carer|family member|relative|mother|father|grand\w*|sibling|aunt|uncle|"
         r"brother|sister|niece|nephew|partner|household member)s?\b", "1A"),
        (r"\bself\b", "1C"),
        (r"stranger|member of (the )?public|other individual|individual\W+other|"
         r"councillor|\bMP\b", "1D"),
        (r"^\W*other\b", "8"),
    ),
    "source",
    prepare=_source_text,
)  # fmt: skip

# --- primary need --------------------------------------------------------------------------

_NEED_DIGIT = re.compile(r"^(?:n|need\s*)?0?([0-9])(?:[a-z]\b|[A-Z]{3,}|\s|$|[^0-9])", re.I)

_need_words = _reader(
    codes.PRIMARY_NEED,
    (
        (r"not stated|not yet determined|^n0|not recorded", "N0"),
        (r"other than child|not (a )?child(ren)? in need|not cin|non.?cin", "N9"),
        (r"abuse|neglect|exploit", "N1"),
        (r"child.?s\W+(disab|ill)|^disab", "N2"),
        (r"parent\w*\W+(with\W+)?(illness|ill|disab|mental|alcohol|drug|learning)|"
         r"ill parent", "N3"),
        (r"acute stress|homeless|death of|bereave", "N4"),
        (r"dysfunction|domestic", "N5"),
        (r"socially unacceptable|offending|behaviour|anti.?social", "N6"),
        (r"low income|poverty", "N7"),
        (r"absent parent|asylum|unaccompanied|refugee|orphan|abandon", "N8"),
        (r"disab", "N2"),
    ),
    "primary need code",
)  # fmt: skip


def primary_need(value: Any) -> Parsed:
    """N0..N9 from "N4 - Family in acute stress", "4a Homelessness", "1ABUSNEG" or words."""
    text = strip_enumerator(clean(value))
    code = re.search(r"\bN\s?([0-9])\b", text, re.IGNORECASE)
    if code:
        return Parsed(f"N{code.group(1)}")
    digit = _NEED_DIGIT.match(text)
    if digit and digit.group(1) != "0":
        return Parsed(f"N{digit.group(1)}")
    return _need_words(value)


# --- reason for closure ---------------------------------------------------------------------

closure_reason = _reader(
    codes.CLOSURE_REASONS,
    (
        (r"adopt", "RC1"),
        (r"died|death|deceased", "RC2"),
        (r"residence|child arrangement", "RC3"),
        (r"special guardian|\bSGO\b", "RC4"),
        (r"another (la|local authority|council)|other (la|local authority)|left (the )?area|"
         r"moved (out|away|to)|transferred to services of", "RC5"),
        (r"adult", "RC6"),
        (r"after assessment.*(early help|eh\b|universal)|early help|step.?down to eh", "RC9"),
        (r"after assessment|\bNFA\b|no further action", "RC8"),
        (r"ceased|no longer|completed|achieved|closed|other|step|declined|withdr|"
         r"disengag|moved|ended|not (to be )?in need|inappropriate|criteria|turned 18|"
         r"leaving care", "RC7"),
    ),
    "reason for closure",
)  # fmt: skip

# --- category of abuse ---------------------------------------------------------------------

_CATEGORY_WORDS = (
    ("NEG", re.compile(r"neglect", re.I)),
    ("PHY", re.compile(r"physical|\bPA\b|\bPHYSAB\b", re.I)),
    ("SAB", re.compile(r"sexual", re.I)),
    ("EMO", re.compile(r"emotion", re.I)),
)


def cp_category(value: Any) -> Parsed:
    """NEG/PHY/SAB/EMO/MUL from a code, from words (two or more categories are MUL), or from
    the four-letter Y/N flags some systems write in the order neglect, physical, sexual,
    emotional ("NYNN" is physical)."""
    text = strip_enumerator(clean(value))
    if not text:
        return Parsed(None)
    tokens = [t.upper() for t in _TOKEN.findall(text)]
    for token in tokens:
        if token in codes.CP_CATEGORIES:
            return Parsed(token)
    if re.fullmatch(r"[YN]{4}", text, re.I):
        flags = [
            c
            for c, flag in zip(("NEG", "PHY", "SAB", "EMO"), text.upper(), strict=True)
            if flag == "Y"
        ]
        return (
            Parsed(flags[0] if len(flags) == 1 else "MUL")
            if flags
            else _unknown(text, "category of abuse")
        )
    named = [code for code, pattern in _CATEGORY_WORDS if pattern.search(text)]
    if re.search(r"multiple|mixed|\bMUL", text, re.I) or len(named) > 1:
        return Parsed("MUL")
    if named:
        return Parsed(named[0])
    return _unknown(text, "category of abuse")


def _unknown(text: str, what: str) -> Parsed:
    return Parsed(None, f"{shown(text)} is not a known {what}")


# --- looked-after children ----------------------------------------------------------------

legal_status = _reader(
    codes.LEGAL_STATUS,
    (
        (r"interim care", "C1"),
        (r"placement order", "E1"),
        (r"free(d|ing)", "D1"),
        (r"police protection|police powers", "L1"),
        (r"emergency protection|\bEPO\b", "L2"),
        (r"child assessment order", "L3"),
        (r"remand", "J1"),
        (r"\bPACE\b", "J2"),
        (r"youth rehabilitation|supervision|\bsup\W+ord|criminal", "J3"),
        (r"care order|full care|s\.?\s?31\b", "C2"),
        (r"short.?term breaks?.*(agreement|agreed)|agreed series", "V4"),
        (r"short.?term breaks?|respite", "V3"),
        (r"section 20|\bs\.?\s?20\b|accommodated under|voluntar|single period", "V2"),
    ),
    "legal status",
)  # fmt: skip

placement = _reader(
    codes.PLACEMENT,
    (
        (r"placed with (own )?parent|with parents|parental responsibility|home on trial", "P1"),
        (r"semi.?independ|hostel|residential accommodation|residential settings", "H5"),
        (r"independent living|living independently|lodgings|bedsit", "P2"),
        (r"residential employment", "P3"),
        (r"supported accommodation", "P4"),
        (r"young offender|prison|custod", "R5"),
        (r"secure", "K1"),
        (r"residential care home|nursing home", "R1"),
        (r"temporary.*hospital", "T1"),
        (r"temporary|respite|holiday|short break", "T0"),
        (r"\bNHS\b|health trust|hospital", "R2"),
        (r"mother (and|&) baby|family cent", "R3"),
        (r"residential school|boarding|schools? except", "S1"),
        (r"children.?s home|homes? and hostels", "K2"),
        (r"other placement", "Z1"),
    ),
    "placement type",
    prepare=lambda text: _NEGATED.sub(" ", text),
)  # fmt: skip

reason_ceased = _reader(
    codes.REASON_EPISODE_CEASED,
    (
        (r"adopt\w*.*unopposed", "E11"),
        (r"adopt\w*.*(consent|dispens)", "E12"),
        (r"died|death|deceased", "E2"),
        (r"care taken|another (la|local authority)", "E3"),
        (r"return\w* home.*not part|not part of.*plan", "E4B"),
        (r"return\w* home", "E4A"),
        (r"no parental responsibility", "E13"),
        (r"remand", "E14"),
        (r"age assess", "E15"),
        (r"abroad|another country|deport", "E16"),
        (r"staying put|remained with.*carer", "E17"),
        (r"residence order|child arrangement", "E41"),
        (r"independent living.*(no|without) (formal|support)|no formalised", "E6"),
        (r"independent living|supported (lodgings|accommodation)", "E5"),
        (r"adult social|adult serv", "E7"),
        (r"custody|sentenced", "E9"),
        (r"any other reason|other reason", "E8"),
        (r"new episode|same day", "X1"),
    ),
    "reason the episode ceased",
    aliases={"E4": "E4A"},
)  # fmt: skip


def disabled(value: Any) -> Parsed:
    """Whether the child has a disability: yes/no words, disability codes (any but NONE is
    yes), or a named condition; "Unknown", NOBT and REFU are not known (blank)."""
    text = strip_enumerator(clean(value))
    if not text:
        return Parsed(None)
    upper = text.upper()
    if re.fullmatch(r"(1|Y|YES|TRUE)( - YES)?", upper):
        return Parsed(True)
    if re.fullmatch(r"(0|N|NO|FALSE|NONE)( - NO)?|NO DISABILITY|NOT DISABLED", upper):
        return Parsed(False)
    if re.search(r"UNKNOWN|NOBT|REFU|NOT (YET )?(OBTAINED|KNOWN|RECORDED)", upper):
        return Parsed(None)
    tokens = {t.upper() for t in _TOKEN.findall(text)}
    if tokens & (set(codes.DISABILITY) - {"NONE"}):
        return Parsed(True)
    if re.search(r"disab|autis|asperger|impair|deaf|blind|syndrome|palsy|learning|"
                 r"hearing|vision|mobility|epilep|adhd", text, re.I):  # fmt: skip
        return Parsed(True)
    return _unknown(text, "disability answer")


def nfa(value: Any) -> Parsed:
    """Whether a referral led to no further action: "NFA"/"No further action" is yes, "FA" and
    "Further action" are no, and any yes/no spelling is read as it says."""
    text = strip_enumerator(clean(value))
    if re.fullmatch(r"nfa|no further action", text, re.IGNORECASE):
        return Parsed(True)
    if re.fullmatch(r"fa|further action", text, re.IGNORECASE):
        return Parsed(False)
    return parse_bool(text)
