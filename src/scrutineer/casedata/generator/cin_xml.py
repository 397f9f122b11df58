"""The CIN census XML a local authority would have sent for each reporting year.

One file per year (``cin_<year>.xml``), as the census is collected: the children with a child
in need episode open at any time in the year, with what was known on the reference date (31
March): later closures, authorisations, conferences and plan ends are not in it yet. The
layout follows the year: ``GenderCurrent`` (1 male, 2 female, 0 not known) until 2023-24 and
``Sex`` (M, F, U) from 2024-25; ``CINPlanDates`` from 2021-22. Real files carry the LA child
ID, UPN and full date of birth; the importer pseudonymises the first two and keeps only the
month of the third.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .records import Child, Records

GENDER_CURRENT = {"M": "1", "F": "2", "U": "0"}
SEX_FROM = 2025
CIN_PLANS_FROM = 2022


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _el(name: str, value: Any, indent: int) -> str:
    return f"{' ' * indent}<{name}>{escape(str(value))}</{name}>\n"


def _known(day: dt.date | None, reference: dt.date) -> dt.date | None:
    """A date as the file knows it: after the reference date it has not happened yet."""
    return day if day is not None and day <= reference else None


def _child(records: Records, child: Child, year: int, episodes: list[dict]) -> Iterator[str]:
    reference = dt.date(year, 3, 31)
    yield "    <Child>\n      <ChildIdentifiers>\n"
    yield _el("LAchildID", child.la_id, 8)
    yield _el("UPN", child.upn, 8)
    if child.birth <= reference:
        yield _el("PersonBirthDate", _d(child.birth), 8)
    else:
        yield _el("ExpectedPersonBirthDate", _d(child.birth), 8)
    if year >= SEX_FROM:
        yield _el("Sex", child.sex, 8)
    else:
        yield _el("GenderCurrent", GENDER_CURRENT[child.sex], 8)
    yield "      </ChildIdentifiers>\n      <ChildCharacteristics>\n"
    yield _el("Ethnicity", child.ethnicity, 8)
    if child.disabled is not None:
        yield "        <Disabilities>\n"
        yield _el("Disability", child.disability if child.disabled else "NONE", 10)
        yield "        </Disabilities>\n"
    yield "      </ChildCharacteristics>\n"
    for ep in episodes:
        yield from _episode(records, ep, year, reference)
    yield "    </Child>\n"


def _episode(records: Records, ep: dict, year: int, reference: dt.date) -> Iterator[str]:
    yield "      <CINdetails>\n"
    yield _el("CINreferralDate", _d(ep["referral_date"]), 8)
    yield _el("ReferralSource", ep["source"], 8)
    yield _el("PrimaryNeedCode", ep["primary_need"], 8)
    closed = _known(ep["closure_date"], reference)
    if closed:
        yield _el("CINclosureDate", _d(closed), 8)
        if ep["closure_reason"]:
            yield _el("ReasonForClosure", ep["closure_reason"], 8)
    for a in records.within("assessments", ep["referral"]):
        if a["start_date"] > reference:
            continue
        yield "        <Assessments>\n"
        yield _el("AssessmentActualStartDate", _d(a["start_date"]), 10)
        authorised = _known(a["authorised_date"], reference)
        if authorised:
            yield _el("AssessmentAuthorisationDate", _d(authorised), 10)
            if a["factors"]:
                yield "          <FactorsIdentifiedAtAssessment>\n"
                for code in a["factors"]:
                    yield _el("AssessmentFactors", code, 12)
                yield "          </FactorsIdentifiedAtAssessment>\n"
        yield "        </Assessments>\n"
    if year >= CIN_PLANS_FROM:
        for p in records.within("cin_plans", ep["referral"]):
            if p["start_date"] > reference:
                continue
            yield "        <CINPlanDates>\n"
            yield _el("CINPlanStartDate", _d(p["start_date"]), 10)
            if _known(p["end_date"], reference):
                yield _el("CINPlanEndDate", _d(p["end_date"]), 10)
            yield "        </CINPlanDates>\n"
    for s in records.within("s47", ep["referral"]):
        if s["start_date"] > reference:
            continue
        yield "        <Section47>\n"
        yield _el("S47ActualStartDate", _d(s["start_date"]), 10)
        yield _el("InitialCPCtarget", _d(s["icpc_target"]), 10)
        held = _known(s["icpc_date"], reference)
        if held:
            yield _el("DateOfInitialCPC", _d(held), 10)
        yield _el("ICPCnotRequired", "true" if s["icpc_not_required"] else "false", 10)
        yield "        </Section47>\n"
    yield _el("ReferralNFA", "true" if ep["nfa"] else "false", 8)
    for p in records.within("cp_plans", ep["referral"]):
        if p["start_date"] > reference:
            continue
        yield "        <ChildProtectionPlans>\n"
        yield _el("CPPstartDate", _d(p["start_date"]), 10)
        if _known(p["end_date"], reference):
            yield _el("CPPendDate", _d(p["end_date"]), 10)
        yield _el("InitialCategoryOfAbuse", p["initial_category"], 10)
        yield _el("LatestCategoryOfAbuse", p["latest_category"], 10)
        yield _el("NumberOfPreviousCPP", p["previous_plans"], 10)
        reviews = [d for d in records.reviews_by_plan.get(p["plan"], []) if d <= reference]
        if reviews:
            yield "          <Reviews>\n"
            for day in reviews:
                yield _el("CPPreviewDate", _d(day), 12)
            yield "          </Reviews>\n"
        yield "        </ChildProtectionPlans>\n"
    yield "      </CINdetails>\n"


def write(records: Records, year: int, folder: Path) -> Path:
    """``cin_<year>.xml``: the census for reporting year ``year``."""
    start, reference = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    path = folder / f"cin_{year}.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  <Header>\n')
        out.write("    <CollectionDetails>\n")
        out.write(_el("Collection", "CIN", 6) + _el("Year", year, 6))
        out.write(_el("ReferenceDate", _d(reference), 6))
        out.write("    </CollectionDetails>\n    <Source>\n")
        out.write(_el("SourceLevel", "L", 6) + _el("LEA", records.syn.la, 6))
        out.write(_el("SoftwareCode", "Scrutineer synthetic data", 6))
        out.write(_el("Release", "1", 6) + _el("SerialNo", "001", 6))
        out.write(_el("DateTime", f"{reference.isoformat()}T00:00:00", 6))
        out.write("    </Source>\n  </Header>\n  <Children>\n")
        for child in records.children:
            episodes = [
                ep
                for ep in records.of("referrals", child.index)
                if ep["referral_date"] <= reference
                and (ep["closure_date"] is None or ep["closure_date"] >= start)
            ]
            if episodes:
                out.writelines(_child(records, child, year, episodes))
        out.write("  </Children>\n</Message>\n")
    return path
