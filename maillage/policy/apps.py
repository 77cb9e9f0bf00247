from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "maillage.policy"
    label = "policy"
