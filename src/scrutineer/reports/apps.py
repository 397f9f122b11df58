from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "scrutineer.reports"
    label = "reports"
    verbose_name = "Reports"
