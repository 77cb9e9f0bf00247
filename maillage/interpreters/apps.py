from django.apps import AppConfig


class InterpretersConfig(AppConfig):
    name = "maillage.interpreters"
    label = "interpreters"
    default_auto_field = "django.db.models.BigAutoField"
