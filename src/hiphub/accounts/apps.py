from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hiphub.accounts"
    label = "accounts"
