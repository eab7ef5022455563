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
    "claude_code_access": "unsure",
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
        "access",
        "How your developers reach Claude Code",
        "Whether Claude Code can run under zero data retention depends on how developers "
        "sign in to it: with your organization's API keys, through Claude Enterprise, or "
        "another plan.",
        ("claude_code_access",),
    ),
    Step(
        "features",
        "Claude API features",
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


def feature_parents(matrix: PolicyMatrix) -> set[str]:
    """The surfaces whose API features a buyer chooses (the Claude API)."""
    return {matrix.offerings[f].parent for f in matrix.features}


def uses_api(answers: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether a chosen surface has API features to choose from (contract v2: the Claude
    API; features without it are refused)."""
    return bool(feature_parents(matrix) & set(answers.get("surfaces", [])))


def uses_routes(answers: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether a chosen surface is reached by a route the buyer must name (Claude Code)."""
    return any(matrix.offerings[r].parent in answers.get("surfaces", []) for r in matrix.routes)


def visible_steps(answers: dict[str, Any], matrix: PolicyMatrix) -> tuple[Step, ...]:
    """The steps this buyer sees: API features only when the Claude API was chosen, the
    Claude Code question only when Claude Code was.

    Until the surfaces are answered the features step still counts, so the progress
    indicator does not shrink under a buyer who has not chosen yet.
    """
    pending = "surfaces" not in answers
    shown = {
        "features": pending or uses_api(answers, matrix),
        "access": uses_routes(answers, matrix),
    }
    return tuple(s for s in STEPS if shown.get(s.slug, True))


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
    """What is assessed: features count only while their surface is chosen, the access
    route only while Claude Code is."""
    answers = merged_answers(stored)
    chosen = set(answers["surfaces"])
    answers["features"] = [
        f
        for f in answers["features"]
        if f not in matrix.offerings or matrix.offerings[f].parent in chosen
    ]
    if not uses_routes(answers, matrix):
        answers["claude_code_access"] = DEFAULT_ANSWERS["claude_code_access"]
    for key in LIST_KEYS:
        answers[key] = list(answers[key])
    return answers
