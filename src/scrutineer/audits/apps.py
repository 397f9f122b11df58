from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "scrutineer.audits"
    label = "audits"
    verbose_name = "Multi-agency audits"
