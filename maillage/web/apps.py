from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "maillage.web"
    label = "web"
