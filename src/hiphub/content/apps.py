from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "hiphub.content"
    label = "content"
    verbose_name = "Education pages"
