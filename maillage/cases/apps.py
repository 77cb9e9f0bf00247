from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "maillage.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"
