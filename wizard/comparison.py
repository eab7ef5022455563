"""Two saved assessments side by side: the answers that differ, the verdicts, and the
findings added, removed or changed in severity. Plain data in, words out; no ORM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from policydata.matrix import PolicyMatrix

from .assessments import FindingChange, compare_results
from .flow import uses_routes
from .summary import describe_answers, slug_names
from .wording import finding_title, headline, severity_word, verdict_title


class SavedLike(Protocol):
    token: str
    created_at: dt.datetime
    answers: dict[str, Any]
    result: dict[str, Any]
    policy_version: str


@dataclass(frozen=True)
class Side:
    token: str
    created_at: dt.datetime
    verdict: str
    verdict_title: str
    reason: str  # what decides the verdict, after its title ("Batch API isn't ...")
    policy_version: str


@dataclass(frozen=True)
class AnswerDifference:
    label: str
    left: str
    right: str


@dataclass(frozen=True)
class FindingDifference:
    title: str
    before: str | None  # the severity on the left, in words
    after: str | None  # the severity on the right, in words


@dataclass(frozen=True)
class Comparison:
    left: Side
    right: Side
    answers: tuple[AnswerDifference, ...]
    added: tuple[FindingDifference, ...]
    removed: tuple[FindingDifference, ...]
    changed: tuple[FindingDifference, ...]

    @property
    def same_result(self) -> bool:
        return self.left.verdict == self.right.verdict and not (
            self.added or self.removed or self.changed
        )


def _side(saved: SavedLike, names: dict[str, str]) -> Side:
    result = saved.result
    title = verdict_title(result["verdict"])
    words = headline(result["verdict"], result["findings"], names, saved.answers)
    reason = words.removeprefix(f"{title}: ") if words != title else ""
    return Side(
        token=saved.token,
        created_at=saved.created_at,
        verdict=result["verdict"],
        verdict_title=title,
        reason=reason[:1].upper() + reason[1:],
        policy_version=saved.policy_version,
    )


def _finding(change: FindingChange, names: dict[str, str], answers: dict) -> FindingDifference:
    finding = {"code": change.code, "subject": change.subject}
    return FindingDifference(
        title=finding_title(finding, names, answers),
        before=severity_word(change.before) if change.before else None,
        after=severity_word(change.after) if change.after else None,
    )


def build_comparison(left: SavedLike, right: SavedLike, matrix: PolicyMatrix) -> Comparison:
    """What changed from the left assessment to the right one, in the buyer's words."""
    names = slug_names(matrix)
    routes = uses_routes(left.answers, matrix) or uses_routes(right.answers, matrix)
    before = describe_answers(left.answers, names, routes)
    after = {line.key: line for line in describe_answers(right.answers, names, routes)}
    differences = tuple(
        AnswerDifference(line.label, line.value, after[line.key].value)
        for line in before
        if line.value != after[line.key].value
    )
    diff = compare_results(left.result, right.result)
    return Comparison(
        left=_side(left, names),
        right=_side(right, names),
        answers=differences,
        added=tuple(_finding(c, names, right.answers) for c in diff.added),
        removed=tuple(_finding(c, names, left.answers) for c in diff.removed),
        changed=tuple(_finding(c, names, right.answers) for c in diff.changed),
    )
