from django.apps import AppConfig


class CasedataConfig(AppConfig):
    name = "scrutineer.casedata"
    label = "casedata"
    verbose_name = "Case-level evidence"
