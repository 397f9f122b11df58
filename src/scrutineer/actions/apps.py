from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "scrutineer.actions"
    label = "actions"
    verbose_name = "Action tracker"
