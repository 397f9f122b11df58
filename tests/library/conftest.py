from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from scrutineer.library.models import Document
from scrutineer.partnership.models import Agency, Priority, Role, Sector, User
from tests.factories import make_agency, make_user, sign_in

from .files import PDF


def make_document(agency: Agency, *, shared: bool = True, **overrides: Any) -> Document:
    values: dict[str, Any] = {
        "title": "Annual safeguarding report",
        "kind": Document.Kind.AGENCY_REPORT,
        "document_date": date(2025, 6, 30),
        "original_name": "annual-report.pdf",
        "size_bytes": len(PDF),
        "content_type": "application/pdf",
        "sha256": "0" * 64,
    }
    values.update(overrides)
    document = Document(agency=agency, shared=shared, **values)
    document.file.save("upload.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


@pytest.fixture
def council_lead(council) -> User:
    """Dana leads for the council's children's services."""
    return make_user("dana", Role.AGENCY_LEAD, council)


@pytest.fixture
def viewer(police) -> User:
    """Vic reads what the partnership shares, from inside the police."""
    return make_user("vic", Role.VIEWER, police)


@pytest.fixture
def priority(db) -> Priority:
    return Priority.objects.create(title="Safeguarding adolescents", order=1)


@pytest.fixture
def charlie_client(charlie, partnership) -> Client:
    return sign_in(Client(), charlie)


@pytest.fixture
def partnership_agency(db) -> Agency:
    # The agency make_user gives the scrutineer and the business unit.
    return make_agency("Testshire Safeguarding Partnership", sector=Sector.PARTNERSHIP)
