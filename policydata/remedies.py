"""The way to "ready": the smallest changes to the answers that improve the verdict.

Pure, like the engine: answers and the matrix in, frozen remedies out, no ORM. Every
candidate is built from the findings that stand in the way (their subjects) and from the
answers a buyer can choose (products, features, models, how Claude Code is reached, where
the API is called from), then verified by assessing it again: a remedy's verdict is what
the engine says of the changed answers, never a guess.

What a buyer cannot choose is never offered: PHI, EU data subjects, the regions and the
certifications their policy requires. Zero data retention is offered only where the source
says HIPAA readiness can take its place (the `hipaa-instead-of-zdr` finding), and last.

A way out never trades a known "no" for doubt: a remedy that brings in a new finding
resting on a fact the source does not state, or one a cloud platform decides, is dropped.
An alternative product must have the same shape as the one it replaces (same group, same
operator, called from code or not, same owner of Covered Models' retention) and must not be
reached by access routes of its own, so Claude Code and a chat plan never stand in for
each other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .matrix import PLATFORM_STATUSES, UNKNOWN_STATUSES, PolicyMatrix
from .rules import Answers, Assessment, Finding, assess, names_in_words

MAX_REMEDIES = 5
# How many moves one remedy may combine, and how many first moves a combination grows from:
# enough for a buyer with a handful of blocked features, bounded so a result stays fast.
MAX_MOVES = 4
MAX_STARTS = 2
VERDICT_RANK = {"ready": 0, "ready_with_conditions": 1, "blocked": 2}
LIST_ANSWERS = ("surfaces", "features", "models")
DOUBTFUL = UNKNOWN_STATUSES | PLATFORM_STATUSES


@dataclass(frozen=True, slots=True)
class Change:
    """One edit to one answer: slugs removed from or added to a list, or a value set."""

    answer: str
    remove: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    value: object = None  # for "set"


@dataclass(frozen=True, slots=True)
class Remedy:
    summary: str
    changes: tuple[Change, ...]
    verdict: str


def _score(assessment: Assessment) -> tuple[int, int, int]:
    """Lower is better: the verdict, then how many blockers and warnings are left."""
    blockers = sum(f.severity == "blocker" for f in assessment.findings)
    warnings = sum(f.severity == "warning" for f in assessment.findings)
    return VERDICT_RANK[assessment.verdict], blockers, warnings


def _in_order(chosen: set[str], order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(slug for slug in order if slug in chosen)


def _with_surfaces(m: PolicyMatrix, a: Answers, surfaces: tuple[str, ...]) -> Answers:
    """Answers over other surfaces: API features stay only beside their parent, and how
    Claude Code is reached is asked only while Claude Code is chosen."""
    features = tuple(f for f in a.features if m.offerings[f].parent in surfaces)
    routed = any(m.routes_of(s) for s in surfaces)
    access = a.claude_code_access if routed else "unsure"
    return replace(a, surfaces=surfaces, features=features, claude_code_access=access)


def _without_surface(m: PolicyMatrix, a: Answers, surface: str) -> Answers | None:
    """The answers without a surface (None if it is the only one: contract v2)."""
    surfaces = tuple(s for s in a.surfaces if s != surface)
    return _with_surfaces(m, a, surfaces) if surfaces else None


def _swap_surface(m: PolicyMatrix, a: Answers, old: str, new: str) -> Answers:
    return _with_surfaces(m, a, _in_order({*a.surfaces, new} - {old}, m.surfaces))


def _shape(m: PolicyMatrix, slug: str) -> tuple:
    offering = m.offerings[slug]
    return (
        offering.group,
        offering.processor,
        offering.offers_api_features,
        offering.covered_model_retention,
    )


def _alternatives(m: PolicyMatrix, a: Answers, surface: str) -> list[str]:
    """Unchosen surfaces that can stand in for one: the same group and shape (who
    processes the data, whether it is called from code, who sets Covered Models' retention),
    under commercial terms, generally available, and not a product reached by access
    routes of its own (Claude Code is no substitute for a chat plan, nor one for it)."""
    if m.routes_of(surface):
        return []
    return [
        other
        for other in m.surfaces
        if other not in a.surfaces
        and _shape(m, other) == _shape(m, surface)
        and m.offerings[other].terms == "commercial"
        and not m.offerings[other].is_beta
        and not m.routes_of(other)
    ]


def _model_alternatives(m: PolicyMatrix, a: Answers) -> list[str]:
    """Unchosen models, those that require no retention first (then in the matrix's order)."""
    unchosen = [s for s in m.models if s not in a.models]
    return sorted(unchosen, key=lambda s: bool(m.models[s].required_retention_days))


def _implicated(finding: Finding) -> list[str]:
    """What a finding is about: its subject, or (with none) the answers it rests on."""
    if finding.subject is not None:
        return [finding.subject]
    return [str(value) for key, value in finding.because.answers if key in LIST_ANSWERS]


def _moves(
    m: PolicyMatrix, a: Answers, assessment: Assessment, swaps: bool = True
) -> list[Answers]:
    """Single changes that address one finding standing in the way (with `swaps`, also
    an alternative of the same kind for each surface or model given up)."""
    moves: list[Answers] = []
    models = tuple(m.models)
    for finding in assessment.findings:
        if finding.severity not in ("blocker", "warning"):
            continue
        for subject in _implicated(finding):
            if subject in a.features:
                moves.append(replace(a, features=tuple(f for f in a.features if f != subject)))
            elif subject in a.surfaces:
                dropped = _without_surface(m, a, subject)
                if dropped is not None:
                    moves.append(dropped)
                for other in _alternatives(m, a, subject) if swaps else ():
                    moves.append(_swap_surface(m, a, subject, other))
                for route in m.routes_of(subject):
                    if route.access_path != a.claude_code_access:
                        moves.append(replace(a, claude_code_access=route.access_path))
            elif subject in a.models:
                kept = tuple(s for s in a.models if s != subject)
                # Leaving out the only model chosen is no answer: "no particular model"
                # skips the model checks rather than passing them.
                if kept:
                    moves.append(replace(a, models=kept))
                for other in _model_alternatives(m, a) if swaps else ():
                    moves.append(replace(a, models=_in_order({*kept, other}, models)))
        if a.browser_client and any(key == "browser_client" for key, _ in finding.because.answers):
            moves.append(replace(a, browser_client=False))
    if a.zero_retention and any(f.code == "hipaa-instead-of-zdr" for f in assessment.findings):
        moves.append(replace(a, zero_retention=False))
    unique: dict[Answers, None] = {}
    for move in moves:
        if move != a:
            unique.setdefault(move, None)
    return list(unique)


def _size(original: Answers, changed: Answers) -> int:
    """How many things a buyer must change: each slug added or removed, each value set."""
    size = 0
    for key in LIST_ANSWERS:
        before, after = set(getattr(original, key)), set(getattr(changed, key))
        size += len(before ^ after)
    for key in ("claude_code_access", "browser_client", "zero_retention"):
        size += getattr(original, key) != getattr(changed, key)
    return size


def changes_between(original: Answers, changed: Answers) -> tuple[Change, ...]:
    """The edits that turn one set of answers into the other, in the contract's order."""
    changes: list[Change] = []
    for key in LIST_ANSWERS:
        before, after = getattr(original, key), getattr(changed, key)
        removed = tuple(s for s in before if s not in after)
        added = tuple(s for s in after if s not in before)
        if removed:
            changes.append(Change(key, remove=removed))
        if added:
            changes.append(Change(key, add=added))
    for key in ("claude_code_access", "browser_client", "zero_retention"):
        if getattr(original, key) != getattr(changed, key):
            changes.append(Change(key, value=getattr(changed, key)))
    return tuple(changes)


def _with_changes(m: PolicyMatrix, a: Answers, changes: tuple[Change, ...]) -> Answers | None:
    """Answers with changes applied in canonical order; None if no surface would remain."""
    values = {key: set(getattr(a, key)) for key in LIST_ANSWERS}
    scalars: dict[str, object] = {}
    for change in changes:
        if change.answer in values:
            values[change.answer] = (values[change.answer] - set(change.remove)) | set(change.add)
        else:
            scalars[change.answer] = change.value
    surfaces = _in_order(values["surfaces"], m.surfaces)
    if not surfaces:
        return None
    features = tuple(
        f for f in _in_order(values["features"], m.features) if m.offerings[f].parent in surfaces
    )
    models = _in_order(values["models"], tuple(m.models))
    return replace(a, surfaces=surfaces, features=features, models=models, **scalars)


def change_as_dict(change: Change) -> dict[str, object]:
    """The contract's form of one change."""
    if change.remove:
        return {"answer": change.answer, "remove": list(change.remove)}
    if change.add:
        return {"answer": change.answer, "add": list(change.add)}
    return {"answer": change.answer, "set": change.value}


def apply_changes(answers: dict[str, object], changes: list[dict[str, object]]) -> dict:
    """Contract answers with a remedy's changes applied (what "try this" starts from)."""
    result = dict(answers)
    for change in changes:
        key = str(change["answer"])
        if "set" in change:
            result[key] = change["set"]
            continue
        current = list(result.get(key) or [])  # type: ignore[call-overload]
        removed = set(change.get("remove") or ())  # type: ignore[call-overload]
        current = [s for s in current if s not in removed]
        current += [s for s in change.get("add") or () if s not in current]  # type: ignore[attr-defined]
        result[key] = current
    return result


# ---- the summary in words --------------------------------------------------------------


def _names(m: PolicyMatrix, slugs: tuple[str, ...]) -> str:
    return names_in_words(
        m.offerings[s].name if s in m.offerings else m.models[s].name for s in slugs
    )


def summarise(m: PolicyMatrix, original: Answers, changed: Answers) -> str:
    """The changes as one sentence a buyer can act on."""
    parts: list[str] = []
    for key in ("surfaces", "models"):
        before, after = getattr(original, key), getattr(changed, key)
        removed = tuple(s for s in before if s not in after)
        added = tuple(s for s in after if s not in before)
        if removed and added:
            parts.append(f"use {_names(m, added)} instead of {_names(m, removed)}")
        elif removed:
            parts.append(f"stop using {_names(m, removed)}")
        elif added:  # pragma: no cover - moves only add as part of a swap
            parts.append(f"add {_names(m, added)}")
    # Every feature given up is named, also those that leave with their product.
    dropped = tuple(f for f in original.features if f not in changed.features)
    if dropped:
        word = "feature" if len(dropped) == 1 else "features"
        parts.append(f"leave out the API {word} {_names(m, dropped)}")
    routed = next((s for s in changed.surfaces if m.routes_of(s)), None)
    route = m.route(routed, changed.claude_code_access) if routed else None
    if original.claude_code_access != changed.claude_code_access and route is not None:
        parts.append(f"have your developers use {route.name}")
    if original.browser_client and not changed.browser_client:
        parts.append("call the Claude API from your own server, not from users' browsers")
    if original.zero_retention and not changed.zero_retention:
        parts.append(
            "if you need zero data retention only to protect PHI, rely on HIPAA readiness instead"
        )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


# ---- the search ------------------------------------------------------------------------


def _out_of_reach(a: Answers, assessment: Assessment) -> bool:
    """Whether a finding that decides the verdict rests on nothing a buyer can change (a
    certification Anthropic does not hold): then no change improves the verdict."""
    deciding = "blocker" if assessment.verdict == "blocked" else "warning"
    chosen = {*a.surfaces, *a.features, *a.models}
    return any(
        f.severity == deciding
        and not chosen.intersection(_implicated(f))
        and not any(key in ("browser_client", "zero_retention") for key, _ in f.because.answers)
        for f in assessment.findings
    )


def find_remedies(
    answers: Answers, matrix: PolicyMatrix, assessment: Assessment
) -> tuple[Remedy, ...]:
    """At most five verified remedies, best first; none for a result that is ready."""
    base_rank = VERDICT_RANK[assessment.verdict]
    if base_rank == 0 or _out_of_reach(answers, assessment):
        return ()
    seen: dict[Answers, Assessment] = {answers: assessment}

    def judged(candidate: Answers) -> Assessment:
        if candidate not in seen:
            seen[candidate] = assess(candidate, matrix)
        return seen[candidate]

    found: dict[Answers, Assessment] = {}
    standing = {(f.code, f.subject) for f in assessment.findings}

    def honest(result: Assessment) -> bool:
        """No new doubt: a way out never leads onto a fact the source does not state, nor
        onto one another party decides (a cloud platform's BAA or region)."""
        return not any(
            f.severity in ("blocker", "warning")
            and (f.code, f.subject) not in standing
            and any(row.status in DOUBTFUL for row in f.because.rows)
            for f in result.findings
        )

    singles = [(judged(move), move) for move in _moves(matrix, answers, assessment)]
    partial: list[tuple[tuple, Answers]] = []
    base_score = _score(assessment)
    for result, move in singles:
        if not honest(result):
            continue
        if VERDICT_RANK[result.verdict] < base_rank:
            found[move] = result
        elif _score(result) < base_score:
            partial.append(((_score(result), _size(answers, move)), move))
    # Combinations: grow the most promising partial moves greedily until the verdict improves;
    # one start takes every partial move that still helps (many features blocked at once).
    partial.sort(key=lambda item: item[0])
    starts = [move for _key, move in partial[:MAX_STARTS]]
    if len(partial) > 1:
        swept = answers
        for _key, move in partial:
            merged = _with_changes(matrix, swept, changes_between(answers, move))
            if (
                merged is not None
                and honest(judged(merged))
                and _score(judged(merged)) < _score(judged(swept))
            ):
                swept = merged
        if VERDICT_RANK[judged(swept).verdict] < base_rank:
            found[swept] = judged(swept)
        else:
            starts.append(swept)
    for start in starts:
        current = start
        for _step in range(MAX_MOVES - 1):
            current_result = judged(current)
            best: tuple[tuple, Answers] | None = None
            # Growing a combination only gives things up; alternatives were tried alone.
            for move in _moves(matrix, current, current_result, swaps=False):
                if not honest(judged(move)):
                    continue
                score = (_score(judged(move)), _size(answers, move))
                if score[0] < _score(current_result) and (best is None or score < best[0]):
                    best = (score, move)
            if best is None:
                break
            current = best[1]
            if VERDICT_RANK[judged(current).verdict] < base_rank:
                found[current] = judged(current)
                break
    preferred = (*matrix.surfaces, *_model_alternatives(matrix, Answers()))
    order = {slug: i for i, slug in enumerate(preferred)}
    ranked = sorted(
        _smallest(answers, found),
        # The fewest changes first, then the better verdict: a buyer weighs what they give
        # up. Relaxing a requirement (ZDR) comes after every way that keeps it (below).
        key=lambda item: (
            _size(answers, item[0]),
            _score(item[1]),
            [order.get(c.add[0], 0) if c.add else -1 for c in changes_between(answers, item[0])],
        ),
    )
    return tuple(
        Remedy(
            summarise(matrix, answers, changed), changes_between(answers, changed), result.verdict
        )
        for changed, result in [
            *_varied(answers, [r for r in ranked if r[0].zero_retention == answers.zero_retention]),
            *_varied(answers, [r for r in ranked if r[0].zero_retention != answers.zero_retention]),
        ][:MAX_REMEDIES]
    )


def _edits(original: Answers, changed: Answers) -> frozenset[tuple]:
    return frozenset(
        (c.answer, op, item)
        for c in changes_between(original, changed)
        for op, items in (("remove", c.remove), ("add", c.add), ("set", (repr(c.value),)))
        for item in items
        if op != "set" or not (c.remove or c.add)
    )


def _smallest(original: Answers, found: dict[Answers, Assessment]) -> list:
    """Drop a remedy that asks for everything another asks and more, for no better verdict."""
    edits = {changed: _edits(original, changed) for changed in found}
    return [
        (changed, result)
        for changed, result in found.items()
        if not any(
            other != changed
            and edits[other] < edits[changed]
            and VERDICT_RANK[found[other].verdict] <= VERDICT_RANK[result.verdict]
            for other in found
        )
    ]


def _varied(answers: Answers, ranked: list[tuple[Answers, Assessment]]) -> list:
    """Different ways out before variations of one: the best remedy for each thing given up,
    then at most one more alternative to it (Claude Enterprise, then Claude Team)."""
    given_up: dict[tuple, int] = {}
    first: list = []
    second: list = []
    for changed, result in ranked:
        key = tuple(c for c in changes_between(answers, changed) if not c.add)
        seen = given_up.get(key, 0)
        given_up[key] = seen + 1
        if seen == 0:
            first.append((changed, result))
        elif seen == 1:
            second.append((changed, result))
    return first + second
