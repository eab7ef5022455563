"""The wizard's steps and how answers move through them; no HTTP, no ORM."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policydata.contract import ANSWER_KEYS, LIST_KEYS
from policydata.matrix import PolicyMatrix

DEFAULT_ANSWERS: dict[str, Any] = {
    "phi": False,
    "zero_retention": False,
    "eu_data_subjects": False,
    "storage_region": "any",
    "inference_region": "any",
    "browser_client": False,
    "surfaces": [],
    "features": [],
    "models": [],
    "certifications": [],
}


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    why: str
    keys: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(
        "data",
        "Your data",
        "Health information, EU personal data and retention requirements decide which "
        "programs (BAA, GDPR terms, ZDR) you need.",
        ("phi", "eu_data_subjects", "zero_retention"),
    ),
    Step(
        "surfaces",
        "Where you will use Claude",
        "Each product surface has its own coverage: the BAA, ZDR and residency apply surface "
        "by surface.",
        ("surfaces",),
    ),
    Step(
        "features",
        "API features",
        "Some API features store data or are blocked under HIPAA; we check each one you plan "
        "to use.",
        ("features",),
    ),
    Step(
        "setup",
        "Models, regions and clients",
        "Some models require data retention, only some support pinning inference to a "
        "region, and browser clients change what ZDR allows.",
        ("models", "storage_region", "inference_region", "browser_client"),
    ),
    Step(
        "certifications",
        "Required certifications",
        "We check each certification your policy requires against what Anthropic holds.",
        ("certifications",),
    ),
    Step(
        "review",
        "Review your answers",
        "Check everything once before you see the result; every answer can be edited.",
        (),
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def uses_api(answers: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether any chosen surface has API features to choose from."""
    return any(
        matrix.offerings[s].offers_api_features
        for s in answers.get("surfaces", [])
        if s in matrix.offerings
    )


def visible_steps(answers: dict[str, Any], matrix: PolicyMatrix) -> tuple[Step, ...]:
    """The steps this buyer sees: API features only when an API surface was chosen.

    Until the surfaces are answered the features step still counts, so the progress
    indicator does not shrink under a buyer who has not chosen yet.
    """
    pending = "surfaces" not in answers
    return tuple(s for s in STEPS if s.slug != "features" or pending or uses_api(answers, matrix))


def neighbour(step: str, answers: dict[str, Any], matrix: PolicyMatrix, offset: int) -> str | None:
    """The step before (-1) or after (+1) this one, among the visible steps."""
    slugs = [s.slug for s in visible_steps(answers, matrix)]
    if step not in slugs:  # e.g. the features step after the API surface was removed
        slugs = [s.slug for s in STEPS]
    index = slugs.index(step) + offset
    return slugs[index] if 0 <= index < len(slugs) else None


def merged_answers(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored draft answers over the contract defaults (only known keys)."""
    return {key: stored.get(key, DEFAULT_ANSWERS[key]) for key in ANSWER_KEYS}


def effective_answers(stored: dict[str, Any], matrix: PolicyMatrix) -> dict[str, Any]:
    """What is assessed: features count only while an API surface is chosen."""
    answers = merged_answers(stored)
    if not uses_api(answers, matrix):
        answers["features"] = []
    for key in LIST_KEYS:
        answers[key] = list(answers[key])
    return answers
