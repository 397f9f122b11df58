from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "scrutineer.plan"
    label = "plan"
    verbose_name = "Scrutiny plan"
