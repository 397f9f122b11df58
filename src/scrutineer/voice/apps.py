from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "scrutineer.voice"
    label = "voice"
    verbose_name = "Voice of children, families and practitioners"
