"""Published versions for staff: a diff between any two, and rolling the draft back to one.

A rollback turns the draft (the live tables) into a version's facts by importing its
snapshot like an export file: rows match by natural key, so ids and history survive; rows
added since are deleted; identical rows are not saved; every write records the reason
"Rolled back to vN". It publishes nothing: the draft then goes through the normal review
and publish. Snapshots carry no private notes, so the current ones are kept.

The evidence rule (policydata/evidence.py) refuses a verified date that goes back, and a
status change without a newer date. A rollback is its recorded exception: the restored
rows are a published record, so they come back with that record's verified dates (today's
date would claim a check nobody made); the reason and the user are in each row's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .evidence import restoring_published
from .importing import ImportRejected, ImportReport, NotAnExport, import_policy
from .models import PolicyVersion
from .publishing import StaleDraft, VersionChanges, describe_version, fingerprint, latest_version
from .snapshot import Snapshot, diff_snapshots, snapshot_from_db

# PositiveIntegerField's ceiling: a larger number is no version (and SQLite cannot bind it).
MAX_NUMBER = 2_147_483_647


def find_version(number: int) -> PolicyVersion | None:
    """The published version with this number, if any."""
    if not 0 < number <= MAX_NUMBER:
        return None
    return PolicyVersion.objects.filter(number=number).first()


def rollback_reason(version: PolicyVersion) -> str:
    """The change reason each row a rollback writes records in its history."""
    return f"Rolled back to {version.label}"


def describe_diff(old: Snapshot, new: Snapshot) -> VersionChanges:
    """What changes from snapshot `old` to snapshot `new`, in sentences grouped by offering."""
    changes = [c.as_dict() for c in diff_snapshots(old, new)]
    return describe_version(changes, new, initial=False)


def version_diff(a: PolicyVersion, b: PolicyVersion) -> VersionChanges:
    """What changed from version `a` to version `b` (either may be the older), in words."""
    return describe_diff(a.snapshot, b.snapshot)


def draft_fingerprint() -> str:
    """The fingerprint of the draft's public facts (what a rollback confirmation pins)."""
    return fingerprint(snapshot_from_db())


@dataclass(frozen=True)
class RollbackPlan:
    """What rolling the draft back to `version` would do, found by a dry-run import."""

    version: PolicyVersion
    latest: PolicyVersion | None
    changes: VersionChanges  # draft -> the version's facts, in words
    change_count: int
    draft_has_edits: bool  # the draft differs from the latest published version
    draft_fingerprint: str
    errors: list[str] = field(default_factory=list)  # why it cannot be done, if it cannot

    @property
    def discards_draft_edits(self) -> bool:
        """Rolling back to the latest version only throws the draft's unpublished edits away."""
        latest = self.latest is not None and self.version.number == self.latest.number
        return latest and self.draft_has_edits

    @property
    def possible(self) -> bool:
        return not self.errors and self.change_count > 0


def plan_rollback(version: PolicyVersion) -> RollbackPlan:
    """A dry run of `rollback_draft(version)`: nothing is written."""
    draft = snapshot_from_db()
    latest = latest_version()
    errors: list[str] = []
    try:
        report = _import(version, dry_run=True)
    except NotAnExport as exc:
        errors, report = [str(exc)], None
    except ImportRejected as exc:
        errors, report = exc.errors, None
    if report is None:
        changes, count = describe_diff(draft, version.snapshot), 0
    else:
        changes = describe_version(
            [c.as_dict() for c in report.changes], report.after, initial=False
        )
        count = len(report.changes)
    return RollbackPlan(
        version=version,
        latest=latest,
        changes=changes,
        change_count=count,
        draft_has_edits=latest is not None and fingerprint(draft) != fingerprint(latest.snapshot),
        draft_fingerprint=fingerprint(draft),
        errors=errors,
    )


@transaction.atomic
def rollback_draft(
    version: PolicyVersion, *, expected_fingerprint: str | None = None
) -> ImportReport:
    """Turn the draft into `version`'s facts (see the module); publishes nothing.

    With `expected_fingerprint` (the confirmation's), a draft that changed since it was
    shown raises `StaleDraft` and nothing is written. Raises `ImportRejected` or
    `NotAnExport` if the version's snapshot cannot be read into the tables."""
    if expected_fingerprint is not None:
        current = snapshot_from_db()
        if fingerprint(current) != expected_fingerprint:
            raise StaleDraft(current)
    return _import(version, dry_run=False)


def _import(version: PolicyVersion, *, dry_run: bool) -> ImportReport:
    with restoring_published():
        return import_policy(
            version.snapshot,
            delete_missing=True,
            dry_run=dry_run,
            reason=rollback_reason(version),
        )
