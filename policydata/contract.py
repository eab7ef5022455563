"""The assessment contract (v2): validating answers, the result's JSON, and its JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .matrix import PolicyMatrix
from .remedies import MAX_REMEDIES, Remedy, change_as_dict
from .rules import (
    CLAUDE_CODE_ACCESS,
    CONTRACT_VERSION,
    REGIONS,
    SEVERITIES,
    Answers,
    Assessment,
    Finding,
)

BOOLEAN_KEYS = ("phi", "zero_retention", "eu_data_subjects", "browser_client")
REGION_KEYS = ("storage_region", "inference_region")
LIST_KEYS = ("surfaces", "features", "models", "certifications")
CHOICE_KEYS = {"claude_code_access": CLAUDE_CODE_ACCESS}
CHOICE_DEFAULTS = {"claude_code_access": "unsure"}
ANSWER_KEYS = (*BOOLEAN_KEYS, *REGION_KEYS, *LIST_KEYS, *CHOICE_KEYS)
MAX_LIST_ITEMS = 200
MAX_SLUG_LENGTH = 100
FINDING_CODES = (
    "baa-not-covered",
    "baa-via-cloud-provider",
    "baa-required",
    "hipaa-feature-blocked",
    "hipaa-feature-partial",
    "phi-outside-schemas",
    "hipaa-instead-of-zdr",
    "zdr-not-eligible",
    "zdr-conditional",
    "zdr-qualified",
    "zdr-setup",
    "zdr-no-cors",
    "zdr-exceptions",
    "covered-model-retention",
    "retention-default",
    "storage-region-unavailable",
    "inference-region-unavailable",
    "inference-geo-us",
    "inference-geo-unsupported-model",
    "workspace-geo-us",
    "residency-set-by-platform",
    "residency-not-stated",
    "baa-not-stated",
    "zdr-not-stated",
    "covered-model-platform",
    "gdpr-controller",
    "gdpr-transfers",
    "certification-not-held",
    "certification-held",
    "training-policy",
    "consumer-terms",
)


@dataclass(frozen=True)
class AnswerError:
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def valid_slugs(matrix: PolicyMatrix) -> dict[str, tuple[str, ...]]:
    """The slugs each list answer accepts, from the current policy data."""
    return {
        "surfaces": matrix.surfaces,
        "features": matrix.features,
        "models": tuple(matrix.models),
        "certifications": tuple(matrix.certifications),
    }


def parse_answers(data: object, matrix: PolicyMatrix) -> tuple[Answers | None, list[AnswerError]]:
    """Validate raw answers; return Answers, or every problem found (never a partial guess)."""
    if not isinstance(data, dict):
        return None, [AnswerError("", "The answers must be a JSON object.")]
    errors: list[AnswerError] = []
    unknown = sorted(str(key)[:MAX_SLUG_LENGTH] for key in data if key not in ANSWER_KEYS)
    for key in unknown:
        errors.append(
            AnswerError(
                key, f"Unknown key \u201c{key}\u201d. Known keys: {', '.join(ANSWER_KEYS)}."
            )
        )
    values: dict[str, Any] = {}
    for key in BOOLEAN_KEYS:
        value = data.get(key, False)
        if not isinstance(value, bool):
            errors.append(AnswerError(key, f"\u201c{key}\u201d must be true or false."))
        values[key] = value
    for key in REGION_KEYS:
        value = data.get(key, "any")
        if not isinstance(value, str) or value not in REGIONS:
            errors.append(
                AnswerError(key, f"\u201c{key}\u201d must be one of {', '.join(REGIONS)}.")
            )
        values[key] = value
    for key, choices in CHOICE_KEYS.items():
        value = data.get(key, CHOICE_DEFAULTS[key])
        if not isinstance(value, str) or value not in choices:
            errors.append(
                AnswerError(key, f"\u201c{key}\u201d must be one of {', '.join(choices)}.")
            )
        values[key] = value
    slugs = valid_slugs(matrix)
    for key in LIST_KEYS:
        value = data.get(key, [])
        if not isinstance(value, list):
            errors.append(AnswerError(key, f"\u201c{key}\u201d must be a list of slugs."))
            continue
        if len(value) > MAX_LIST_ITEMS:
            errors.append(
                AnswerError(
                    key,
                    f"\u201c{key}\u201d has {len(value)} items; at most "
                    f"{MAX_LIST_ITEMS} are accepted.",
                )  # fmt: skip
            )
            continue
        known = set(slugs[key])
        chosen: list[str] = []
        listed_valid = False
        for index, item in enumerate(value):
            if not isinstance(item, str):
                errors.append(AnswerError(f"{key}[{index}]", "Each item must be a slug string."))
            elif item not in known:
                shown = item[:MAX_SLUG_LENGTH]
                # The valid slugs once per list, so a long bad list cannot bloat the reply.
                valid = "see /api/schema" if listed_valid else ", ".join(slugs[key])
                listed_valid = True
                errors.append(
                    AnswerError(
                        f"{key}[{index}]",
                        f"Unknown {key[:-1]} \u201c{shown}\u201d. Valid: {valid}.",
                    )
                )
            elif item not in chosen:
                chosen.append(item)
        # Canonical order (the matrix's), so the same selection gives the same result.
        values[key] = tuple(slug for slug in slugs[key] if slug in chosen)
    errors.extend(_combination_errors(values, data, matrix))
    if errors:
        return None, errors
    return Answers(**values), []


def _combination_errors(
    values: dict[str, Any], data: dict, matrix: PolicyMatrix
) -> list[AnswerError]:
    """Answers that are valid one by one but not together (contract v2)."""
    surfaces = values.get("surfaces")
    if not isinstance(surfaces, tuple):  # already reported as malformed
        return []
    errors = []
    if not data.get("surfaces"):  # a list of only unknown slugs is reported slug by slug
        errors.append(
            AnswerError(
                "surfaces",
                "Name at least one surface: the product you will use Claude through "
                "(for example messages-api or claude-enterprise).",
            )
        )
    features = values.get("features")
    if isinstance(features, tuple):
        orphans = [f for f in features if matrix.offerings[f].parent not in surfaces]
        parents = sorted({matrix.offerings[f].parent for f in orphans})
        if orphans:
            errors.append(
                AnswerError(
                    "features",
                    f"The features {', '.join(orphans)} are Claude API features: add "
                    f"{' and '.join(p or '?' for p in parents)} to \u201csurfaces\u201d, or "
                    f"remove them.",
                )
            )
    return errors


def answers_as_dict(answers: Answers) -> dict[str, Any]:
    """The answers in contract form (lists as JSON arrays)."""
    return {
        key: list(getattr(answers, key)) if key in LIST_KEYS else getattr(answers, key)
        for key in ANSWER_KEYS
    }


def finding_as_dict(finding: Finding) -> dict[str, Any]:
    because_answers: dict[str, Any] = {}
    for key, value in finding.because.answers:
        if key in LIST_KEYS:
            because_answers.setdefault(key, []).append(value)
        else:
            because_answers[key] = value
    return {
        "code": finding.code,
        "severity": finding.severity,
        "subject": finding.subject,
        "message": finding.message,
        "sources": [
            {
                "title": citation.source.title,
                "url": citation.source.url,
                "kind": citation.kind,
                "verified_on": citation.verified_on.isoformat() if citation.verified_on else None,
            }
            for citation in finding.sources
        ],
        "because": {
            "answers": because_answers,
            "rows": [
                {
                    "table": row.table,
                    "program": row.program,
                    "subject": row.subject,
                    "status": row.status,
                    "detail": row.detail,
                    "source": {"title": row.source.title, "url": row.source.url},
                    "cited": (
                        {"title": row.cited.title, "url": row.cited.url} if row.cited else None
                    ),
                    "verified_on": row.verified_on.isoformat(),
                }
                for row in finding.because.rows
            ],
        },
    }


def remedy_as_dict(remedy: Remedy) -> dict[str, Any]:
    return {
        "summary": remedy.summary,
        "changes": [change_as_dict(change) for change in remedy.changes],
        "verdict": remedy.verdict,
    }


def assessment_as_dict(assessment: Assessment, remedies: tuple[Remedy, ...] = ()) -> dict[str, Any]:
    """The v2 result: contract, verdict, findings, remedies, configuration, policy_version."""
    c = assessment.configuration
    return {
        "contract": CONTRACT_VERSION,
        "verdict": assessment.verdict,
        "findings": [finding_as_dict(f) for f in assessment.findings],
        "remedies": [remedy_as_dict(r) for r in remedies],
        "configuration": {
            "hipaa_organization": c.hipaa_organization,
            "zero_data_retention": c.zero_data_retention,
            "inference_geo": c.inference_geo,
            "workspace_geo": c.workspace_geo,
            "features_to_avoid": list(c.features_to_avoid),
            "surfaces_to_avoid": list(c.surfaces_to_avoid),
            "models_to_avoid": list(c.models_to_avoid),
            "baa_activation": dict(c.baa_activation),
            "covered_model_workspace": (
                {
                    key: list(value) if isinstance(value, tuple) else value
                    for key, value in c.covered_model_workspace
                }
                if c.covered_model_workspace
                else None
            ),
            "backend_proxy_required": c.backend_proxy_required,
            "inference_price_multiplier": c.inference_price_multiplier,
            "data_controller": c.data_controller,
        },
        "policy_version": assessment.policy_version,
    }


def json_schema(matrix: PolicyMatrix) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the answers and the result, with today's valid slugs."""
    slugs = valid_slugs(matrix)
    slug_list = {
        key: {
            "type": "array",
            "maxItems": MAX_LIST_ITEMS,
            "items": {"enum": list(values)},
            "default": [],
        }
        for key, values in slugs.items()
    }
    slug_list["surfaces"] = {**slug_list["surfaces"], "minItems": 1}
    slug_list["surfaces"].pop("default")
    slug_list["features"]["description"] = (
        "Claude API features; naming any requires their surface (messages-api) in surfaces."
    )
    source = {
        "type": "object",
        "required": ["title", "url", "kind", "verified_on"],
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "url": {"type": ["string", "null"], "format": "uri"},
            "kind": {
                "enum": ["primary", "cited"],
                "description": "primary: the source document, checked on verified_on; "
                "cited: a page the source document attributes the fact to (not checked "
                "independently, so verified_on is null).",
            },
            "verified_on": {"type": ["string", "null"], "format": "date"},
        },
    }
    answers = {
        "type": "object",
        "additionalProperties": False,
        "required": ["surfaces"],
        "properties": {
            **{key: {"type": "boolean", "default": False} for key in BOOLEAN_KEYS},
            **{key: {"enum": list(REGIONS), "default": "any"} for key in REGION_KEYS},
            **slug_list,
            **{
                key: {
                    "enum": list(choices),
                    "default": CHOICE_DEFAULTS[key],
                    "description": "How Claude Code is reached; read only when claude-code "
                    "is among the surfaces.",
                }
                for key, choices in CHOICE_KEYS.items()
            },
        },
    }
    finding = {
        "type": "object",
        "required": ["code", "severity", "subject", "message", "sources", "because"],
        "properties": {
            "code": {"enum": list(FINDING_CODES)},
            "severity": {"enum": list(SEVERITIES)},
            "subject": {"type": ["string", "null"]},
            "message": {"type": "string"},
            "sources": {"type": "array", "items": source},
            "because": {
                "type": "object",
                "required": ["answers", "rows"],
                "properties": {
                    "answers": {"type": "object"},
                    "rows": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    }
    remedy = {
        "type": "object",
        "required": ["summary", "changes", "verdict"],
        "properties": {
            "summary": {"type": "string", "minLength": 1},
            "verdict": {
                "enum": ["ready", "ready_with_conditions"],
                "description": "What assessing the answers with these changes gives: "
                "always better than the result's own verdict.",
            },
            "changes": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["answer"],
                    "properties": {
                        "answer": {"enum": list(ANSWER_KEYS)},
                        "remove": {"type": "array", "items": {"type": "string"}},
                        "add": {"type": "array", "items": {"type": "string"}},
                        "set": {},
                    },
                    "oneOf": [
                        {"required": ["remove"]},
                        {"required": ["add"]},
                        {"required": ["set"]},
                    ],
                },
            },
        },
    }
    geo = {
        control: {"enum": [*(o.value for o in matrix.residency_values(control)), None]}
        for control in ("inference_geo", "workspace_geo")
    }
    result = {
        "type": "object",
        "required": [
            "contract",
            "verdict",
            "findings",
            "remedies",
            "configuration",
            "policy_version",
        ],
        "properties": {
            "contract": {"const": CONTRACT_VERSION},
            "verdict": {"enum": ["ready", "ready_with_conditions", "blocked"]},
            "findings": {"type": "array", "items": finding},
            "remedies": {
                "type": "array",
                "maxItems": MAX_REMEDIES,
                "items": remedy,
                "description": "The way to a better verdict, best first: applying a "
                "remedy's changes to the answers and assessing again gives its verdict. "
                "Empty for a ready result.",
            },
            "configuration": {
                "type": "object",
                "required": [
                    "hipaa_organization",
                    "zero_data_retention",
                    "inference_geo",
                    "workspace_geo",
                    "features_to_avoid",
                    "data_controller",
                ],
                "properties": {
                    "hipaa_organization": {"type": "boolean"},
                    "zero_data_retention": {"type": "boolean"},
                    "inference_geo": {
                        **geo["inference_geo"],
                        "description": "null unless a surface with Anthropic's residency "
                        "controls is chosen.",
                    },
                    "workspace_geo": {
                        **geo["workspace_geo"],
                        "description": "null unless a surface with Anthropic's residency "
                        "controls is chosen.",
                    },
                    "features_to_avoid": {"type": "array", "items": {"type": "string"}},
                    "inference_price_multiplier": {"type": ["string", "null"]},
                    "data_controller": {
                        "type": ["string", "null"],
                        "description": "Set only for consumer plans with EEA/UK/CH data "
                        "subjects; business content is governed by the customer agreement.",
                    },
                },
            },
            "policy_version": {"type": "string"},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "/api/schema",
        "title": "Claude compliance assessment contract v2",
        "contract": CONTRACT_VERSION,
        "policy_version": matrix.version,
        "$defs": {
            "answers": answers,
            "result": result,
            "finding": finding,
            "remedy": remedy,
            "source": source,
        },
        "oneOf": [{"$ref": "#/$defs/answers"}, {"$ref": "#/$defs/result"}],
    }
