"""One engine, three doors: the wizard, the JSON API and the CLI all call `assess_answers`."""

from __future__ import annotations

import json
from typing import Any

from .contract import AnswerError, answers_as_dict, assessment_as_dict, parse_answers
from .matrix import PolicyMatrix, current_matrix
from .remedies import find_remedies
from .rules import assess

Result = dict[str, Any]


def assess_normalised(
    data: object, matrix: PolicyMatrix | None = None
) -> tuple[dict[str, Any] | None, Result | None, list[AnswerError]]:
    """Validate raw answers; return them in canonical form with their assessment."""
    matrix = matrix or current_matrix()
    answers, errors = parse_answers(data, matrix)
    if answers is None:
        return None, None, errors
    assessment = assess(answers, matrix)
    remedies = find_remedies(answers, matrix, assessment)
    return answers_as_dict(answers), assessment_as_dict(assessment, remedies), []


def assess_answers(
    data: object, matrix: PolicyMatrix | None = None
) -> tuple[Result | None, list[AnswerError]]:
    """Validate raw answers and assess them against the current (or given) policy matrix."""
    _, result, errors = assess_normalised(data, matrix)
    return result, errors


def decode_json(raw: bytes | str) -> tuple[object, list[AnswerError]]:
    """Parse a JSON document, reporting malformed input as an answer error."""
    try:
        return json.loads(raw), []
    except (ValueError, RecursionError) as exc:
        return None, [AnswerError("", f"Malformed JSON: {exc}")]
