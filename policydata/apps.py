from django.apps import AppConfig


class PolicydataConfig(AppConfig):
    name = "policydata"
    verbose_name = "Policy data"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the revision counter)
