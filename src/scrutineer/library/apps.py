from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "scrutineer.library"
    label = "library"
    verbose_name = "Evidence library"
