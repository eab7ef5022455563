"""Staleness ahead of time: which rows are stale, which go stale soon, and re-verifying them.

A row is stale once its `verified_on` is older than POLICY_STALE_AFTER_DAYS (see
`models.stale_cutoff`); it is due soon when it goes stale within the next DUE_SOON_DAYS.
Seeded rows share one verified date, so they all go stale on the same day: the dashboard
names that day (`next_cliff`) before it comes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from .models import FACT_MODELS, FactRow, Source, stale_cutoff

DUE_SOON_DAYS = 30


def due_soon_cutoff(today: dt.date | None = None, within: int = DUE_SOON_DAYS) -> dt.date:
    """Rows verified before this date (and not stale yet) go stale within `within` days."""
    return stale_cutoff(today) + dt.timedelta(days=within)


def goes_stale_on(verified_on: dt.date) -> dt.date:
    """The first day a row verified on `verified_on` counts as stale."""
    return verified_on + dt.timedelta(days=settings.POLICY_STALE_AFTER_DAYS + 1)


def stale_q(today: dt.date | None = None) -> Q:
    """Rows already stale."""
    return Q(verified_on__lt=stale_cutoff(today))


def due_soon_q(today: dt.date | None = None, within: int = DUE_SOON_DAYS) -> Q:
    """Rows still fresh that go stale within `within` days."""
    return Q(verified_on__gte=stale_cutoff(today), verified_on__lt=due_soon_cutoff(today, within))


@dataclass(frozen=True)
class TableStaleness:
    """One fact table's stale and due-soon counts."""

    name: str  # verbose_name_plural, e.g. "eligibilities"
    model_name: str  # for the admin URL, e.g. "eligibility"
    stale: int
    due_soon: int


@dataclass(frozen=True)
class Cliff:
    """The next day on which fresh rows go stale, and how many."""

    on: dt.date
    rows: int


@dataclass(frozen=True)
class Staleness:
    """Stale and due-soon counts per fact table, and the next cliff, as of `today`."""

    today: dt.date
    stale_after_days: int
    within_days: int
    tables: tuple[TableStaleness, ...]
    next_cliff: Cliff | None

    @property
    def stale(self) -> int:
        return sum(t.stale for t in self.tables)

    @property
    def due_soon(self) -> int:
        return sum(t.due_soon for t in self.tables)

    @property
    def stale_tables(self) -> list[TableStaleness]:
        return [t for t in self.tables if t.stale]

    @property
    def due_soon_tables(self) -> list[TableStaleness]:
        return [t for t in self.tables if t.due_soon]


def staleness(
    today: dt.date | None = None,
    within: int = DUE_SOON_DAYS,
    models: Iterable[type[FactRow]] = FACT_MODELS,
) -> Staleness:
    """Count stale and due-soon rows in every fact table (one query per table, plus
    one per table for the next cliff)."""
    today = today or timezone.localdate()
    cutoff = stale_cutoff(today)
    models = tuple(models)
    tables = []
    earliest_fresh: dt.date | None = None
    for model in models:
        counts = model.objects.aggregate(
            stale=Count("pk", filter=stale_q(today)),
            due_soon=Count("pk", filter=due_soon_q(today, within)),
            earliest=Min("verified_on", filter=Q(verified_on__gte=cutoff)),
        )
        meta = model._meta
        tables.append(
            TableStaleness(
                str(meta.verbose_name_plural), meta.model_name, counts["stale"], counts["due_soon"]
            )
        )
        if counts["earliest"] and (earliest_fresh is None or counts["earliest"] < earliest_fresh):
            earliest_fresh = counts["earliest"]
    cliff = None
    if earliest_fresh is not None:
        rows = sum(model.objects.filter(verified_on=earliest_fresh).count() for model in models)
        cliff = Cliff(goes_stale_on(earliest_fresh), rows)
    return Staleness(today, settings.POLICY_STALE_AFTER_DAYS, within, tuple(tables), cliff)


def reverify_date_errors(
    rows: Iterable[FactRow], verified_on: dt.date, today: dt.date
) -> list[str]:
    """Why `verified_on` cannot be the new verified date of these rows ([] if it can):
    the evidence rule's date half, worded for a batch; pure."""
    errors = []
    if verified_on > today:
        errors.append(f"The verified date cannot be in the future (today is {today.isoformat()}).")
    later = [row for row in rows if row.verified_on > verified_on]
    if later:
        named = ", ".join(f"{row} ({row.verified_on.isoformat()})" for row in later[:3])
        more = f" and {len(later) - 3} more" if len(later) > 3 else ""
        errors.append(
            f"The verified date cannot go back: {len(later)} of the selected rows "
            f"{'was' if len(later) == 1 else 'were'} last verified after "
            f"{verified_on.isoformat()}: {named}{more}."
        )
    return errors


@transaction.atomic
def mark_reverified(
    rows: Iterable[FactRow], source: Source, verified_on: dt.date, note: str, user=None
) -> int:
    """Record that each row was checked again against `source` on `verified_on`.

    Each row is validated like an admin edit (`full_clean`, so the evidence rule holds)
    and saved with `note` as its history change reason; all or nothing. Raises
    ValidationError naming the rows that fail."""
    note = note.strip()
    if not note:
        raise ValidationError("A re-verification needs a note (recorded in the history).")
    problems: list[str] = []
    saved = []
    for row in rows:
        row.source = source
        row.verified_on = verified_on
        row._change_reason = note
        if user is not None and getattr(user, "is_authenticated", False):
            row._history_user = user
        try:
            row.full_clean()
        except ValidationError as invalid:
            problems.extend(f"{row}: {message}" for message in invalid.messages)
            continue
        saved.append(row)
    if problems:
        raise ValidationError(problems)
    for row in saved:
        row.save()
    return len(saved)
