"""The blast radius of a policy change: which saved assessments would come out differently.

Buyers share answers, so each distinct answer set is assessed once against each matrix and
what it shows counts for every assessment saved with those answers.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, StringAgg, TextField, Value
from django.db.models.functions import Cast

from policydata.contract import LIST_KEYS, AnswerError, parse_answers, valid_slugs
from policydata.matrix import PolicyMatrix
from policydata.rules import assess

from .assessments import FindingChange, ResultDiff, compare_results
from .models import SavedAssessment
from .wording import display_name, finding_title, names_in_words, severity_word, vocabulary

PER_PAGE = 20
ID_BATCH = 5_000  # ids to a query: well under every database's limit on parameters
# How much a verdict allows a buyer: a flip up the scale loosens, down it tightens.
VERDICT_RANK = {"blocked": 0, "ready_with_conditions": 1, "ready": 2}
VERDICT_WORDS = {
    "blocked": "blocked",
    "ready_with_conditions": "ready with conditions",
    "ready": "ready",
}
FINDINGS_ONLY = "findings"
CANNOT_RERUN = "cannot-rerun"
KIND_TITLES = {
    FINDINGS_ONLY: "findings change, verdict unchanged",
    CANNOT_RERUN: "can no longer be re-run",
}


@dataclass(frozen=True)
class AnswerSet:
    """One distinct set of answers that comes out differently, and for how many assessments."""

    ids: tuple[int, ...]  # the assessments saved with these answers
    kind: str  # "blocked-to-ready", "findings" or "cannot-rerun"
    diff: ResultDiff | None
    changes: tuple[str, ...]  # what comes out differently, in words
    invalid_because: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class AffectedAssessment:
    token: str
    created_at: dt.datetime
    changes: tuple[str, ...]


@dataclass(frozen=True)
class ImpactKind:
    """The assessments with one kind of change (a verdict flip, findings only, ...), a page
    of them at a time."""

    key: str
    title: str  # "blocked → ready"
    direction: str  # "loosens" | "tightens" | ""
    count: int
    answer_sets: int
    changes: tuple[tuple[str, int], ...]  # each change in words, with how many it touches
    assessments: tuple[AffectedAssessment, ...]  # this page, the most recently saved first
    page: int
    pages: int
    rows_differ: bool = False  # its answer sets change in different ways: say so per row

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.count else 0

    @property
    def last_shown(self) -> int:
        return min(self.page * PER_PAGE, self.count)

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def page_links(self) -> tuple[int | None, ...]:
        """Page numbers to link: the first, the last and two either side (None is a gap)."""
        shown = sorted(
            {1, self.pages, *range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)}
        )
        links: list[int | None] = []
        for number in shown:
            if links and number - (links[-1] or 0) > 1:
                links.append(None)
            links.append(number)
        return tuple(links)


@dataclass(frozen=True)
class BlastRadius:
    """Every saved assessment a change would make come out differently, by kind of change."""

    kinds: tuple[ImpactKind, ...]
    saved: int  # assessments saved in all
    distinct_sets: int  # distinct answer sets among them (each assessed once per matrix)

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds)

    @property
    def summary(self) -> str:
        """ "blocked → ready: 700; findings change, verdict unchanged: 51"."""
        return "; ".join(f"{kind.title}: {kind.count:,}" for kind in self.kinds)


def canonical(answers: Any) -> str:
    """Answers as canonical JSON: equal answers, equal text, whatever their key order."""
    return json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _stored_sets() -> tuple[dict[str, tuple[Any, list[str]]], int]:
    """Distinct answer sets (canonical JSON -> the answers and, per stored text, the ids
    saved with it, comma-separated) and the number of assessments.

    One query: the database groups equal texts and lists their ids (the rows' big result
    JSON is never read); Python merges texts of equal answers (keys in another order)."""
    rows = (
        SavedAssessment.objects.order_by()
        .annotate(text=Cast("answers", TextField()))
        .values_list("text")
        .annotate(n=Count("pk"), ids=StringAgg(Cast("pk", TextField()), Value(",")))
    )
    sets: dict[str, tuple[Any, list[str]]] = {}
    saved = 0
    for text, n, ids in rows:
        saved += n
        try:
            answers = json.loads(text)
            key = canonical(answers)
        except (TypeError, ValueError):
            answers, key = None, f"unreadable:{text}"  # invalid either way: never re-run
        sets.setdefault(key, (answers, []))[1].append(ids)
    return sets, saved


def rerun(data: Any, matrix: PolicyMatrix) -> tuple[dict[str, Any] | None, list[AnswerError]]:
    """The verdict and findings of answers under a matrix, as `compare_results` reads them
    (the result of `assess_answers` without its remedies, which a blast radius never shows
    and which cost five times the assessment)."""
    answers, errors = parse_answers(data, matrix)
    if answers is None:
        return None, errors
    assessment = assess(answers, matrix)
    findings = [
        {"code": f.code, "severity": f.severity, "subject": f.subject, "message": f.message}
        for f in assessment.findings
    ]
    return {"verdict": assessment.verdict, "findings": findings}, []


def _kind(diff: ResultDiff | None) -> str:
    if diff is None:
        return CANNOT_RERUN
    if diff.verdict_before != diff.verdict_after:
        return f"{diff.verdict_before}-to-{diff.verdict_after}"
    return FINDINGS_ONLY


def _change_words(
    change: FindingChange, names: Mapping[str, str], answers: Mapping[str, Any]
) -> str:
    title = finding_title({"code": change.code, "subject": change.subject}, names, answers)
    if change.before is None:
        return f"new {severity_word(change.after)}: {title}"
    if change.after is None:
        return f"no longer a {severity_word(change.before)}: {title}"
    return f"{title}: {severity_word(change.before)} → {severity_word(change.after)}"


def _removed_words(
    answers: Any, slugs: Mapping[str, frozenset[str]], names: Mapping[str, str]
) -> tuple[str, ...]:
    """What the answers use that the draft removes, in words."""
    if not isinstance(answers, dict):
        return ()
    gone = []
    for key in LIST_KEYS:
        chosen = answers.get(key)
        if isinstance(chosen, list):
            gone += [display_name(s, names) for s in chosen if s not in slugs[key]]
    return (f"uses {names_in_words(gone)}, which the draft removes",) if gone else ()


def answer_sets(before: PolicyMatrix, after: PolicyMatrix) -> tuple[list[AnswerSet], int, int]:
    """The distinct answer sets that come out differently under `after` than under `before`,
    with the number of assessments and of distinct sets; each set is assessed once per matrix."""
    stored, saved = _stored_sets()
    names = {**vocabulary(before).names, **vocabulary(after).names}
    slugs = {key: frozenset(values) for key, values in valid_slugs(after).items()}
    changed = []
    for answers, id_lists in stored.values():
        old, _ = rerun(answers, before)
        if old is None:
            continue  # already invalid under the published version: not this change's doing
        new, errors = rerun(answers, after)
        diff = compare_results(old, new) if new is not None else None
        if diff is not None and not diff.differs:
            continue
        ids = tuple(int(pk) for text in id_lists for pk in text.split(","))
        if diff is None:
            reasons = _removed_words(answers, slugs, names) or tuple(e.message for e in errors)
            changed.append(AnswerSet(ids, CANNOT_RERUN, None, reasons, reasons))
            continue
        words = tuple(
            _change_words(c, names, answers) for c in (*diff.removed, *diff.changed, *diff.added)
        )
        changed.append(AnswerSet(ids, _kind(diff), diff, words))
    return changed, saved, len(stored)


def _direction(key: str) -> str:
    """ "loosens" for a flip up the verdict scale, "tightens" down it, else ""."""
    if key in KIND_TITLES:
        return ""
    before, _, after = key.partition("-to-")
    step = VERDICT_RANK.get(after, 1) - VERDICT_RANK.get(before, 1)
    return "loosens" if step > 0 else "tightens" if step < 0 else ""


def _kind_order(key: str) -> tuple[int, int, str]:
    """Loosening flips first (the biggest first), then tightening ones, then the rest."""
    if key in KIND_TITLES:
        return (2 if key == CANNOT_RERUN else 3, 0, key)
    before, _, after = key.partition("-to-")
    step = VERDICT_RANK.get(after, 1) - VERDICT_RANK.get(before, 1)
    return (0 if step > 0 else 1, -abs(step), key)


def _title(key: str) -> str:
    if key in KIND_TITLES:
        return KIND_TITLES[key]
    before, _, after = key.partition("-to-")
    return f"{VERDICT_WORDS.get(before, before)} → {VERDICT_WORDS.get(after, after)}"


def _rows(ids: Iterable[int]) -> Iterator[tuple[int, str, dt.datetime]]:
    """(id, token, saved at) of these assessments, a few thousand ids to a query."""
    ids = list(ids)
    for start in range(0, len(ids), ID_BATCH):
        batch = SavedAssessment.objects.filter(pk__in=ids[start : start + ID_BATCH])
        yield from batch.order_by().values_list("pk", "token", "created_at")


def _pages_of(
    sets: list[AnswerSet], wanted: Mapping[str, tuple[int, int]]
) -> dict[str, list[AffectedAssessment]]:
    """The assessments on each kind's wanted page (first, last index), the most recently
    saved (highest id) first; only the rows shown are read."""
    chosen: dict[int, AnswerSet] = {}
    for key, (first, last) in wanted.items():
        ids = [(pk, s) for s in sets if s.kind == key for pk in s.ids]
        for pk, s in heapq.nlargest(last, ids, key=lambda pair: pair[0])[first:last]:
            chosen[pk] = s
    pages: dict[str, list[AffectedAssessment]] = {key: [] for key in wanted}
    for pk, token, created_at in sorted(_rows(chosen), reverse=True):
        found = chosen[pk]
        pages[found.kind].append(AffectedAssessment(token, created_at, found.changes))
    return pages


def blast_radius(
    before: PolicyMatrix, after: PolicyMatrix, pages: Mapping[str, int] | None = None
) -> BlastRadius:
    """The saved assessments `after` would change, by kind, with page `pages[kind]` (else the
    first) of each kind's assessments, PER_PAGE to a page."""
    sets, saved, distinct = answer_sets(before, after)
    grouped: dict[str, list[AnswerSet]] = {}
    for s in sets:
        grouped.setdefault(s.kind, []).append(s)
    counts = {key: sum(s.count for s in group) for key, group in grouped.items()}
    page_count = {key: max(1, math.ceil(n / PER_PAGE)) for key, n in counts.items()}
    page = {key: min(max(1, (pages or {}).get(key, 1)), page_count[key]) for key in grouped}
    wanted = {key: ((p - 1) * PER_PAGE, p * PER_PAGE) for key, p in page.items()}
    listed = _pages_of(sets, wanted) if sets else {}
    kinds = []
    for key in sorted(grouped, key=_kind_order):
        words: Counter[str] = Counter()
        for s in grouped[key]:
            for line in dict.fromkeys(s.changes):
                words[line] += s.count
        kinds.append(
            ImpactKind(
                key,
                _title(key),
                _direction(key),
                counts[key],
                len(grouped[key]),
                tuple(words.most_common()),
                tuple(listed.get(key, ())),
                page[key],
                page_count[key],
                len({s.changes for s in grouped[key]}) > 1,
            )
        )
    return BlastRadius(tuple(kinds), saved, distinct)
