"""Pages that read a snapshot say so, rather than fail, when its files have gone from the store."""

from __future__ import annotations

import pytest

from scrutineer.casedata.models import Snapshot


@pytest.fixture
def emptied(db, settings, tmp_path):
    """A snapshot recorded as complete and in force whose folder is not in the store."""
    settings.CASEDATA_DIR = tmp_path / "casedata"
    return Snapshot.objects.create(
        format="cin",
        la="383",
        source_name="census.xml",
        sha256="d" * 64,
        status=Snapshot.Status.COMPLETE,
        current=True,
        row_counts={"children": 1},
    )


def test_the_journeys_page_says_the_data_cannot_be_read(alice_client, emptied):
    response = alice_client.get("/case-data/journeys/", {"year": "2025"})
    assert response.status_code == 200
    assert "The data of this import cannot be read" in response.content.decode()


def test_the_sample_page_says_the_data_cannot_be_read(alice_client, emptied):
    response = alice_client.get("/case-data/sample/", {"size": "5", "seed": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The data of this import cannot be read" in body
    assert "<caption" not in body
