"""Freezing an assessment and comparing it with what the current policy would say."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from .models import SavedAssessment


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
    prepared_for: dict[str, str] | None = None,
) -> bytes:
    """The frozen assessment as canonical JSON: sorted keys, no whitespace, UTF-8.

    Who it was prepared for is covered when given (it is printed on the PDF), and left out
    when not, so a digest saved before those fields existed stays the same.
    """
    document: dict[str, Any] = {
        "id": token,
        "created_at": created_at,
        "answers": answers,
        "result": result,
        "policy_rows": policy_rows,
    }
    if prepared_for and any(prepared_for.values()):
        document["prepared_for"] = prepared_for
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of(canonical: bytes) -> str:
    """SHA-256 hex digest: what the PDF prints and /verify/ checks."""
    return hashlib.sha256(canonical).hexdigest()


# ---- reading a digest back from paper -----------------------------------------------------

DIGEST_LENGTH = 64  # hexadecimal characters of a SHA-256 digest
SHORT_DIGEST_MIN = 8  # the fewest leading characters looked up (the PDF footer prints 12)
DIGEST_INPUT_MAX = 200  # characters of input considered (a grouped digest is 71)

# What a copy from paper or a PDF puts between the characters: whitespace and line breaks
# (incl. no-break and zero-width spaces), hyphens and dashes, colons, soft hyphens.
_DIGEST_SEPARATORS = re.compile(r"[\s\-\u00ad\u2010-\u2015\u2212\u200b-\u200d\u2060\ufeff:]+")
# "SHA-256:", "sha256 ", as a label in front of the digest.
_DIGEST_LABEL = re.compile(r"^\s*sha-?256\s*[:=]?", re.IGNORECASE)
_HEX = frozenset("0123456789abcdef")
# Letters a reader may copy for a digit that looks like them.
_LOOK_ALIKES = {"o": "0", "l": "1", "i": "1"}


def normalise_digest(raw: str) -> tuple[str | None, str | None]:
    """A digest as typed or copied from paper -> (lowercase hex, None) or (None, a message).

    Whitespace, line breaks, dashes, colons and case are ignored. 64 hexadecimal characters
    are a full digest; 8 to 63 are the start of one, to look up by prefix.
    """
    if len(raw) > DIGEST_INPUT_MAX:
        return None, (
            f"That is {len(raw):,} characters, too long to be a digest. A digest is "
            f"{DIGEST_LENGTH} hexadecimal characters (the digits 0–9 and the letters a–f)."
        )
    typed = _DIGEST_SEPARATORS.sub("", _DIGEST_LABEL.sub("", raw))
    text = typed.lower()
    if not text:
        return None, (
            f"Enter the digest printed on the document: {DIGEST_LENGTH} hexadecimal "
            f"characters, or at least the first {SHORT_DIGEST_MIN}."
        )
    strange = sorted({c for c in typed if c.lower() not in _HEX})
    if strange:
        shown = ", ".join(_character_name(c) for c in strange[:6])
        more = " and others" if len(strange) > 6 else ""
        hints = [
            f"a letter {c} is the digit {_LOOK_ALIKES[c.lower()]}"
            for c in strange
            if c.lower() in _LOOK_ALIKES
        ]
        hint = f" In a digest, {' and '.join(hints)}." if hints else ""
        return None, (
            f"A digest is {DIGEST_LENGTH} hexadecimal characters: only the digits 0–9 and "
            f"the letters a–f. This has {shown}{more}, which a digest never has.{hint}"
        )
    if len(text) > DIGEST_LENGTH:
        return None, (
            f"This has {len(text)} hexadecimal characters; a digest has {DIGEST_LENGTH}. "
            "Check that nothing else was copied with it."
        )
    if len(text) < SHORT_DIGEST_MIN:
        return None, (
            f"This has {len(text)} hexadecimal character{'s' if len(text) != 1 else ''}. "
            f"Enter all {DIGEST_LENGTH} hexadecimal characters of the digest, or at least "
            f"the first {SHORT_DIGEST_MIN} (the document's footer prints 12)."
        )
    return text, None


def sealed_assessment(
    answers: dict[str, Any],
    result: dict[str, Any],
    *,
    token: str,
    created_at,
    based_on: str = "",
    prepared_for: dict[str, str] | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> SavedAssessment:
    """An unsaved SavedAssessment with its digest over everything it shows (`rows` when the
    caller has computed the policy rows used already)."""
    rows = policy_rows_used(result) if rows is None else rows
    prepared_for = prepared_for or {}
    canonical = canonical_json(token, created_at.isoformat(), answers, result, rows, prepared_for)
    return SavedAssessment(
        **prepared_for,
        token=token,
        created_at=created_at,
        answers=answers,
        result=result,
        policy_rows=rows,
        policy_version=result["policy_version"],
        digest=digest_of(canonical),
        based_on=based_on,
    )


def is_full_digest(digest: str) -> bool:
    """Whether a normalised digest is whole (else it is the start of one)."""
    return len(digest) == DIGEST_LENGTH


def digest_groups(digest: str, size: int = 8) -> list[str]:
    """ "3f1a..." -> ["3f1a09bc", ...]: 8 groups of 8 to read and compare one at a time."""
    return [digest[i : i + size] for i in range(0, len(digest), size)]


def _character_name(character: str) -> str:
    """A character for a message: quoted when printable, else its code point."""
    if character.isprintable() and not character.isspace():
        return f"“{character}”"
    return f"U+{ord(character):04X}"
