"""The wizard's steps and how answers move through them; no HTTP, no ORM."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policydata.contract import ANSWER_KEYS, LIST_KEYS
from policydata.matrix import OfferingInfo, PolicyMatrix

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


# API features the wizard asks about through another question: the data-residency feature
# is inference_geo, in use whenever the buyer needs inference in a region. It is assessed
# like any feature chosen (the source does not state its ZDR eligibility).
IMPLIED_FEATURES = {"data-residency": "inference_region"}


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


def feature_parents(matrix: PolicyMatrix) -> frozenset[str]:
    """The surfaces whose API features a buyer chooses (the Claude API); once per version."""
    return matrix.kept(
        "wizard-feature-parents",
        None,
        lambda: frozenset(matrix.offerings[f].parent for f in matrix.features),
        limit=1,
    )


def _chosen(answers: dict[str, Any], matrix: PolicyMatrix) -> list[OfferingInfo]:
    """The chosen surfaces the matrix knows (a removed one is reported by the engine)."""
    return [matrix.offerings[s] for s in answers.get("surfaces", []) if s in matrix.offerings]


def uses_api(answers: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether a chosen surface has API features to choose from (contract v2: the Claude
    API; features without it are refused)."""
    return bool(feature_parents(matrix) & set(answers.get("surfaces", [])))


def uses_routes(answers: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether a chosen surface is reached by a route the buyer must name (Claude Code)."""
    return any(matrix.offerings[r].parent in answers.get("surfaces", []) for r in matrix.routes)


def chooses_models(answers: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether a chosen surface lets the buyer choose Claude models: one called from the
    buyer's own code, or one where the data names who sets Covered Models' retention
    (blank means "no model choice here", as in the Claude apps)."""
    return any(o.offers_api_features or o.covered_model_retention for o in _chosen(answers, matrix))


def calls_from_code(answers: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether a chosen surface is called from the buyer's own code (and so, perhaps, from
    their web app in users' browsers)."""
    return any(o.offers_api_features for o in _chosen(answers, matrix))


def asked_keys(step: Step, answers: dict[str, Any], matrix: PolicyMatrix) -> tuple[str, ...]:
    """The answers a step asks this buyer for: the setup step asks about models only where
    there is a model choice, and about browser calls only where the buyer calls Claude from
    their own code. Until the surfaces are answered every question counts."""
    if step.slug != "setup" or "surfaces" not in answers:
        return step.keys
    skip = set()
    if not chooses_models(answers, matrix):
        skip.add("models")
    if not calls_from_code(answers, matrix):
        skip.add("browser_client")
    return tuple(k for k in step.keys if k not in skip)


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


def asked_answers(answers: dict[str, Any], matrix: PolicyMatrix) -> tuple[str, ...]:
    """Every answer the visible steps ask this buyer for, in the steps' order."""
    return tuple(k for s in visible_steps(answers, matrix) for k in asked_keys(s, answers, matrix))


def unanswered_keys(stored: dict[str, Any], matrix: PolicyMatrix) -> frozenset[str]:
    """The answers the visible steps ask for that the draft does not hold yet.

    A step's answers are stored when it is posted, even an empty list (no API features, no
    certification required), so "not in the draft" means "never answered".
    """
    return frozenset(k for k in asked_answers(stored, matrix) if k not in stored)


def unanswered_steps(stored: dict[str, Any], matrix: PolicyMatrix) -> tuple[Step, ...]:
    """The visible steps with a question the draft has no answer to, in order."""
    missing = unanswered_keys(stored, matrix)
    return tuple(s for s in visible_steps(stored, matrix) if missing.intersection(s.keys))


def first_unanswered(stored: dict[str, Any], matrix: PolicyMatrix) -> Step | None:
    """Where the buyer picks up: the first visible step still to answer, if any."""
    steps = unanswered_steps(stored, matrix)
    return steps[0] if steps else None


def remedy_holds(answers: dict[str, Any], changed: dict[str, Any], matrix: PolicyMatrix) -> bool:
    """Whether the wizard assesses a remedy's answers as the engine did: not when the remedy
    leaves out a feature another answer implies (a region asked for keeps data residency)."""
    kept = set(effective_answers(changed, matrix)["features"])
    return not any(
        f in answers.get("features", []) and f not in changed.get("features", []) and f in kept
        for f in IMPLIED_FEATURES
    )


def neighbour(
    step: str,
    answers: dict[str, Any],
    matrix: PolicyMatrix,
    offset: int,
    visible: tuple[Step, ...] | None = None,
) -> str | None:
    """The step before (-1) or after (+1) this one, among the visible steps (`visible`, when
    the caller has them already)."""
    slugs = [s.slug for s in visible or visible_steps(answers, matrix)]
    if step not in slugs:  # e.g. the features step after the API surface was removed
        slugs = [s.slug for s in STEPS]
    index = slugs.index(step) + offset
    return slugs[index] if 0 <= index < len(slugs) else None


def merged_answers(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored draft answers over the contract defaults (only known keys: the wizard's
    own notes, such as `features_unsure`, are not answers)."""
    return {key: stored.get(key, DEFAULT_ANSWERS[key]) for key in ANSWER_KEYS}


def effective_answers(stored: dict[str, Any], matrix: PolicyMatrix) -> dict[str, Any]:
    """What is assessed: only what the buyer is asked. Features count only while their
    surface is chosen, the access route only while Claude Code is, models only while a
    chosen surface offers a model choice, browser calls only while one is called from code.
    An answer to a question no longer asked is kept in the draft but not assessed."""
    answers = merged_answers(stored)
    chosen = set(answers["surfaces"])
    answers["features"] = [
        f
        for f in answers["features"]
        if f not in matrix.offerings or matrix.offerings[f].parent in chosen
    ]
    for feature, key in IMPLIED_FEATURES.items():
        offering = matrix.offerings.get(feature)
        implied = offering is not None and offering.parent in chosen and answers[key] != "any"
        if implied and feature not in answers["features"]:
            answers["features"] = [*answers["features"], feature]
    if not uses_routes(answers, matrix):
        answers["claude_code_access"] = DEFAULT_ANSWERS["claude_code_access"]
    if not chooses_models(answers, matrix):
        answers["models"] = []
    if not calls_from_code(answers, matrix):
        answers["browser_client"] = DEFAULT_ANSWERS["browser_client"]
    for key in LIST_KEYS:
        answers[key] = list(answers[key])
    return answers
