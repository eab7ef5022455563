"""Reading and writing a buyer's draft: on every wizard request, so in as few statements
as the database allows.

Every step reads its draft and every answered step writes it. Through the ORM, building
those statements cost several times running them (a locked read, then an update), so
the read is one plain SELECT and the write one conditional UPDATE.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from policydata.matrix import latest_version_sql

from .models import Draft

_FIELDS = [f for f in Draft._meta.concrete_fields]
_COLUMNS = ", ".join(connection.ops.quote_name(f.column) for f in _FIELDS)
_TABLE = connection.ops.quote_name(Draft._meta.db_table)
# With the latest published version's number, which every wizard request needs as well.
_BY_TOKEN = f"SELECT {_COLUMNS}, ({latest_version_sql()}) FROM {_TABLE} WHERE token = %s"
# Merging a step into the answers read is right exactly when the stored answers are still
# those: the UPDATE names them, and applies to no row if anyone changed them in between.
_IF_UNCHANGED = f"UPDATE {_TABLE} SET answers = %s, updated_at = %s WHERE id = %s AND answers = %s"
_ANSWERS = Draft._meta.get_field("answers")
_UPDATED_AT = Draft._meta.get_field("updated_at")


@functools.cache
def _converters() -> list[list[Any]]:
    """Each column's converters from the database's value, in the order the ORM applies
    them: the backend's, then the field's."""
    return [
        connection.ops.get_db_converters(f.get_col(Draft._meta.db_table))
        + f.get_db_converters(connection)
        for f in _FIELDS
    ]


def read_draft(token: str) -> tuple[Draft | None, int | None]:
    """The live draft with this token (None if unknown or expired), and the latest
    published version's number, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(_BY_TOKEN, [token])
        row = cursor.fetchone()
    if row is None:
        return None, None
    *values, latest_number = row
    converted = []
    for field, converters, value in zip(_FIELDS, _converters(), values, strict=True):
        for converter in converters:
            value = converter(value, field, connection)
        converted.append(value)
    draft = Draft.from_db("default", [f.attname for f in _FIELDS], converted)
    return (None if draft.updated_at < Draft.expiry_cutoff() else draft), latest_number


def merge_answers(draft: Draft, changes: dict[str, Any]) -> Draft:
    """Add a step's answers to the draft as stored now; `draft` is the one read for this
    request. Two tabs posting different steps at once both keep their answers."""
    answers = {**draft.answers, **changes}
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _IF_UNCHANGED,
            [
                _ANSWERS.get_db_prep_save(answers, connection),
                _UPDATED_AT.get_db_prep_save(now, connection),
                draft.pk,
                _ANSWERS.get_db_prep_save(draft.answers, connection),
            ],
        )
        written = cursor.rowcount == 1
    if written:
        draft.answers, draft.updated_at = answers, now
        return draft
    # Someone changed the answers since they were read (or the stored text is spelt
    # differently): merge into what is stored, under a lock.
    with transaction.atomic():
        fresh = Draft.objects.select_for_update().get(pk=draft.pk)
        fresh.answers = {**fresh.answers, **changes}
        fresh.save(update_fields=["answers", "updated_at"])
    return fresh
