from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ontraccr_clone.accounts"
    label = "accounts"
