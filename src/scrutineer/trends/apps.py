from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "scrutineer.trends"
    label = "trends"
    verbose_name = "Multi-agency data trends"
