"""The blast radius of a policy change: which saved assessments would come out differently."""

from __future__ import annotations

from dataclasses import dataclass

from policydata.matrix import PolicyMatrix
from policydata.service import assess_answers

from .assessments import ResultDiff, compare_results
from .models import SavedAssessment


@dataclass(frozen=True)
class Impact:
    token: str
    created_at: object
    diff: ResultDiff | None
    # Set when the draft removes a slug these answers use: they can no longer be re-run.
    invalid_because: tuple[str, ...] = ()

    @property
    def verdict_flips(self) -> bool:
        return self.diff is None or self.diff.verdict_before != self.diff.verdict_after


def assessments_affected(before: PolicyMatrix, after: PolicyMatrix) -> list[Impact]:
    """Saved assessments whose re-run result differs between two matrices; flips first."""
    impacts = []
    rows = SavedAssessment.objects.only("token", "created_at", "answers").iterator()
    for saved in rows:
        old, _ = assess_answers(saved.answers, before)
        new, errors = assess_answers(saved.answers, after)
        if old is None:
            continue  # already invalid under the published version: not this change's doing
        if new is None:
            reasons = tuple(e.message for e in errors)
            impacts.append(Impact(saved.token, saved.created_at, None, reasons))
            continue
        diff = compare_results(old, new)
        if diff.differs:
            impacts.append(Impact(saved.token, saved.created_at, diff))
    return sorted(impacts, key=lambda i: (not i.verdict_flips, i.created_at))
