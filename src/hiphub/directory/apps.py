from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "hiphub.directory"
    label = "directory"
    verbose_name = "Therapist directory"
