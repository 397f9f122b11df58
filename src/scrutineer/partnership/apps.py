from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "scrutineer.partnership"
    label = "partnership"
    verbose_name = "Partnership"
