"""`import_policy`: an export_policy file into the draft, without surprises.

Rows match by natural key (slugs), so ids and history survive; rows missing from the file
are kept unless asked to delete them; a duplicate, an unknown slug or an invalid value
rejects the whole file, naming the row; a row whose values do not change is not saved,
so an identical import writes no history. A dry run does all of it and rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .snapshot import TABLES, Change, Snapshot, diff_snapshots, model_fields, row_key
from .snapshot import snapshot_from_db as _snapshot_from_db


class NotAnExport(Exception):
    """The file is not in export_policy's format; nothing was read into the draft."""


class ImportRejected(Exception):
    """At least one row is wrong; nothing was written. `errors` names each bad row."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s) in the file; nothing was imported.")
        self.errors = errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    changes: list[Change] = field(default_factory=list)
    after: Snapshot = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged"
        )


def check_format(data: object) -> dict[str, list[dict[str, Any]]]:
    """The file as export_policy writes it (an object with every table as a list of rows),
    or `NotAnExport` saying what is wrong."""
    expected = ", ".join(TABLES)
    if not isinstance(data, dict):
        raise NotAnExport(
            f"Not an export_policy file: expected a JSON object with the tables {expected}; "
            f"got a JSON {type(data).__name__}."
        )
    missing = [t for t in TABLES if t not in data]
    unknown = sorted(set(data) - set(TABLES))
    problems = []
    if missing:
        problems.append(f"missing the tables {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown keys {', '.join(unknown)}")
    not_lists = [t for t in TABLES if t in data and not isinstance(data[t], list)]
    if not_lists:
        problems.append(f"{', '.join(not_lists)} must each be a list of rows")
    if problems:
        raise NotAnExport(f"Not an export_policy file: {'; '.join(problems)}.")
    return data  # type: ignore[return-value]


def _row_problems(table: str, rows: list[Any]) -> list[str]:
    """Shape and duplicate errors of a table's rows, each naming the row (1-based)."""
    from . import models as m

    model_name, keys, _ = TABLES[table]
    allowed = set(model_fields(getattr(m, model_name), private=True))
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        where = f"{table} row {number}"
        if not isinstance(row, dict):
            errors.append(f"{where}: expected an object with the fields {sorted(allowed)}.")
            continue
        missing = [k for k in keys if row.get(k) in (None, "")]
        unknown = sorted(set(row) - allowed)
        if missing or unknown:
            said = [f"missing {', '.join(missing)}"] if missing else []
            said += [f"unknown fields {', '.join(unknown)}"] if unknown else []
            errors.append(f"{where}: {'; '.join(said)}.")
            continue
        key = row_key(table, row)
        if key in seen:
            errors.append(f"{where} ({key}): duplicate of {table} row {seen[key]}.")
        else:
            seen[key] = number
    return errors


def _resolve(model, fks: tuple[str, ...], row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The row with its foreign keys as objects; the first unknown slug, if any."""
    values = dict(row)
    for fk in fks:
        if fk not in values:
            continue
        slug = values[fk]
        related = model._meta.get_field(fk).related_model
        values[fk] = related.objects.filter(slug=slug).first() if slug else None
        if slug and values[fk] is None:
            return values, f'unknown {fk.replace("_", " ")} "{slug}"'
    return values, ""


def _import_row(model, keys, fks, row: dict[str, Any], reason: str) -> tuple[str, int]:
    """Create or update one row, validated like an admin edit; ("created" | "updated" |
    "unchanged", pk). Raises `ValueError` for an unknown slug."""
    values, unknown = _resolve(model, fks, row)
    if unknown:
        raise ValueError(unknown)
    obj = model.objects.filter(**{k: values[k] for k in keys}).first()
    outcome = "updated" if obj else "created"
    obj = obj or model()
    if outcome == "updated" and all(
        _same(getattr(obj, name), value) for name, value in values.items()
    ):
        return "unchanged", obj.pk
    for name, value in values.items():
        setattr(obj, name, value)
    obj._change_reason = reason
    obj.full_clean()
    obj.save()
    return outcome, obj.pk


def _same(current: Any, new: Any) -> bool:
    from .snapshot import plain_value

    if isinstance(current, models.Model):
        return current.pk == getattr(new, "pk", None)
    return plain_value(current) == plain_value(new) or current == new


class _DryRun(Exception):
    """Raised to roll a dry run back."""


def import_policy(
    data: object, *, delete_missing: bool = False, dry_run: bool = False, reason: str = ""
) -> ImportReport:
    """Import an export_policy file into the draft: all or nothing (see the module)."""
    from . import models as m

    tables = check_format(data)
    errors = [e for t in TABLES for e in _row_problems(t, tables[t])]
    if errors:
        raise ImportRejected(errors)
    report = ImportReport()
    try:
        with transaction.atomic():
            before = _snapshot_from_db(private=True)
            kept: dict[str, set[int]] = {}
            for table, (model_name, keys, fks) in TABLES.items():
                model = getattr(m, model_name)
                kept[table] = set()
                for number, row in enumerate(tables[table], start=1):
                    where = f"{table} row {number} ({row_key(table, row)})"
                    try:
                        outcome, pk = _import_row(model, keys, fks, row, reason)
                    except ValidationError as exc:
                        errors.append(f"{where}: {_messages(exc)}")
                        continue
                    except ValueError as exc:
                        errors.append(f"{where}: {exc}.")
                        continue
                    kept[table].add(pk)
                    setattr(report, outcome, getattr(report, outcome) + 1)
            if errors:
                raise ImportRejected(errors)
            if delete_missing:
                for table in reversed(TABLES):
                    model = getattr(m, TABLES[table][0])
                    for obj in model.objects.exclude(pk__in=kept[table]):
                        obj._change_reason = reason
                        obj.delete()
                        report.deleted += 1
            report.after = _snapshot_from_db(private=True)
            report.changes = diff_snapshots(before, report.after)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in msgs)}" for name, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)
