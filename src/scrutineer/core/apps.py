from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "scrutineer.core"
    label = "core"
    verbose_name = "Core"
