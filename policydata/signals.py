"""Bump the policy revision whenever a policy row is written, so caches see admin edits."""

from django.db.models.signals import post_delete, post_save

from .models import FACT_MODELS, Source
from .revision import bump_revision


def _on_policy_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture sets the revision itself
        return
    bump_revision()


for _model in (*FACT_MODELS, Source):
    post_save.connect(_on_policy_change, sender=_model, dispatch_uid=f"rev-save-{_model.__name__}")
    post_delete.connect(_on_policy_change, sender=_model, dispatch_uid=f"rev-del-{_model.__name__}")
