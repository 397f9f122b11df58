"""The Children in Need census (DfE, XML): one ``Child`` at a time, with flat memory.

Every year's layout is read: ``GenderCurrent`` (1/2/0/9, until 2023-24) or ``Sex`` (M/F/U,
from 2024-25), ``CINPlanDates`` (from 2021-22), old and new assessment factor codes, booleans
in any spelling, dates as ``YYYY-MM-DD`` (and ``DD/MM/YYYY``). A namespace on the elements is
ignored.

**Safety.** The file is parsed by lxml with entities left unresolved, no network and no huge
trees, and a document type declaration (DTD) is refused before parsing starts: CIN census
files never have one, and a DTD is how entity-expansion ("billion laughs") and external-entity
attacks are made. Malformed XML is refused with its line number.

**Memory.** Each ``Child`` element is read, turned into rows and problems, and deleted before
the next is parsed, so memory does not grow with the file. Only finding a child twice needs
a memory of the whole file, kept in ``SeenSet`` at 16 bytes or less a child.

**Least data.** ``LAchildID`` goes only through ``pseudonymise``; ``UPN``, ``FormerUPN`` and
``PersonDeathDate`` are never read; the date of birth is used for ages at each referral and
then reduced to its month.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from scrutineer.casedata.importers import codes
from scrutineer.casedata.importers.base import (
    Event,
    ImportRefused,
    Problem,
    Progress,
    Pseudonymise,
    Row,
)
from scrutineer.casedata.importers.common import (
    CountingReader,
    SeenSet,
    age_on,
    clean,
    parse_date,
    shown,
)
from scrutineer.casedata.importers.fields import Filler
from scrutineer.casedata.importers.rules import (
    WARNING,
    ChildRecords,
    Context,
    Record,
    check,
    when,
)
from scrutineer.casedata.importers.rules_reading import (
    duplicate_child,
    missing_identifier,
)
from scrutineer.casedata.importers.workdays import default_is_working_day, reference_day
from scrutineer.casedata.importers.xmlguard import SAFE, refuse_doctype, xml_head

FORMAT = "cin"
LABEL = "CIN census XML"

#: How the census names each column, for messages a local authority can act on.
NAMES = {
    "children": {
        "sex": "GenderCurrent/Sex",
        "ethnicity": "Ethnicity",
        "disabled": "Disability",
        "birth_month": "PersonBirthDate",
        "expected_birth_month": "ExpectedPersonBirthDate",
    },
    "referrals": {
        "referral_date": "CINreferralDate",
        "source": "ReferralSource",
        "primary_need": "PrimaryNeedCode",
        "closure_date": "CINclosureDate",
        "closure_reason": "ReasonForClosure",
        "nfa": "ReferralNFA",
    },
    "assessments": {
        "start_date": "AssessmentActualStartDate",
        "authorised_date": "AssessmentAuthorisationDate",
        "factors": "AssessmentFactors",
    },
    "cin_plans": {"start_date": "CINPlanStartDate", "end_date": "CINPlanEndDate"},
    "s47": {
        "start_date": "S47ActualStartDate",
        "icpc_target": "InitialCPCtarget",
        "icpc_date": "DateOfInitialCPC",
        "icpc_not_required": "ICPCnotRequired",
    },
    "cp_plans": {
        "start_date": "CPPstartDate",
        "end_date": "CPPendDate",
        "initial_category": "InitialCategoryOfAbuse",
        "latest_category": "LatestCategoryOfAbuse",
        "previous_plans": "NumberOfPreviousCPP",
    },
    "cp_reviews": {"review_date": "CPPreviewDate"},
}

#: Fields the census requires whose absence is worth a warning.
EXPECTED = {
    "children": ("sex", "ethnicity"),
    "referrals": ("source", "nfa"),
    "s47": ("icpc_not_required",),
    "cp_plans": ("initial_category", "latest_category"),
}


def detect(path: Path) -> bool:
    """A CIN census file: XML whose root is ``Message`` with CIN children in it."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        head = xml_head(path)
    except OSError:
        return False
    if not re.search(rb"<(?:\w+:)?Message\b", head):
        return False
    return bool(re.search(rb"<(?:\w+:)?(?:Children|CINdetails|LAchildID)\b|>\s*CIN\s*<", head))


def reference_date(path: Path) -> dt.date | None:
    """The census reference date written in the header, read without reading the children
    (the import service records it before the import starts)."""
    try:
        refuse_doctype(Path(path))
        for _, element in etree.iterparse(
            str(path), events=("end",), tag=("{*}ReferenceDate", "{*}Child"), **SAFE
        ):
            if _local(element.tag) == "Child":
                return None
            return parse_date(element.text).value
    except (ImportRefused, etree.LxmlError, OSError):
        return None
    return None


def read(
    path: Path,
    *,
    pseudonymise: Pseudonymise,
    reference_date: Any = None,
    progress: Progress | None = None,
    is_working_day: Callable[[dt.date], bool] | None = None,
) -> Iterator[Event]:
    """Yield rows and problems for every ``Child`` (see the module doc)."""
    path = Path(path)
    if not path.is_file():
        raise ImportRefused(f"{path.name} is not a file")
    refuse_doctype(path)
    census = _Census(path, pseudonymise, reference_day(reference_date), is_working_day)
    with path.open("rb") as raw:
        yield from census.run(CountingReader(raw, progress))


@functools.lru_cache(maxsize=1024)
def _local(tag: Any) -> str:
    """A tag's name without its namespace. Cached: the census has a few dozen tags, met
    millions of times; the bound keeps a file of made-up tags from growing the cache."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _parts(element: Any) -> dict[str, list[Any]]:
    """The element's children by local name, in order."""
    found: dict[str, list[Any]] = {}
    for sub in element:
        name = _local(sub.tag)
        if name:
            listed = found.get(name)
            if listed is None:
                found[name] = [sub]
            else:
                listed.append(sub)
    return found


def _text(parts: dict[str, list[Any]], name: str) -> str | None:
    elements = parts.get(name)
    if not elements:
        return None
    return elements[0].text


class _Census:
    """The state of reading one file: its header, the children met, the rule context."""

    def __init__(
        self,
        path: Path,
        pseudonymise: Pseudonymise,
        reference_date: dt.date | None,
        is_working_day: Callable[[dt.date], bool] | None,
    ) -> None:
        self.path = path
        self.pseudonymise = pseudonymise
        self.given_reference = reference_date
        self.is_working_day = is_working_day or default_is_working_day()
        self.la: str | None = None
        self.context: Context | None = None
        self.seen = SeenSet()
        self.children = 0

    def run(self, source: CountingReader) -> Iterator[Event]:
        parser = etree.iterparse(
            source,
            events=("start", "end"),
            tag=("{*}Message", "{*}Header", "{*}Child"),
            **SAFE,
        )
        started = False
        try:
            for event, element in parser:
                name = _local(element.tag)
                if not started:
                    self._start(event, element, name)
                    started = True
                    continue
                if event != "end":
                    continue
                if name == "Header":
                    yield from self._header(element)
                elif name == "Child":
                    yield from self._child(element)
                    parent = element.getparent()
                    element.clear(keep_tail=False)
                    if parent is not None:  # drop the children already read
                        while element.getprevious() is not None:
                            del parent[0]
        except etree.XMLSyntaxError as error:
            line, column = error.position
            raise ImportRefused(
                f"{self.path.name} is not well-formed XML: {error.msg} "
                f"(line {line}, column {column})"
            ) from None
        except etree.LxmlError as error:
            raise ImportRefused(f"{self.path.name} cannot be read as XML: {error}") from None
        if not started:
            raise ImportRefused(
                f"{self.path.name} is not a CIN census file: it has no <Message> element"
            )
        if not self.children:
            raise ImportRefused(
                f"{self.path.name} has no <Child> records under <Message><Children>: "
                "there is nothing to import"
            )

    def _start(self, event: str, element: Any, name: str) -> None:
        if event != "start" or name != "Message" or element.getparent() is not None:
            raise ImportRefused(
                f"{self.path.name} is not a CIN census file: its root element is "
                f"<{_local(element.getroottree().getroot().tag)}>, not <Message>"
            )
        if element.getroottree().docinfo.internalDTD is not None:
            raise ImportRefused(f"{self.path.name} has a DOCTYPE declaration: refused")

    def _header(self, element: Any) -> Iterator[Problem]:
        parts = _parts(element)
        details = _parts(parts["CollectionDetails"][0]) if "CollectionDetails" in parts else {}
        source = _parts(parts["Source"][0]) if "Source" in parts else {}
        lea = clean(_text(source, "LEA"))
        if lea and not re.fullmatch(r"\d{3}", lea):
            yield Problem(
                "invalid_value",
                f"LEA {shown(lea)} is not a three-digit local authority code: left empty",
                record=f"line {element.sourceline}, Header",
                severity=WARNING,
            )
            lea = ""
        self.la = lea or None
        written = parse_date(_text(details, "ReferenceDate"))
        year = clean(_text(details, "Year"))
        if written.error:
            yield Problem(
                "invalid_value",
                f"ReferenceDate: {written.error}",
                record=f"line {element.sourceline}, Header",
                severity=WARNING,
            )
        census_day = written.value
        if census_day and year.isdigit() and census_day != dt.date(int(year), 3, 31):
            yield Problem(
                "odd_reference_date",
                f"ReferenceDate {when(census_day)} is not the census date "
                f"31 March {year}: dates after {when(census_day)} are reported as in the future",
                record=f"line {element.sourceline}, Header",
                severity=WARNING,
            )
        self._context(census_day)
        element.clear(keep_tail=False)

    def _context(self, census_day: dt.date | None) -> Context:
        if self.context is None:
            day = self.given_reference or census_day or dt.date.today()
            self.context = Context(day, self.is_working_day, NAMES, EXPECTED)
        return self.context

    def _child(self, element: Any) -> Iterator[Event]:
        self.children += 1
        label = f"Child {self.children}"
        where = f"line {element.sourceline}, {label}"
        parts = _parts(element)
        identifiers = _parts(parts["ChildIdentifiers"][0]) if "ChildIdentifiers" in parts else {}
        identifier = clean(_text(identifiers, "LAchildID"))
        if not identifier:
            yield missing_identifier(where, "LAchildID")
            return
        child = ChildRecords(self.pseudonymise(identifier), where)
        if not self.seen.add(child.child):
            yield duplicate_child(child)
            return
        fill = Filler(child, NAMES)
        self._characteristics(fill, identifiers, parts)
        for number, details in enumerate(parts.get("CINdetails", ()), start=1):
            self._episode(fill, details, number, label)
        yield from fill.problems
        yield from check(child, self._context(None))
        for record in child.records:
            if record.used:
                yield Row(record.table, record.values)

    def _characteristics(
        self, fill: Filler, identifiers: dict[str, list[Any]], parts: dict[str, list[Any]]
    ) -> None:
        child = fill.child
        record = child.add(Record("children", {"child": child.child, "la": self.la}, child.where))
        child.birth_date = fill.birth(record, "birth_month", _text(identifiers, "PersonBirthDate"))
        if child.birth_date is None:
            fill.birth(
                record, "expected_birth_month", _text(identifiers, "ExpectedPersonBirthDate")
            )
        gender = _text(identifiers, "Sex")
        if gender is None:
            gender = _text(identifiers, "GenderCurrent")
        fill.code(record, "sex", gender, codes.SEX_CIN, "sex code")
        if record.values["sex"] in codes.GENDER_CURRENT:
            record.values["sex"] = codes.GENDER_CURRENT[record.values["sex"]]
        characteristics = (
            _parts(parts["ChildCharacteristics"][0]) if "ChildCharacteristics" in parts else {}
        )
        ethnicity = _text(characteristics, "Ethnicity")
        fill.code(record, "ethnicity", ethnicity, codes.ETHNICITY_ANY, "ethnicity code")
        record.values["ethnicity"] = codes.ETHNICITY_EXTENDED.get(
            record.values["ethnicity"], record.values["ethnicity"]
        )
        if "Disabilities" in characteristics:
            written = [
                d.text for d in _parts(characteristics["Disabilities"][0]).get("Disability", ())
            ]
            found = fill.codes(record, "disabled", written, codes.DISABILITY, "disability code")
            record.values["disabled"] = any(c != "NONE" for c in found) if found else None

    def _episode(self, fill: Filler, details: Any, number: int, label: str) -> None:
        child = fill.child
        where = f"line {details.sourceline}, {label}, CINdetails {number}"
        parts = _parts(details)
        episode = child.add(Record("referrals", {"child": child.child}, where))
        referred = fill.date(episode, "referral_date", _text(parts, "CINreferralDate"))
        referral_id = f"{child.child}/R{referred.isoformat() if referred else f'?{number}'}"
        if any(r.values["referral_id"] == referral_id for r in child.used("referrals")):
            referral_id += f"-{number}"  # a repeated referral: kept apart, then reported
        episode.values["referral_id"] = referral_id
        episode.values["age"] = age_on(child.birth_date, referred)
        fill.code(
            episode,
            "source",
            _text(parts, "ReferralSource"),
            codes.REFERRAL_SOURCES,
            "referral source",
        )
        fill.code(
            episode,
            "primary_need",
            _text(parts, "PrimaryNeedCode"),
            codes.PRIMARY_NEED,
            "primary need code",
        )
        fill.date(episode, "closure_date", _text(parts, "CINclosureDate"))
        fill.code(
            episode,
            "closure_reason",
            _text(parts, "ReasonForClosure"),
            codes.CLOSURE_REASONS,
            "reason for closure",
        )
        fill.boolean(episode, "nfa", _text(parts, "ReferralNFA"))
        ids = {"child": child.child, "referral_id": referral_id}
        for n, element in enumerate(parts.get("Assessments", ()), start=1):
            sub = _parts(element)
            record = child.add(
                Record(
                    "assessments",
                    {**ids, "assessment_id": f"{referral_id}/A{n}"},
                    f"{where}, Assessments {n}",
                    episode,
                )
            )
            fill.date(record, "start_date", _text(sub, "AssessmentActualStartDate"))
            fill.date(record, "authorised_date", _text(sub, "AssessmentAuthorisationDate"))
            if "FactorsIdentifiedAtAssessment" in sub:
                factors = _parts(sub["FactorsIdentifiedAtAssessment"][0]).get(
                    "AssessmentFactors", ()
                )
                fill.codes(
                    record, "factors", [f.text for f in factors], codes.FACTORS, "assessment factor"
                )
        for n, element in enumerate(parts.get("CINPlanDates", ()), start=1):
            sub = _parts(element)
            record = child.add(
                Record("cin_plans", dict(ids), f"{where}, CINPlanDates {n}", episode)
            )
            fill.date(record, "start_date", _text(sub, "CINPlanStartDate"))
            fill.date(record, "end_date", _text(sub, "CINPlanEndDate"))
        for n, element in enumerate(parts.get("Section47", ()), start=1):
            sub = _parts(element)
            record = child.add(
                Record(
                    "s47",
                    {**ids, "s47_id": f"{referral_id}/S{n}"},
                    f"{where}, Section47 {n}",
                    episode,
                )
            )
            fill.date(record, "start_date", _text(sub, "S47ActualStartDate"))
            fill.date(record, "icpc_target", _text(sub, "InitialCPCtarget"))
            fill.date(record, "icpc_date", _text(sub, "DateOfInitialCPC"))
            fill.boolean(record, "icpc_not_required", _text(sub, "ICPCnotRequired"))
        for n, element in enumerate(parts.get("ChildProtectionPlans", ()), start=1):
            self._plan(fill, episode, element, ids, f"{where}, ChildProtectionPlans {n}", n)

    def _plan(
        self, fill: Filler, episode: Record, element: Any, ids: dict[str, Any], where: str, n: int
    ) -> None:
        child = fill.child
        sub = _parts(element)
        plan_id = f"{ids['referral_id']}/P{n}"
        plan = child.add(Record("cp_plans", {**ids, "plan_id": plan_id}, where, episode))
        fill.date(plan, "start_date", _text(sub, "CPPstartDate"))
        fill.date(plan, "end_date", _text(sub, "CPPendDate"))
        fill.code(
            plan,
            "initial_category",
            _text(sub, "InitialCategoryOfAbuse"),
            codes.CP_CATEGORIES,
            "category of abuse",
        )
        fill.code(
            plan,
            "latest_category",
            _text(sub, "LatestCategoryOfAbuse"),
            codes.CP_CATEGORIES,
            "category of abuse",
        )
        fill.integer(plan, "previous_plans", _text(sub, "NumberOfPreviousCPP"))
        reviews = _parts(sub["Reviews"][0]).get("CPPreviewDate", ()) if "Reviews" in sub else ()
        for m, review in enumerate(reviews, start=1):
            record = child.add(
                Record(
                    "cp_reviews",
                    {"child": child.child, "plan_id": plan_id},
                    f"{where}, CPPreviewDate {m}",
                    plan,
                )
            )
            fill.date(record, "review_date", review.text)
