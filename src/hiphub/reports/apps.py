from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hiphub.reports"
    label = "reports"
    verbose_name = "Reports"
