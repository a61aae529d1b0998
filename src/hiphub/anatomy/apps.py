from django.apps import AppConfig


class AnatomyConfig(AppConfig):
    name = "hiphub.anatomy"
    label = "anatomy"
    verbose_name = "Anatomy"
