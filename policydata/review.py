"""The publish preview a reviewer reads: each changed row once, before → after in words,
loosening changes (fewer blockers for buyers) first, dates to check flagged, and the saved
assessments the change would touch, summarised by kind of change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .models import PolicyVersion
from .publishing import (
    FIELD_WORDS,
    Preview,
    _rank,
    _subject,
    _Words,
    matrix_from_snapshot,
    version_matrix,
)
from .snapshot import Change, Snapshot, row_key

# What a row of each table is, for the reviewer ("Cell: Batch API — Zero data retention").
TABLE_NAMES = {
    "sources": "Source",
    "programs": "Program",
    "offerings": "Offering",
    "eligibilities": "Cell",
    "certifications": "Certification",
    "models": "Model",
    "retention": "Retention rule",
    "controllers": "Data controller",
    "residency": "Data residency option",
    "phi_placements": "Where PHI may appear",
    "statements": "Statement",
}
# A row that is not in the data reads like this on the side it is missing from.
NO_ROW = "not in the data"
# Query parameters of the assessments' pagination (GET, so the links work without JS).
KIND_PARAM = "kind"
PAGE_PARAM = "page"


@dataclass(frozen=True)
class FieldChange:
    """One field of a row, before → after in words."""

    label: str
    before: str
    after: str
    # The raw statuses, only to pick the status badge's class; never shown as text.
    before_status: str = ""
    after_status: str = ""


@dataclass(frozen=True)
class CellChange:
    """Everything a draft changes in one row (an eligibility cell, an offering, a source)."""

    table: str
    what: str  # "Cell", "Offering", "Source", ...
    subject: str  # "Batch API — Zero data retention (ZDR)"
    fields: tuple[FieldChange, ...]
    source: str  # the cited (else primary) source's title
    source_url: str
    verified_on: str | None
    added: bool = False
    removed: bool = False
    loosens: bool = False  # toward eligible: fewer blockers for buyers
    tightens: bool = False
    backdated: bool = False  # verified earlier than the published row says
    future_dated: bool = False  # verified after today

    @property
    def is_cell(self) -> bool:
        return self.table == "eligibilities"

    @property
    def date_flagged(self) -> bool:
        return self.backdated or self.future_dated

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags as words a reviewer reads (not a colour alone)."""
        words = []
        if self.loosens:
            words.append("Loosens: fewer blockers for buyers")
        if self.tightens:
            words.append("Tightens: more blockers for buyers")
        if self.backdated:
            words.append("Backdated: verified earlier than the published date")
        if self.future_dated:
            words.append("Future date: verified after today")
        if self.added:
            words.append("Added")
        if self.removed:
            words.append("Removed")
        return tuple(words)


def _words(before: Snapshot, after: Snapshot) -> tuple[_Words, dict[str, str]]:
    """Names of offerings, programs and sources (a removed one as it was), and sources' URLs."""
    old, new = _Words.of(before, []), _Words.of(after, [])
    words = _Words(
        {**old.offerings, **new.offerings},
        {**old.programs, **new.programs},
        {**old.titles, **new.titles},
    )
    urls = {
        s["slug"]: s.get("url") or ""
        for s in (*before.get("sources", []), *after.get("sources", []))
    }
    return words, urls


def _label(field: str) -> str:
    label = FIELD_WORDS.get(field, field.replace("_", " "))
    return label[:1].upper() + label[1:]


def _direction(table: str, before: Any, after: Any) -> int:
    """> 0 when a status allows buyers more (fewer blockers), < 0 when less, else 0; a
    missing cell is "not stated", as the rules read it."""
    if table == "eligibilities":
        return _rank(after or "not_stated") - _rank(before or "not_stated")
    if table == "certifications":
        return (after == "held") - (before == "held")
    return 0


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _cell(
    table: str,
    changes: list[Change],
    rows: tuple[dict | None, dict | None],
    words: _Words,
    urls: Mapping[str, str],
    today: dt.date,
    kept: frozenset[tuple[str, str]],
) -> CellChange:
    old, new = rows
    row = new or old or {}
    added, removed = old is None, new is None
    if table == "eligibilities":
        offering = words.offerings.get(row["offering"], row["offering"])
        subject = f"{offering} \u2014 {words.programs.get(row['program'], row['program'])}"
    else:
        subject = _subject(table, row, words.offerings)
    fields = []
    status_step = 0
    if added or removed:
        status = row.get("status")
        if status is not None:
            text = words.value(table, "status", status)
            fields.append(
                FieldChange(
                    "Status",
                    NO_ROW if added else text,
                    text if added else NO_ROW,
                    "" if added else status,
                    status if added else "",
                )
            )
            # A cell that comes or goes with its offering (or program) loosens nothing for a
            # buyer's existing answers: they could not choose it before, or cannot now.
            both = {("offerings", row.get("offering")), ("programs", row.get("program"))}
            whole = table == "eligibilities" and not both <= kept
            if not whole:
                status_step = _direction(
                    table, None if added else status, status if added else None
                )
    else:
        # The status first: it is what decides a buyer's verdict.
        for c in sorted(changes, key=lambda c: c.field != "status"):
            fields.append(
                FieldChange(
                    _label(c.field),
                    words.value(table, c.field, c.before),
                    words.value(table, c.field, c.after),
                    c.before if c.field == "status" else "",
                    c.after if c.field == "status" else "",
                )
            )
            if c.field == "status":
                status_step = _direction(table, c.before, c.after)
    if table == "sources":
        source, url = row.get("title") or "", row.get("url") or ""
    else:
        slug = row.get("cited_source") or row.get("source") or ""
        source, url = words.titles.get(slug, ""), urls.get(slug, "")
    verified = row.get("verified_on")
    was, now = _date((old or {}).get("verified_on")), _date(verified)
    return CellChange(
        table=table,
        what=TABLE_NAMES.get(table, table.replace("_", " ").capitalize()),
        subject=subject,
        fields=tuple(fields),
        source=source,
        source_url=url,
        verified_on=verified,
        added=added,
        removed=removed,
        loosens=status_step > 0,
        tightens=status_step < 0,
        backdated=bool(was and now and now < was and not removed),
        future_dated=bool(now and now > today and not removed),
    )


def review_changes(
    changes: list[Change],
    before_snapshot: Snapshot,
    after_snapshot: Snapshot,
    today: dt.date | None = None,
) -> list[CellChange]:
    """The changes grouped per row, in words: loosening first, then flagged dates, then the
    rest (each group in the diff's order); pure but for `today` (default: the local date)."""
    today = today or timezone.localdate()
    words, urls = _words(before_snapshot, after_snapshot)
    grouped: dict[tuple[str, str], list[Change]] = {}
    for c in changes:
        grouped.setdefault((c.table, c.key), []).append(c)
    tables = {c.table for c in changes}
    before = {t: {row_key(t, r): r for r in before_snapshot.get(t, [])} for t in tables}
    after = {t: {row_key(t, r): r for r in after_snapshot.get(t, [])} for t in tables}
    # The offerings and programs in both versions (a cell of any other comes or goes with it).
    kept = frozenset(
        (table, slug)
        for table in ("offerings", "programs")
        for slug in {r["slug"] for r in before_snapshot.get(table, [])}
        & {r["slug"] for r in after_snapshot.get(table, [])}
    )
    cells = [
        _cell(
            table, group, (before[table].get(key), after[table].get(key)), words, urls, today, kept
        )
        for (table, key), group in grouped.items()
    ]
    return sorted(cells, key=lambda c: 0 if c.loosens else 1 if c.date_flagged else 2)


def _count(n: int, noun: str, verb: str = "") -> str:
    """ "1 cell changes", "3 cells change"; without a verb, "2 dates"."""
    text = f"{n:,} {noun}{'' if n == 1 else 's'}"
    if verb:
        text += f" {verb}s" if n == 1 else f" {verb}"
    return text


def review_summary(cells: list[CellChange]) -> str:
    """ "3 cells change: 1 loosens, 2 tighten; 1 other fact changes; 2 dates flagged"."""
    if not cells:
        return "Nothing would change: the draft is identical to the published version."
    in_cells = [c for c in cells if c.is_cell]
    parts = []
    if in_cells:
        text = _count(len(in_cells), "cell", "change")
        steps = [
            f"{n:,} {verb if n != 1 else verb + 's'}"
            for n, verb in (
                (sum(c.loosens for c in in_cells), "loosen"),
                (sum(c.tightens for c in in_cells), "tighten"),
            )
            if n
        ]
        parts.append(f"{text}: {', '.join(steps)}" if steps else text)
    others = len(cells) - len(in_cells)
    if others:
        parts.append(_count(others, "other fact", "change"))
    dates = sum(c.date_flagged for c in cells)
    if dates:
        parts.append(f"{_count(dates, 'date')} flagged")
    return "; ".join(parts) + "."


def pages_from_query(query: Mapping[str, str]) -> dict[str, int]:
    """The assessments page asked for (`?kind=...&page=N`) as {kind: page}; junk is page 1."""
    kind = str(query.get(KIND_PARAM) or "")
    try:
        page = int(query.get(PAGE_PARAM) or 1)
    except (TypeError, ValueError):
        page = 1
    return {kind: max(1, page)} if kind else {}


def preview_context(current: Preview, page_by_kind: Mapping[str, int]) -> dict[str, Any]:
    """What admin/policydata/_preview.html needs to show the preview of publishing the
    draft now, and nothing else (see `review_context` for the keys)."""
    return review_context(current.latest, current.snapshot, current.changes, page_by_kind)


def review_context(
    base: PolicyVersion | None,
    snapshot: Snapshot,
    changes: list[Change],
    page_by_kind: Mapping[str, int],
    heading: str = "What would change",
) -> dict[str, Any]:
    """What admin/policydata/_preview.html needs to show `changes` from `base` to
    `snapshot` (a draft, or a publish request's), and nothing else.

    Keys:
    - ``review_heading``: the heading over the changes (`heading`).
    - ``review_cells``: list of `CellChange`, one per changed row, loosening first.
    - ``review_summary``: the summary line ("3 cells change: 1 loosens, 2 tighten; ...").
    - ``review_impact``: the `wizard.impact.BlastRadius` (kinds, each with its page of
      assessments, page `page_by_kind[kind]`), or None when nothing is published yet or
      nothing would change.
    - ``review_kind_param`` / ``review_page_param``: the GET parameters of its pagination
      (`pages_from_query(request.GET)` reads them back).
    """
    cells = review_changes(changes, base.snapshot if base else {}, snapshot)
    impact = None
    if base is not None and changes:
        # The saved assessments live in the wizard app; the preview needs them.
        from wizard.impact import blast_radius

        impact = blast_radius(
            version_matrix(base), matrix_from_snapshot("draft", snapshot), page_by_kind
        )
    return {
        "review_heading": heading,
        "review_cells": cells,
        "review_summary": review_summary(cells),
        "review_impact": impact,
        "review_kind_param": KIND_PARAM,
        "review_page_param": PAGE_PARAM,
    }
