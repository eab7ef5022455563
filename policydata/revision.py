"""The policy revision: one value that changes whenever the policy data changes."""

from django.db.models import F
from django.utils import timezone

from .models import PolicyRevision


def bump_revision() -> None:
    """Advance the revision counter (creating it on first use)."""
    updated = PolicyRevision.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        PolicyRevision.objects.get_or_create(pk=1, defaults={"number": 1})


def current_revision() -> int:
    """The current revision number, in one query."""
    number = PolicyRevision.objects.filter(pk=1).values_list("number", flat=True).first()
    return number or 0
