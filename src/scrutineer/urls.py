"""Top-level URL map: one include per app, in the order of the navigation."""

from django.urls import include, path

from scrutineer.trends.api import api as returns_api

urlpatterns = [
    path("", include("scrutineer.core.urls")),
    path("partnership/", include("scrutineer.partnership.urls")),
    path("library/", include("scrutineer.library.urls")),
    path("trends/", include("scrutineer.trends.urls")),
    path("case-data/", include("scrutineer.casedata.urls")),
    path("reviews/", include("scrutineer.reviews.urls")),
    path("audits/", include("scrutineer.audits.urls")),
    path("voice/", include("scrutineer.voice.urls")),
    path("challenges/", include("scrutineer.challenges.urls")),
    path("actions/", include("scrutineer.actions.urls")),
    path("plan/", include("scrutineer.plan.urls")),
    path("reports/", include("scrutineer.reports.urls")),
    path("api/", returns_api.urls),
]

handler403 = "scrutineer.core.views.forbidden"
handler404 = "scrutineer.core.views.not_found"
handler500 = "scrutineer.core.views.server_error"
