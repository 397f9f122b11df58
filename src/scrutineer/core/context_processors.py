"""Values every page template needs: the service name and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

SERVICE_NAME = "Scrutineer"

# Navigation by activity, in the order a scrutineer works: (url name, label, app label).
NAVIGATION = (
    ("trends:index", "Trends", "trends"),
    ("casedata:index", "Case data", "casedata"),
    ("reviews:index", "Reviews", "reviews"),
    ("audits:index", "Audits", "audits"),
    ("voice:index", "Voice", "voice"),
    ("challenges:index", "Challenges", "challenges"),
    ("actions:index", "Actions", "actions"),
    ("plan:index", "Plan", "plan"),
    ("reports:index", "Reports", "reports"),
    ("library:index", "Library", "library"),
)


def service(request: HttpRequest) -> dict[str, Any]:
    return {"service_name": SERVICE_NAME, "navigation": NAVIGATION}
