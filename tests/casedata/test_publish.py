"""Publishing a snapshot's computed indicators into the trends series."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from scrutineer.casedata.demo import snapshot_write
from scrutineer.casedata.publish import SUFFIX, publish_snapshot, published_codes
from scrutineer.core.models import AccessLogEntry
from scrutineer.trends.models import Indicator, Level, Population, SeriesValue, Source
from scrutineer.trends.services import catalogue_load_starter

from .journeys_tables import D, child, tables


@pytest.fixture
def store_dir(settings, tmp_path):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    return settings.CASEDATA_DIR


def _referral(n: int, day: D, **extra):
    return {
        "child": f"P{n % 3}",
        "referral_id": f"R{n}",
        "referral_date": day,
        "nfa": False,
        **extra,
    }


@pytest.fixture
def snapshot(db, store_dir):
    made = tables(
        children=[child("P0"), child("P1", sex="M"), child("P2")],
        referrals=[
            _referral(1, D(2024, 4, 3)),
            _referral(2, D(2024, 4, 20), nfa=True),
            _referral(3, D(2024, 5, 9)),
            _referral(4, D(2024, 11, 1)),
        ],
    )
    return snapshot_write(made, la="383", source_name="hand-made")


def _values(code: str) -> dict[str, Decimal | None]:
    return {
        v.period_start.strftime("%Y-%m"): v.value
        for v in SeriesValue.objects.filter(indicator__code=code)
    }


def test_it_stores_each_months_referrals_with_source_and_snapshot(snapshot):
    stored = publish_snapshot(snapshot=snapshot)
    assert stored > 0
    values = _values("referrals")
    assert values["2024-04"] == 2
    assert values["2024-05"] == 1
    assert values["2024-11"] == 1
    assert _values("nfa_pct")["2024-04"] == Decimal("50")
    row = SeriesValue.objects.get(indicator__code="referrals", period_start=D(2024, 4, 1))
    assert row.source == Source.CASEDATA
    assert row.snapshot == str(snapshot.pk)
    made = Indicator.objects.get(code="referrals")
    assert made.source == Source.CASEDATA
    assert made.agency is None
    assert made.frequency == "monthly"
    assert "DfE table c1" in made.definition


def test_it_is_idempotent(snapshot):
    first = publish_snapshot(snapshot=snapshot)
    before = sorted(SeriesValue.objects.values_list("indicator__code", "period_start", "value"))
    indicators = Indicator.objects.count()
    assert publish_snapshot(snapshot=snapshot) == first
    after = sorted(SeriesValue.objects.values_list("indicator__code", "period_start", "value"))
    assert after == before
    assert Indicator.objects.count() == indicators


def test_it_leaves_an_agencys_indicator_alone_and_publishes_under_its_own_code(snapshot, council):
    catalogue_load_starter()
    theirs = Indicator.objects.get(code="referrals")
    assert theirs.source == Source.RETURN
    publish_snapshot(snapshot=snapshot)
    assert not SeriesValue.objects.filter(indicator=theirs).exists()
    assert _values(f"referrals{SUFFIX}")["2024-04"] == 2
    assert Indicator.objects.get(code=f"referrals{SUFFIX}").source == Source.CASEDATA


def test_it_stores_rates_only_with_the_ons_population(snapshot):
    publish_snapshot(snapshot=snapshot)
    assert not Indicator.objects.filter(code="referral_rate").exists()
    Population.objects.create(
        level=Level.LOCAL_AUTHORITY, area_code="383", mid_year=2024, population=20000
    )
    publish_snapshot(snapshot=snapshot)
    assert _values("referral_rate")["2024-04"] == Decimal("1")  # 2 / 20,000 x 10,000


def test_it_leaves_out_factor_shares_by_whom():
    codes = published_codes()
    assert "factor_domestic_abuse_pct" in codes
    assert "factor_physical_abuse_child_on_child_pct" in codes
    assert "factor_domestic_abuse_child_pct" not in codes


def test_it_logs_the_read_and_the_command_publishes_the_current_snapshot(snapshot):
    from io import StringIO

    out = StringIO()
    call_command("casedata", "publish", stdout=out)
    assert f"snapshot {snapshot.pk}" in out.getvalue()
    assert _values("referrals")["2024-04"] == 2
    assert AccessLogEntry.objects.filter(
        object_type="casedata.snapshot", object_id=str(snapshot.pk)
    ).exists()


def test_the_command_refuses_an_unknown_snapshot(db, store_dir):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no complete snapshot 999"):
        call_command("casedata", "publish", "--snapshot", "999")
