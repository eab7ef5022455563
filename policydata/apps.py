from django.apps import AppConfig


class PolicydataConfig(AppConfig):
    name = "policydata"
    verbose_name = "Policy data"
