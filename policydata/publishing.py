"""Draft and publish: the live tables are the draft; buyers see the latest published version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .matrix import NEGATIVE_STATUSES, POSITIVE_STATUSES, STATUS_LABELS, PolicyMatrix
from .models import FACT_MODELS, PolicyVersion, PublishApproval, PublishRequest, Source
from .snapshot import (
    Change,
    Snapshot,
    diff_snapshots,
    matrix_from_snapshot,
    row_key,
    snapshot_from_db,
)

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


def fingerprint(snapshot: Snapshot) -> str:
    """SHA-256 of a snapshot's canonical JSON: equal fingerprints, equal facts; pure."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class StaleDraft(Exception):
    """The draft changed after it was previewed: nothing was published."""

    def __init__(self, current: Snapshot):
        super().__init__("The draft changed since it was previewed; nothing was published.")
        self.current = current


@dataclass(frozen=True)
class Preview:
    """What publishing the draft now would do, and the fingerprint that pins it."""

    latest: PolicyVersion | None
    snapshot: Snapshot
    changes: list[Change]
    fingerprint: str


def preview(snapshot: Snapshot | None = None) -> Preview:
    """The draft (or `snapshot`) against the latest published version."""
    latest = latest_version()
    snapshot = snapshot_from_db() if snapshot is None else snapshot
    changes = diff_snapshots(latest.snapshot if latest else {}, snapshot)
    return Preview(latest, snapshot, changes, fingerprint(snapshot))


@transaction.atomic
def publish(
    note: str, user=None, *, expected_fingerprint: str | None = None, private_note: str = ""
) -> PolicyVersion:
    """Freeze the draft as the next numbered version (who, when, note, diff).

    With `expected_fingerprint` (the preview's), a draft that changed since the preview
    raises `StaleDraft` and nothing is published: only what was reviewed ships."""
    note = note.strip()
    if not note:
        raise ValueError("A change note is required to publish.")
    latest = PolicyVersion.objects.select_for_update().order_by("-number").first()
    snapshot: Snapshot = snapshot_from_db()
    if expected_fingerprint is not None and fingerprint(snapshot) != expected_fingerprint:
        raise StaleDraft(snapshot)
    changes = diff_snapshots(latest.snapshot if latest else {}, snapshot)
    return PolicyVersion.objects.create(
        number=(latest.number + 1) if latest else 1,
        # Whole seconds: valid in <time datetime> and stable in the Atom feed.
        published_at=timezone.now().replace(microsecond=0),
        published_by=user if user is not None and user.is_authenticated else None,
        note=note,
        private_note=private_note.strip(),
        snapshot=snapshot,
        changes=[c.as_dict() for c in changes],
    )


# A previewed draft is kept under its fingerprint for a day, so a stale publish can say
# what changed since the preview. Content-addressed: the same draft, the same entry.
PREVIEW_CACHE_SECONDS = 24 * 60 * 60


def remember_preview(snapshot: Snapshot, key: str) -> None:
    """Keep a previewed draft under its fingerprint (best effort: a cache, not a record)."""
    cache.set(f"policydata:preview:{key}", snapshot, PREVIEW_CACHE_SECONDS)


def changed_since_preview(key: str, current: Snapshot) -> list[Change] | None:
    """What changed in the draft since the preview with fingerprint `key`, if it is known."""
    previewed = cache.get(f"policydata:preview:{key}") if key else None
    if previewed is None:
        return None
    return diff_snapshots(previewed, current)


INITIAL_NOTE = "Initial load of the source document's facts (verified 2026-06-13)."


def ensure_published() -> PolicyVersion | None:
    """Publish the draft as version 1 when nothing has been published yet (a fresh install)."""
    if PolicyVersion.objects.exists():
        return None
    return publish(INITIAL_NOTE)


# ---- Four eyes: a publish is requested by one editor and approved by another --------------------

PUBLISH_PERMISSION = "policydata.publish_policyversion"


def required_approvals() -> int:
    """How many editors, other than the requester and the draft's editors, must approve."""
    return max(0, int(settings.POLICY_PUBLISH_APPROVALS))


def draft_editors() -> list:
    """The users who edited the draft since the latest version was published (its history)."""
    from django.contrib.auth import get_user_model

    latest = latest_version()
    ids: set[int] = set()
    # Sources too: a source's title or address is published with the facts that cite it.
    for model in (*FACT_MODELS, Source):
        records = model.history.exclude(history_user=None)
        if latest is not None:
            # >=: published_at is cut to whole seconds, so an edit in that second counts.
            records = records.filter(history_date__gte=latest.published_at)
        ids.update(records.values_list("history_user_id", flat=True).distinct())
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


class NotAllowedToApprove(Exception):
    """This user may not approve this request; the message says why, in words."""


class RequestClosed(NotAllowedToApprove):
    """The request was already published, withdrawn or found stale."""


class StaleRequest(StaleDraft):
    """The draft (or the latest version) changed since the request: nothing was published."""

    def __init__(self, publish_request: PublishRequest, current: Snapshot):
        super().__init__(current)
        self.publish_request = publish_request
        self.changed = diff_snapshots(publish_request.snapshot, current)
        self.args = ("The draft changed since this request was made; nothing was published.",)


def _now():
    # Whole seconds: valid in <time datetime> and stable in the Atom feed.
    return timezone.now().replace(microsecond=0)


def _lock_latest() -> PolicyVersion | None:
    return PolicyVersion.objects.select_for_update().order_by("-number").first()


@transaction.atomic
def request_publish(
    note: str, user, *, expected_fingerprint: str, private_note: str = ""
) -> PublishRequest:
    """Ask for the draft as previewed to be published; with approval turned off (0), it is
    published at once (`request.version`).

    Raises `StaleDraft` when the draft changed since the preview with `expected_fingerprint`,
    `ValueError` (in words) without a note, with nothing to publish, or when an open request
    already asks for this very draft."""
    latest = _lock_latest()
    snapshot = snapshot_from_db()
    key = fingerprint(snapshot)
    if key != expected_fingerprint:
        raise StaleDraft(snapshot)
    if not note.strip():
        raise ValueError("Write a short change note: it is shown to buyers on the changes page.")
    if not diff_snapshots(latest.snapshot if latest else {}, snapshot):
        raise ValueError("The draft is identical to the published version: nothing to publish.")
    duplicate = PublishRequest.objects.filter(
        state=PublishRequest.State.OPEN, fingerprint=key, base=latest
    ).first()
    if duplicate is not None:
        raise ValueError(
            f"Request #{duplicate.pk} already asks to publish this draft: approve or withdraw it."
        )
    made = PublishRequest.objects.create(
        fingerprint=key,
        snapshot=snapshot,
        base=latest,
        note=note.strip(),
        private_note=private_note.strip(),
        requested_by=user,
        requested_at=_now(),
    )
    if required_approvals() == 0:
        _publish_request(made, latest, user, made.requested_at)
    return made


def approval_refusal(publish_request: PublishRequest, user) -> str:
    """Why `user` may not approve this request, in words ("" if they may)."""
    if publish_request.state != PublishRequest.State.OPEN:
        return (
            f"This request is closed ({publish_request.get_state_display().lower()}): "
            "it can no longer be approved."
        )
    if not user.has_perm(PUBLISH_PERMISSION):
        return "You do not have the permission to publish the policy data."
    if publish_request.requested_by_id == user.pk:
        return "You requested this publication: another editor must approve it."
    if publish_request.approvals.filter(user=user).exists():
        return "You have already approved this request: it needs another editor's approval."
    if any(editor.pk == user.pk for editor in draft_editors()):
        latest = latest_version()
        since = f" since {latest.label} was published" if latest else ""
        return (
            f"You edited the draft{since}: an editor who did not edit it must approve, "
            "so that someone other than its authors reviews every change."
        )
    return ""


def approve(publish_request: PublishRequest, user) -> PolicyVersion | None:
    """Record `user`'s approval; the approval that completes the count publishes the draft
    exactly as requested, and returns the new version.

    Raises `NotAllowedToApprove` (`RequestClosed` for a closed request) with the reason,
    and `StaleRequest` when the draft or the latest version changed since the request: the
    request is then closed as stale and nothing is published."""
    with transaction.atomic():
        latest = _lock_latest()
        locked = PublishRequest.objects.select_for_update().get(pk=publish_request.pk)
        reason = approval_refusal(locked, user)
        if reason:
            closed = locked.state != PublishRequest.State.OPEN
            raise (RequestClosed if closed else NotAllowedToApprove)(reason)
        current = snapshot_from_db()
        latest_pk = latest.pk if latest else None
        now = _now()
        if fingerprint(current) == locked.fingerprint and locked.base_id == latest_pk:
            PublishApproval.objects.create(request=locked, user=user, approved_at=now)
            if locked.approvals.count() >= required_approvals():
                return _publish_request(locked, latest, user, now)
            return None
        # Closed as stale in its own (committed) transaction: the refusal is a record too.
        locked.state = PublishRequest.State.STALE
        locked.closed_at = now
        locked.save(update_fields=["state", "closed_at"])
    raise StaleRequest(locked, current)


@transaction.atomic
def withdraw(publish_request: PublishRequest, user) -> None:
    """Close an open request unpublished (its requester changed their mind, or a reviewer
    declines it)."""
    locked = PublishRequest.objects.select_for_update().get(pk=publish_request.pk)
    if locked.state != PublishRequest.State.OPEN:
        raise RequestClosed(
            f"This request is closed ({locked.get_state_display().lower()}): "
            "there is nothing to withdraw."
        )
    locked.state = PublishRequest.State.WITHDRAWN
    locked.closed_by = user
    locked.closed_at = _now()
    locked.save(update_fields=["state", "closed_by", "closed_at"])


def _publish_request(
    made: PublishRequest, latest: PolicyVersion | None, user, now: dt.datetime
) -> PolicyVersion:
    """Freeze the request's draft as the next version, with who asked, who approved, when."""
    version = PolicyVersion.objects.create(
        number=(latest.number + 1) if latest else 1,
        published_at=now,
        published_by=user,
        note=made.note,
        private_note=made.private_note,
        snapshot=made.snapshot,
        changes=[
            c.as_dict() for c in diff_snapshots(latest.snapshot if latest else {}, made.snapshot)
        ],
        requested_by=made.requested_by,
        requested_at=made.requested_at,
        approved_by=[
            {
                "user_id": a.user_id,
                "username": a.user.get_username(),
                "at": a.approved_at.isoformat(),
            }
            for a in made.approvals.select_related("user")
        ],
    )
    made.state, made.version = PublishRequest.State.PUBLISHED, version
    made.closed_by, made.closed_at = user, now
    made.save(update_fields=["state", "version", "closed_by", "closed_at"])
    # Every other open request was made against the old version: it can no longer ship.
    PublishRequest.objects.filter(state=PublishRequest.State.OPEN).update(
        state=PublishRequest.State.STALE, closed_at=now
    )
    return version


def open_requests() -> list[PublishRequest]:
    """The requests waiting for approval, oldest first, each with `matches_draft` (whether
    approving it could still publish) and `approval_count` set; for the dashboard."""
    waiting = list(
        PublishRequest.objects.filter(state=PublishRequest.State.OPEN)
        .select_related("requested_by", "base")
        .prefetch_related("approvals__user")
        .order_by("requested_at", "pk")
    )
    if waiting:
        current, latest = fingerprint(snapshot_from_db()), latest_version()
        for waiting_request in waiting:
            waiting_request.matches_draft = waiting_request.fingerprint == current and (
                waiting_request.base_id == (latest.pk if latest else None)
            )
            waiting_request.approval_count = len(waiting_request.approvals.all())
    return waiting


def requested_changes(publish_request: PublishRequest) -> list[Change]:
    """What the request publishes, against the version it was made from."""
    base = publish_request.base
    return diff_snapshots(base.snapshot if base else {}, publish_request.snapshot)


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


# ---- The public change log: a sentence per change, grouped by offering ----------------------

# More sentences than this and a version shows its summary and a link to the full list.
LIST_LIMIT = 30
# What a row of each table is, in a sentence ("ISO/IEC 27017 — certification: added").
TABLE_WORDS = {
    "sources": "source",
    "programs": "program",
    "offerings": "",
    "eligibilities": "",
    "certifications": "certification",
    "models": "model",
    "retention": "retention",
    "controllers": "data controller",
    "residency": "data residency option",
    "phi_placements": "where PHI may appear",
    "statements": "statement",
}
FIELD_WORDS = {
    "verified_on": "verified date",
    "cited_source": "cited source",
    "how_to_enable": "how to turn it on",
    "is_covered_model": "covered model",
    "required_retention_days": "required retention (days)",
    "supports_inference_geo": "inference_geo support",
    "survives_zdr": "kept under ZDR",
    "period_days": "period (days)",
    "price_multiplier": "price multiplier",
    "is_default": "default",
    "is_beta": "beta",
    "offers_api_features": "offers API features",
    "report_access": "how to get the report",
    "announced_on": "announced",
    "data_type": "data",
    "applies_to": "applies to",
}


def _rank(status: str) -> int:
    """How much a status allows: 3 eligible, 2 eligible with a catch, 1 unknown or decided
    by the platform, 0 ruled out."""
    if status == "eligible":
        return 3
    if status in POSITIVE_STATUSES:
        return 2
    if status in NEGATIVE_STATUSES:
        return 0
    return 1


@dataclass(frozen=True)
class ChangeSentence:
    """One change in a sentence: "Web search — Zero data retention (ZDR): not stated → eligible"."""

    subject: str  # the offering (or other fact) it is about
    detail: str
    source: str  # the cited page's address, else the source's title
    verified_on: str | None
    cell: str = ""  # the eligibility cell ("zdr/web-search") it changes, if any
    direction: str = ""  # "loosened" | "tightened" | "" for a cell's status

    @property
    def text(self) -> str:
        return f"{self.subject} \u2014 {self.detail}"

    @property
    def text_html(self) -> SafeString:
        return dates_kept_whole(self.text)

    @property
    def detail_html(self) -> SafeString:
        return dates_kept_whole(self.detail[:1].upper() + self.detail[1:])

    @property
    def source_is_link(self) -> bool:
        return self.source.startswith(("https://", "http://"))


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def dates_kept_whole(text: str) -> SafeString:
    """Text as HTML with each ISO date in a <time>, which the style sheet keeps on one line."""
    return mark_safe(ISO_DATE.sub(r"<time>\g<0></time>", str(escape(text))))


@dataclass(frozen=True)
class ChangeGroup:
    subject: str
    sentences: tuple[ChangeSentence, ...]


@dataclass(frozen=True)
class VersionChanges:
    """What one published version changed, in words a buyer reads."""

    sentences: tuple[ChangeSentence, ...]
    initial: bool  # the first load of the facts: summarised, not listed
    facts_added: int
    one_source: bool  # every fact added rests on the same primary source
    note: str = ""  # the publish note

    @property
    def note_html(self) -> SafeString:
        return dates_kept_whole(self.note)

    @property
    def groups(self) -> tuple[ChangeGroup, ...]:
        groups: dict[str, list[ChangeSentence]] = {}
        for sentence in self.sentences:
            groups.setdefault(sentence.subject, []).append(sentence)
        return tuple(ChangeGroup(subject, tuple(s)) for subject, s in groups.items())

    @property
    def listed(self) -> bool:
        """Whether the change log lists the sentences (else it links to the full list)."""
        return not self.initial and len(self.sentences) <= LIST_LIMIT

    @property
    def summary(self) -> str:
        """ "3 cells changed, 1 loosened, 2 tightened; 1 other fact changed"."""
        if self.initial:
            origin = " from the source document" if self.one_source else ""
            return f"Initial load: {_count(self.facts_added, 'fact')}{origin}."
        cells = {s.cell for s in self.sentences if s.cell}
        others = {s.subject + s.detail.split(":")[0] for s in self.sentences if not s.cell}
        parts = []
        if cells:
            cell_parts = [f"{_count(len(cells), 'cell')} changed"]
            for direction in ("loosened", "tightened"):
                n = sum(s.direction == direction for s in self.sentences)
                if n:
                    cell_parts.append(f"{n} {direction}")
            parts.append(", ".join(cell_parts))
        if others:
            parts.append(f"{_count(len(others), 'other fact')} changed")
        return ("; ".join(parts) or "Nothing changed in the facts") + "."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _subject(table: str, row: dict, offerings: dict[str, str]) -> str:
    match table:
        case "eligibilities":
            return offerings.get(row["offering"], row["offering"])
        case "sources":
            return row.get("title") or row["slug"]
        case "retention":
            return row.get("data_type") or row["slug"]
        case "controllers":
            return row.get("region") or row["slug"]
        case "residency":
            return f'{row["control"]} "{row["value"]}"'
        case "phi_placements":
            return row.get("location") or row["slug"]
        case "statements":
            words = (row.get("statement") or row["slug"]).split()
            return " ".join(words[:8]) + ("\u2026" if len(words) > 8 else "")
    return row.get("name") or row.get("slug", "")


def _choices(table: str) -> dict[str, dict]:
    """Each field's choices in words, from the table's model."""
    from . import models
    from .snapshot import TABLES

    model = getattr(models, TABLES[table][0])
    return {f.name: dict(f.choices) for f in model._meta.concrete_fields if f.choices}


def _in_words(table: str, field: str, value, words: _Words) -> str:
    if value is None or value == "":
        return "none"
    if field == "status" and value in STATUS_LABELS:
        return STATUS_LABELS[value].lower()
    if field in ("source", "cited_source"):
        return words.titles.get(value, value)
    if field in ("offering", "parent"):
        return words.offerings.get(value, value)
    if field == "program":
        return words.programs.get(value, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    label = _choices(table).get(field, {}).get(value)
    if label:
        return str(label).lower() if field == "status" else str(label)
    if isinstance(value, str) and " " in value:
        return f"\u201c{value}\u201d"
    return str(value)


@dataclass(frozen=True)
class _Words:
    """What the sentences need to name things: offerings, programs, sources by slug."""

    offerings: dict[str, str]
    programs: dict[str, str]
    titles: dict[str, str]

    @classmethod
    def of(cls, snapshot: Snapshot, removed: list[dict]) -> _Words:
        words = cls(
            {r["slug"]: r["name"] for r in snapshot.get("offerings", [])},
            {r["slug"]: r["name"] for r in snapshot.get("programs", [])},
            {r["slug"]: r["title"] for r in snapshot.get("sources", [])},
        )
        for c in removed:  # a row removed with this version is named as it was
            named = {"offerings": words.offerings, "programs": words.programs}.get(c["table"])
            if named is not None:
                named[c["key"]] = c["before"]["name"]
            elif c["table"] == "sources":
                words.titles[c["key"]] = c["before"]["title"]
        return words

    def value(self, table: str, field: str, value) -> str:
        return _in_words(table, field, value, self)


def _sentence(c: dict, row: dict, words: _Words) -> ChangeSentence:
    table, field = c["table"], c["field"]
    if table == "eligibilities":
        prefix = f"{words.programs.get(row['program'], row['program'])}: "
    else:
        prefix = f"{TABLE_WORDS[table]}: " if TABLE_WORDS.get(table) else ""
    direction = ""
    if not field and table == "offerings":
        detail = "added to the matrix" if c["before"] is None else "removed from the matrix"
    elif not field:
        status = row.get("status")
        if c["before"] is None:
            detail = f"{prefix}added" + (
                f" as {words.value(table, 'status', status)}" if status else ""
            )
        else:
            detail = f"{prefix}removed" + (
                f" (was {words.value(table, 'status', status)})" if status else ""
            )
    else:
        label = "" if field == "status" else FIELD_WORDS.get(field, field.replace("_", " "))
        before, after = (
            words.value(table, field, c["before"]),
            words.value(table, field, c["after"]),
        )
        detail = f"{prefix}{label + ' ' if label else ''}{before} \u2192 {after}"
        if table == "eligibilities" and field == "status":
            step = _rank(c["after"]) - _rank(c["before"])
            direction = "loosened" if step > 0 else "tightened" if step < 0 else ""
    return ChangeSentence(
        _subject(table, row, words.offerings),
        detail,
        c["source"],
        c["verified_on"],
        c["key"] if table == "eligibilities" else "",
        direction,
    )


def version_changes(version: PolicyVersion) -> VersionChanges:
    """A published version's changes in words: its note, its summary line and a sentence per
    change, grouped by offering (then the other facts)."""
    return describe_version(
        version.changes, version.snapshot, initial=version.number == 1, note=version.note
    )


def describe_version(
    changes: list[dict], snapshot: Snapshot, initial: bool, note: str = ""
) -> VersionChanges:
    """Changes (as `PolicyVersion.changes` stores them) as sentences, grouped by offering."""
    from .snapshot import TABLES

    rows = {t: {row_key(t, r): r for r in snapshot.get(t, [])} for t in TABLES}
    removed = [c for c in changes if not c["field"] and c["after"] is None]
    words = _Words.of(snapshot, removed)
    order = {r["slug"]: i for i, r in enumerate(snapshot.get("offerings", []))}
    tables = list(TABLES)

    # A row whose status (or another field) changed says its new date in its sentence.
    changed = {(c["table"], c["key"]) for c in changes if c["field"] not in ("", "verified_on")}
    keyed = []
    for index, c in enumerate(changes):
        table = c["table"]
        if c["field"] == "verified_on" and (table, c["key"]) in changed:
            continue
        row = (c["after"] or c["before"]) if not c["field"] else rows[table].get(c["key"])
        # A changed row is always in its version's snapshot; this is for a damaged one.
        keys = dict(zip(TABLES[table][1], c["key"].split("/"), strict=False))
        row = row or {"slug": c["key"], **keys}
        sentence = _sentence(c, row, words)
        if table in ("eligibilities", "offerings"):
            offering = row.get("offering") if table == "eligibilities" else row.get("slug")
            sort = (0, order.get(offering, len(order)), sentence.subject, index)
        else:
            sort = (1 + tables.index(table), 0, sentence.subject, index)
        keyed.append((sort, sentence))
    added = [
        c for c in changes if not c["field"] and c["before"] is None and c["table"] != "sources"
    ]
    return VersionChanges(
        tuple(s for _, s in sorted(keyed, key=lambda pair: pair[0])),
        initial,
        len(added),
        len({c["after"].get("source") for c in added}) == 1,
        note,
    )
