from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "hiphub.community"
    label = "community"
    verbose_name = "Community reports and comments"
