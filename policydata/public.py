"""The public, read-only view of the policy matrix: the page's grid and fact tables, the
filters that narrow every one of them, and the JSON shape.

The page states each source once: a column of the grid (or a fact table) names its usual
source, the page its usual verification date, and only a cell or row that differs from
them carries its own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .matrix import (
    STATUS_LABELS,
    Cell,
    Fact,
    OfferingInfo,
    PolicyMatrix,
    ProgramInfo,
    ResidencyInfo,
    RetentionInfo,
    SourceRef,
)

SEARCH_MAX_LENGTH = 80
KINDS = {"surface": "Products", "feature": "API features"}
# How the sources note names the rows of each kind of offering.
KIND_WORDS = {"surface": "products", "route": "access routes", "feature": "API features"}
# The other fact families, in page order: (anchor, title, statement topic, programs it
# belongs to). A program filter keeps only the families of that program.
FAMILIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("certifications", "Certifications and attestations", "certifications", ()),
    ("models", "Models", "", ("zdr", "data-residency")),
    ("retention", "Retention", "retention", ("zdr",)),
    ("residency", "Data residency options", "residency", ("data-residency",)),
    ("phi", "Where health information (PHI) may appear", "", ("hipaa",)),
    ("gdpr", "Controllers and GDPR", "gdpr", ()),
    ("training", "Training on your data", "training", ()),
)
# What each status means, for the legend (plain words; the chip says the status itself).
STATUS_MEANINGS = {
    "eligible": "Covered by the program.",
    "qualified": "Covered, but a narrow, documented set of technical data is kept: open the "
    "cell for what and for how long.",
    "partial": "Covered in part only: open the cell for which part.",
    "conditional": "Covered only under the conditions in the cell.",
    "not_eligible": "Not covered by the program.",
    "not_available": "The program is not offered for this product.",
    "not_stated": "The source document does not say. Confirm it in writing (your signed "
    "BAA, your ZDR agreement or Anthropic) before you rely on it.",
    "set_by_platform": "Decided by the cloud platform (its endpoint, inference profile or "
    "own terms), not by Anthropic.",
}
STATUS_LEGEND = tuple((v, label, STATUS_MEANINGS[v]) for v, label in STATUS_LABELS.items())
# Statements about one program are shown with that program, under the grid.
PROGRAM_TOPICS = {"hipaa": "hipaa", "zdr": "zdr", "data-residency": "residency"}


@dataclass(frozen=True)
class MatrixFilter:
    program: str = ""
    status: str = ""
    kind: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(self.program or self.status or self.kind or self.q)

    def finds(self, *texts: str) -> bool:
        """Whether the name search (case-insensitive, anywhere in the text) finds any text."""
        needle = self.q.casefold()
        return not needle or any(needle in text.casefold() for text in texts)


def clean_filter(matrix: PolicyMatrix, params: dict[str, str]) -> tuple[MatrixFilter, list[str]]:
    """Read the filter from query parameters; unknown values are reported, not guessed."""
    errors = []
    program = params.get("program", "")
    status = params.get("status", "")
    kind = params.get("kind", "")
    q = " ".join(params.get("q", "").split())[:SEARCH_MAX_LENGTH]
    if program and program not in matrix.programs:
        errors.append(f"Unknown program \u201c{program}\u201d.")
        program = ""
    if status and status not in STATUS_LABELS:
        errors.append(f"Unknown status \u201c{status}\u201d.")
        status = ""
    if kind and kind not in KINDS:
        errors.append(f"Unknown kind \u201c{kind}\u201d.")
        kind = ""
    return MatrixFilter(program, status, kind, q), errors


# ---- Provenance: each source once ---------------------------------------------------------


SourceKey = tuple[SourceRef, SourceRef | None]  # the primary source and the page it cites


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from and when it was last checked, and which of the two to say."""

    source: SourceRef
    cited: SourceRef | None
    verified_on: dt.date
    stale: bool
    show_source: bool = True  # the source differs from its table's usual one
    show_date: bool = True  # the date differs from the page's usual one

    @property
    def differs(self) -> bool:
        return self.show_source or self.show_date


@dataclass(frozen=True)
class Usual:
    """What a page states once: the usual verification date and the primary source."""

    verified_on: dt.date | None
    document: SourceRef | None
    stale_cutoff: dt.date

    def provenance(self, fact: Fact, usual_source: SourceKey | None = None) -> Provenance:
        return Provenance(
            fact.source,
            fact.cited,
            fact.verified_on,
            fact.verified_on < self.stale_cutoff,
            (fact.source, fact.cited) != usual_source,
            fact.verified_on != self.verified_on,
        )


def _most_common(values: Iterable[Any]) -> Any:
    """The most common value (the first seen on a tie), or None."""
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None


def usual_source(facts: Iterable[Fact]) -> SourceKey | None:
    return _most_common((f.source, f.cited) for f in facts)


def all_facts(matrix: PolicyMatrix) -> list[Fact]:
    return [
        *(p.fact for p in matrix.programs.values()),
        *(c.fact for c in matrix.cells.values()),
        *(c.fact for c in matrix.certifications.values()),
        *(m.fact for m in matrix.models.values()),
        *(r.fact for r in matrix.retention),
        *(c.fact for c in matrix.controllers),
        *(r.fact for r in matrix.residency),
        *(p.fact for p in matrix.phi_placements),
        *(s.fact for s in matrix.statements.values()),
    ]


def usual_for(matrix: PolicyMatrix, stale_cutoff: dt.date) -> Usual:
    facts = all_facts(matrix)
    return Usual(
        _most_common(f.verified_on for f in facts),
        _most_common(f.source for f in facts),
        stale_cutoff,
    )


# ---- The grid: offerings by programs -----------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    program: ProgramInfo
    status: str  # a STATUS_LABELS key, or "" where the program has no entry at this level
    condition: str
    activation: str
    note: str
    provenance: Provenance | None
    shown: bool  # False where the status filter hides the cell (or there is no entry)

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def stale(self) -> bool:
        return bool(self.provenance and self.provenance.stale)

    @property
    def own(self) -> bool:
        """The cell's source or date differs from its column's and the page's."""
        return bool(self.provenance and self.provenance.differs)

    @property
    def has_detail(self) -> bool:
        return bool(self.condition or self.activation or self.note or self.own)


@dataclass(frozen=True)
class GridRow:
    offering: OfferingInfo
    cells: tuple[GridCell, ...]
    is_route: bool  # a way to reach the product in the row above


@dataclass(frozen=True)
class GridGroup:
    anchor: str
    label: str
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class ColumnSource:
    """A column's usual source, per kind of row ("products", "API features")."""

    program: ProgramInfo
    parts: tuple[tuple[str, Provenance], ...]  # each shows its source (and an unusual date)


@dataclass(frozen=True)
class Grid:
    programs: tuple[ProgramInfo, ...]
    groups: tuple[GridGroup, ...]
    sources: tuple[ColumnSource, ...]
    row_count: int
    total_rows: int
    stale_count: int

    def first_anchor(self, prefix: str) -> str:
        """The first row group of products ("products") or API features ("features")."""
        return next((g.anchor for g in self.groups if g.anchor.startswith(prefix)), "")

    @property
    def products_anchor(self) -> str:
        return self.first_anchor("products-")

    @property
    def features_anchor(self) -> str:
        return self.first_anchor("features-")


def _kind(offering: OfferingInfo) -> str:
    """The filter's kind of an offering: an access route belongs with the products."""
    return "feature" if offering.kind == "feature" else "surface"


def _row_order(matrix: PolicyMatrix) -> list[OfferingInfo]:
    """Products (each followed by its access routes), then the API features."""
    ordered: list[OfferingInfo] = []
    for slug in matrix.surfaces:
        ordered.append(matrix.offerings[slug])
        ordered.extend(matrix.routes_of(slug))
    ordered.extend(matrix.offerings[slug] for slug in matrix.features)
    return ordered


def _plain_condition(cell: Cell) -> str:
    """The cell's condition, less the stock line a "not stated" chip already says."""
    from .seed import NOT_STATED

    return "" if cell.status == "not_stated" and cell.condition == NOT_STATED else cell.condition


def _silent(cell: Cell) -> bool:
    """A "not stated" cell resting on the source document alone: the chip says it all."""
    return cell.status == "not_stated" and cell.fact.cited is None


def build_grid(matrix: PolicyMatrix, flt: MatrixFilter, usual: Usual) -> Grid:
    """The offerings (rows) by programs (columns), narrowed by every part of the filter."""
    programs = tuple(p for slug, p in matrix.programs.items() if flt.program in ("", slug))
    # A program with no entry for any offering of a kind (data residency for API
    # features) says nothing at that level: "no entry", not "not stated".
    kind_of = {slug: offering.kind for slug, offering in matrix.offerings.items()}
    kinds_with_cells = {(c.program, kind_of[c.offering]) for c in matrix.cells.values()}
    # A column's usual source, per kind of row, is that of the cells stating something.
    defaults: dict[tuple[str, str], SourceKey | None] = {
        (program, kind): usual_source(
            c.fact
            for c in matrix.cells.values()
            if c.program == program and kind_of[c.offering] == kind and not _silent(c)
        )
        for program, kind in kinds_with_cells
    }
    # A cell with that usual source, to say it once under the grid (reversed: the first wins).
    examples = {
        (c.program, kind_of[c.offering]): c.fact
        for c in reversed(matrix.cells.values())
        if (c.fact.source, c.fact.cited) == defaults[(c.program, kind_of[c.offering])]
    }

    groups: dict[str, tuple[str, list[GridRow]]] = {}
    total = stale_count = 0
    for offering in _row_order(matrix):
        total += 1
        if flt.kind and _kind(offering) != flt.kind:
            continue
        if not flt.finds(offering.name):
            continue
        cells = []
        for program in programs:
            cell = matrix.cell(program.slug, offering.slug)
            if cell is None and (program.slug, offering.kind) not in kinds_with_cells:
                cells.append(GridCell(program, "", "", "", "", None, False))
                continue
            status = cell.status if cell else "not_stated"
            prov = (
                usual.provenance(
                    cell.fact,
                    (cell.fact.source, None)
                    if _silent(cell)
                    else defaults[(program.slug, offering.kind)],
                )
                if cell
                else None
            )
            cells.append(
                GridCell(
                    program,
                    status,
                    _plain_condition(cell) if cell else "The policy data has no entry.",
                    cell.activation if cell else "",
                    cell.fact.note if cell else "",
                    prov,
                    flt.status in ("", status),
                )
            )
        if not any(c.shown for c in cells):
            continue
        stale_count += sum(c.shown and c.stale for c in cells)
        if offering.kind == "feature":
            anchor, label = f"features-{offering.group}", f"API features: {offering.group_label}"
        else:
            anchor, label = f"products-{offering.group}", offering.group_label
        groups.setdefault(anchor, (label, []))[1].append(
            GridRow(offering, tuple(cells), offering.kind == "route")
        )

    sources = []
    for program in programs:
        parts: list[tuple[list[str], Provenance]] = []
        for kind, words in KIND_WORDS.items():
            example = examples.get((program.slug, kind))
            if example is None:
                continue
            default = usual.provenance(example)
            for named, prov in parts:
                if (prov.source, prov.cited) == (default.source, default.cited):
                    named.append(words)
                    break
            else:
                parts.append(([words], default))
        sources.append(ColumnSource(program, tuple((_and(named), prov) for named, prov in parts)))
    rows = sum(len(r) for _, r in groups.values())
    return Grid(
        programs,
        tuple(GridGroup(anchor, label, tuple(r)) for anchor, (label, r) in groups.items()),
        tuple(sources),
        rows,
        total,
        stale_count,
    )


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# ---- The other fact families: compact tables ----------------------------------------------


@dataclass(frozen=True)
class FactItem:
    item: Any  # a CertificationInfo, ModelInfo, StatementInfo...
    note: str  # the row's own note ("" when other rows share it: see SharedNote)
    extra: str  # a second text of the row's own (a certification's report access)
    provenance: Provenance  # shows what differs from the section's source and the page's date
    label: str = ""  # a code in words (who a retention period applies to, a control)

    @property
    def stale(self) -> bool:
        return self.provenance.stale


@dataclass(frozen=True)
class SharedNote:
    """A text several rows share, said once and naming them."""

    names: str
    text: str
    lead: str = ""  # what the text is ("How to get the report"), when not a plain note


@dataclass(frozen=True)
class FactSection:
    anchor: str
    title: str
    rows: tuple[FactItem, ...]
    statements: tuple[Said, ...]
    provenance: Provenance | None  # the section's usual source
    row_sources: tuple[tuple[str, Provenance], ...]  # rows with another source, named
    shared_notes: tuple[SharedNote, ...]
    stale_count: int

    @property
    def weight(self) -> int:
        """Roughly how tall the section is, in lines of text, to balance two columns."""
        said = [i.item.statement for g in self.statements for i in g.items]
        notes = [n.text for n in self.shared_notes]
        return 4 + 2 * len(self.rows) + sum(2 + len(t) // 55 for t in said + notes)


@dataclass(frozen=True)
class Said:
    """Statements from one source, which is named once before them (unless it is the
    section's usual source, named under the section's heading)."""

    provenance: Provenance | None  # None: the section's usual source
    items: tuple[FactItem, ...]


def _by_source(items: Sequence[FactItem]) -> tuple[Said, ...]:
    groups: dict[SourceKey | None, list[FactItem]] = {None: []}
    for item in items:
        p = item.provenance
        groups.setdefault((p.source, p.cited) if p.show_source else None, []).append(item)
    return tuple(
        Said(group[0].provenance if key else None, tuple(group))
        for key, group in groups.items()
        if group
    )


def _row_sources(items: Sequence[FactItem], name: Any) -> tuple[tuple[str, Provenance], ...]:
    """The rows whose source is not their section's, named together per source."""
    groups: dict[SourceKey, list[FactItem]] = {}
    for item in items:
        p = item.provenance
        if p.show_source:
            groups.setdefault((p.source, p.cited), []).append(item)
    return tuple(
        (_and([name(i.item) for i in group]), group[0].provenance) for group in groups.values()
    )


def _lift(rows: Sequence[Any], name: Any, text: Any, lead: str = "") -> tuple[list, list]:
    """Each row's own text, and the texts two or more rows share (said once, naming them)."""
    counts = Counter(text(r) for r in rows if text(r))
    own = [text(r) if counts[text(r)] == 1 else "" for r in rows]
    shared = [
        SharedNote(_and([name(r) for r in rows if text(r) == value]), value, lead)
        for value, count in counts.items()
        if count > 1
    ]
    return own, shared


def _items(
    rows: Sequence[Any],
    name: Any,
    default: SourceKey | None,
    usual: Usual,
    extra: Any = None,
    extra_lead: str = "",
) -> tuple[tuple[FactItem, ...], tuple[SharedNote, ...]]:
    notes, shared = _lift(rows, name, lambda r: r.fact.note)
    extras, shared_extras = _lift(rows, name, extra or (lambda r: ""), extra_lead)
    items = []
    for row, note, more in zip(rows, notes, extras, strict=True):
        items.append(FactItem(row, note, more, usual.provenance(row.fact, default), _label(row)))
    return tuple(items), (*shared, *shared_extras)


# Codes of the fact tables, in words.
APPLIES_TO = {
    "api": "Claude API",
    "apps": "Claude apps (Claude for Work)",
    "all": "All commercial products",
    "zdr": "Organizations with ZDR",
}
CONTROLS = {"workspace_geo": "Workspace geo"}


def _label(row: Any) -> str:
    if isinstance(row, RetentionInfo):
        return APPLIES_TO.get(row.applies_to, row.applies_to)
    if isinstance(row, ResidencyInfo):
        return CONTROLS.get(row.control, "")
    return ""


def _family_rows(matrix: PolicyMatrix, anchor: str) -> tuple[list[Any], Any]:
    """A family's rows and how to name one (for the search and for shared notes)."""
    match anchor:
        case "certifications":
            return list(matrix.certifications.values()), lambda r: r.name
        case "models":
            return list(matrix.models.values()), lambda r: r.name
        case "retention":
            return list(matrix.retention), lambda r: r.data_type
        case "residency":
            return list(matrix.residency), lambda r: f"{r.control} {r.value}"
        case "phi":
            return list(matrix.phi_placements), lambda r: r.location
        case "gdpr":
            return list(matrix.controllers), lambda r: f"{r.region} {r.entity}"
    return [], str


def build_sections(
    matrix: PolicyMatrix, flt: MatrixFilter, usual: Usual
) -> tuple[FactSection, ...]:
    """The fact families below the grid, each narrowed by the filter.

    They carry no eligibility status, so a status or kind filter leaves none of their
    rows; a program filter keeps the families of that program; the search keeps the rows
    whose name (or statement) contains it.
    """
    if flt.status or flt.kind:
        return ()
    topics_used = {topic for _, _, topic, _ in FAMILIES} | set(PROGRAM_TOPICS.values())
    families = list(FAMILIES)
    if any(s.topic not in topics_used for s in matrix.statements.values()):
        families.append(("statements", "Other statements", "", ()))
    sections = []
    for anchor, title, topic, programs in families:
        if flt.program and flt.program not in programs:
            continue
        rows, name = _family_rows(matrix, anchor)
        statements = [
            s
            for s in matrix.statements.values()
            if s.topic == topic or (anchor == "statements" and s.topic not in topics_used)
        ]
        facts = [r.fact for r in [*rows, *statements]]
        default = usual_source(facts)
        example = next((f for f in facts if (f.source, f.cited) == default), None)
        rows = [r for r in rows if flt.finds(name(r))]
        statements = [s for s in statements if flt.finds(s.statement)]
        if not rows and not statements:
            continue
        items, shared = _items(
            rows,
            name,
            default,
            usual,
            (lambda r: r.report_access) if anchor == "certifications" else None,
            "How to get the report",
        )
        said, _ = _items(statements, lambda s: s.statement, default, usual)
        said = _by_source(said)
        sections.append(
            FactSection(
                anchor,
                title,
                items,
                said,
                usual.provenance(example) if example else None,
                _row_sources(items, name),
                shared,
                sum(i.stale for i in items) + sum(i.stale for g in said for i in g.items),
            )
        )
    return tuple(sections)


@dataclass(frozen=True)
class ProgramNotes:
    """A program's summary, how to turn it on and its statements, under the grid."""

    program: ProgramInfo
    statements: tuple[Said, ...]
    provenance: Provenance


def build_program_notes(
    matrix: PolicyMatrix, flt: MatrixFilter, usual: Usual
) -> tuple[ProgramNotes, ...]:
    if flt.status or flt.kind or flt.q:
        return ()
    notes = []
    for slug, program in matrix.programs.items():
        if flt.program not in ("", slug):
            continue
        topic = PROGRAM_TOPICS.get(slug)
        statements = [s for s in matrix.statements.values() if topic and s.topic == topic]
        default = (program.fact.source, program.fact.cited)
        items, _ = _items(statements, lambda s: s.statement, default, usual)
        notes.append(ProgramNotes(program, _by_source(items), usual.provenance(program.fact)))
    return tuple(notes)


@dataclass(frozen=True)
class MatrixPage:
    filter: MatrixFilter
    usual: Usual
    grid: Grid
    program_notes: tuple[ProgramNotes, ...]
    sections: tuple[FactSection, ...]
    programs: tuple[tuple[str, str], ...]  # (slug, name) of every program: the filter's options

    @property
    def stale_count(self) -> int:
        return self.grid.stale_count + sum(s.stale_count for s in self.sections)

    @property
    def section_columns(self) -> tuple[tuple[FactSection, ...], tuple[FactSection, ...]]:
        """The fact sections in page order, split in two columns of about the same height."""
        weights = [s.weight for s in self.sections]
        split = min(
            range(len(weights) + 1),
            key=lambda k: max(sum(weights[:k]), sum(weights[k:])),
            default=0,
        )
        return self.sections[:split], self.sections[split:]

    @property
    def hidden_families(self) -> bool:
        """The filter hides the fact families because they have no eligibility status."""
        return bool(self.filter.status or self.filter.kind)


# Pages kept per published version (about 80 KB each): the filters in use on a day.
PAGES_KEPT = 128


def matrix_page_data(matrix: PolicyMatrix, flt: MatrixFilter, stale_cutoff: dt.date) -> MatrixPage:
    """Everything /matrix/ shows for one filter: a pure function of the published version,
    the filter and the stale cutoff, so built once per version for each filter without a
    name search (searches are as many as the words typed)."""
    if flt.q:
        return _page_data(matrix, flt, stale_cutoff)
    return matrix.kept(
        "matrix-pages",
        (flt, stale_cutoff),
        lambda: _page_data(matrix, flt, stale_cutoff),
        PAGES_KEPT,
    )


def _page_data(matrix: PolicyMatrix, flt: MatrixFilter, stale_cutoff: dt.date) -> MatrixPage:
    usual = usual_for(matrix, stale_cutoff)
    return MatrixPage(
        flt,
        usual,
        build_grid(matrix, flt, usual),
        build_program_notes(matrix, flt, usual),
        build_sections(matrix, flt, usual),
        tuple((slug, program.name) for slug, program in matrix.programs.items()),
    )


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
