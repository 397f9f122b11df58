"""Demo step: a synthetic case-level snapshot for Northbridge, published into trends.

When no case-level snapshot exists, the demo generates three reporting years of a few thousand
children for Northbridge's local authority (383) with the synthetic generator, straight into the
canonical tables (no XML to write and read back), pseudonymised with this installation's key as
an import would be, and writes them through the store as a real, current CIN snapshot. It then
publishes the snapshot's indicators into the trends catalogue (``publish.py``). A fixed seed
makes it the same every time; a second run finds the snapshot and publishes only if that has
not been done. About five seconds; the test settings turn it off (``DEMO_CASEDATA = False``).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from scrutineer.core.demo import DemoReport, demo_step
from scrutineer.trends.models import SeriesValue

from . import store
from .importers.base import Row
from .models import Format, Snapshot

LA = "383"
CHILDREN = 3000
YEARS = 3
LAST_YEAR = 2025
SEED = 4045
REPORTED = list(range(LAST_YEAR - YEARS + 1, LAST_YEAR + 1))
SOURCE_NAME = "Synthetic Northbridge children's social care (demo)"


def snapshot_write(
    tables: dict[str, pa.Table],
    *,
    la: str,
    source_name: str,
    format: str = Format.CIN,
    collection_year: int | None = None,
) -> Snapshot:
    """Make a complete, current snapshot from canonical tables already in memory (the demo's,
    or a test's hand-made ones), written through the store like an import's rows."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(name.encode())
        digest.update(str(tables[name].to_pylist()).encode())
    with transaction.atomic():
        snapshot = Snapshot.objects.create(
            format=format,
            la=la,
            source_name=source_name,
            sha256=digest.hexdigest(),
            collection_year=collection_year,
            status=Snapshot.Status.RUNNING,
        )
    with store.SnapshotWriter(snapshot) as writer:
        for name, table in tables.items():
            for values in table.to_pylist():
                writer.add(Row(name, values))
        counts = writer.commit()
    with transaction.atomic():
        Snapshot.objects.filter(la=la, format=format, current=True).update(current=False)
        Snapshot.objects.filter(pk=snapshot.pk).update(
            status=Snapshot.Status.COMPLETE,
            current=True,
            row_counts=counts,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    snapshot.refresh_from_db()
    return snapshot


def synthetic_tables(*, children: int = CHILDREN, seed: int = SEED) -> dict[str, pa.Table]:
    """Northbridge's synthetic canonical tables, pseudonymised with the installation's key."""
    from .generator import generate
    from .generator.tables import canonical
    from .services import pseudonymiser

    syn = generate(children=children, years=YEARS, seed=seed, la=LA, last_year=LAST_YEAR)
    return canonical(syn, pseudonymise=pseudonymiser(LA))


@demo_step(order=45)
def casedata(report: DemoReport) -> Any:
    if not getattr(settings, "DEMO_CASEDATA", True):
        report.lines.append("Case-level data: left out (DEMO_CASEDATA is off)")
        return
    from .publish import publish_snapshot

    snapshot = Snapshot.objects.filter(status=Snapshot.Status.COMPLETE).first()
    if snapshot is None:
        snapshot = snapshot_write(
            synthetic_tables(), la=LA, source_name=SOURCE_NAME, collection_year=LAST_YEAR
        )
        made = f"snapshot {snapshot.pk} generated ({snapshot.total_rows} rows)"
    elif SeriesValue.objects.filter(snapshot=str(snapshot.pk)).exists():
        report.lines.append(f"Case-level data: snapshot {snapshot.pk} already there and published")
        return
    else:
        made = f"snapshot {snapshot.pk} already there"
    # The generator simulates years before the first to give the children a history (earlier
    # referrals, plans): only the years it reports are published.
    ours = snapshot.source_name == SOURCE_NAME
    stored = publish_snapshot(snapshot=snapshot, years=REPORTED if ours else None)
    report.lines.append(f"Case-level data: {made}; {stored} computed figures published to trends")
