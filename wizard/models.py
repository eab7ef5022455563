"""Where a buyer's answers live: a server-side draft, and the frozen, shareable assessment."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"


def new_token() -> str:
    """256 random bits, URL-safe: unguessable, and nothing else identifies the buyer."""
    return secrets.token_urlsafe(32)


class Draft(models.Model):
    """A buyer's answers in progress, saved at every step, resumable from its URL."""

    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    based_on = models.CharField(
        max_length=43,
        blank=True,
        help_text="The saved assessment this draft was started from (a remedy or a copy).",
    )

    def __str__(self) -> str:
        return f"Draft {self.token[:8]}…"

    @staticmethod
    def expiry_cutoff() -> dt.datetime:
        return timezone.now() - dt.timedelta(days=settings.DRAFT_TTL_DAYS)


class FrozenAssessmentError(Exception):
    """Raised on any attempt to change a saved assessment."""


class FrozenQuerySet(models.QuerySet):
    """Saved assessments can be created and read; bulk update and delete are refused."""

    def update(self, **kwargs):
        raise FrozenAssessmentError("Saved assessments cannot be changed.")

    def delete(self):
        raise FrozenAssessmentError("Saved assessments cannot be deleted.")


class SavedAssessment(models.Model):
    """An assessment frozen at save time: answers, full result and the policy rows it used."""

    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    answers = models.JSONField()
    result = models.JSONField()
    policy_rows = models.JSONField(help_text="Snapshot of every policy row the result cites.")
    policy_version = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)
    digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the canonical JSON of this assessment."
    )
    # Who the document is for, as the buyer typed it when saving (optional; printed on the
    # PDF's first page and covered by the digest when given).
    organisation = models.CharField(max_length=120, blank=True)
    project = models.CharField(max_length=120, blank=True)
    prepared_by = models.CharField(max_length=120, blank=True)
    # Not part of the digest: where the answers came from, so the page can offer a comparison.
    based_on = models.CharField(
        max_length=43,
        blank=True,
        help_text="The saved assessment whose answers this one was started from.",
    )

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Assessment {self.token[:8]}… ({self.result.get('verdict')})"

    def save(self, *args, **kwargs) -> None:
        # Integrity, not domain logic: a shared link must always say what it said.
        if self.pk is not None and not self._state.adding:
            raise FrozenAssessmentError("A saved assessment cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenAssessmentError("A saved assessment cannot be deleted.")
