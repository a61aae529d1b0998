from django.apps import AppConfig


class SelfcareConfig(AppConfig):
    name = "hiphub.selfcare"
    label = "selfcare"
    verbose_name = "Self-care"
