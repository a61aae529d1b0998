from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "hiphub.practice"
    label = "practice"
    verbose_name = "Practice"
