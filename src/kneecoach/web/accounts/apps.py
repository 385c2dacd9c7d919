from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People's accounts and the API tokens their scripts and apps use."""

    name = "kneecoach.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
