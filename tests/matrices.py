"""Policy matrices built purely in memory from the seed rows (no database), with overrides.

It reads the models' Meta.ordering and choices, never the database: rows come out in the
order the loader reads them, so results match the database's finding for finding.

`seed_matrix()` is what `load_policy` + `load_matrix_from_db` would give for the seed, built
as a snapshot and read by `snapshot.matrix_from_snapshot`, the engine's one loader, in the
same row order as the database. Each `*_overrides`
argument maps a row's key to either

- a dict of field changes (a key not in the seed adds a new row: give its fields),
- ``None`` to drop the row,

and `cell_overrides` also accepts a bare status string. Keys: a slug for most tables,
``(program, offering)`` for cells and ``(control, value)`` for residency options. A row's
``source`` is a slug of `seed.SOURCES` (or a `SourceRef`); a new row must name one, except a
new cell, which cites its program's source. ``verified_on`` and ``note`` default as in the
seed, other fields as the model's defaults. Dropping a program or an offering drops its
cells, as the database's cascade would. Examples::

    seed_matrix(cell_overrides={("hipaa", "batch-api"): "eligible"})
    seed_matrix(certification_overrides={"fedramp": {"status": "held"}})
    seed_matrix(model_overrides={"claude-new-6": {"name": "Claude New 6",
                "is_covered_model": True, "required_retention_days": 90,
                "source": "api-data-retention"}})
    seed_matrix(offering_overrides={"voice": new_feature("voice")},
                cell_overrides={("hipaa", "voice"): "eligible"})
    seed_matrix(statement_overrides={"zdr-no-cors": None})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from policydata import models as pm
from policydata import seed
from policydata.matrix import PolicyMatrix, SourceRef
from policydata.snapshot import Snapshot, matrix_from_snapshot, plain_value

Row = dict[str, Any]
Overrides = Mapping[Any, Row | None] | None

SOURCES: dict[str, SourceRef] = {
    s["slug"]: SourceRef(s["title"], s["url"], s.get("publisher", "Anthropic"))
    for s in seed.SOURCES
}
# Model field defaults the seed rows rely on (policydata.models).
DEFAULT_DEFAULTS: Row = {
    "verified_on": seed.VERIFIED_ON,
    "note": "",
    "order": 0,
    "source": seed.DOCUMENT,
    "cited_source": None,
}
OFFERING_DEFAULTS: Row = {
    "parent": None,
    "description": "",
    "processor": "anthropic",
    "terms": "commercial",
    "offers_api_features": False,
    "is_beta": False,
    "retention_policy": "not_stated",
    "covered_model_retention": "",
    "access_path": "",
}


def _key(row: Row, fields: tuple[str, ...]) -> Any:
    return tuple(row[f] for f in fields) if len(fields) > 1 else row[fields[0]]


def _apply(
    rows: Iterable[Row],
    fields: tuple[str, ...],
    overrides: Overrides,
    defaults: Row | None = None,
) -> list[Row]:
    """The seed rows with overrides applied (changed, dropped, added), defaults filled in."""
    merged: dict[Any, Row] = {_key(row, fields): dict(row) for row in rows}
    for row_key, change in (overrides or {}).items():
        if change is None:
            merged.pop(row_key, None)
        elif row_key in merged:
            merged[row_key].update(change)
        else:  # a new row: its key fields come from its key
            keys = row_key if isinstance(row_key, tuple) else (row_key,)
            merged[row_key] = {**dict(zip(fields, keys, strict=True)), **change}
    return [{**DEFAULT_DEFAULTS, **(defaults or {}), **row} for row in merged.values()]


def _order_like(rows: list[Row], ordering: list[str], related: dict[str, dict]) -> None:
    """Sort rows in place as the ORM would by `ordering` ("-field", "fk__field")."""
    for term in reversed(ordering):  # stable sorts, least significant key first
        name = term.lstrip("-")

        def value(row: Row, name: str = name) -> Any:
            if "__" in name:
                fk, field_name = name.split("__", 1)
                return related[fk][row[fk]][field_name]
            return row[name]

        rows.sort(key=value, reverse=term.startswith("-"))


def seed_rows(
    *,
    cell_overrides: Mapping[tuple[str, str], str | Row | None] | None = None,
    program_overrides: Overrides = None,
    offering_overrides: Overrides = None,
    certification_overrides: Overrides = None,
    model_overrides: Overrides = None,
    retention_overrides: Overrides = None,
    controller_overrides: Overrides = None,
    residency_overrides: Overrides = None,
    phi_placement_overrides: Overrides = None,
    statement_overrides: Overrides = None,
) -> Snapshot:
    """A policy snapshot of the seed with overrides, in the loader's order (no database)."""
    cells = {
        k: ({"status": v} if isinstance(v, str) else v) for k, v in (cell_overrides or {}).items()
    }
    programs = _apply(seed.PROGRAMS, ("slug",), program_overrides)
    offerings = _apply(seed.OFFERINGS, ("slug",), offering_overrides, OFFERING_DEFAULTS)
    eligibility = _apply(
        seed.ELIGIBILITIES, ("program", "offering"), cells, {"condition": "", "activation": ""}
    )
    certifications = _apply(
        seed.CERTIFICATIONS,
        ("slug",),
        certification_overrides,
        {
            "scope": "",
            "issuer": "",
            "accreditation": "",
            "announced_on": None,
            "report_access": "",
        },
    )
    models = _apply(
        seed.MODELS,
        ("slug",),
        model_overrides,
        {
            "is_covered_model": False,
            "required_retention_days": None,
            "supports_inference_geo": False,
        },
    )
    retention = _apply(
        seed.RETENTION_RULES,
        ("slug",),
        retention_overrides,
        {"period_days": None, "survives_zdr": False},
    )
    controllers = _apply(seed.CONTROLLERS, ("slug",), controller_overrides, {"gdpr_applies": False})
    residency = _apply(
        seed.RESIDENCY_OPTIONS,
        ("control", "value"),
        residency_overrides,
        {"is_default": False, "price_multiplier": Decimal("1.00"), "fixed_at_creation": False},
    )
    placements = _apply(seed.PHI_PLACEMENTS, ("slug",), phi_placement_overrides, {"reason": ""})
    statements = _apply(seed.POLICY_FACTS, ("slug",), statement_overrides, {"value": ""})

    # A dropped program or offering takes its cells with it (on_delete=CASCADE); a new cell
    # cites its program's source unless it names one.
    program_source = {p["slug"]: p["source"] for p in programs}
    offering_slugs = {o["slug"] for o in offerings}
    eligibility = [
        {"source": program_source[e["program"]], **e}
        for e in eligibility
        if e["program"] in program_source and e["offering"] in offering_slugs
    ]

    # The database's order: each model's Meta.ordering, as the loader reads the tables.
    related = {
        "program": {p["slug"]: p for p in programs},
        "offering": {o["slug"]: o for o in offerings},
    }
    for rows, model in [
        (programs, pm.Program),
        (offerings, pm.Offering),
        (eligibility, pm.Eligibility),
        (certifications, pm.Certification),
        (models, pm.ClaudeModel),
        (retention, pm.RetentionRule),
        (controllers, pm.DataController),
        (residency, pm.ResidencyOption),
        (placements, pm.PhiPlacement),
        (statements, pm.PolicyFact),
    ]:
        _order_like(rows, model._meta.ordering, related)

    tables = {
        "sources": seed.SOURCES,
        "programs": programs,
        "offerings": offerings,
        "eligibilities": eligibility,
        "certifications": certifications,
        "models": models,
        "retention": retention,
        "controllers": controllers,
        "residency": residency,
        "phi_placements": placements,
        "statements": statements,
    }
    # The snapshot's JSON form (dates and decimals as text), as a published version stores it.
    return {
        table: [{k: plain_value(v) for k, v in row.items()} for row in rows]
        for table, rows in tables.items()
    }


def seed_matrix(version: str = "test", **overrides: Any) -> PolicyMatrix:
    """The seed's policy matrix, built in memory, with the given overrides (see `seed_rows`)."""
    return matrix_from_snapshot(version, seed_rows(**overrides))


def new_feature(slug: str, name: str | None = None, **fields: Any) -> Row:
    """The fields of a new API feature offering (for `offering_overrides`)."""
    return {
        "name": name or slug.replace("-", " ").capitalize(),
        "kind": "feature",
        "group": "tools",
        "parent": "messages-api",
        "order": 500,
        "source": "api-data-retention",
        **fields,
    }
