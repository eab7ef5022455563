"""Draft and publish: the live tables are the draft; buyers see the latest published version."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .matrix import STATUS_LABELS, PolicyMatrix
from .models import PolicyVersion
from .snapshot import Change, Snapshot, diff_snapshots, matrix_from_snapshot, snapshot_from_db

FIELD_LABELS = {"status": "status", "verified_on": "verified date", "condition": "condition"}


def latest_version() -> PolicyVersion | None:
    """The newest published version, if any."""
    return PolicyVersion.objects.order_by("-number").first()


def draft_matrix() -> PolicyMatrix:
    """The matrix as it would be if the draft were published now."""
    return matrix_from_snapshot("draft", snapshot_from_db())


def version_matrix(version: PolicyVersion) -> PolicyMatrix:
    """The matrix of a published version."""
    return matrix_from_snapshot(version.label, version.snapshot)


def pending_changes() -> list[Change]:
    """What publishing the draft now would change, cell by cell."""
    latest = latest_version()
    return diff_snapshots(latest.snapshot if latest else {}, snapshot_from_db())


@transaction.atomic
def publish(note: str, user=None) -> PolicyVersion:
    """Freeze the draft as the next numbered version (who, when, note, diff)."""
    note = note.strip()
    if not note:
        raise ValueError("A change note is required to publish.")
    latest = PolicyVersion.objects.select_for_update().order_by("-number").first()
    snapshot: Snapshot = snapshot_from_db()
    changes = diff_snapshots(latest.snapshot if latest else {}, snapshot)
    return PolicyVersion.objects.create(
        number=(latest.number + 1) if latest else 1,
        # Whole seconds: valid in <time datetime> and stable in the Atom feed.
        published_at=timezone.now().replace(microsecond=0),
        published_by=user if user is not None and user.is_authenticated else None,
        note=note,
        snapshot=snapshot,
        changes=[c.as_dict() for c in changes],
    )


INITIAL_NOTE = "Initial load of the source document's facts (verified 2026-06-13)."


def ensure_published() -> PolicyVersion | None:
    """Publish the draft as version 1 when nothing has been published yet (a fresh install)."""
    if PolicyVersion.objects.exists():
        return None
    return publish(INITIAL_NOTE)


@dataclass(frozen=True)
class ChangeLine:
    """A change in words a buyer understands."""

    text: str
    source: str  # the cited page's address, else the source's title
    verified_on: str | None

    @property
    def source_is_link(self) -> bool:
        return self.source.startswith(("https://", "http://"))


def _names(snapshot: Snapshot) -> dict[str, str]:
    names = {r["slug"]: r["name"] for r in snapshot.get("offerings", [])}
    names.update({r["slug"]: r["name"] for r in snapshot.get("programs", [])})
    names.update({r["slug"]: r["name"] for r in snapshot.get("certifications", [])})
    names.update({r["slug"]: r["name"] for r in snapshot.get("models", [])})
    return names


def _value(field: str, value) -> str:
    if field == "status" and value in STATUS_LABELS:
        return STATUS_LABELS[value].lower()
    if value in (None, ""):
        return "(empty)"
    return str(value)


def describe_changes(changes: list[dict], snapshot: Snapshot) -> list[ChangeLine]:
    """Human-readable lines such as "Batch API under HIPAA: status not eligible → eligible"."""
    names = _names(snapshot)
    lines = []
    for c in changes:
        if c["table"] == "eligibilities":
            program, offering = c["key"].split("/", 1)
            subject = f"{names.get(offering, offering)} under {names.get(program, program)}"
        else:
            subject = f"{c['table'].replace('_', ' ').rstrip('s')} {names.get(c['key'], c['key'])}"
        if not c["field"]:
            what = "added" if c["before"] is None else "removed"
            text = f"{subject}: {what}"
        else:
            label = FIELD_LABELS.get(c["field"], c["field"].replace("_", " "))
            text = (
                f"{subject}: {label} {_value(c['field'], c['before'])} → "
                f"{_value(c['field'], c['after'])}"
            )
        lines.append(ChangeLine(text, c["source"], c["verified_on"]))
    return lines
