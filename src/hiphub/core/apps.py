from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The site shell: base pages, error pages, health check and start-up checks."""

    name = "hiphub.core"
    label = "core"

    def ready(self) -> None:
        from hiphub.core import checks  # noqa: F401  (registers the system checks)
