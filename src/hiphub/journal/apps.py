from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "hiphub.journal"
    label = "journal"
