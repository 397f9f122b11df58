from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views, views_accesslog, views_calendar
from .middleware import two_factor_exempt

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", two_factor_exempt(LogoutView.as_view()), name="logout"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("locked-out/", views.locked_out, name="locked_out"),
]
urlpatterns += [
    path("manage/calendar/", views_calendar.calendar_page, name="calendar"),
    path(
        "manage/calendar/closures/remove/",
        views_calendar.calendar_remove,
        {"what": "closure"},
        name="calendar_closure_remove",
    ),
    path(
        "manage/calendar/corrections/remove/",
        views_calendar.calendar_remove,
        {"what": "override"},
        name="calendar_override_remove",
    ),
    path("manage/access-log/", views_accesslog.access_log_page, name="access_log"),
    path("manage/access-log/csv/", views_accesslog.access_log_csv, name="access_log_csv"),
]
