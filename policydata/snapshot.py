"""The policy data as one plain JSON document: what a published version freezes.

One shape serves four purposes: the snapshot stored in each published `PolicyVersion`,
the matrix the engine runs on (`matrix_from_snapshot`), the cell-by-cell diff between two
versions, and `export_policy` / `import_policy`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .matrix import (
    Cell,
    CertificationInfo,
    ControllerInfo,
    Fact,
    ModelInfo,
    OfferingInfo,
    PhiPlacementInfo,
    PolicyMatrix,
    ProgramInfo,
    ResidencyInfo,
    RetentionInfo,
    SourceRef,
    StatementInfo,
    build_matrix,
)

Snapshot = dict[str, list[dict[str, Any]]]

# table name -> (model name, natural key fields, foreign keys by slug). Order = load order.
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "sources": ("Source", ("slug",), ()),
    "programs": ("Program", ("slug",), ("source", "cited_source")),
    "offerings": ("Offering", ("slug",), ("source", "cited_source", "parent")),
    "eligibilities": (
        "Eligibility",
        ("program", "offering"),
        ("source", "cited_source", "program", "offering"),
    ),
    "certifications": ("Certification", ("slug",), ("source", "cited_source")),
    "models": ("ClaudeModel", ("slug",), ("source", "cited_source")),
    "retention": ("RetentionRule", ("slug",), ("source", "cited_source")),
    "controllers": ("DataController", ("slug",), ("source", "cited_source")),
    "residency": ("ResidencyOption", ("control", "value"), ("source", "cited_source")),
    "phi_placements": ("PhiPlacement", ("slug",), ("source", "cited_source")),
    "statements": ("PolicyFact", ("slug",), ("source", "cited_source")),
}
SKIPPED_FIELDS = {"id", "seed_digest"}
# Staff-only fields: in export_policy's file, never in a published version (so never in
# the matrix, the change log or the feed).
PRIVATE_FIELDS = {"private_note"}


def plain_value(value: Any) -> Any:
    """A field value in the snapshot's JSON form."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def model_fields(model, *, private: bool = False) -> list[str]:
    """The fields of a policy model that a snapshot records (FKs by name); the staff-only
    ones only with `private`."""
    skipped = SKIPPED_FIELDS if private else SKIPPED_FIELDS | PRIVATE_FIELDS
    return [f.name for f in model._meta.concrete_fields if f.name not in skipped]


def snapshot_from_db(*, private: bool = False) -> Snapshot:
    """Every policy row, as plain dicts keyed by natural keys (one query per table).

    Without `private` (what is published) the staff-only notes are left out."""
    from . import models as m

    snapshot: Snapshot = {}
    for table, (model_name, _, fks) in TABLES.items():
        model = getattr(m, model_name)
        names = model_fields(model, private=private)
        rows = []
        queryset = model.objects.select_related(*fks) if fks else model.objects.all()
        for obj in queryset.order_by(*model._meta.ordering or ["pk"]):
            row = {}
            for name in names:
                value = getattr(obj, name)
                row[name] = (value.slug if value is not None else None) if name in fks else value
                row[name] = plain_value(row[name])
            rows.append(row)
        snapshot[table] = rows
    return snapshot


def row_key(table: str, row: dict[str, Any]) -> str:
    """A row's natural key as one readable string (e.g. "hipaa/batch-api")."""
    return "/".join(str(row[k]) for k in TABLES[table][1])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def matrix_from_snapshot(version: str, snapshot: Snapshot) -> PolicyMatrix:
    """Build the engine's in-memory matrix from a snapshot; pure."""
    sources = {
        s["slug"]: SourceRef(s["title"], s["url"], s.get("publisher", ""))
        for s in snapshot["sources"]
    }

    def fact(row: dict[str, Any]) -> Fact:
        # Snapshots published before cited sources existed have no "cited_source".
        cited = row.get("cited_source")
        return Fact(
            sources[row["source"]],
            _date(row["verified_on"]),
            row.get("note", ""),
            sources.get(cited) if cited else None,
        )

    from .models import Offering

    group_labels = dict(Offering.Group.choices)
    return build_matrix(
        version,
        {
            "programs": [
                ProgramInfo(r["slug"], r["name"], r["summary"], r["how_to_enable"], fact(r))
                for r in snapshot["programs"]
            ],
            "offerings": [
                OfferingInfo(
                    slug=r["slug"],
                    name=r["name"],
                    kind=r["kind"],
                    group=r["group"],
                    group_label=group_labels.get(r["group"], r["group"]),
                    parent=r["parent"],
                    processor=r["processor"],
                    terms=r["terms"],
                    offers_api_features=r["offers_api_features"],
                    is_beta=r["is_beta"],
                    description=r["description"],
                    fact=fact(r),
                    retention_policy=r.get("retention_policy", "not_stated"),
                    covered_model_retention=r.get("covered_model_retention", ""),
                    access_path=r.get("access_path", ""),
                )
                for r in snapshot["offerings"]
            ],
            "cells": [
                Cell(
                    r["program"],
                    r["offering"],
                    r["status"],
                    r["condition"],
                    r["activation"],
                    fact(r),
                )
                for r in snapshot["eligibilities"]
            ],  # fmt: skip
            "certifications": [
                CertificationInfo(
                    r["slug"],
                    r["name"],
                    r["status"] == "held",
                    r["scope"],
                    r["issuer"],
                    r["accreditation"],
                    _date(r["announced_on"]),
                    r["report_access"],
                    fact(r),
                )
                for r in snapshot["certifications"]
            ],
            "models": [
                ModelInfo(
                    r["slug"],
                    r["name"],
                    r["is_covered_model"],
                    r["required_retention_days"],
                    r["supports_inference_geo"],
                    fact(r),
                )
                for r in snapshot["models"]
            ],
            "retention": [
                RetentionInfo(
                    r["slug"],
                    r["data_type"],
                    r["applies_to"],
                    r["period"],
                    r["period_days"],
                    r["survives_zdr"],
                    fact(r),
                )
                for r in snapshot["retention"]
            ],
            "controllers": [
                ControllerInfo(r["slug"], r["region"], r["entity"], r["gdpr_applies"], fact(r))
                for r in snapshot["controllers"]
            ],
            "residency": [
                ResidencyInfo(
                    r["control"],
                    r["value"],
                    r["is_default"],
                    Decimal(r["price_multiplier"]),
                    r["fixed_at_creation"],
                    fact(r),
                )
                for r in snapshot["residency"]
            ],
            "phi_placements": [
                PhiPlacementInfo(r["slug"], r["location"], r["allowed"], r["reason"], fact(r))
                for r in snapshot["phi_placements"]
            ],
            "statements": [
                StatementInfo(r["slug"], r["topic"], r["statement"], r["value"], fact(r))
                for r in snapshot["statements"]
            ],
        },
    )


@dataclass(frozen=True)
class Change:
    """One changed cell (or an added/removed row) between two snapshots."""

    table: str
    key: str
    field: str  # "" for a whole row added or removed
    before: Any
    after: Any
    source: str
    verified_on: str | None

    @property
    def kind(self) -> str:
        if self.field:
            return "changed"
        return "added" if self.before is None else "removed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "source": self.source,
            "verified_on": self.verified_on,
        }


def diff_snapshots(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every difference from `old` to `new`, cell by cell, in table order."""
    changes: list[Change] = []
    new_sources = {s["slug"]: s for s in new.get("sources", [])}
    old_sources = {s["slug"]: s for s in old.get("sources", [])}

    def source_url(row: dict[str, Any], sources: dict[str, dict[str, Any]]) -> str:
        """Where a reviewer checks the change: the cited page, else the primary source."""
        if "title" in row and "slug" in row and "source" not in row:  # a Source row
            return row.get("url") or row["title"]
        for name in ("cited_source", "source"):
            found = sources.get(row.get(name)) or {}
            if found.get("url") or found.get("title"):
                return found.get("url") or found["title"]
        return ""

    for table in TABLES:
        before = {row_key(table, r): r for r in old.get(table, [])}
        after = {row_key(table, r): r for r in new.get(table, [])}
        for key, row in after.items():
            if key not in before:
                changes.append(
                    Change(table, key, "", None, row, source_url(row, new_sources),
                           row.get("verified_on"))
                )  # fmt: skip
                continue
            for name, value in row.items():
                if before[key].get(name) != value:
                    changes.append(
                        Change(table, key, name, before[key].get(name), value,
                               source_url(row, new_sources), row.get("verified_on"))
                    )  # fmt: skip
        for key, row in before.items():
            if key not in after:
                changes.append(
                    Change(table, key, "", row, None, source_url(row, old_sources),
                           row.get("verified_on"))
                )  # fmt: skip
    return changes
