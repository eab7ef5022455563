"""One engine, three doors: the wizard, the JSON API and the CLI all assess through here."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from .contract import AnswerError, answers_as_dict, assessment_as_dict, parse_answers
from .matrix import PolicyMatrix, current_matrix
from .remedies import find_remedies
from .rules import Answers, assess

Result = dict[str, Any]


def assess_normalised(
    data: object, matrix: PolicyMatrix | None = None
) -> tuple[dict[str, Any] | None, Result | None, list[AnswerError]]:
    """Validate raw answers; return them in canonical form with their assessment."""
    matrix = matrix or current_matrix()
    answers, errors = parse_answers(data, matrix)
    if answers is None:
        return None, None, errors
    return answers_as_dict(answers), _result(answers, matrix), []


def _result(answers: Answers, matrix: PolicyMatrix) -> Result:
    assessment = assess(answers, matrix)
    return assessment_as_dict(assessment, find_remedies(answers, matrix, assessment))


def assess_answers(
    data: object, matrix: PolicyMatrix | None = None
) -> tuple[Result | None, list[AnswerError]]:
    """Validate raw answers and assess them against the current (or given) policy matrix."""
    _, result, errors = assess_normalised(data, matrix)
    return result, errors


# Encoded results kept per published version, for the answers most recently assessed.
RESULTS_KEPT = 256


def assess_json(data: object) -> tuple[bytes | None, list[AnswerError]]:
    """`assess_answers` against the current matrix, encoded as the API's JSON body.

    A result is a pure function of the answers and the published version, so the body is
    kept in that version's memo: a client repeating its answers (a CI check, a form
    resubmitted) costs a look-up, not an assessment and its encoding.
    """
    matrix = current_matrix()
    answers, errors = parse_answers(data, matrix)
    if answers is None:
        return None, errors
    body = matrix.kept(
        "assess-json",
        answers,
        lambda: json.dumps(_result(answers, matrix), cls=DjangoJSONEncoder).encode(),
        RESULTS_KEPT,
    )
    return body, []


def decode_json(raw: bytes | str) -> tuple[object, list[AnswerError]]:
    """Parse a JSON document, reporting malformed input as an answer error."""
    try:
        return json.loads(raw), []
    except (ValueError, RecursionError) as exc:
        return None, [AnswerError("", f"Malformed JSON: {exc}")]
