"""Evidence for every change: the rule a fact row's edit must meet, as a pure function.

A change to what a row asserts (an eligibility's status or condition, a certification's
status) needs a fresh verified date (not in the future, not before the previous one, and
newer than it unless it was already verified today) and a change reason, which
django-simple-history stores in the history row. A verified date may never move into the
future or backwards. `FactRow.clean()` applies it, so admin forms, `import_policy` and the
spreadsheet import (all validate with `full_clean()`) obey it; so does a shell that calls
`full_clean()` before `save()`.

One recorded exception: a rollback (`restoring_published`, used by
`policydata.versions.rollback_draft`) puts back a published version's rows exactly, their
older verified dates included; it still needs a reason ("Rolled back to v3") and a date
not in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS

# Why a rollback may take a verified date back: the rows it writes are a published record,
# whose evidence is the check made on that date. Stamping today's date instead would claim
# a check nobody made. A context variable, so only this thread's (or task's) saves relax.
_restoring: ContextVar[bool] = ContextVar("policydata_restoring_published", default=False)


@contextmanager
def restoring_published() -> Iterator[None]:
    """Within it, fact rows may return to a published version's (older) verified dates."""
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)


def is_restoring_published() -> bool:
    """Whether a rollback is writing a published version's rows back."""
    return _restoring.get()


def evidence_errors(
    *,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    evidence_fields: tuple[str, ...],
    reason: str,
    today: dt.date,
    restoring: bool = False,
) -> dict[str, list[str]]:
    """What is missing for this edit to stand ({} if nothing): errors by field.

    `before` is the stored row (None for a new one), `after` the edited one; both carry
    `verified_on` and the `evidence_fields`. `restoring` (a rollback to a published
    version) lets the date go back and keep a status change on its published date."""
    errors: dict[str, list[str]] = {}
    verified = after.get("verified_on")
    previous = before.get("verified_on") if before else None
    if isinstance(previous, dt.date) and previous > today:
        # A date stored in the future (a typo from before this rule) proves nothing and
        # would make every correction "go back": the fix is judged as if undated.
        previous = None
    if not isinstance(verified, dt.date):
        return errors  # the field's own validation reports a missing date
    if verified != previous:
        if verified > today:
            errors.setdefault("verified_on", []).append(
                f"The verified date cannot be in the future (today is {today.isoformat()})."
            )
        if previous and verified < previous and not restoring:
            errors.setdefault("verified_on", []).append(
                f"The verified date cannot go back: this row was last verified on "
                f"{previous.isoformat()}."
            )
    if before is None:
        return errors
    changed = [name for name in evidence_fields if before.get(name) != after.get(name)]
    if not changed:
        return errors
    what = " and ".join(changed)
    if previous and verified <= previous and previous != today and not restoring:
        errors.setdefault("verified_on", []).append(
            f"A change to the {what} needs a new verified date: the day you checked it "
            f"against the source (last verified {previous.isoformat()})."
        )
    if not reason.strip():
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            f"A change to the {what} needs a change reason (recorded in the history)."
        )
    return errors
