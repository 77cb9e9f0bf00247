from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from maillage.accounts import api_schema, receivers  # noqa: F401  (schema extension; audit of logins)
