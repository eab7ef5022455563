"""The public, read-only view of the policy matrix: filtering and the JSON shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .matrix import STATUS_LABELS, Cell, Fact, OfferingInfo, PolicyMatrix, ProgramInfo


@dataclass(frozen=True)
class MatrixFilter:
    program: str = ""
    status: str = ""
    kind: str = ""


@dataclass(frozen=True)
class MatrixRow:
    offering: OfferingInfo
    cell: Cell | None


@dataclass(frozen=True)
class ProgramTable:
    program: ProgramInfo
    rows: tuple[MatrixRow, ...]


def clean_filter(matrix: PolicyMatrix, params: dict[str, str]) -> tuple[MatrixFilter, list[str]]:
    """Read the filter from query parameters; unknown values are reported, not guessed."""
    errors = []
    program = params.get("program", "")
    status = params.get("status", "")
    kind = params.get("kind", "")
    if program and program not in matrix.programs:
        errors.append(f"Unknown program \u201c{program}\u201d.")
        program = ""
    if status and status not in STATUS_LABELS:
        errors.append(f"Unknown status \u201c{status}\u201d.")
        status = ""
    if kind and kind not in {"surface", "feature"}:
        errors.append(f"Unknown kind \u201c{kind}\u201d.")
        kind = ""
    return MatrixFilter(program, status, kind), errors


def program_tables(matrix: PolicyMatrix, flt: MatrixFilter) -> list[ProgramTable]:
    """One table per program, rows narrowed by the filter."""
    # A program without any feature cell (data residency) has no per-feature matrix.
    programs_with_features = {
        program for program, offering in matrix.cells if offering in matrix.features
    }
    tables = []
    for slug, program in matrix.programs.items():
        if flt.program and slug != flt.program:
            continue
        rows = []
        for offering in matrix.offerings.values():
            if flt.kind and offering.kind != flt.kind:
                continue
            if offering.kind == "feature" and slug not in programs_with_features:
                continue
            cell = matrix.cell(slug, offering.slug)
            status = cell.status if cell else "not_stated"
            if flt.status and status != flt.status:
                continue
            rows.append(MatrixRow(offering, cell))
        tables.append(ProgramTable(program, tuple(rows)))
    return tables


def _fact_json(fact: Fact) -> dict[str, Any]:
    return {
        "source": {"title": fact.source.title, "url": fact.source.url},
        "cited": {"title": fact.cited.title, "url": fact.cited.url} if fact.cited else None,
        "verified_on": fact.verified_on.isoformat(),
        "note": fact.note,
    }


def matrix_json(matrix: PolicyMatrix) -> dict[str, Any]:
    """The whole policy matrix keyed by canonical slugs."""
    programs: dict[str, Any] = {}
    for slug, program in matrix.programs.items():
        programs[slug] = {
            "name": program.name,
            "summary": program.summary,
            "how_to_enable": program.how_to_enable,
            **_fact_json(program.fact),
            "cells": {
                cell.offering: {
                    "status": cell.status,
                    "status_label": cell.status_label,
                    "condition": cell.condition,
                    "activation": cell.activation,
                    **_fact_json(cell.fact),
                }
                for cell in matrix.cells.values()
                if cell.program == slug
            },
        }
    return {
        "policy_version": matrix.version,
        "statuses": dict(STATUS_LABELS),
        "programs": programs,
        "surfaces": {slug: _offering_json(matrix.offerings[slug]) for slug in matrix.surfaces},
        "features": {slug: _offering_json(matrix.offerings[slug]) for slug in matrix.features},
        "routes": {
            slug: {
                **_offering_json(matrix.offerings[slug]),
                "access_path": matrix.offerings[slug].access_path,
            }
            for slug in matrix.routes
        },
        "certifications": {
            c.slug: {
                "name": c.name,
                "status": "held" if c.held else "not_asserted",
                "scope": c.scope,
                "issuer": c.issuer,
                "accreditation": c.accreditation,
                "announced_on": c.announced_on.isoformat() if c.announced_on else None,
                "report_access": c.report_access,
                **_fact_json(c.fact),
            }
            for c in matrix.certifications.values()
        },
        "models": {
            mdl.slug: {
                "name": mdl.name,
                "is_covered_model": mdl.is_covered_model,
                "required_retention_days": mdl.required_retention_days,
                "supports_inference_geo": mdl.supports_inference_geo,
                **_fact_json(mdl.fact),
            }
            for mdl in matrix.models.values()
        },
        "retention": {
            r.slug: {
                "data_type": r.data_type,
                "applies_to": r.applies_to,
                "period": r.period,
                "period_days": r.period_days,
                "survives_zdr": r.survives_zdr,
                **_fact_json(r.fact),
            }
            for r in matrix.retention
        },
        "controllers": {
            c.slug: {
                "region": c.region,
                "entity": c.entity,
                "gdpr_applies": c.gdpr_applies,
                **_fact_json(c.fact),
            }
            for c in matrix.controllers
        },
        "residency": [
            {
                "control": r.control,
                "value": r.value,
                "is_default": r.is_default,
                "price_multiplier": str(r.price_multiplier),
                "fixed_at_creation": r.fixed_at_creation,
                **_fact_json(r.fact),
            }
            for r in matrix.residency
        ],
        "phi_placements": {
            p.slug: {
                "location": p.location,
                "allowed": p.allowed,
                "reason": p.reason,
                **_fact_json(p.fact),
            }
            for p in matrix.phi_placements
        },
        "statements": {
            s.slug: {
                "topic": s.topic,
                "statement": s.statement,
                "value": s.value,
                **_fact_json(s.fact),
            }
            for s in matrix.statements.values()
        },
    }


def _offering_json(offering: OfferingInfo) -> dict[str, Any]:
    return {
        "name": offering.name,
        "kind": offering.kind,
        "group": offering.group,
        "parent": offering.parent,
        "processor": offering.processor,
        "terms": offering.terms,
        "is_beta": offering.is_beta,
        **_fact_json(offering.fact),
    }
