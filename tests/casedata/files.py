"""Small files in the three case-level formats, written by the tests that read them.

Each writer takes plain Python values and writes exactly what a local authority's system
would: CIN census XML (either era), an Annex A workbook (openpyxl), SSDA903 CSV tables. The
samples in ``../shared/data/samples`` are real-looking but not ours; these are, and every test
that matters has one.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "samples"
NO_SAMPLES = "the shared sample files (../shared/data/samples) are not present on this machine"


def pseudonymise(identifier: str) -> str:
    """A stand-in for the keyed HMAC: visibly not the identifier, and stable."""
    import hashlib

    return "P" + hashlib.sha256(identifier.encode()).hexdigest()[:12].upper()


# --- CIN census -----------------------------------------------------------------------------


def element(name: str, *content: str | None, **leaves: Any) -> str:
    """``<name>`` with leaves (``Tag=value``; None leaves out; a list repeats) then content."""
    parts = []
    for tag, value in leaves.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            if one is not None:
                parts.append(f"<{tag}>{escape(str(one))}</{tag}>")
    parts.extend(c for c in content if c)
    return f"<{name}>{''.join(parts)}</{name}>"


def assessment(
    start: str | None = "2021-05-05",
    authorised: str | None = "2021-06-01",
    factors: Sequence[str] | None = ("3A",),
) -> str:
    listed = (
        element("FactorsIdentifiedAtAssessment", AssessmentFactors=list(factors))
        if factors
        else None
    )
    return element(
        "Assessments",
        listed,
        AssessmentActualStartDate=start,
        AssessmentAuthorisationDate=authorised,
    )


def section47(
    start: str | None = "2021-05-10",
    target: str | None = "2021-05-31",
    icpc: str | None = "2021-05-27",
    not_required: str = "false",
) -> str:
    return element(
        "Section47",
        S47ActualStartDate=start,
        InitialCPCtarget=target,
        DateOfInitialCPC=icpc,
        ICPCnotRequired=not_required,
    )


def cp_plan(
    start: str | None = "2021-05-27",
    end: str | None = None,
    initial: str = "NEG",
    latest: str = "NEG",
    previous: str = "0",
    reviews: Sequence[str] = (),
) -> str:
    listed = element("Reviews", CPPreviewDate=list(reviews)) if reviews else None
    return element(
        "ChildProtectionPlans",
        listed,
        CPPstartDate=start,
        CPPendDate=end,
        InitialCategoryOfAbuse=initial,
        LatestCategoryOfAbuse=latest,
        NumberOfPreviousCPP=previous,
    )


def cin_plan(start: str = "2021-06-02", end: str | None = None) -> str:
    return element("CINPlanDates", CINPlanStartDate=start, CINPlanEndDate=end)


def episode(
    referral: str | None = "2021-05-04",
    *parts: str,
    source: str | None = "1A",
    need: str | None = "N1",
    closure: str | None = None,
    reason: str | None = None,
    nfa: str | None = "false",
) -> str:
    """A ``CINdetails``; its parts (assessments, plans, enquiries) in the census's order."""
    order = ("<Assessments>", "<CINPlanDates>", "<Section47>", "<ChildProtectionPlans>")
    ordered = sorted(parts, key=lambda p: next(i for i, o in enumerate(order) if p.startswith(o)))
    before = [p for p in ordered if not p.startswith("<ChildProtectionPlans>")]
    after = [p for p in ordered if p.startswith("<ChildProtectionPlans>")]
    leaves = element(
        "x",
        CINreferralDate=referral,
        ReferralSource=source,
        PrimaryNeedCode=need,
        CINclosureDate=closure,
        ReasonForClosure=reason,
    )[3:-4]
    nfa_leaf = f"<ReferralNFA>{nfa}</ReferralNFA>" if nfa is not None else ""
    return f"<CINdetails>{leaves}{''.join(before)}{nfa_leaf}{''.join(after)}</CINdetails>"


def child(
    identifier: str | None = "C1",
    *episodes: str,
    birth: str | None = "2015-06-14",
    expected: str | None = None,
    gender: str | None = "1",
    sex: str | None = None,
    ethnicity: str | None = "WBRI",
    disabilities: Sequence[str] = (),
    upn: str = "A123456789012",
) -> str:
    """A ``Child``: ``gender`` writes the GenderCurrent era, ``sex`` the Sex era (2024-25 on)."""
    ids = element(
        "ChildIdentifiers",
        LAchildID=identifier,
        UPN=upn,
        PersonBirthDate=birth,
        ExpectedPersonBirthDate=expected,
        **({"Sex": sex} if sex is not None else {"GenderCurrent": gender}),
    )
    disabled = element("Disabilities", Disability=list(disabilities)) if disabilities else None
    characteristics = element("ChildCharacteristics", disabled, Ethnicity=ethnicity)
    return f"<Child>{ids}{characteristics}{''.join(episodes or (episode(),))}</Child>"


def cin_xml(
    *children: str,
    reference: str = "2022-03-31",
    year: str = "2022",
    la: str = "999",
    namespace: str | None = None,
    declaration: bool = True,
) -> str:
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    header = (
        "<Header><CollectionDetails><Collection>CIN</Collection>"
        f"<Year>{year}</Year><ReferenceDate>{reference}</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{la}</LEA></Source></Header>"
    )
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n' if declaration else ""
    body = "\n".join(children or (child(),))
    return f"{prolog}<Message{xmlns}>\n{header}\n<Children>\n{body}\n</Children>\n</Message>\n"


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def big_cin(path: Path, megabytes: float, *, seed: int = 7) -> int:
    """A CIN census file of about ``megabytes`` MB, written a child at a time; the number of
    children written."""
    rng = random.Random(seed)
    target = int(megabytes * (1 << 20))
    written = 0
    count = 0
    with path.open("w", encoding="utf-8") as out:
        head = cin_xml(child("X"))
        out.write(head[: head.index("<Child>")])
        while written < target:
            count += 1
            day = dt.date(2019, 4, 1) + dt.timedelta(days=rng.randrange(1000))
            referral = day.isoformat()
            start = (day + dt.timedelta(days=2)).isoformat()
            done = (day + dt.timedelta(days=30)).isoformat()
            text = child(
                f"BIG{count:08d}",
                episode(
                    referral,
                    assessment(start, done, ("3A", "4B")),
                    section47(start, None, done),
                    cp_plan(done, None, reviews=[done]),
                    closure=None,
                ),
                episode(
                    (day - dt.timedelta(days=400)).isoformat(),
                    assessment(),
                    closure=(day - dt.timedelta(days=300)).isoformat(),
                    reason="RC8",
                ),
                birth=f"{2006 + count % 15}-0{1 + count % 9}-1{count % 9}",
                gender=str(1 + count % 2),
            )
            out.write(text + "\n")
            written += len(text) + 1
        out.write("</Children>\n</Message>\n")
    return count


# --- Annex A ------------------------------------------------------------------------------

COMMON_HEADERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]
LIST_HEADERS = {
    1: [*COMMON_HEADERS, "Date of Contact", "Contact Source"],
    3: [
        *COMMON_HEADERS,
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ],
    4: [
        *COMMON_HEADERS,
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
    ],
    5: [
        *COMMON_HEADERS,
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
    ],
    6: [
        *COMMON_HEADERS,
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "CIN Closure Date",
        "Reason for Closure",
    ],
    7: [
        *COMMON_HEADERS,
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Number of Previous Child Protection Plans",
    ],
    8: [
        *COMMON_HEADERS,
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Legal Status",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Placement Type",
        "Placement postcode",
        "Allocated Worker",
    ],
}


def annexa_workbook(
    path: Path,
    rows: dict[int, Iterable[Sequence[Any]]] | None = None,
    *,
    headers: dict[int, Sequence[str]] | None = None,
    sheet_names: dict[int, str] | None = None,
    lists: Iterable[int] = (1, 3, 4, 5, 6, 7, 8),
    title_rows: int = 0,
) -> Path:
    """An Annex A workbook: one sheet per list with its header row and the rows given."""
    book = Workbook()
    book.remove(book.active)
    for number in lists:
        sheet = book.create_sheet((sheet_names or {}).get(number, f"List {number}"))
        for _ in range(title_rows):
            sheet.append([f"Annex A list {number} (title row)"])
        sheet.append(list((headers or {}).get(number, LIST_HEADERS.get(number, COMMON_HEADERS))))
        for row in (rows or {}).get(number, ()):
            sheet.append(list(row))
    book.save(path)
    return path


# --- SSDA903 ------------------------------------------------------------------------------

HEADER_903 = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES_903 = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
REVIEWS_903 = ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]
MISSING_903 = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]


def csv_table(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *, encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path
