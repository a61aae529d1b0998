from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "hiphub.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        from hiphub.screening import checks  # noqa: F401  (registers the system check)
