from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "hiphub.screening"
    label = "screening"
    verbose_name = "Screening"
