"""The generator's arrays as the canonical tables (``casedata/schema.py``), in Arrow and Parquet.

Children get a pseudonym, as an import would give them: by default one that looks like the
installation's (``P`` and 16 characters A-Z, 2-7) but is an unkeyed hash of the child's number,
computed in NumPy so that England scale takes a second; or, when a ``pseudonymise`` function is
given (``casedata.services.pseudonymiser(la)``, the keyed HMAC), that function's value.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scrutineer.casedata.schema import BOOLEAN, DATE, INTEGER, LIST, TABLES, VARCHAR

from .days import NONE
from .sampling import Coded
from .simulate import Synthetic

ARROW = {
    VARCHAR: pa.string(),
    DATE: pa.date32(),
    INTEGER: pa.int32(),
    BOOLEAN: pa.bool_(),
    LIST: pa.list_(pa.string()),
}
_BASE32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection on 64-bit numbers that scatters their bits."""
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def hashed_ids(numbers: np.ndarray, salt: int) -> pa.Array:
    """``P`` and 16 base-32 characters per number. The first 13 characters carry all 64 bits of
    a bijective mix of the number, so distinct numbers give distinct strings."""
    with np.errstate(over="ignore"):
        z = numbers.astype(np.uint64) + np.uint64(salt) * np.uint64(0x9E3779B97F4A7C15)
    first, second = _mix(z), _mix(z ^ np.uint64(0x5DEECE66D))
    text = np.empty((numbers.size, 17), dtype=np.uint8)
    text[:, 0] = ord("P")
    for k in range(13):
        text[:, 1 + k] = _BASE32[(first >> np.uint64(5 * k)) & np.uint64(31)]
    for k in range(3):
        text[:, 14 + k] = _BASE32[(second >> np.uint64(5 * k)) & np.uint64(31)]
    return pa.array(text.view("S17").ravel()).cast(pa.string())


def dates(values: np.ndarray) -> pa.Array:
    values = np.asarray(values)
    return pa.array(values.astype(np.int32), pa.int32(), mask=values == NONE).view(pa.date32())


def coded(values: Coded) -> pa.Array:
    labels = pa.array([str(x) for x in values.labels], pa.string())
    index = pa.array(values.index, pa.int16(), mask=values.index < 0)
    return pa.DictionaryArray.from_arrays(index, labels).cast(pa.string())


def numbered(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")


def canonical(
    syn: Synthetic, *, pseudonymise: Callable[[str], str] | None = None
) -> dict[str, pa.Table]:
    """Every canonical table, with the columns and types of ``schema.py``."""
    kids = syn.children
    if pseudonymise is None:
        ids = hashed_ids(np.arange(len(kids["la_id"])), int(syn.la) if syn.la.isdigit() else 0)
    else:
        ids = pa.array([pseudonymise(x) for x in kids["la_id"]], pa.string())

    def child(rows: np.ndarray) -> pa.Array:
        return ids.take(pa.array(rows))

    disabled = kids["disabled"]
    r, a, s = syn.referrals, syn.assessments, syn.s47
    cp, cla = syn.cp_plans, syn.cla_episodes
    columns: dict[str, dict[str, pa.Array]] = {
        "children": {
            "child": ids,
            "la": pa.array([syn.la] * len(ids), pa.string()),
            "sex": coded(kids["sex"]),
            "ethnicity": coded(kids["ethnicity"]),
            "disabled": pa.array(disabled == 1, pa.bool_(), mask=disabled < 0),
            "birth_month": dates(kids["birth_month"]),
            "expected_birth_month": dates(kids["expected_birth_month"]),
        },
        "contacts": {
            "child": child(syn.contacts["child"]),
            "contact_date": dates(syn.contacts["contact_date"]),
            "source": coded(syn.contacts["source"]),
        },
        "referrals": {
            "child": child(r["child"]),
            "referral_id": numbered("R", np.arange(len(r["child"]))),
            "referral_date": dates(r["referral_date"]),
            "source": coded(r["source"]),
            "primary_need": coded(r["primary_need"]),
            "closure_date": dates(r["closure_date"]),
            "closure_reason": coded(r["closure_reason"]),
            "nfa": pa.array(r["nfa"], pa.bool_()),
            "age": pa.array(r["age"], pa.int32(), mask=r["age"] < 0),
        },
        "assessments": {
            "child": child(a["child"]),
            "referral_id": numbered("R", a["referral"]),
            "assessment_id": numbered("A", np.arange(len(a["child"]))),
            "start_date": dates(a["start_date"]),
            "authorised_date": dates(a["authorised_date"]),
            "factors": syn.factors,
        },
        "cin_plans": {
            "child": child(syn.cin_plans["child"]),
            "referral_id": numbered("R", syn.cin_plans["referral"]),
            "start_date": dates(syn.cin_plans["start_date"]),
            "end_date": dates(syn.cin_plans["end_date"]),
        },
        "s47": {
            "child": child(s["child"]),
            "referral_id": numbered("R", s["referral"]),
            "s47_id": numbered("S", np.arange(len(s["child"]))),
            "start_date": dates(s["start_date"]),
            "icpc_target": dates(s["icpc_target"]),
            "icpc_date": dates(s["icpc_date"]),
            "icpc_not_required": pa.array(s["icpc_not_required"], pa.bool_()),
        },
        "cp_plans": {
            "child": child(cp["child"]),
            "referral_id": numbered("R", cp["referral"]),
            "plan_id": numbered("P", cp["plan"]),
            "start_date": dates(cp["start_date"]),
            "end_date": dates(cp["end_date"]),
            "initial_category": coded(cp["initial_category"]),
            "latest_category": coded(cp["latest_category"]),
            "previous_plans": pa.array(cp["previous_plans"], pa.int32()),
        },
        "cp_reviews": {
            "child": child(syn.cp_reviews["child"]),
            "plan_id": numbered("P", syn.cp_reviews["plan"]),
            "review_date": dates(syn.cp_reviews["review_date"]),
        },
        "cla_episodes": {
            "child": child(cla["child"]),
            "start_date": dates(cla["start_date"]),
            "end_date": dates(cla["end_date"]),
            "reason_new": coded(cla["reason_new"]),
            "legal_status": coded(cla["legal_status"]),
            "placement": coded(cla["placement"]),
            "reason_end": coded(cla["reason_end"]),
        },
        "cla_reviews": {
            "child": child(syn.cla_reviews["child"]),
            "review_date": dates(syn.cla_reviews["review_date"]),
        },
        "missing": {
            "child": child(syn.missing["child"]),
            "start_date": dates(syn.missing["start_date"]),
            "end_date": dates(syn.missing["end_date"]),
            "kind": coded(syn.missing["kind"]),
        },
    }
    out = {}
    for table in TABLES:
        schema = pa.schema([(name, ARROW[kind]) for name, kind in table.columns])
        cols = columns[table.name]
        out[table.name] = pa.table([cols[name] for name in schema.names], schema=schema)
    return out


def write_parquet(tables: dict[str, pa.Table], folder: Path) -> list[Path]:
    """One Parquet file per table (``<table>.parquet``), as the store keeps a snapshot."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written
