from django import template
from django.conf import settings

from policydata.models import FACT_MODELS, stale_cutoff

register = template.Library()


@register.simple_tag
def stale_counts() -> dict:
    """Per fact table, how many rows were verified before the staleness cutoff."""
    cutoff = stale_cutoff()
    counts = []
    for model in FACT_MODELS:
        n = model.objects.filter(verified_on__lt=cutoff).count()
        if n:
            counts.append((model._meta.verbose_name_plural, model._meta.model_name, n))
    return {
        "total": sum(n for _, _, n in counts),
        "tables": counts,
        "days": settings.POLICY_STALE_AFTER_DAYS,
    }
