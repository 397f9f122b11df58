"""The canonical case-level tables: what Scrutineer keeps of children's social care records.

Every importer (CIN census XML, Annex A workbooks, SSDA903 CSVs) and the synthetic generator
write these tables, and the indicator engine, journeys and sampling read only these. They hold
the **least data** scrutiny needs (issue 4, item 3):

- ``child`` is a keyed HMAC pseudonym of the local authority's child ID (see
  ``core/pseudonyms.py``); the LA child ID, UPN and former UPN are never kept;
- no names, addresses or postcodes are ever read into them;
- a date of birth is kept only as its month (``birth_month``, the first day of the month), and
  ages are computed at each event;
- free text is never kept.

Pure Python: the types are DuckDB SQL types, so a snapshot is created with ``CREATE TABLE``
statements made from this module and written to Parquet, and any engine can read it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: DuckDB types of the columns.
VARCHAR, DATE, INTEGER, BOOLEAN, LIST = "VARCHAR", "DATE", "INTEGER", "BOOLEAN", "VARCHAR[]"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]
    doc: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create_sql(self, qualified: str | None = None) -> str:
        cols = ", ".join(f'"{name}" {kind}' for name, kind in self.columns)
        return f'CREATE TABLE "{qualified or self.name}" ({cols})'


TABLES: tuple[Table, ...] = (
    Table(
        "children",
        (
            ("child", VARCHAR),
            ("la", VARCHAR),  # three-digit DfE code of the local authority
            ("sex", VARCHAR),  # M, F or U (GenderCurrent 1/2/0/9 is mapped: 1 M, 2 F, else U)
            ("ethnicity", VARCHAR),  # DfE ethnicity code, like WBRI
            ("disabled", BOOLEAN),  # any disability other than NONE; null when unknown
            ("birth_month", DATE),  # first day of the month of birth; null for unborn
            ("expected_birth_month", DATE),  # for unborn children
        ),
        "One row per child in the snapshot.",
    ),
    Table(
        "contacts",
        (("child", VARCHAR), ("contact_date", DATE), ("source", VARCHAR)),
        "Contacts to the front door (Annex A list 1).",
    ),
    Table(
        "referrals",
        (
            ("child", VARCHAR),
            ("referral_id", VARCHAR),  # unique within the snapshot
            ("referral_date", DATE),
            ("source", VARCHAR),  # ReferralSource code, like 1A
            ("primary_need", VARCHAR),  # N1..N9
            ("closure_date", DATE),
            ("closure_reason", VARCHAR),  # RC1..RC9
            ("nfa", BOOLEAN),  # ReferralNFA
            ("age", INTEGER),  # whole years at the referral date; null when not known
        ),
        "Child in need episodes: one per referral (CINdetails).",
    ),
    Table(
        "assessments",
        (
            ("child", VARCHAR),
            ("referral_id", VARCHAR),
            ("assessment_id", VARCHAR),
            ("start_date", DATE),
            ("authorised_date", DATE),  # completion
            ("factors", LIST),  # factor codes at the end of assessment, like 3A, 21
        ),
        "Children and family assessments.",
    ),
    Table(
        "cin_plans",
        (
            ("child", VARCHAR),
            ("referral_id", VARCHAR),
            ("start_date", DATE),
            ("end_date", DATE),
        ),
        "Child in need plans (CINPlanDates, from 2021-22).",
    ),
    Table(
        "s47",
        (
            ("child", VARCHAR),
            ("referral_id", VARCHAR),
            ("s47_id", VARCHAR),
            ("start_date", DATE),  # the strategy discussion that started the enquiry
            ("icpc_target", DATE),
            ("icpc_date", DATE),
            ("icpc_not_required", BOOLEAN),
        ),
        "Section 47 enquiries and their initial child protection conferences.",
    ),
    Table(
        "cp_plans",
        (
            ("child", VARCHAR),
            ("referral_id", VARCHAR),
            ("plan_id", VARCHAR),
            ("start_date", DATE),
            ("end_date", DATE),
            ("initial_category", VARCHAR),  # NEG, PHY, SAB, EMO, MUL
            ("latest_category", VARCHAR),
            ("previous_plans", INTEGER),  # NumberOfPreviousCPP
        ),
        "Child protection plans.",
    ),
    Table(
        "cp_reviews",
        (("child", VARCHAR), ("plan_id", VARCHAR), ("review_date", DATE)),
        "Child protection review conferences.",
    ),
    Table(
        "cla_episodes",
        (
            ("child", VARCHAR),
            ("start_date", DATE),  # DECOM
            ("end_date", DATE),  # DEC
            ("reason_new", VARCHAR),  # RNE
            ("legal_status", VARCHAR),  # LS
            ("placement", VARCHAR),  # PLACE
            ("reason_end", VARCHAR),  # REC
        ),
        "Looked-after episodes (SSDA903 episodes, Annex A list 8).",
    ),
    Table(
        "cla_reviews",
        (("child", VARCHAR), ("review_date", DATE)),
        "Looked-after reviews (SSDA903 reviews).",
    ),
    Table(
        "missing",
        (
            ("child", VARCHAR),
            ("start_date", DATE),
            ("end_date", DATE),
            ("kind", VARCHAR),  # MISSING or AWAY
        ),
        "Missing and away-from-placement episodes (SSDA903 missing).",
    ),
)

BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
