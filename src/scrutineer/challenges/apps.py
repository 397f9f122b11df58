from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "scrutineer.challenges"
    label = "challenges"
    verbose_name = "Challenge log"
