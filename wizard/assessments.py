"""Freezing an assessment and comparing it with what the current policy would say."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any


def policy_rows_used(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every distinct policy row the result's findings rest on (the snapshot to freeze)."""
    rows: dict[tuple, dict[str, Any]] = {}
    for finding in result["findings"]:
        for row in finding["because"]["rows"]:
            key = (row["table"], row["program"], row["subject"])
            rows.setdefault(key, row)
    return sorted(rows.values(), key=lambda r: (r["table"], r["program"] or "", r["subject"]))


@dataclass(frozen=True)
class FindingChange:
    code: str
    subject: str | None
    before: str | None  # severity in the saved result
    after: str | None  # severity under the current policy
    message: str


@dataclass(frozen=True)
class ResultDiff:
    verdict_before: str
    verdict_after: str
    added: tuple[FindingChange, ...]
    removed: tuple[FindingChange, ...]
    changed: tuple[FindingChange, ...]

    @property
    def differs(self) -> bool:
        return bool(
            self.added or self.removed or self.changed or self.verdict_before != self.verdict_after
        )


def compare_results(saved: dict[str, Any], current: dict[str, Any]) -> ResultDiff:
    """Findings added, removed, or with a changed severity between two results."""
    before = {(f["code"], f["subject"]): f for f in saved["findings"]}
    after = {(f["code"], f["subject"]): f for f in current["findings"]}
    added = tuple(
        FindingChange(k[0], k[1], None, f["severity"], f["message"])
        for k, f in after.items()
        if k not in before
    )
    removed = tuple(
        FindingChange(k[0], k[1], f["severity"], None, f["message"])
        for k, f in before.items()
        if k not in after
    )
    changed = tuple(
        FindingChange(k[0], k[1], before[k]["severity"], f["severity"], f["message"])
        for k, f in after.items()
        if k in before and before[k]["severity"] != f["severity"]
    )
    return ResultDiff(saved["verdict"], current["verdict"], added, removed, changed)


def canonical_json(
    token: str,
    created_at: str,
    answers: dict[str, Any],
    result: dict[str, Any],
    policy_rows: list[dict[str, Any]],
) -> bytes:
    """The frozen assessment as canonical JSON: sorted keys, no whitespace, UTF-8."""
    document = {
        "id": token,
        "created_at": created_at,
        "answers": answers,
        "result": result,
        "policy_rows": policy_rows,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of(canonical: bytes) -> str:
    """SHA-256 hex digest: what the PDF prints and /verify/ checks."""
    return hashlib.sha256(canonical).hexdigest()
