"""Write the seed facts into the database without trampling staff edits."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from . import models as policy_models
from . import seed

FK_FIELDS = {
    "source": "Source",
    "cited_source": "Source",
    "program": "Program",
    "offering": "Offering",
    "parent": "Offering",
}


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_staff_edits: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def canonical(value: Any) -> Any:
    """A JSON-friendly, comparison-stable form of a field value."""
    if isinstance(value, models.Model):
        return value.slug
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def digest(values: dict[str, Any]) -> str:
    """SHA-256 of a row's values in canonical form."""
    payload = json.dumps({k: canonical(v) for k, v in sorted(values.items())}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _current_values(instance: models.Model, names: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}


def _resolve(row: dict[str, Any], cache: dict[tuple[str, str], models.Model]) -> dict[str, Any]:
    resolved = dict(row)
    for name, model_name in FK_FIELDS.items():
        slug = resolved.get(name)
        if isinstance(slug, str):
            key = (model_name, slug)
            if key not in cache:
                cache[key] = getattr(policy_models, model_name).objects.get(slug=slug)
            resolved[name] = cache[key]
    return resolved


def _upsert(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    keys: tuple[str, ...],
    *,
    force: bool,
    report: LoadReport,
    cache: dict[tuple[str, str], models.Model],
    track_digest: bool = True,
) -> None:
    for raw in rows:
        values = _resolve(raw, cache)
        lookup = {k: values[k] for k in keys}
        names = sorted(values)
        seed_digest = digest(values)
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            extra = {"seed_digest": seed_digest} if track_digest else {}
            instance = model.objects.create(**values, **extra)
            report.created += 1
        else:
            current = digest(_current_values(instance, names))
            if current == seed_digest:
                report.unchanged += 1
            elif not force and (not track_digest or current != instance.seed_digest):
                report.kept_staff_edits.append(f"{model.__name__} {lookup}")
            else:
                for name in names:
                    setattr(instance, name, values[name])
                if track_digest:
                    instance.seed_digest = seed_digest
                instance.save()
                report.updated += 1
        if hasattr(instance, "slug"):
            cache[(model.__name__, instance.slug)] = instance


@transaction.atomic
def load_seed(*, force: bool = False) -> LoadReport:
    """Create or update every seed row; keep rows staff edited unless `force`."""
    report = LoadReport()
    cache: dict[tuple[str, str], models.Model] = {}
    _upsert(
        policy_models.Source,
        seed.SOURCES,
        ("slug",),
        force=force,
        report=report,
        cache=cache,
        track_digest=False,
    )
    for model_name, rows, keys in seed.TABLES:
        model = getattr(policy_models, model_name)
        _upsert(model, rows, keys, force=force, report=report, cache=cache)
    return report
