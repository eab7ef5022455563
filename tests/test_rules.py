"""The assessment engine (policydata.rules) against contract v2 of shared/PRODUCT.md.

Pure: every matrix here is built in memory from the seed rows (tests/matrices.py), no DB.
One table per finding code: answers that must raise it (with the contract's severity and
subject) and answers that must not. Then one group per v2 principle (1-9), the
`claude_code_access` answer, the source sentence each code rests on, the configuration,
and the rules following the policy data when compliance staff change it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from policydata import seed
from policydata.contract import FINDING_CODES, assessment_as_dict, parse_answers
from policydata.matrix import PolicyMatrix
from policydata.rules import CONTRACT_VERSION, Answers, Assessment, Finding, assess

from .canonical import CERTIFICATIONS, FEATURES, MODELS, SURFACES
from .matrices import SOURCES, new_feature, seed_matrix

MATRIX = seed_matrix("seed")
# A copy of shared/seed/000_b723e4cd66f054c9.txt kept in the repository, so CI has it.
SOURCE_DOCUMENT = Path(__file__).resolve().parents[1] / "docs/source/000_b723e4cd66f054c9.txt"
DOCUMENT_TITLE = "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)"

# The contract's table, v2: code -> severity (shared/PRODUCT.md, "Finding codes", with the
# v2 changes: residency-unavailable-surface retired, zdr-exceptions now a warning).
CONTRACT_SEVERITY = {
    "baa-not-covered": "blocker",
    "baa-via-cloud-provider": "warning",
    "baa-required": "action",
    "hipaa-feature-blocked": "blocker",
    "hipaa-feature-partial": "warning",
    "phi-outside-schemas": "action",
    "hipaa-instead-of-zdr": "info",
    "zdr-not-eligible": "blocker",
    "zdr-conditional": "warning",
    "zdr-qualified": "warning",
    "zdr-setup": "action",
    "zdr-no-cors": "action",
    "zdr-exceptions": "warning",
    "covered-model-retention": "blocker",
    "retention-default": "info",
    "storage-region-unavailable": "blocker",
    "inference-region-unavailable": "blocker",
    "inference-geo-us": "action",
    "inference-geo-unsupported-model": "blocker",
    "workspace-geo-us": "action",
    "residency-set-by-platform": "warning",
    "residency-not-stated": "warning",
    "baa-not-stated": "warning",
    "zdr-not-stated": "warning",
    "covered-model-platform": "warning",
    "gdpr-controller": "info",
    "gdpr-transfers": "info",
    "certification-not-held": "blocker",
    "certification-held": "info",
    "training-policy": "info",
    "consumer-terms": "warning",
}

# The seed's facts, grouped the way the contract speaks of them.
BAA_COVERED = ["messages-api", "claude-enterprise"]
# "Not covered (cloud provider is the data processor; see those platforms)": set_by_platform.
BAA_VIA_CLOUD = ["amazon-bedrock", "google-vertex-ai"]
BAA_NOT_COVERED = [
    "console-workbench", "claude-team", "claude-pro", "claude-max", "claude-free", "cowork",
    "claude-code", "claude-platform-aws", "microsoft-foundry", "claude-in-office",
    "claude-design",
]  # fmt: skip
BAA_NOT_STATED = ["third-party-integrations"]
HIPAA_ELIGIBLE_FEATURES = [
    "token-counting", "prompt-caching", "structured-outputs", "extended-thinking", "citations",
    "context-1m", "pdf-inline", "data-residency", "effort", "fast-mode", "bash-tool",
    "text-editor-tool", "memory-tool",
]  # fmt: skip
HIPAA_BLOCKED_FEATURES = [
    "web-search-dynamic-filtering", "web-fetch", "computer-use", "advisor-tool",
    "context-management", "tool-search", "cache-diagnostics", "code-execution",
    "programmatic-tool-calling", "batch-api", "files-api", "agent-skills", "mcp-connector",
    "managed-agents", "mcp-tunnels",
]  # fmt: skip
ZDR_ELIGIBLE_SURFACES = ["messages-api"]
ZDR_ELIGIBLE_FEATURES = ["token-counting"]
ZDR_NOT_ELIGIBLE_SURFACES = [
    "console-workbench", "claude-team", "claude-enterprise", "claude-free", "claude-pro",
    "claude-max", "third-party-integrations",
]  # fmt: skip
ZDR_NOT_ELIGIBLE_FEATURES = [
    "managed-agents", "batch-api", "files-api", "code-execution", "agent-skills", "mcp-connector",
]  # fmt: skip
ZDR_QUALIFIED = ["structured-outputs", "cache-diagnostics"]
ZDR_NOT_STATED_SURFACES = [
    s
    for s in SURFACES
    if s not in ZDR_ELIGIBLE_SURFACES + ZDR_NOT_ELIGIBLE_SURFACES + ["claude-code"]
]
ZDR_NOT_STATED_FEATURES = [
    f
    for f in FEATURES
    if f not in ZDR_ELIGIBLE_FEATURES + ZDR_NOT_ELIGIBLE_FEATURES + ZDR_QUALIFIED
]
# "Data residency is available on the Claude API (first-party) and Claude Platform on AWS;
# on Bedrock and Vertex AI the region is set by the endpoint or inference profile."
RESIDENCY_CONTROLS = ["messages-api", "claude-platform-aws"]
RESIDENCY_BY_PLATFORM = ["amazon-bedrock", "google-vertex-ai"]
RESIDENCY_NOT_STATED = [s for s in SURFACES if s not in RESIDENCY_CONTROLS + RESIDENCY_BY_PLATFORM]
# Who sets the retention that Covered Models require.
# "ZDR is not available for these two models" wherever Anthropic runs the model; "On
# Bedrock, Vertex AI, and Microsoft Foundry, retention requirements for these models are set
# by each platform". Surfaces with no model choice (the Claude apps) have no setter.
COVERED_SET_BY_ANTHROPIC = [
    "messages-api",
    "console-workbench",
    "claude-code",
    "claude-platform-aws",
]
COVERED_SET_BY_PLATFORM = ["amazon-bedrock", "google-vertex-ai", "microsoft-foundry"]
COVERED_MODELS = ["claude-fable-5", "claude-mythos-5"]
GEO_MODELS = ["claude-fable-5", "claude-mythos-5", "claude-opus-4-6", "claude-sonnet-4-6"]
OLDER_MODELS = ["claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5"]
HELD = ["soc2-type1", "soc2-type2", "iso27001", "iso42001"]
NOT_HELD = ["iso27017", "iso27018", "fedramp", "csa-star"]
CONSUMER = ["claude-pro", "claude-max", "claude-free"]
THIRD_PARTY = ["third-party-integrations"]
TRAINING_SURFACES = [s for s in SURFACES if s not in CONSUMER + THIRD_PARTY]
RETENTION_API = ["messages-api"]
RETENTION_APPS = ["claude-enterprise", "claude-team"]
RETENTION_PROVIDER = ["amazon-bedrock", "google-vertex-ai", "microsoft-foundry"] + THIRD_PARTY
RETENTION_NOT_STATED = [
    s for s in SURFACES if s not in RETENTION_API + RETENTION_APPS + RETENTION_PROVIDER
]
ACCESS = ["api-key", "enterprise", "team", "consumer", "unsure"]
ROUTES = {
    "api-key": "Claude Code with your organization's API keys",
    "enterprise": "Claude Code through Claude Enterprise",
    "team": "Claude Code through Claude Team",
    "consumer": "Claude Code through Claude Pro or Max",
}
RESIDENCY_CODES = {
    "storage-region-unavailable",
    "inference-region-unavailable",
    "inference-geo-us",
    "workspace-geo-us",
    "inference-geo-unsupported-model",
}
REGION_PAIRS = [
    (storage, inference)
    for storage in ("any", "us", "eu")
    for inference in ("any", "us", "eu")
    if (storage, inference) != ("any", "any")
]

EVERYTHING = {
    "phi": True,
    "zero_retention": True,
    "eu_data_subjects": True,
    "storage_region": "us",
    "inference_region": "us",
    "browser_client": True,
    "surfaces": SURFACES,
    "features": FEATURES,
    "models": MODELS,
    "certifications": CERTIFICATIONS,
    "claude_code_access": "unsure",
}


# ---- helpers ---------------------------------------------------------------------------


def answers_of(**answers: Any) -> Answers:
    return Answers(**{k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()})


def run(matrix: PolicyMatrix = MATRIX, **answers: Any) -> Assessment:
    return assess(answers_of(**answers), matrix)


def api(*features: str, **answers: Any) -> dict[str, Any]:
    """Answers on the first-party API with these features (features need messages-api)."""
    surfaces = answers.pop("surfaces", [])
    return {"surfaces": ["messages-api", *surfaces], "features": list(features), **answers}


def codes(result: Assessment) -> set[str]:
    return {f.code for f in result.findings}


def the(result: Assessment, code: str, subject: str | None = None) -> Finding:
    """The single finding with this code and subject."""
    found = [f for f in result.findings if f.code == code and f.subject == subject]
    assert len(found) == 1, [(f.code, f.subject) for f in result.findings]
    return found[0]


def messages(result: Assessment) -> list[str]:
    return [f.message for f in result.findings]


def titles(finding: Finding, kind: str | None = None) -> set[str]:
    return {c.source.title for c in finding.sources if kind is None or c.kind == kind}


def evidence(finding: Finding, matrix: PolicyMatrix = MATRIX) -> str:
    """What a finding tells the buyer: its message, the sourced statements and the cell
    conditions it rests on."""
    parts = [finding.message]
    for row in finding.because.rows:
        if row.table == "statement" and row.subject in matrix.statements:
            parts.append(matrix.statements[row.subject].statement)
        parts.append(row.detail)
    return "\n".join(parts)


def raw(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as a JSON document of the contract."""
    return {k: list(v) if isinstance(v, list | tuple) else v for k, v in answers.items()}


def assert_valid(answers: dict[str, Any], matrix: PolicyMatrix = MATRIX) -> None:
    """Every case below is a valid v2 answers document (surfaces named, features with
    messages-api): the engine is judged only on what the contract accepts."""
    parsed, errors = parse_answers(raw(answers), matrix)
    assert errors == [], errors
    assert parsed is not None


@dataclass(frozen=True)
class Case:
    answers: dict[str, Any]
    subject: str | None = None
    matrix: PolicyMatrix = MATRIX

    @property
    def label(self) -> str:
        parts = []
        for key, value in self.answers.items():
            if value is True:
                parts.append(key)
            elif isinstance(value, list):
                parts.append(f"{key}={'+'.join(value)}")
            else:
                parts.append(f"{key}={value}")
        on = "" if self.matrix is MATRIX else f" on {self.matrix.version}"
        return ", ".join(parts) + on


def hit(subject: str | None, *, on: PolicyMatrix = MATRIX, **answers: Any) -> Case:
    return Case(answers, subject, on)


def miss(*, on: PolicyMatrix = MATRIX, **answers: Any) -> Case:
    return Case(answers, None, on)


@dataclass(frozen=True)
class CodeTable:
    code: str
    severity: str
    triggers: list[Case] = field(default_factory=list)
    silent: list[Case] = field(default_factory=list)


def on_surface(slug: str, **answers: Any) -> dict[str, Any]:
    """Answers naming one offering: a surface alone, or a feature on the first-party API."""
    if slug in FEATURES:
        return api(slug, **answers)
    return {"surfaces": [slug], **answers}


# Matrices that state what the seed leaves out, for the cases the seed cannot reach.
TOKEN_COUNTING_HIPAA_NOT_STATED = seed_matrix(
    "token-counting-hipaa-not-stated", cell_overrides={("hipaa", "token-counting"): None}
)
AWS_SETTER_NOT_STATED = seed_matrix(
    "aws-setter-not-stated",
    offering_overrides={"claude-platform-aws": {"covered_model_retention": "not_stated"}},
)
TEAM_RESIDENCY_NOT_AVAILABLE = seed_matrix(
    "team-residency-not-available",
    cell_overrides={("data-residency", "claude-team"): "not_available"},
)

# ---- one table per finding code --------------------------------------------------------

TABLES = [
    CodeTable(
        "baa-not-covered",
        "blocker",
        triggers=[
            *(hit(s, phi=True, surfaces=[s]) for s in BAA_NOT_COVERED),
            *(
                hit("claude-code", phi=True, surfaces=["claude-code"], claude_code_access=a)
                for a in ACCESS
            ),
        ],
        silent=[
            *(miss(phi=True, surfaces=[s]) for s in BAA_COVERED + BAA_VIA_CLOUD + BAA_NOT_STATED),
            miss(surfaces=BAA_NOT_COVERED),
            miss(phi=True, **api(*HIPAA_BLOCKED_FEATURES)),
        ],
    ),
    CodeTable(
        "baa-via-cloud-provider",
        "warning",
        triggers=[hit(s, phi=True, surfaces=[s]) for s in BAA_VIA_CLOUD],
        silent=[
            miss(surfaces=BAA_VIA_CLOUD),
            miss(phi=True, surfaces=["messages-api", "claude-platform-aws"]),
            # Foundry's HIPAA readiness is "not available": Anthropic says no, not the cloud.
            miss(phi=True, surfaces=["microsoft-foundry"]),
            miss(phi=True, surfaces=THIRD_PARTY),
        ],
    ),
    CodeTable(
        "baa-required",
        "action",
        triggers=[
            *(hit(s, phi=True, surfaces=[s]) for s in BAA_COVERED),
            hit("claude-enterprise", phi=True, surfaces=BAA_COVERED + BAA_NOT_COVERED),
        ],
        silent=[
            miss(surfaces=BAA_COVERED),
            miss(phi=True, surfaces=BAA_NOT_COVERED + BAA_VIA_CLOUD + BAA_NOT_STATED),
        ],
    ),
    CodeTable(
        "hipaa-feature-blocked",
        "blocker",
        triggers=[hit(f, phi=True, **api(f)) for f in HIPAA_BLOCKED_FEATURES],
        silent=[
            miss(phi=True, **api(*HIPAA_ELIGIBLE_FEATURES, "web-search")),
            miss(**api(*HIPAA_BLOCKED_FEATURES)),
            miss(on=TOKEN_COUNTING_HIPAA_NOT_STATED, phi=True, **api("token-counting")),
        ],
    ),
    CodeTable(
        "hipaa-feature-partial",
        "warning",
        triggers=[hit("web-search", phi=True, **api("web-search"))],
        silent=[
            miss(**api("web-search")),
            miss(phi=True, **api("web-search-dynamic-filtering", "token-counting")),
        ],
    ),
    CodeTable(
        "phi-outside-schemas",
        "action",
        triggers=[
            hit(None, phi=True, surfaces=["messages-api"]),
            hit(None, phi=True, **api("token-counting")),
            hit(None, phi=True, surfaces=["messages-api", "amazon-bedrock"]),
        ],
        silent=[
            miss(phi=True, surfaces=["claude-enterprise", "claude-team"]),
            miss(phi=True, surfaces=["amazon-bedrock", "claude-platform-aws"]),
            miss(**api("token-counting")),
        ],
    ),
    CodeTable(
        "hipaa-instead-of-zdr",
        "info",
        triggers=[
            hit(None, phi=True, zero_retention=True, surfaces=["messages-api"]),
            hit(None, phi=True, zero_retention=True, surfaces=["messages-api", "amazon-bedrock"]),
        ],
        silent=[
            miss(phi=True, surfaces=["messages-api"]),
            miss(zero_retention=True, surfaces=["messages-api"]),
            # No BAA-covered surface chosen: HIPAA readiness is not on offer there.
            *(
                miss(phi=True, zero_retention=True, surfaces=[s])
                for s in BAA_VIA_CLOUD + BAA_NOT_STATED + ["claude-code", "claude-platform-aws"]
            ),
        ],
    ),
    CodeTable(
        "zdr-not-eligible",
        "blocker",
        triggers=[
            *(hit(s, zero_retention=True, surfaces=[s]) for s in ZDR_NOT_ELIGIBLE_SURFACES),
            *(hit(f, zero_retention=True, **api(f)) for f in ZDR_NOT_ELIGIBLE_FEATURES),
            *(
                hit(
                    "claude-code",
                    zero_retention=True,
                    surfaces=["claude-code"],
                    claude_code_access=a,
                )
                for a in ("team", "consumer")
            ),
        ],
        silent=[
            miss(zero_retention=True, **api("token-counting", *ZDR_QUALIFIED)),
            *(
                miss(zero_retention=True, surfaces=["claude-code"], claude_code_access=a)
                for a in ("api-key", "enterprise", "unsure")
            ),
            # Not stated is never "not eligible".
            miss(zero_retention=True, **api(*ZDR_NOT_STATED_FEATURES)),
            miss(zero_retention=True, surfaces=ZDR_NOT_STATED_SURFACES),
            miss(surfaces=["claude-team"]),
            miss(**api(*ZDR_NOT_ELIGIBLE_FEATURES)),
        ],
    ),
    CodeTable(
        "zdr-conditional",
        "warning",
        triggers=[
            hit("claude-code", zero_retention=True, surfaces=["claude-code"]),
            hit(
                "claude-code",
                zero_retention=True,
                surfaces=["claude-code"],
                claude_code_access="unsure",
            ),
        ],
        silent=[
            *(
                miss(zero_retention=True, surfaces=["claude-code"], claude_code_access=a)
                for a in ("api-key", "enterprise", "team", "consumer")
            ),
            miss(surfaces=["claude-code"]),
            # v1 called a "not stated" cell conditional; v2 has zdr-not-stated for it.
            miss(zero_retention=True, surfaces=ZDR_NOT_STATED_SURFACES),
            miss(zero_retention=True, **api(*ZDR_NOT_STATED_FEATURES)),
        ],
    ),
    CodeTable(
        "zdr-qualified",
        "warning",
        triggers=[hit(f, zero_retention=True, **api(f)) for f in ZDR_QUALIFIED],
        silent=[
            miss(**api(*ZDR_QUALIFIED)),
            miss(zero_retention=True, **api("token-counting", "batch-api", "web-search")),
        ],
    ),
    CodeTable(
        "zdr-setup",
        "action",
        triggers=[
            hit(None, zero_retention=True, surfaces=["messages-api"]),
            hit(None, zero_retention=True, surfaces=["messages-api", "claude-team"]),
            *(
                hit(None, zero_retention=True, surfaces=["claude-code"], claude_code_access=a)
                for a in ("api-key", "enterprise", "unsure")
            ),
        ],
        silent=[
            miss(surfaces=["messages-api"]),
            miss(browser_client=True, surfaces=["messages-api"]),
            # No surface where Anthropic's ZDR arrangement can apply.
            miss(zero_retention=True, surfaces=["claude-team", "amazon-bedrock"]),
            miss(zero_retention=True, surfaces=["claude-code"], claude_code_access="team"),
        ],
    ),
    CodeTable(
        "zdr-no-cors",
        "action",
        triggers=[hit(None, zero_retention=True, browser_client=True, surfaces=["messages-api"])],
        silent=[
            miss(browser_client=True, surfaces=["messages-api"]),
            miss(zero_retention=True, surfaces=["messages-api"]),
            miss(zero_retention=True, browser_client=True, surfaces=["claude-team"]),
        ],
    ),
    CodeTable(
        "zdr-exceptions",
        "warning",
        triggers=[
            *(hit(None, zero_retention=True, surfaces=[s]) for s in SURFACES),
            *(
                hit(None, zero_retention=True, surfaces=["claude-code"], claude_code_access=a)
                for a in ACCESS
            ),
        ],
        silent=[miss(surfaces=["messages-api"]), miss(phi=True, surfaces=["messages-api"])],
    ),
    CodeTable(
        "covered-model-retention",
        "blocker",
        triggers=[
            *(
                hit(m, zero_retention=True, surfaces=["messages-api"], models=[m])
                for m in COVERED_MODELS
            ),
            *(
                hit("claude-fable-5", zero_retention=True, surfaces=[s], models=["claude-fable-5"])
                for s in COVERED_SET_BY_ANTHROPIC
            ),
            hit(
                "claude-mythos-5",
                zero_retention=True,
                surfaces=["claude-code"],
                models=["claude-mythos-5"],
                claude_code_access="api-key",
            ),
            hit(
                "claude-fable-5",
                zero_retention=True,
                surfaces=["messages-api", "amazon-bedrock"],
                models=["claude-fable-5"],
            ),
        ],
        silent=[
            miss(surfaces=["messages-api"], models=COVERED_MODELS),
            miss(
                zero_retention=True, surfaces=["messages-api"], models=GEO_MODELS[2:] + OLDER_MODELS
            ),
            # Where Anthropic does not set the retention, it is not Anthropic's blocker.
            *(
                miss(zero_retention=True, surfaces=[s], models=COVERED_MODELS)
                for s in COVERED_SET_BY_PLATFORM + ["claude-enterprise"]
            ),
            miss(
                on=AWS_SETTER_NOT_STATED,
                zero_retention=True,
                surfaces=["claude-platform-aws"],
                models=COVERED_MODELS,
            ),
        ],
    ),
    CodeTable(
        "retention-default",
        "info",
        triggers=[hit(None, surfaces=[s]) for s in SURFACES],
        silent=[miss(zero_retention=True, surfaces=[s]) for s in ("messages-api", "claude-pro")],
    ),
    CodeTable(
        "storage-region-unavailable",
        "blocker",
        triggers=[
            *(hit(None, storage_region="eu", surfaces=[s]) for s in RESIDENCY_CONTROLS),
            hit(None, storage_region="eu", inference_region="us", surfaces=RESIDENCY_CONTROLS),
            # A surface whose residency cell says "not available": subject that surface.
            hit(
                "claude-team",
                on=TEAM_RESIDENCY_NOT_AVAILABLE,
                storage_region="eu",
                surfaces=["claude-team"],
            ),
        ],
        silent=[
            miss(storage_region="us", surfaces=RESIDENCY_CONTROLS),
            miss(inference_region="eu", surfaces=["messages-api"]),
            *(
                miss(storage_region="eu", surfaces=[s])
                for s in RESIDENCY_BY_PLATFORM + RESIDENCY_NOT_STATED
            ),
        ],
    ),
    CodeTable(
        "inference-region-unavailable",
        "blocker",
        triggers=[
            *(hit(None, inference_region="eu", surfaces=[s]) for s in RESIDENCY_CONTROLS),
            hit(
                None, inference_region="eu", surfaces=["messages-api"], models=["claude-haiku-4-5"]
            ),
            hit(
                "claude-team",
                on=TEAM_RESIDENCY_NOT_AVAILABLE,
                inference_region="eu",
                surfaces=["claude-team"],
            ),
        ],
        silent=[
            miss(inference_region="us", surfaces=RESIDENCY_CONTROLS),
            miss(storage_region="eu", surfaces=["messages-api"]),
            *(
                miss(inference_region="eu", surfaces=[s])
                for s in RESIDENCY_BY_PLATFORM + RESIDENCY_NOT_STATED
            ),
        ],
    ),
    CodeTable(
        "inference-geo-us",
        "action",
        triggers=[hit(None, inference_region="us", surfaces=[s]) for s in RESIDENCY_CONTROLS],
        silent=[
            miss(inference_region="eu", surfaces=["messages-api"]),
            miss(storage_region="us", surfaces=["messages-api"]),
            *(
                miss(inference_region="us", surfaces=[s])
                for s in RESIDENCY_BY_PLATFORM + RESIDENCY_NOT_STATED
            ),
        ],
    ),
    CodeTable(
        "inference-geo-unsupported-model",
        "blocker",
        triggers=[
            hit(m, inference_region="us", surfaces=["messages-api"], models=[m])
            for m in OLDER_MODELS
        ],
        silent=[
            miss(inference_region="us", surfaces=["messages-api"], models=GEO_MODELS),
            miss(surfaces=["messages-api"], models=OLDER_MODELS),
            miss(storage_region="us", surfaces=["messages-api"], models=OLDER_MODELS),
            miss(inference_region="eu", surfaces=["messages-api"], models=OLDER_MODELS),
            # inference_geo is not a control on these surfaces, so no model rejects it there.
            *(
                miss(inference_region="us", surfaces=[s], models=OLDER_MODELS)
                for s in RESIDENCY_BY_PLATFORM + ["claude-enterprise", "microsoft-foundry"]
            ),
        ],
    ),
    CodeTable(
        "workspace-geo-us",
        "action",
        triggers=[hit(None, storage_region="us", surfaces=[s]) for s in RESIDENCY_CONTROLS],
        silent=[
            miss(storage_region="eu", surfaces=["messages-api"]),
            miss(inference_region="us", surfaces=["messages-api"]),
            *(
                miss(storage_region="us", surfaces=[s])
                for s in RESIDENCY_BY_PLATFORM + RESIDENCY_NOT_STATED
            ),
        ],
    ),
    CodeTable(
        "residency-set-by-platform",
        "warning",
        triggers=[
            hit(s, storage_region=storage, inference_region=inference, surfaces=[s])
            for s in RESIDENCY_BY_PLATFORM
            for storage, inference in REGION_PAIRS
        ],
        silent=[
            miss(surfaces=RESIDENCY_BY_PLATFORM),
            miss(eu_data_subjects=True, surfaces=RESIDENCY_BY_PLATFORM),
            miss(
                storage_region="us",
                inference_region="us",
                surfaces=RESIDENCY_CONTROLS + RESIDENCY_NOT_STATED,
            ),
        ],
    ),
    CodeTable(
        "residency-not-stated",
        "warning",
        triggers=[
            *(hit(s, storage_region="us", surfaces=[s]) for s in RESIDENCY_NOT_STATED),
            *(
                hit(
                    "claude-enterprise",
                    storage_region=st,
                    inference_region=inf,
                    surfaces=["claude-enterprise"],
                )
                for st, inf in REGION_PAIRS
            ),  # fmt: skip
        ],
        silent=[
            miss(surfaces=RESIDENCY_NOT_STATED),
            miss(eu_data_subjects=True, surfaces=RESIDENCY_NOT_STATED),
            miss(
                storage_region="eu",
                inference_region="eu",
                surfaces=RESIDENCY_CONTROLS + RESIDENCY_BY_PLATFORM,
            ),
        ],
    ),
    CodeTable(
        "baa-not-stated",
        "warning",
        triggers=[
            *(hit(s, phi=True, surfaces=[s]) for s in BAA_NOT_STATED),
            hit(
                "token-counting",
                on=TOKEN_COUNTING_HIPAA_NOT_STATED,
                phi=True,
                **api("token-counting"),
            ),
        ],
        silent=[
            miss(surfaces=BAA_NOT_STATED),
            miss(phi=True, surfaces=BAA_COVERED + BAA_VIA_CLOUD + BAA_NOT_COVERED),
            miss(phi=True, **api(*HIPAA_ELIGIBLE_FEATURES, *HIPAA_BLOCKED_FEATURES, "web-search")),
        ],
    ),
    CodeTable(
        "zdr-not-stated",
        "warning",
        triggers=[
            *(hit(s, zero_retention=True, surfaces=[s]) for s in ZDR_NOT_STATED_SURFACES),
            *(hit(f, zero_retention=True, **api(f)) for f in ZDR_NOT_STATED_FEATURES),
            # Where the data does not say who sets a Covered Model's retention.
            *(
                hit(
                    m,
                    on=AWS_SETTER_NOT_STATED,
                    zero_retention=True,
                    surfaces=["claude-platform-aws"],
                    models=[m],
                )
                for m in COVERED_MODELS
            ),
        ],
        silent=[
            miss(surfaces=ZDR_NOT_STATED_SURFACES),
            miss(zero_retention=True, surfaces=ZDR_ELIGIBLE_SURFACES + ZDR_NOT_ELIGIBLE_SURFACES),
            miss(zero_retention=True, **api(*ZDR_ELIGIBLE_FEATURES, *ZDR_NOT_ELIGIBLE_FEATURES)),
            miss(zero_retention=True, **api(*ZDR_QUALIFIED)),
            *(
                miss(zero_retention=True, surfaces=["claude-code"], claude_code_access=a)
                for a in ACCESS
            ),
        ],
    ),
    CodeTable(
        "covered-model-platform",
        "warning",
        triggers=[
            *(
                hit(s, zero_retention=True, surfaces=[s], models=[m])
                for s in COVERED_SET_BY_PLATFORM
                for m in COVERED_MODELS
            ),
            hit(
                "microsoft-foundry",
                zero_retention=True,
                surfaces=["messages-api", "microsoft-foundry"],
                models=COVERED_MODELS,
            ),
        ],
        silent=[
            miss(surfaces=COVERED_SET_BY_PLATFORM, models=COVERED_MODELS),
            miss(zero_retention=True, surfaces=COVERED_SET_BY_PLATFORM, models=GEO_MODELS[2:]),
            miss(zero_retention=True, surfaces=["messages-api"], models=COVERED_MODELS),
            miss(zero_retention=True, surfaces=COVERED_SET_BY_ANTHROPIC, models=COVERED_MODELS),
        ],
    ),
    CodeTable(
        "gdpr-controller",
        "info",
        triggers=[
            hit(None, eu_data_subjects=True, surfaces=["messages-api"]),
            hit(None, eu_data_subjects=True, surfaces=["claude-pro"]),
            hit(None, eu_data_subjects=True, surfaces=["amazon-bedrock"], storage_region="eu"),
        ],
        silent=[miss(storage_region="eu", surfaces=["messages-api"])],
    ),
    CodeTable(
        "gdpr-transfers",
        "info",
        triggers=[
            hit(None, eu_data_subjects=True, surfaces=["messages-api"]),
            hit(None, eu_data_subjects=True, surfaces=["claude-platform-aws"], storage_region="us"),
            hit(None, eu_data_subjects=True, surfaces=["messages-api"], inference_region="eu"),
        ],
        silent=[
            miss(surfaces=["messages-api"]),
            miss(eu_data_subjects=True, storage_region="eu", surfaces=["messages-api"]),
            *(
                miss(eu_data_subjects=True, surfaces=[s])
                for s in RESIDENCY_BY_PLATFORM + RESIDENCY_NOT_STATED
            ),
        ],
    ),
    CodeTable(
        "certification-not-held",
        "blocker",
        triggers=[hit(c, surfaces=["messages-api"], certifications=[c]) for c in NOT_HELD],
        silent=[
            miss(surfaces=["messages-api"], certifications=HELD),
            miss(surfaces=["messages-api"]),
        ],
    ),
    CodeTable(
        "certification-held",
        "info",
        triggers=[hit(c, surfaces=["messages-api"], certifications=[c]) for c in HELD],
        silent=[
            miss(surfaces=["messages-api"], certifications=NOT_HELD),
            miss(surfaces=["messages-api"]),
        ],
    ),
    CodeTable(
        "training-policy",
        "info",
        triggers=[
            *(hit(None, surfaces=[s]) for s in TRAINING_SURFACES),
            hit(None, surfaces=["claude-enterprise", "claude-free"]),
        ],
        silent=[miss(surfaces=CONSUMER), miss(surfaces=THIRD_PARTY)],
    ),
    CodeTable(
        "consumer-terms",
        "warning",
        triggers=[
            *(hit(s, surfaces=[s]) for s in CONSUMER),
            hit("claude-code", surfaces=["claude-code"], claude_code_access="consumer"),
        ],
        silent=[
            miss(surfaces=[s for s in SURFACES if s not in CONSUMER]),
            *(
                miss(surfaces=["claude-code"], claude_code_access=a)
                for a in ("api-key", "enterprise", "team", "unsure")
            ),
            # claude_code_access is read only when claude-code is chosen.
            miss(surfaces=["messages-api"], claude_code_access="consumer"),
        ],
    ),
]

TRIGGERS = [
    pytest.param(t.code, t.severity, case, id=f"{t.code}: {case.label}")
    for t in TABLES
    for case in t.triggers
]
SILENT = [
    pytest.param(t.code, case, id=f"{t.code}: {case.label}") for t in TABLES for case in t.silent
]


def test_every_code_of_the_contract_has_a_table_with_triggers_and_silent_cases():
    assert [t.code for t in TABLES] == list(CONTRACT_SEVERITY)
    assert set(FINDING_CODES) == set(CONTRACT_SEVERITY)
    assert "residency-unavailable-surface" not in FINDING_CODES
    for table in TABLES:
        assert table.severity == CONTRACT_SEVERITY[table.code]
        assert table.triggers
        assert table.silent


@pytest.mark.parametrize(("code", "severity", "case"), TRIGGERS)
def test_the_code_is_raised_with_the_contract_severity_and_subject(code, severity, case):
    assert_valid(case.answers, case.matrix)
    result = assess(answers_of(**case.answers), case.matrix)
    finding = the(result, code, case.subject)
    assert finding.severity == severity
    assert finding.message


@pytest.mark.parametrize(("code", "case"), SILENT)
def test_the_code_is_not_raised_when_its_condition_does_not_hold(code, case):
    assert_valid(case.answers, case.matrix)
    result = assess(answers_of(**case.answers), case.matrix)
    assert code not in codes(result)


def test_the_seed_groupings_above_are_the_seed_matrix_statuses():
    status = MATRIX.status
    assert {s for s in SURFACES if status("hipaa", s) == "eligible"} == set(BAA_COVERED)
    assert {s for s in SURFACES if status("hipaa", s) == "set_by_platform"} == set(BAA_VIA_CLOUD)
    assert {s for s in SURFACES if status("hipaa", s) == "not_stated"} == set(BAA_NOT_STATED)
    assert {s for s in SURFACES if status("data-residency", s) == "eligible"} == set(
        RESIDENCY_CONTROLS
    )
    assert {s for s in SURFACES if status("data-residency", s) == "set_by_platform"} == set(
        RESIDENCY_BY_PLATFORM
    )
    assert {s for s in SURFACES if status("data-residency", s) == "not_stated"} == set(
        RESIDENCY_NOT_STATED
    )
    assert {s for s in SURFACES + FEATURES if status("zdr", s) == "not_stated"} == set(
        ZDR_NOT_STATED_SURFACES + ZDR_NOT_STATED_FEATURES
    )
    setters = {s: MATRIX.offerings[s].covered_model_retention for s in SURFACES}
    assert {s for s, v in setters.items() if v == "anthropic"} == set(COVERED_SET_BY_ANTHROPIC)
    assert {s for s, v in setters.items() if v == "platform"} == set(COVERED_SET_BY_PLATFORM)
    assert {s for s, v in setters.items() if v == "not_stated"} == set()
    assert {r.access_path for r in MATRIX.routes_of("claude-code")} == set(ROUTES)


# ---- verdicts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        ({"surfaces": ["messages-api"], "certifications": HELD}, "ready"),
        ({"phi": True, **api("token-counting")}, "ready"),
        ({"storage_region": "us", "inference_region": "us", "surfaces": ["messages-api"]}, "ready"),
        ({"eu_data_subjects": True, "surfaces": ["claude-enterprise"]}, "ready"),
        ({"surfaces": ["claude-free"]}, "ready_with_conditions"),
        ({"phi": True, **api("web-search")}, "ready_with_conditions"),
        ({"zero_retention": True, "surfaces": ["messages-api"]}, "ready_with_conditions"),
        ({"zero_retention": True, "surfaces": ["claude-code"]}, "ready_with_conditions"),
        ({"phi": True, "surfaces": ["third-party-integrations"]}, "ready_with_conditions"),
        ({"storage_region": "eu", "surfaces": ["amazon-bedrock"]}, "ready_with_conditions"),
        ({"storage_region": "us", "surfaces": ["claude-enterprise"]}, "ready_with_conditions"),
        ({"phi": True, **api("batch-api")}, "blocked"),
        ({"surfaces": ["claude-free"], "certifications": ["fedramp"]}, "blocked"),
        ({"storage_region": "eu", "surfaces": ["messages-api"]}, "blocked"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_the_verdict_follows_the_most_severe_finding(answers, verdict):
    assert_valid(answers)
    assert run(**answers).verdict == verdict


def test_a_blocker_blocks_even_with_warnings_actions_and_infos():
    result = run(phi=True, **api("batch-api", surfaces=["claude-free"]))
    assert {f.severity for f in result.findings} == {"blocker", "warning", "action", "info"}
    assert result.verdict == "blocked"


def test_actions_and_infos_alone_leave_the_buyer_ready():
    result = run(phi=True, surfaces=["messages-api"], storage_region="us", eu_data_subjects=True)
    assert {f.severity for f in result.findings} == {"action", "info"}
    assert result.verdict == "ready"


def test_findings_are_ordered_blocker_warning_action_info():
    result = run(**EVERYTHING)
    rank = {"blocker": 0, "warning": 1, "action": 2, "info": 3}
    ranks = [rank[f.severity] for f in result.findings]
    assert ranks == sorted(ranks)
    assert set(ranks) == {0, 1, 2, 3}


def test_every_code_can_fire_and_each_code_and_subject_appears_once():
    everything = run(**EVERYTHING)
    no_zdr = run(**{**EVERYTHING, "zero_retention": False})
    eu = run(**{**EVERYTHING, "storage_region": "eu", "inference_region": "eu"})
    fired = codes(everything) | codes(no_zdr) | codes(eu)
    assert fired == set(CONTRACT_SEVERITY)
    for result in (everything, no_zdr, eu):
        keys = [(f.code, f.subject) for f in result.findings]
        assert len(keys) == len(set(keys))
        for finding in result.findings:
            assert finding.severity == CONTRACT_SEVERITY[finding.code]


def test_a_slug_given_twice_still_gives_one_finding_per_code_and_subject():
    answers = Answers(phi=True, surfaces=("messages-api",), features=("batch-api", "batch-api"))
    result = assess(answers, MATRIX)
    assert [f.subject for f in result.findings if f.code == "hipaa-feature-blocked"] == [
        "batch-api"
    ]


def test_the_result_names_the_policy_version_of_its_matrix_and_contract_2():
    assert run(surfaces=["messages-api"]).policy_version == "seed"
    assert run(seed_matrix("r42"), surfaces=["messages-api"]).policy_version == "r42"
    assert CONTRACT_VERSION == 2
    assert assessment_as_dict(run(surfaces=["messages-api"]))["contract"] == 2


def test_the_same_answers_give_an_equal_result():
    assert run(**EVERYTHING) == run(**EVERYTHING)


def test_the_engine_alone_tolerates_answers_the_contract_rejects():
    # The contract refuses an empty surfaces list (400); the engine still answers calmly.
    _, errors = parse_answers({}, MATRIX)
    assert [e.field for e in errors] == ["surfaces"]
    result = assess(Answers(), MATRIX)
    assert result.verdict == "ready"
    assert result.findings == ()


# ---- principle 1: whose control is it ---------------------------------------------------


def test_bedrock_with_an_eu_storage_requirement_is_not_blocked():
    answers = {"eu_data_subjects": True, "surfaces": ["amazon-bedrock"], "storage_region": "eu"}
    assert_valid(answers)
    result = run(**answers)
    assert result.verdict != "blocked"
    finding = the(result, "residency-set-by-platform", "amazon-bedrock")
    assert "endpoint or inference profile" in finding.message
    assert not codes(result) & {
        "storage-region-unavailable",
        "inference-geo-us",
        "workspace-geo-us",
    }
    assert result.configuration.inference_geo is None
    assert result.configuration.workspace_geo is None
    assert result.configuration.inference_price_multiplier is None


@pytest.mark.parametrize("surface", ["amazon-bedrock", "microsoft-foundry"])
def test_zdr_with_a_covered_model_on_a_cloud_platform_is_the_platforms_call(surface):
    result = run(zero_retention=True, surfaces=[surface], models=["claude-fable-5"])
    finding = the(result, "covered-model-platform", surface)
    assert finding.severity == "warning"
    assert "set by the platform, not by Anthropic" in finding.message
    assert "Claude Fable 5" in finding.message
    assert "covered-model-retention" not in codes(result)
    assert result.verdict != "blocked"
    assert result.configuration.covered_model_workspace is None


def test_zdr_with_a_covered_model_on_the_first_party_api_is_blocked_with_the_workaround():
    result = run(zero_retention=True, surfaces=["messages-api"], models=["claude-fable-5"])
    finding = the(result, "covered-model-retention", "claude-fable-5")
    assert finding.severity == "blocker"
    assert "single workspace" in finding.message
    assert "Console > Settings > Workspaces > Privacy controls" in finding.message
    assert "covered-model-platform" not in codes(result)
    assert dict(result.configuration.covered_model_workspace)["models"] == ("claude-fable-5",)


def test_phi_on_bedrock_points_to_the_cloud_providers_agreement_not_anthropics_baa():
    result = run(phi=True, surfaces=["amazon-bedrock"])
    finding = the(result, "baa-via-cloud-provider", "amazon-bedrock")
    assert "cloud provider is the data processor" in finding.message
    assert "confirm it with the cloud provider in writing" in finding.message
    assert not codes(result) & {"baa-not-covered", "baa-required", "phi-outside-schemas"}
    assert result.configuration.hipaa_organization is False


def test_a_third_partys_integration_is_governed_by_that_third_party():
    phi = run(phi=True, surfaces=["third-party-integrations"])
    # Anthropic's BAA is Anthropic's to confirm; the third party answers for its own terms.
    assert (
        "(ask Anthropic, and ask the third party that runs it what its own terms say about PHI)."
        in the(phi, "baa-not-stated", "third-party-integrations").message
    )
    plain = run(surfaces=["third-party-integrations"], storage_region="us")
    assert (
        "the third party that runs it"
        in the(plain, "residency-not-stated", "third-party-integrations").message
    )
    assert "provider's own terms" in the(plain, "retention-default").message
    # The Commercial Terms' training promise is Anthropic's, not the third party's.
    assert "training-policy" not in codes(plain)


@pytest.mark.parametrize("surface", RESIDENCY_BY_PLATFORM + ["microsoft-foundry"])
def test_zdr_on_a_cloud_platform_asks_the_cloud_provider_not_anthropic(surface):
    result = run(zero_retention=True, surfaces=[surface])
    finding = the(result, "zdr-not-stated", surface)
    assert "ask the cloud provider in writing what it retains" in finding.message
    assert "zdr-setup" not in codes(result)
    assert result.configuration.zero_data_retention is False


# ---- principle 2: residency surfaces ----------------------------------------------------


@pytest.mark.parametrize(("storage", "inference"), REGION_PAIRS)
@pytest.mark.parametrize("surface", RESIDENCY_BY_PLATFORM + RESIDENCY_NOT_STATED)
def test_anthropics_residency_findings_need_a_surface_with_its_residency_controls(
    surface, storage, inference
):
    result = run(
        storage_region=storage,
        inference_region=inference,
        surfaces=[surface],
        models=OLDER_MODELS + COVERED_MODELS,
    )
    assert not codes(result) & RESIDENCY_CODES
    assert result.verdict != "blocked"
    c = result.configuration
    assert (c.inference_geo, c.workspace_geo, c.inference_price_multiplier) == (None, None, None)


@pytest.mark.parametrize("surface", RESIDENCY_CONTROLS)
def test_a_residency_surface_sets_inference_geo_and_workspace_geo(surface):
    result = run(storage_region="us", inference_region="us", surfaces=[surface])
    assert {"inference-geo-us", "workspace-geo-us"} <= codes(result)
    c = result.configuration
    assert (c.inference_geo, c.workspace_geo, c.inference_price_multiplier) == ("us", "us", "1.1")
    plain = run(surfaces=[surface]).configuration
    assert (plain.inference_geo, plain.workspace_geo, plain.inference_price_multiplier) == (
        "global",
        "us",
        "1",
    )


def test_region_findings_on_mixed_surfaces_name_only_the_residency_surfaces():
    result = run(
        storage_region="us",
        inference_region="us",
        surfaces=["messages-api", "claude-platform-aws", "amazon-bedrock", "cowork"],
        models=["claude-haiku-4-5"],
    )
    geo = the(result, "inference-geo-us").message
    assert "Claude API (Messages API, first-party) and Claude Platform on AWS" in geo
    assert "Bedrock" not in geo
    assert "Cowork" not in geo
    assert the(result, "inference-geo-unsupported-model", "claude-haiku-4-5")
    assert the(result, "residency-set-by-platform", "amazon-bedrock")
    assert the(result, "residency-not-stated", "cowork")
    because = dict(the(result, "workspace-geo-us").because.answers)
    assert because["storage_region"] == "us"


def test_an_eu_storage_requirement_on_the_api_is_blocked_because_no_eu_workspace_geo_exists():
    result = run(storage_region="eu", surfaces=["messages-api"])
    finding = the(result, "storage-region-unavailable")
    assert '"us" is currently the only workspace geo' in finding.message
    assert "workspace-geo-us" not in codes(result)


def test_us_inference_with_an_older_model_is_blocked_for_that_model_only():
    result = run(
        inference_region="us",
        surfaces=["messages-api"],
        models=["claude-sonnet-4-6", "claude-haiku-4-5"],
    )
    blocked = [f.subject for f in result.findings if f.code == "inference-geo-unsupported-model"]
    assert blocked == ["claude-haiku-4-5"]
    assert result.configuration.models_to_avoid == ("claude-haiku-4-5",)


def test_an_eu_inference_requirement_names_the_values_inference_geo_accepts():
    finding = the(
        run(inference_region="eu", surfaces=["messages-api"]), "inference-region-unavailable"
    )
    assert 'accepts only "global" and "us"' in finding.message
    assert "inference-geo-us" not in codes(run(inference_region="eu", surfaces=["messages-api"]))


# ---- principle 3: not stated is unknown, never no ---------------------------------------


def test_third_party_integrations_with_phi_is_a_warning_never_a_blocker():
    result = run(phi=True, surfaces=["third-party-integrations"])
    finding = the(result, "baa-not-stated", "third-party-integrations")
    assert finding.severity == "warning"
    assert "confirm in writing that your signed BAA covers it" in finding.message
    assert "not covered" not in finding.message.lower()
    assert "baa-not-covered" not in codes(result)
    assert result.verdict == "ready_with_conditions"
    assert result.configuration.surfaces_to_avoid == ()


def test_residency_on_claude_enterprise_is_a_warning_to_confirm_in_writing():
    result = run(storage_region="us", surfaces=["claude-enterprise"])
    finding = the(result, "residency-not-stated", "claude-enterprise")
    assert finding.severity == "warning"
    assert "get that confirmed in writing by Anthropic" in finding.message
    assert "data stored at rest in the US" in finding.message
    assert result.verdict == "ready_with_conditions"


@pytest.mark.parametrize("slug", ZDR_NOT_STATED_SURFACES + ZDR_NOT_STATED_FEATURES)
def test_zdr_on_a_cell_the_source_does_not_state_is_a_warning_to_confirm_in_writing(slug):
    result = run(zero_retention=True, **on_surface(slug))
    finding = the(result, "zdr-not-stated", slug)
    assert finding.message.startswith("The source does not say whether")
    assert "in writing" in finding.message
    assert "not eligible" not in finding.message
    assert [r.status for r in finding.because.rows] == ["not_stated"]
    assert slug not in {f.subject for f in result.findings if f.severity == "blocker"}


def test_a_covered_model_where_the_setter_is_not_stated_is_a_warning_naming_the_surface():
    result = run(
        AWS_SETTER_NOT_STATED,
        zero_retention=True,
        surfaces=["claude-platform-aws"],
        models=["claude-mythos-5"],
    )
    finding = the(result, "zdr-not-stated", "claude-mythos-5")
    assert "does not say who sets that retention on Claude Platform on AWS" in finding.message
    assert "Ask Anthropic in writing" in finding.message
    assert result.verdict == "ready_with_conditions"


def test_a_surface_with_no_hipaa_row_is_not_stated_not_not_covered():
    matrix = seed_matrix("no-hipaa-row", cell_overrides={("hipaa", "cowork"): None})
    result = run(matrix, phi=True, surfaces=["cowork"])
    finding = the(result, "baa-not-stated", "cowork")
    row = finding.because.rows[0]
    assert (row.table, row.program, row.status) == ("eligibility", "hipaa", "not_stated")
    assert "baa-not-covered" not in codes(result)


def test_a_feature_with_no_hipaa_row_is_a_warning_not_a_blocker():
    result = run(TOKEN_COUNTING_HIPAA_NOT_STATED, phi=True, **api("token-counting"))
    finding = the(result, "baa-not-stated", "token-counting")
    assert "does not say whether Token counting is HIPAA-eligible" in finding.message
    assert result.configuration.features_to_avoid == ()


# ---- principle 4: business content is governed by the customer agreement ----------------


def test_an_eu_buyer_of_claude_enterprise_learns_the_customer_agreement_governs():
    result = run(eu_data_subjects=True, surfaces=["claude-enterprise"])
    message = the(result, "gdpr-controller").message
    assert "governed by the customer agreement" in message
    assert message.index("customer agreement") < message.index("Anthropic Ireland, Limited")
    assert "For what the Privacy Policy does cover" in message
    assert result.configuration.data_controller is None


def test_an_eu_buyer_of_claude_pro_gets_the_privacy_policys_controller():
    result = run(eu_data_subjects=True, surfaces=["claude-pro"])
    assert result.configuration.data_controller == "Anthropic Ireland, Limited"
    assert "Claude Pro is a consumer plan" in the(result, "gdpr-controller").message


@pytest.mark.parametrize(
    "answers",
    [
        EVERYTHING,
        {**EVERYTHING, "zero_retention": False, "storage_region": "any"},
        {"eu_data_subjects": True, "surfaces": ["claude-pro", "claude-enterprise"]},
    ],
    ids=["everything", "everything-no-zdr", "pro-and-enterprise"],
)
def test_no_message_says_switzerland_is_under_the_eu_or_uk_gdpr(answers):
    for message in messages(run(**answers)):
        for sentence in re.split(r"(?<=[.;])\s", message):
            if "Switzerland" in sentence:
                assert "GDPR" not in sentence, sentence


def test_the_gdpr_controller_states_dsr_sccs_and_subprocessors():
    message = the(run(eu_data_subjects=True, surfaces=["messages-api"]), "gdpr-controller").message
    for fact in (
        "one calendar month",
        "standard contractual clauses",
        "anthropic.com/subprocessors",
    ):
        assert fact in message


def test_eu_data_subjects_on_a_residency_surface_learn_data_at_rest_is_in_the_us():
    result = run(eu_data_subjects=True, surfaces=["messages-api", "amazon-bedrock"])
    message = the(result, "gdpr-transfers").message
    assert "Claude API (Messages API, first-party)" in message
    assert "Bedrock" not in message
    assert 'workspace geo available today ("us") is not in the EU' in message
    assert "standard contractual clauses" in message


# ---- principle 5: ZDR has exceptions ----------------------------------------------------


@pytest.mark.parametrize("access", ACCESS)
@pytest.mark.parametrize("surface", SURFACES)
def test_a_zdr_buyer_never_gets_a_plain_ready(surface, access):
    result = run(zero_retention=True, surfaces=[surface], claude_code_access=access)
    assert result.verdict != "ready"
    finding = the(result, "zdr-exceptions")
    assert finding.severity == "warning"
    assert "2 years" in finding.message


def test_zdr_exceptions_name_what_is_kept_and_for_how_long():
    message = the(run(zero_retention=True, surfaces=["messages-api"]), "zdr-exceptions").message
    for fact in (
        "not absolute",
        "comply with law or combat misuse",
        "User Safety classifier results",
        "up to 2 years",
        "up to 7 years",
        "5 years",
    ):
        assert fact in message


def test_the_cleanest_zdr_setup_is_ready_only_with_conditions():
    result = run(zero_retention=True, browser_client=True, **api("token-counting"))
    assert {f.severity for f in result.findings} == {"warning", "action", "info"}
    assert [f.code for f in result.findings if f.severity == "warning"] == ["zdr-exceptions"]
    assert result.verdict == "ready_with_conditions"


# ---- principle 6: retention depends on the surface ---------------------------------------


def test_retention_on_claude_enterprise_is_kept_until_you_delete_it():
    message = the(run(surfaces=["claude-enterprise"]), "retention-default").message
    assert "kept until you delete it" in message
    assert "removed from backend within 30 days" in message
    assert "API inputs and outputs" not in message


def test_retention_on_claude_pro_says_the_source_gives_no_period():
    message = the(run(surfaces=["claude-pro"]), "retention-default").message
    assert "Claude Pro: the source gives no retention period" in message
    assert "30 days" not in message
    assert "years" not in message


def test_retention_on_the_api_is_deleted_within_30_days_with_the_long_exceptions():
    message = the(run(surfaces=["messages-api"]), "retention-default").message
    assert "auto-deleted within 30 days" in message
    for period in ("up to 2 years", "up to 7 years", "5 years"):
        assert period in message
    # A rule without a stated period is not a default period.
    assert "classifier results" not in message


@pytest.mark.parametrize("surface", RETENTION_PROVIDER)
def test_retention_on_a_cloud_platform_or_third_party_is_the_providers_own_terms(surface):
    message = the(run(surfaces=[surface]), "retention-default").message
    assert "provider's own terms, not Anthropic's periods" in message
    for period in ("2 years", "7 years", "5 years", "30 days"):
        assert period not in message


@pytest.mark.parametrize("surface", RETENTION_NOT_STATED)
def test_retention_the_source_does_not_state_is_said_to_be_unstated(surface):
    result = run(surfaces=[surface])
    message = the(result, "retention-default").message
    assert f"{MATRIX.offerings[surface].name}: the source gives no retention period" in message
    assert "years" not in message


def test_retention_for_mixed_surfaces_keeps_each_surfaces_own_terms():
    message = the(
        run(surfaces=["messages-api", "claude-team", "amazon-bedrock", "claude-max"]),
        "retention-default",
    ).message
    assert "Claude API (Messages API, first-party): API inputs and outputs (default)" in message
    assert (
        "Claude Team: conversation content (Claude for Work), kept until you delete it" in message
    )
    assert "Claude Max: the source gives no retention period" in message
    assert "Amazon Bedrock: retention follows the provider's own terms" in message


# ---- principle 7: the configuration never contradicts the findings ---------------------


@pytest.mark.parametrize(
    "answers",
    [
        {"surfaces": ["amazon-bedrock"]},
        {"surfaces": ["google-vertex-ai"]},
        {"surfaces": ["claude-code"], "claude_code_access": "enterprise"},
        {"surfaces": ["third-party-integrations"]},
        {"surfaces": ["claude-platform-aws"]},
    ],
    ids=["bedrock", "vertex", "claude-code", "third-party", "claude-platform-aws"],
)
def test_phi_without_a_baa_covered_surface_asks_for_no_hipaa_organization(answers):
    result = run(phi=True, zero_retention=True, **answers)
    assert result.configuration.hipaa_organization is False
    assert result.configuration.baa_activation == ()
    assert "hipaa-instead-of-zdr" not in codes(result)


@pytest.mark.parametrize("surface", BAA_COVERED)
def test_phi_with_a_baa_covered_surface_asks_for_a_hipaa_organization(surface):
    result = run(phi=True, zero_retention=True, surfaces=[surface, "amazon-bedrock"])
    assert result.configuration.hipaa_organization is True
    assert [slug for slug, _ in result.configuration.baa_activation] == [surface]


def test_phi_and_zdr_on_claude_enterprise_learns_hipaa_readiness_replaces_zdr():
    # Claude Enterprise is BAA-covered but not ZDR-eligible: the info matters most here.
    result = run(phi=True, zero_retention=True, surfaces=["claude-enterprise"])
    assert "you do not also need ZDR" in the(result, "hipaa-instead-of-zdr").message
    assert result.configuration.hipaa_organization is True
    assert result.configuration.zero_data_retention is False


def test_hipaa_instead_of_zdr_needs_phi_zdr_and_a_baa_covered_surface():
    with_api = run(phi=True, zero_retention=True, surfaces=["messages-api", "amazon-bedrock"])
    assert "you do not also need ZDR" in the(with_api, "hipaa-instead-of-zdr").message
    without = run(phi=True, zero_retention=True, surfaces=["amazon-bedrock", "claude-code"])
    assert "hipaa-instead-of-zdr" not in codes(without)


def test_with_no_residency_surface_the_configuration_is_the_plain_default():
    c = run(surfaces=["claude-enterprise"]).configuration
    assert c == dataclasses.replace(
        c,
        hipaa_organization=False,
        zero_data_retention=False,
        inference_geo=None,
        workspace_geo=None,
        features_to_avoid=(),
        surfaces_to_avoid=(),
        models_to_avoid=(),
        baa_activation=(),
        covered_model_workspace=None,
        backend_proxy_required=False,
        inference_price_multiplier=None,
        data_controller=None,
    )


def test_zero_data_retention_is_set_only_where_anthropics_arrangement_can_apply():
    assert run(zero_retention=True, surfaces=["messages-api"]).configuration.zero_data_retention
    for surfaces in (["claude-enterprise"], ["amazon-bedrock"], ["third-party-integrations"]):
        c = run(zero_retention=True, browser_client=True, surfaces=surfaces).configuration
        assert c.zero_data_retention is False
        assert c.backend_proxy_required is False
    assert run(surfaces=["messages-api"]).configuration.zero_data_retention is False


@pytest.mark.parametrize(
    ("region", "inference_geo", "multiplier"),
    [("any", "global", "1"), ("us", "us", "1.1"), ("eu", "global", "1")],
)
def test_the_inference_geo_and_its_price_follow_the_inference_region(
    region, inference_geo, multiplier
):
    c = run(inference_region=region, surfaces=["messages-api"]).configuration
    assert c.inference_geo == inference_geo
    assert c.inference_price_multiplier == multiplier


@pytest.mark.parametrize("region", ["any", "us", "eu"])
def test_the_workspace_geo_on_a_residency_surface_is_us_the_only_one_there_is(region):
    assert run(storage_region=region, surfaces=["messages-api"]).configuration.workspace_geo == "us"


def test_features_to_avoid_are_the_blocked_features_in_canonical_order():
    c = run(
        phi=True,
        **api("token-counting", "web-search", "files-api", "structured-outputs", "batch-api"),
    ).configuration
    assert c.features_to_avoid == ("files-api", "batch-api")


def test_features_not_eligible_for_zdr_are_to_avoid_and_qualified_or_unstated_ones_are_not():
    c = run(zero_retention=True, **api("structured-outputs", "batch-api", "web-search"))
    assert c.configuration.features_to_avoid == ("batch-api",)


def test_surfaces_and_models_to_avoid_are_the_blocked_ones():
    c = run(
        phi=True,
        inference_region="us",
        surfaces=["messages-api", "claude-team", "amazon-bedrock", "third-party-integrations"],
        models=["claude-opus-4-6", "claude-haiku-4-5"],
    ).configuration
    assert c.surfaces_to_avoid == ("claude-team",)
    assert c.models_to_avoid == ("claude-haiku-4-5",)


def test_baa_activation_says_how_to_enable_hipaa_per_covered_surface():
    c = run(phi=True, surfaces=["messages-api", "claude-enterprise", "claude-team"]).configuration
    activation = dict(c.baa_activation)
    assert list(activation) == ["messages-api", "claude-enterprise"]
    assert "contacts Anthropic sales" in activation["messages-api"]
    assert "\u201cData & Privacy\u201d" in activation["claude-enterprise"]


def test_covered_model_workspace_names_the_models_the_retention_and_where():
    c = run(
        zero_retention=True,
        surfaces=["messages-api"],
        models=["claude-fable-5", "claude-mythos-5", "claude-opus-4-6"],
    ).configuration
    assert dict(c.covered_model_workspace) == {
        "models": ("claude-fable-5", "claude-mythos-5"),
        "retention_days": 30,
        "where": "Console > Settings > Workspaces > Privacy controls",
    }


@pytest.mark.parametrize(
    "answers",
    [
        {"surfaces": ["messages-api"], "models": ["claude-fable-5"]},
        {"zero_retention": True, "surfaces": ["messages-api"], "models": ["claude-opus-4-6"]},
        {"zero_retention": True, "surfaces": ["amazon-bedrock"], "models": ["claude-fable-5"]},
    ],
    ids=["no-zdr", "no-covered-model", "covered-model-on-a-platform"],
)
def test_no_covered_model_workspace_without_zdr_a_covered_model_and_anthropics_retention(answers):
    assert run(**answers).configuration.covered_model_workspace is None


@pytest.mark.parametrize(
    ("zero_retention", "browser_client", "proxy"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_a_backend_proxy_is_required_for_a_browser_client_under_zdr(
    zero_retention, browser_client, proxy
):
    c = run(
        zero_retention=zero_retention, browser_client=browser_client, surfaces=["messages-api"]
    ).configuration
    assert c.backend_proxy_required is proxy


@pytest.mark.parametrize(
    ("eu", "surfaces", "controller"),
    [
        (True, ["claude-pro"], "Anthropic Ireland, Limited"),
        (True, ["claude-free", "messages-api"], "Anthropic Ireland, Limited"),
        (True, ["claude-enterprise"], None),
        (True, ["messages-api"], None),
        (False, ["claude-pro"], None),
    ],
)
def test_the_data_controller_is_named_only_for_consumer_plans_with_eu_data_subjects(
    eu, surfaces, controller
):
    assert run(eu_data_subjects=eu, surfaces=surfaces).configuration.data_controller == controller


# ---- principle 8: say only what the source says -----------------------------------------

WORDING_ANSWERS = [
    EVERYTHING,
    {**EVERYTHING, "zero_retention": False},
    {**EVERYTHING, "storage_region": "eu", "inference_region": "eu"},
    {**EVERYTHING, "claude_code_access": "consumer"},
    {**EVERYTHING, "claude_code_access": "enterprise"},
]
WORDING_IDS = ["everything", "no-zdr", "eu-regions", "code-consumer", "code-enterprise"]
CURLY_QUOTED = re.compile("\u201c([^\u201d]*)\u201d")


@pytest.mark.parametrize("answers", WORDING_ANSWERS, ids=WORDING_IDS)
def test_no_message_puts_curly_quotes_around_a_code_value(answers):
    for message in messages(run(**answers)):
        for quoted in CURLY_QUOTED.findall(message):
            assert not re.fullmatch(r"[a-z0-9_./:=\" -]+", quoted), message
            assert "inference_geo" not in quoted
            assert "workspace" not in quoted


def test_inference_geo_us_is_written_with_straight_quotes_a_buyer_can_copy():
    message = the(run(inference_region="us", surfaces=["messages-api"]), "inference-geo-us").message
    assert 'inference_geo: "us"' in message
    assert "1.1x" in message
    workspace = the(run(storage_region="us", surfaces=["messages-api"]), "workspace-geo-us")
    assert 'workspace geo "us"' in workspace.message


@pytest.mark.parametrize("answers", WORDING_ANSWERS, ids=WORDING_IDS)
@pytest.mark.parametrize(
    "phrase",
    ["stores data beyond the API response", "or as the workspace default", "train by default"],
)
def test_no_message_invents_a_reason_the_source_does_not_give(answers, phrase):
    for message in messages(run(**answers)):
        assert phrase not in message


@pytest.mark.parametrize("answers", WORDING_ANSWERS, ids=WORDING_IDS)
def test_no_message_presents_an_app_slug_as_a_name(answers):
    slugs = [s for s in SURFACES + FEATURES + MODELS if "-" in s]
    for message in messages(run(**answers)):
        for slug in slugs:
            assert slug not in message, (slug, message)


def test_a_hipaa_blocked_feature_is_named_by_its_name_and_the_error_by_the_source():
    result = run(phi=True, **api("batch-api"))
    finding = the(result, "hipaa-feature-blocked", "batch-api")
    assert finding.message.startswith("Batch API is not HIPAA-eligible.")
    assert "error naming the feature" in finding.message
    assert "400 invalid_request_error" in evidence(finding)


# ---- principle 9: honest sources --------------------------------------------------------

SOURCE_ANSWERS = [
    EVERYTHING,
    {**EVERYTHING, "zero_retention": False},
    {**EVERYTHING, "storage_region": "eu", "inference_region": "eu"},
    {**EVERYTHING, "claude_code_access": "consumer"},
]


@pytest.mark.parametrize("answers", SOURCE_ANSWERS, ids=WORDING_IDS[:4])
def test_every_finding_has_exactly_one_primary_source_the_source_document(answers):
    result = assessment_as_dict(run(**answers))
    assert result["contract"] == 2
    for finding in result["findings"]:
        primary = [s for s in finding["sources"] if s["kind"] == "primary"]
        assert [s["title"] for s in primary] == [DOCUMENT_TITLE], finding["code"]
        assert primary[0]["verified_on"] == "2026-06-13"
        for source in finding["sources"]:
            assert source["title"]
            assert source["url"] is None or source["url"].startswith("https://")
            assert source["kind"] in ("primary", "cited")
            if source["kind"] == "cited":
                assert source["verified_on"] is None
        assert finding["sources"][0]["kind"] == "primary"


@pytest.mark.parametrize("certification", CERTIFICATIONS)
def test_certification_findings_cite_the_help_center_certifications_list(certification):
    result = run(surfaces=["messages-api"], certifications=[certification])
    (finding,) = [f for f in result.findings if f.code.startswith("certification-")]
    assert titles(finding, "cited") == {SOURCES["help-center-certifications"].title}
    assert SOURCES["trust-center"].title not in titles(finding)


@pytest.mark.parametrize("surface", CONSUMER)
def test_consumer_terms_cite_the_consumer_terms_update(surface):
    finding = the(run(surfaces=[surface]), "consumer-terms", surface)
    assert titles(finding, "cited") == {SOURCES["consumer-terms-update"].title}
    assert titles(finding, "primary") == {DOCUMENT_TITLE}


@pytest.mark.parametrize(
    ("code", "subject", "answers", "cited"),
    [
        (
            "baa-not-covered",
            "claude-code",
            {"phi": True, "surfaces": ["claude-code"]},
            "baa-help-center",
        ),
        (
            "baa-required",
            "messages-api",
            {"phi": True, "surfaces": ["messages-api"]},
            "baa-help-center",
        ),
        (
            "hipaa-feature-blocked",
            "batch-api",
            {"phi": True, **api("batch-api")},
            "api-data-retention",
        ),
        (
            "zdr-conditional",
            "claude-code",
            {"zero_retention": True, "surfaces": ["claude-code"]},
            "zdr-products",
        ),
        (
            "zdr-exceptions",
            None,
            {"zero_retention": True, "surfaces": ["messages-api"]},
            "zdr-products",
        ),
        (
            "zdr-exceptions",
            None,
            {"zero_retention": True, "surfaces": ["messages-api"]},
            "commercial-retention",
        ),
        (
            "covered-model-retention",
            "claude-fable-5",
            {"zero_retention": True, "surfaces": ["messages-api"], "models": ["claude-fable-5"]},
            "api-data-retention",
        ),
        ("retention-default", None, {"surfaces": ["messages-api"]}, "commercial-retention"),
        (
            "inference-geo-us",
            None,
            {"inference_region": "us", "surfaces": ["messages-api"]},
            "data-residency",
        ),
        (
            "storage-region-unavailable",
            None,
            {"storage_region": "eu", "surfaces": ["messages-api"]},
            "data-residency",
        ),
        (
            "residency-set-by-platform",
            "amazon-bedrock",
            {"storage_region": "us", "surfaces": ["amazon-bedrock"]},
            "data-residency",
        ),
        (
            "gdpr-controller",
            None,
            {"eu_data_subjects": True, "surfaces": ["messages-api"]},
            "privacy-policy",
        ),
        (
            "gdpr-controller",
            None,
            {"eu_data_subjects": True, "surfaces": ["messages-api"]},
            "subprocessors",
        ),
        ("training-policy", None, {"surfaces": ["messages-api"]}, "consumer-terms-update"),
    ],
)
def test_a_finding_shows_the_pages_its_rows_cite_as_cited_by_the_source(
    code, subject, answers, cited
):
    finding = the(run(**answers), code, subject)
    assert SOURCES[cited].title in titles(finding, "cited")
    assert SOURCES[cited].title not in titles(finding, "primary")


def test_a_not_stated_cell_cites_the_source_document_alone():
    finding = the(run(zero_retention=True, surfaces=["cowork"]), "zdr-not-stated", "cowork")
    assert [c.kind for c in finding.sources] == ["primary"]
    assert titles(finding) == {DOCUMENT_TITLE}


def test_a_source_cited_by_several_rows_appears_once_with_its_oldest_verified_date():
    old = dt.date(2025, 1, 2)
    matrix = seed_matrix(
        "old-statement",
        statement_overrides={"hipaa-blocked-feature-error": {"verified_on": old}},
    )
    finding = the(run(matrix, phi=True, **api("batch-api")), "hipaa-feature-blocked", "batch-api")
    assert len(finding.because.rows) == 2
    assert [(c.source.title, c.kind, c.verified_on) for c in finding.sources] == [
        (DOCUMENT_TITLE, "primary", old),
        (SOURCES["api-data-retention"].title, "cited", None),
    ]
    newer = the(run(phi=True, **api("batch-api")), "hipaa-feature-blocked", "batch-api")
    assert [c.verified_on for c in newer.sources if c.kind == "primary"] == [seed.VERIFIED_ON]


def test_a_row_from_another_primary_source_is_listed_as_a_second_primary_source():
    matrix = seed_matrix(
        "second-source", statement_overrides={"baa-source-of-truth": {"source": "trust-center"}}
    )
    finding = the(run(matrix, phi=True, surfaces=["messages-api"]), "baa-required", "messages-api")
    assert titles(finding, "primary") == {DOCUMENT_TITLE, SOURCES["trust-center"].title}


def test_a_finding_records_the_answers_and_rows_it_rests_on():
    finding = the(run(phi=True, **api("batch-api")), "hipaa-feature-blocked", "batch-api")
    assert finding.because.answers == (("phi", True), ("features", "batch-api"))
    cell = finding.because.rows[0]
    assert (cell.table, cell.program, cell.subject, cell.status) == (
        "eligibility",
        "hipaa",
        "batch-api",
        "not_eligible",
    )


# ---- claude_code_access -----------------------------------------------------------------


@pytest.mark.parametrize("access", ["api-key", "enterprise"])
def test_claude_code_reached_by_an_eligible_route_gives_no_zdr_blocker(access):
    result = run(zero_retention=True, surfaces=["claude-code"], claude_code_access=access)
    assert not codes(result) & {"zdr-not-eligible", "zdr-conditional", "zdr-not-stated"}
    assert result.verdict == "ready_with_conditions"
    assert result.configuration.zero_data_retention is True
    assert the(result, "zdr-setup")


def test_claude_code_through_enterprise_adds_its_activation_to_zdr_setup():
    result = run(zero_retention=True, surfaces=["claude-code"], claude_code_access="enterprise")
    setup = the(result, "zdr-setup")
    assert "ZDR enabled on the Claude Enterprise organization" in setup.message
    assert ROUTES["enterprise"] in setup.message
    assert "claude-code-enterprise" in {r.subject for r in setup.because.rows}
    api_key = the(
        run(zero_retention=True, surfaces=["claude-code"], claude_code_access="api-key"),
        "zdr-setup",
    )
    assert "For Claude Code" not in api_key.message


@pytest.mark.parametrize("access", ["team", "consumer"])
def test_claude_code_through_team_or_consumer_plans_is_not_zdr_eligible(access):
    result = run(zero_retention=True, surfaces=["claude-code"], claude_code_access=access)
    finding = the(result, "zdr-not-eligible", "claude-code")
    assert finding.message.startswith(f"{ROUTES[access]} is not eligible for zero data retention")
    assert ("claude_code_access", access) in finding.because.answers
    assert result.configuration.surfaces_to_avoid == ("claude-code",)
    assert result.configuration.zero_data_retention is False


def test_claude_code_through_a_consumer_plan_is_under_the_consumer_terms():
    result = run(zero_retention=True, surfaces=["claude-code"], claude_code_access="consumer")
    finding = the(result, "consumer-terms", "claude-code")
    assert finding.message.startswith(f"{ROUTES['consumer']} is a consumer plan")
    assert ("claude_code_access", "consumer") in finding.because.answers
    assert "consumer-terms" not in codes(
        run(zero_retention=True, surfaces=["claude-code"], claude_code_access="team")
    )


def test_claude_code_with_access_unsure_is_conditional_and_names_every_route():
    result = run(zero_retention=True, surfaces=["claude-code"], claude_code_access="unsure")
    finding = the(result, "zdr-conditional", "claude-code")
    for name in ROUTES.values():
        assert name in finding.message
    assert "Say how your developers reach it" in finding.message
    assert {r.subject for r in finding.because.rows} == {
        "claude-code",
        *(r.slug for r in MATRIX.routes_of("claude-code")),
    }


def test_claude_code_through_a_consumer_plan_gets_no_commercial_training_promise():
    result = run(eu_data_subjects=True, surfaces=["claude-code"], claude_code_access="consumer")
    assert the(result, "consumer-terms", "claude-code")
    assert "training-policy" not in codes(result)
    assert result.configuration.data_controller == "Anthropic Ireland, Limited"
    assert f"{ROUTES['consumer']} is a consumer plan" in the(result, "gdpr-controller").message
    team = run(eu_data_subjects=True, surfaces=["claude-code"], claude_code_access="team")
    assert "training-policy" in codes(team)
    assert team.configuration.data_controller is None


def test_consumer_terms_for_claude_code_cite_the_consumer_terms_update():
    result = run(surfaces=["claude-code"], claude_code_access="consumer")
    finding = the(result, "consumer-terms", "claude-code")
    assert SOURCES["consumer-terms-update"].title in titles(finding, "cited")


@pytest.mark.parametrize("access", ACCESS)
def test_claude_code_access_is_ignored_when_claude_code_is_not_chosen(access):
    answers = {
        "zero_retention": True,
        "phi": True,
        "eu_data_subjects": True,
        "surfaces": ["messages-api", "claude-team", "claude-pro"],
    }
    assert run(**answers, claude_code_access=access) == run(**answers, claude_code_access="unsure")


def test_phi_on_claude_code_is_not_covered_whatever_the_route():
    for access in ACCESS:
        result = run(phi=True, surfaces=["claude-code"], claude_code_access=access)
        assert (
            "Anthropic's BAA does not cover Claude Code."
            in the(result, "baa-not-covered", "claude-code").message
        )


# ---- the source sentence each code rests on ----------------------------------------------

# code -> (answers, subject, a verbatim sentence of the source document, the key fact the
# finding's message or the statements it rests on must carry).
SOURCE_SENTENCES: dict[str, tuple[dict[str, Any], str | None, str, str]] = {
    "baa-not-covered": (
        {"phi": True, "surfaces": ["claude-code"]},
        "claude-code",
        "Claude Code Not covered under HIPAA readiness",
        "BAA does not cover Claude Code",
    ),
    "baa-via-cloud-provider": (
        {"phi": True, "surfaces": ["amazon-bedrock"]},
        "amazon-bedrock",
        "Not covered (cloud provider is the data processor; see those platforms)",
        "the cloud provider is the data processor",
    ),
    "baa-required": (
        {"phi": True, "surfaces": ["messages-api"]},
        "messages-api",
        "an administrator must sign the BAA and contact sales to enable it",
        "signs the BAA, then contacts Anthropic sales",
    ),
    "hipaa-feature-blocked": (
        {"phi": True, **api("batch-api")},
        "batch-api",
        "Batch API, Files API, Agent Skills, MCP connector, Claude Managed Agents, MCP tunnels No",
        "400 invalid_request_error",
    ),
    "hipaa-feature-partial": (
        {"phi": True, **api("web-search")},
        "web-search",
        "Web search Yes (dynamic filtering not eligible)",
        "Dynamic filtering is not eligible",
    ),
    "phi-outside-schemas": (
        {"phi": True, "surfaces": ["messages-api"]},
        None,
        "never in JSON schema definitions (property names, enum/const values, or pattern regexes)",
        "JSON schema definitions (property names, enum/const values, pattern regexes)",
    ),
    "hipaa-instead-of-zdr": (
        {"phi": True, "zero_retention": True, "surfaces": ["messages-api"]},
        None,
        "Anthropic states you do not also need ZDR if you have HIPAA readiness.",
        "you do not also need ZDR if you have HIPAA readiness",
    ),
    "zdr-not-eligible": (
        {"zero_retention": True, **api("batch-api")},
        "batch-api",
        "Batch API, Files API, code execution, Agent Skills, MCP connector Not eligible",
        "Batch API is not eligible for zero data retention",
    ),
    "zdr-conditional": (
        {"zero_retention": True, "surfaces": ["claude-code"]},
        "claude-code",
        "Claude Code (Commercial org API keys, or via Claude Enterprise with ZDR enabled) Eligible",
        "via Claude Enterprise with ZDR enabled",
    ),
    "zdr-qualified": (
        {"zero_retention": True, **api("structured-outputs")},
        "structured-outputs",
        "a cached JSON schema for up to 24 hours since last use",
        "cached JSON schema for up to 24 hours since last use",
    ),
    "zdr-setup": (
        {"zero_retention": True, "surfaces": ["messages-api"]},
        None,
        "ZDR is requested through Anthropic sales and enabled per organization",
        "does not carry over automatically to new organizations",
    ),
    "zdr-no-cors": (
        {"zero_retention": True, "browser_client": True, "surfaces": ["messages-api"]},
        None,
        "CORS is not supported for ZDR organizations, so browser apps must call through a "
        "backend proxy.",
        "CORS is not supported for ZDR organizations",
    ),
    "zdr-exceptions": (
        {"zero_retention": True, "surfaces": ["messages-api"]},
        None,
        "may retain inputs and outputs for up to 2 years if a chat or session is flagged for a "
        "Usage Policy violation",
        "up to 2 years if a chat or session is flagged",
    ),
    "covered-model-retention": (
        {"zero_retention": True, "surfaces": ["messages-api"], "models": ["claude-fable-5"]},
        "claude-fable-5",
        "Organizations with ZDR can turn on 30-day retention for a single workspace (Console > "
        "Settings > Workspaces > Privacy controls)",
        "30-day retention for a single workspace (Console > Settings > Workspaces > Privacy "
        "controls)",
    ),
    "retention-default": (
        {"surfaces": ["messages-api"]},
        None,
        "API inputs and outputs are automatically deleted on the backend within 30 days",
        "auto-deleted within 30 days",
    ),
    "storage-region-unavailable": (
        {"storage_region": "eu", "surfaces": ["messages-api"]},
        None,
        "so there is currently no EU-resident storage option at the workspace level",
        '"us" is currently the only workspace geo',
    ),
    "inference-region-unavailable": (
        {"inference_region": "eu", "surfaces": ["messages-api"]},
        None,
        'values are "global" (default) or "us"',
        'accepts only "global" and "us"',
    ),
    "inference-geo-us": (
        {"inference_region": "us", "surfaces": ["messages-api"]},
        None,
        "US-only inference is priced at 1.1x the standard rate on supported models.",
        "priced at 1.1x the standard rate",
    ),
    "inference-geo-unsupported-model": (
        {"inference_region": "us", "surfaces": ["messages-api"], "models": ["claude-haiku-4-5"]},
        "claude-haiku-4-5",
        "supported on Claude Opus 4.6, Sonnet 4.6, and later (older models return a 400)",
        "older models return a 400",
    ),
    "workspace-geo-us": (
        {"storage_region": "us", "surfaces": ["messages-api"]},
        None,
        "it is set at workspace creation and cannot be changed afterward",
        "cannot be changed afterward",
    ),
    "residency-set-by-platform": (
        {"storage_region": "eu", "surfaces": ["amazon-bedrock"]},
        "amazon-bedrock",
        "on Bedrock and Vertex AI the region is set by the endpoint or inference profile",
        "The region is set by the endpoint or inference profile",
    ),
    "residency-not-stated": (
        {"storage_region": "us", "surfaces": ["claude-enterprise"]},
        "claude-enterprise",
        "Data residency is available on the Claude API (first-party) and Claude Platform on AWS",
        "names no data residency control for Claude Enterprise",
    ),
    "baa-not-stated": (
        {"phi": True, "surfaces": ["third-party-integrations"]},
        "third-party-integrations",
        "Anthropic states your signed BAA is the official source of truth for what is covered.",
        "Your signed BAA is the official source of truth for what is covered",
    ),
    "zdr-not-stated": (
        {"zero_retention": True, **api("web-search")},
        "web-search",
        "it offers a zero-data-retention (ZDR) arrangement on the Messages and Token Counting APIs",
        "does not say whether Web search is eligible for zero data retention",
    ),
    "covered-model-platform": (
        {"zero_retention": True, "surfaces": ["amazon-bedrock"], "models": ["claude-fable-5"]},
        "amazon-bedrock",
        "On Bedrock, Vertex AI, and Microsoft Foundry, retention requirements for these models "
        "are set by each platform.",
        "retention requirements for Covered Models are set by each platform",
    ),
    "gdpr-controller": (
        {"eu_data_subjects": True, "surfaces": ["claude-enterprise"]},
        None,
        "Privacy Policy states it does not apply to content processed on behalf of business "
        "customers; that data is governed by the customer agreement.",
        "that data is governed by the customer agreement",
    ),
    "gdpr-transfers": (
        {"eu_data_subjects": True, "surfaces": ["messages-api"]},
        None,
        '"us" is currently the only available workspace geo',
        "Anthropic relies on standard contractual clauses",
    ),
    "certification-not-held": (
        {"surfaces": ["messages-api"], "certifications": ["fedramp"]},
        "fedramp",
        "The help-center certifications list does not mention ISO 27017, ISO 27018, FedRAMP, "
        "or CSA STAR",
        "FedRAMP is not in Anthropic's published certifications list",
    ),
    "certification-held": (
        {"surfaces": ["messages-api"], "certifications": ["iso42001"]},
        "iso42001",
        "issued by Schellman Compliance, LLC, accredited by the ANSI National Accreditation Board",
        "Issued by Schellman Compliance, LLC, accredited by the ANSI National Accreditation Board",
    ),
    "training-policy": (
        {"surfaces": ["messages-api"]},
        None,
        "by default it does not train models on data sent under its commercial terms",
        "does not train models on data sent under its commercial terms",
    ),
    "consumer-terms": (
        {"surfaces": ["claude-pro"]},
        "claude-pro",
        "do not apply to services under our Commercial Terms",
        "not a service under Anthropic's Commercial Terms",
    ),
}


@pytest.fixture(scope="module")
def source_text() -> str:
    assert SOURCE_DOCUMENT.is_file(), f"the source document is missing: {SOURCE_DOCUMENT}"
    return SOURCE_DOCUMENT.read_text(encoding="utf-8")


def test_every_finding_code_has_the_source_sentence_it_rests_on():
    assert set(SOURCE_SENTENCES) == set(FINDING_CODES)


@pytest.mark.parametrize("code", list(SOURCE_SENTENCES))
def test_the_finding_carries_the_key_fact_of_its_source_sentence(code, source_text):
    answers, subject, sentence, fact = SOURCE_SENTENCES[code]
    assert sentence in source_text
    assert_valid(answers)
    finding = the(run(**answers), code, subject)
    assert fact in evidence(finding)
    assert titles(finding, "primary") == {DOCUMENT_TITLE}


def test_the_source_document_is_the_one_its_title_names(source_text):
    assert source_text.startswith(DOCUMENT_TITLE)
    assert "Last verified: June 13, 2026" in source_text
    assert dt.date(2026, 6, 13) == seed.VERIFIED_ON


# ---- the rules read the policy data -----------------------------------------------------


def test_batch_api_marked_hipaa_eligible_is_no_longer_blocked():
    matrix = seed_matrix("batch-eligible", cell_overrides={("hipaa", "batch-api"): "eligible"})
    result = run(matrix, phi=True, **api("batch-api", "files-api"))
    blocked = [f.subject for f in result.findings if f.code == "hipaa-feature-blocked"]
    assert blocked == ["files-api"]
    assert result.configuration.features_to_avoid == ("files-api",)
    assert run(matrix, phi=True, **api("batch-api")).verdict == "ready"


def test_a_feature_marked_hipaa_conditional_warns_with_the_stated_condition():
    matrix = seed_matrix(
        "batch-conditional",
        cell_overrides={
            ("hipaa", "batch-api"): {"status": "conditional", "condition": "Only for text jobs."}
        },
    )
    finding = the(run(matrix, phi=True, **api("batch-api")), "hipaa-feature-partial", "batch-api")
    assert "Only for text jobs." in finding.message


def test_a_feature_marked_hipaa_set_by_platform_is_not_stated_for_anthropics_baa():
    matrix = seed_matrix("effort-platform", cell_overrides={("hipaa", "effort"): "set_by_platform"})
    finding = the(run(matrix, phi=True, **api("effort")), "baa-not-stated", "effort")
    assert finding.severity == "warning"


@pytest.mark.parametrize("surface", ["microsoft-foundry", "claude-enterprise"])
def test_a_surface_marked_residency_set_by_platform_follows_the_data(surface):
    matrix = seed_matrix(
        f"{surface}-residency-platform",
        cell_overrides={
            ("data-residency", surface): {
                "status": "set_by_platform",
                "condition": "The region is set by the deployment.",
            }
        },
    )
    result = run(matrix, storage_region="us", surfaces=[surface])
    finding = the(result, "residency-set-by-platform", surface)
    assert "The region is set by the deployment." in finding.message
    assert "residency-not-stated" not in codes(result)
    assert "residency-not-stated" in codes(run(storage_region="us", surfaces=[surface]))


def test_a_surface_given_residency_controls_gets_anthropics_residency_findings():
    matrix = seed_matrix(
        "foundry-residency", cell_overrides={("data-residency", "microsoft-foundry"): "eligible"}
    )
    result = run(matrix, storage_region="us", surfaces=["microsoft-foundry"])
    assert "residency-not-stated" not in codes(result)
    assert "Claude in Microsoft Foundry" in the(result, "workspace-geo-us").message
    assert result.configuration.workspace_geo == "us"


def test_a_surface_whose_residency_is_not_available_blocks_each_region_asked():
    result = run(
        TEAM_RESIDENCY_NOT_AVAILABLE,
        storage_region="us",
        inference_region="eu",
        surfaces=["claude-team"],
    )
    storage = the(result, "storage-region-unavailable", "claude-team")
    inference = the(result, "inference-region-unavailable", "claude-team")
    assert "keeps its data in the US" in storage.message
    assert "keeps its data in the EU" in inference.message
    assert result.configuration.surfaces_to_avoid == ("claude-team",)


@pytest.mark.parametrize(
    ("surface", "setter", "code", "subject"),
    [
        ("claude-platform-aws", "platform", "covered-model-platform", "claude-platform-aws"),
        ("amazon-bedrock", "anthropic", "covered-model-retention", "claude-fable-5"),
        ("messages-api", "platform", "covered-model-platform", "messages-api"),
        ("messages-api", "not_stated", "zdr-not-stated", "claude-fable-5"),
    ],
)
def test_who_sets_covered_model_retention_follows_the_data(surface, setter, code, subject):
    matrix = seed_matrix(
        f"{surface}-{setter}",
        offering_overrides={surface: {"covered_model_retention": setter}},
    )
    result = run(matrix, zero_retention=True, surfaces=[surface], models=["claude-fable-5"])
    assert the(result, code, subject).severity == CONTRACT_SEVERITY[code]


def test_a_surface_with_no_model_choice_gets_no_covered_model_finding():
    matrix = seed_matrix(
        "api-no-setter", offering_overrides={"messages-api": {"covered_model_retention": ""}}
    )
    result = run(matrix, zero_retention=True, surfaces=["messages-api"], models=COVERED_MODELS)
    assert not codes(result) & {"covered-model-retention", "covered-model-platform"}
    assert result.configuration.covered_model_workspace is None


def test_a_new_claude_code_route_is_judged_by_its_own_zdr_cell():
    matrix = seed_matrix(
        "new-route",
        offering_overrides={
            "claude-code-team": None,
            "claude-code-team-zdr": {
                "name": "Claude Code through Claude Team with ZDR",
                "kind": "route",
                "group": "claude-apps",
                "parent": "claude-code",
                "access_path": "team",
                "order": 44,
                "source": seed.DOCUMENT,
            },
        },
        cell_overrides={
            ("zdr", "claude-code-team-zdr"): {
                "status": "eligible",
                "activation": "Ask for ZDR on the Team organization.",
            }
        },
    )
    result = run(matrix, zero_retention=True, surfaces=["claude-code"], claude_code_access="team")
    assert "zdr-not-eligible" not in codes(result)
    assert (
        "For Claude Code through Claude Team with ZDR: ask for ZDR"
        in the(result, "zdr-setup").message
    )
    unsure = run(matrix, zero_retention=True, surfaces=["claude-code"])
    assert (
        "Claude Code through Claude Team with ZDR, eligible"
        in the(unsure, "zdr-conditional", "claude-code").message
    )


def test_a_route_whose_zdr_cell_is_not_stated_falls_back_to_the_surfaces_cell():
    matrix = seed_matrix("team-route-unknown", cell_overrides={("zdr", "claude-code-team"): None})
    result = run(matrix, zero_retention=True, surfaces=["claude-code"], claude_code_access="team")
    finding = the(result, "zdr-conditional", "claude-code")
    assert "Claude Code through Claude Team, not stated" in finding.message
    assert "zdr-not-eligible" not in codes(result)


def test_a_cloud_surface_marked_hipaa_eligible_needs_the_baa_like_any_covered_surface():
    matrix = seed_matrix("bedrock-hipaa", cell_overrides={("hipaa", "amazon-bedrock"): "eligible"})
    result = run(matrix, phi=True, surfaces=["amazon-bedrock"])
    assert the(result, "baa-required", "amazon-bedrock").severity == "action"
    assert "baa-via-cloud-provider" not in codes(result)
    assert result.configuration.hipaa_organization is True
    # The program's instructions stand in for a cell without its own activation.
    assert dict(result.configuration.baa_activation) == {
        "amazon-bedrock": matrix.programs["hipaa"].how_to_enable
    }


def test_a_qualified_hipaa_surface_shows_its_condition_with_the_baa_action():
    matrix = seed_matrix(
        "enterprise-conditional",
        cell_overrides={
            ("hipaa", "claude-enterprise"): {
                "status": "conditional",
                "condition": "Only in US orgs.",
            }
        },
    )
    message = the(
        run(matrix, phi=True, surfaces=["claude-enterprise"]), "baa-required", "claude-enterprise"
    ).message
    assert "Only in US orgs." in message


def test_a_surface_marked_zdr_eligible_is_no_longer_blocked():
    matrix = seed_matrix("team-zdr", cell_overrides={("zdr", "claude-team"): "eligible"})
    result = run(matrix, zero_retention=True, surfaces=["claude-team"])
    assert "zdr-not-eligible" not in codes(result)
    assert result.configuration.zero_data_retention is True


def test_a_zdr_cell_eligible_in_part_is_a_condition_with_its_detail():
    matrix = seed_matrix(
        "caching-partial",
        cell_overrides={
            ("zdr", "prompt-caching"): {"status": "partial", "condition": "Cache only, 5 min."}
        },
    )
    finding = the(
        run(matrix, zero_retention=True, **api("prompt-caching")),
        "zdr-conditional",
        "prompt-caching",
    )
    assert "Cache only, 5 min." in finding.message
    assert "depends on how it is reached" not in finding.message


def test_a_zdr_cell_marked_not_available_blocks():
    matrix = seed_matrix("effort-na", cell_overrides={("zdr", "effort"): "not_available"})
    result = run(matrix, zero_retention=True, **api("effort"))
    assert the(result, "zdr-not-eligible", "effort").severity == "blocker"


def test_a_zdr_cell_set_by_the_platform_quotes_its_condition():
    matrix = seed_matrix(
        "bedrock-zdr-platform",
        cell_overrides={
            ("zdr", "amazon-bedrock"): {
                "status": "set_by_platform",
                "condition": "AWS sets what it retains.",
            }
        },
    )
    finding = the(
        run(matrix, zero_retention=True, surfaces=["amazon-bedrock"]),
        "zdr-not-stated",
        "amazon-bedrock",
    )
    assert "AWS sets what it retains." in finding.message


def test_a_qualified_zdr_cell_without_a_condition_explains_what_qualified_means():
    matrix = seed_matrix(
        "bare-qualified", cell_overrides={("zdr", "cache-diagnostics"): {"condition": ""}}
    )
    finding = the(
        run(matrix, zero_retention=True, **api("cache-diagnostics")),
        "zdr-qualified",
        "cache-diagnostics",
    )
    assert "cached JSON schema for up to 24 hours" in finding.message


def test_a_certification_marked_held_is_reported_as_held():
    matrix = seed_matrix(
        "fedramp-held",
        certification_overrides={
            "fedramp": {"status": "held", "scope": "Claude for Government", "issuer": "3PAO"}
        },
    )
    result = run(matrix, surfaces=["messages-api"], certifications=["fedramp"])
    finding = the(result, "certification-held", "fedramp")
    assert "Claude for Government" in finding.message
    assert "Issued by 3PAO." in finding.message
    assert "certification-not-held" not in codes(result)
    assert result.verdict == "ready"


def test_a_held_certification_withdrawn_blocks():
    matrix = seed_matrix(
        "soc2-withdrawn", certification_overrides={"soc2-type2": {"status": "not_asserted"}}
    )
    result = run(matrix, surfaces=["messages-api"], certifications=["soc2-type2"])
    assert result.verdict == "blocked"


def test_a_held_certification_without_scope_or_report_access_says_only_that_it_is_held():
    matrix = seed_matrix(
        "bare-cert", certification_overrides={"iso27001": {"scope": "", "report_access": ""}}
    )
    result = run(matrix, surfaces=["messages-api"], certifications=["iso27001"])
    assert the(result, "certification-held", "iso27001").message == (
        "Anthropic's help center lists ISO/IEC 27001:2022 as held."
    )


def test_a_newly_added_covered_model_requires_retention_under_zdr():
    matrix = seed_matrix(
        "new-model",
        model_overrides={
            "claude-saga-6": {
                "name": "Claude Saga 6",
                "is_covered_model": True,
                "required_retention_days": 90,
                "supports_inference_geo": True,
                "order": 8,
                "source": "api-data-retention",
            }
        },
    )
    result = run(
        matrix,
        zero_retention=True,
        surfaces=["messages-api"],
        models=["claude-saga-6", "claude-fable-5"],
    )
    finding = the(result, "covered-model-retention", "claude-saga-6")
    assert "Claude Saga 6" in finding.message
    assert "90-day" in finding.message
    workspace = dict(result.configuration.covered_model_workspace)
    assert workspace["models"] == ("claude-saga-6", "claude-fable-5")
    assert workspace["retention_days"] == 90
    geo = run(matrix, inference_region="us", surfaces=["messages-api"], models=["claude-saga-6"])
    assert "inference-geo-unsupported-model" not in codes(geo)
    assert "Claude Saga 6" in the(geo, "inference-geo-us").message


def test_a_model_that_stops_being_covered_no_longer_blocks_zdr():
    matrix = seed_matrix(
        "fable-uncovered", model_overrides={"claude-fable-5": {"is_covered_model": False}}
    )
    result = run(matrix, zero_retention=True, surfaces=["messages-api"], models=["claude-fable-5"])
    assert result.verdict == "ready_with_conditions"
    assert "covered-model-retention" not in codes(result)


def test_a_new_api_feature_is_judged_by_its_cells():
    matrix = seed_matrix(
        "new-feature",
        offering_overrides={"voice-mode": new_feature("voice-mode", "Voice mode")},
        cell_overrides={("hipaa", "voice-mode"): "not_eligible", ("zdr", "voice-mode"): "eligible"},
    )
    assert "voice-mode" in matrix.features
    assert the(run(matrix, phi=True, **api("voice-mode")), "hipaa-feature-blocked", "voice-mode")
    zdr = run(matrix, zero_retention=True, **api("voice-mode"))
    assert not codes(zdr) & {"zdr-not-stated", "zdr-not-eligible", "zdr-conditional"}


def test_an_eu_workspace_geo_added_to_the_data_makes_eu_storage_possible():
    matrix = seed_matrix(
        "eu-geo",
        residency_overrides={
            ("workspace_geo", "eu"): {"fixed_at_creation": True, "source": "data-residency"}
        },
    )
    result = run(matrix, storage_region="eu", surfaces=["messages-api"])
    assert "storage-region-unavailable" not in codes(result)
    assert 'workspace geo "eu"' in the(result, "workspace-geo-us").message
    assert result.configuration.workspace_geo == "eu"
    assert result.verdict == "ready"
    assert run(matrix, surfaces=["messages-api"]).configuration.workspace_geo == "us"


def test_a_workspace_geo_that_can_change_later_does_not_say_it_cannot():
    matrix = seed_matrix(
        "geo-mutable", residency_overrides={("workspace_geo", "us"): {"fixed_at_creation": False}}
    )
    message = the(run(matrix, storage_region="us", surfaces=["messages-api"]), "workspace-geo-us")
    assert "cannot be changed" not in message.message


def test_without_a_default_workspace_or_inference_geo_the_configuration_leaves_them_unset():
    matrix = seed_matrix(
        "no-default-geo",
        residency_overrides={
            ("workspace_geo", "us"): {"is_default": False},
            ("inference_geo", "global"): {"is_default": False},
        },
    )
    c = run(matrix, surfaces=["messages-api"]).configuration
    assert (c.inference_geo, c.workspace_geo, c.inference_price_multiplier) == (None, None, None)
    pinned = run(matrix, storage_region="us", inference_region="us", surfaces=["messages-api"])
    assert (pinned.configuration.inference_geo, pinned.configuration.workspace_geo) == ("us", "us")


def test_a_us_inference_geo_at_the_standard_price_does_not_mention_a_price():
    matrix = seed_matrix(
        "us-standard-price",
        residency_overrides={("inference_geo", "us"): {"price_multiplier": Decimal("1.00")}},
    )
    result = run(matrix, inference_region="us", surfaces=["messages-api"])
    assert "priced" not in the(result, "inference-geo-us").message
    assert result.configuration.inference_price_multiplier == "1"


def test_without_any_model_supporting_inference_geo_no_alternative_is_offered():
    matrix = seed_matrix(
        "no-geo-models",
        model_overrides={m: {"supports_inference_geo": False} for m in MODELS},
    )
    result = run(
        matrix, inference_region="us", surfaces=["messages-api"], models=["claude-opus-4-6"]
    )
    assert "It is supported on" not in the(result, "inference-geo-us").message
    assert (
        "Use a model that supports it"
        not in the(result, "inference-geo-unsupported-model", "claude-opus-4-6").message
    )


def test_the_message_figures_come_from_the_policy_data():
    matrix = seed_matrix(
        "figures",
        residency_overrides={("inference_geo", "us"): {"price_multiplier": Decimal("1.25")}},
        retention_overrides={"flagged-inputs-outputs": {"period": "Up to 3 years"}},
        statement_overrides={"gdpr-dsr-deadline": {"statement": "DSRs within 30 days."}},
    )
    geo = run(matrix, inference_region="us", surfaces=["messages-api"])
    assert "1.25x" in the(geo, "inference-geo-us").message
    assert geo.configuration.inference_price_multiplier == "1.25"
    zdr = run(matrix, zero_retention=True, surfaces=["messages-api"])
    assert "up to 3 years" in the(zdr, "zdr-exceptions").message
    assert (
        "up to 3 years" in the(run(matrix, surfaces=["claude-team"]), "retention-default").message
    )
    gdpr = the(run(matrix, eu_data_subjects=True, surfaces=["messages-api"]), "gdpr-controller")
    assert "DSRs within 30 days." in gdpr.message
    assert "one calendar month" not in gdpr.message


def test_a_surfaces_retention_policy_follows_the_data():
    matrix = seed_matrix(
        "pro-apps", offering_overrides={"claude-pro": {"retention_policy": "apps"}}
    )
    message = the(run(matrix, surfaces=["claude-pro"]), "retention-default").message
    assert "Claude Pro: conversation content (Claude for Work), kept until you delete it" in message


def test_whom_to_ask_follows_the_surfaces_processor():
    matrix = seed_matrix(
        "third-party-anthropic",
        offering_overrides={"third-party-integrations": {"processor": "anthropic"}},
    )
    result = run(matrix, phi=True, surfaces=["third-party-integrations"])
    assert "(ask Anthropic)" in the(result, "baa-not-stated", "third-party-integrations").message
    assert "training-policy" in codes(result)


def test_a_plan_moved_to_the_consumer_terms_gets_the_consumer_terms_warning():
    matrix = seed_matrix("team-consumer", offering_overrides={"claude-team": {"terms": "consumer"}})
    result = run(matrix, eu_data_subjects=True, surfaces=["claude-team"])
    assert the(result, "consumer-terms", "claude-team")
    assert "training-policy" not in codes(result)
    assert result.configuration.data_controller == "Anthropic Ireland, Limited"


def test_the_gdpr_controller_follows_the_controller_rows():
    matrix = seed_matrix(
        "no-gdpr-controller", controller_overrides={"eea-uk-ch": {"gdpr_applies": False}}
    )
    result = run(matrix, eu_data_subjects=True, surfaces=["claude-pro"])
    assert result.configuration.data_controller is None
    assert (
        "Anthropic Ireland, Limited for people in the EEA" in the(result, "gdpr-controller").message
    )


def test_phi_placements_without_a_reason_or_an_allowed_place_still_read_well():
    matrix = seed_matrix(
        "placements",
        phi_placement_overrides={
            "json-schema-definitions": {"reason": ""},
            "attached-files": None,
            "message-content": None,
            "file-names-metadata": None,
        },
    )
    message = the(run(matrix, phi=True, surfaces=["messages-api"]), "phi-outside-schemas").message
    assert message.startswith("Never put it in JSON schema definitions")
    assert "because" not in message
    assert "Put PHI only" not in message
    only_allowed = seed_matrix(
        "placements-allowed-only",
        phi_placement_overrides={
            p["slug"]: None for p in seed.PHI_PLACEMENTS if p["allowed"] != "allowed"
        },
    )
    finding = the(run(only_allowed, phi=True, surfaces=["messages-api"]), "phi-outside-schemas")
    assert finding.message == (
        "Put PHI only in message content, attached files and related file names and metadata."
    )


def test_phi_placement_reasons_are_not_double_punctuated():
    message = the(run(phi=True, surfaces=["messages-api"]), "phi-outside-schemas").message
    assert ".)" not in message
    assert ".." not in message


def test_without_any_phi_placement_the_buyer_is_sent_to_the_signed_baa():
    matrix = seed_matrix(
        "no-placements",
        phi_placement_overrides={p["slug"]: None for p in seed.PHI_PLACEMENTS},
    )
    finding = the(run(matrix, phi=True, surfaces=["messages-api"]), "phi-outside-schemas")
    assert finding.message == "Follow your signed BAA on where PHI may appear in API requests."


def test_a_residency_cell_with_a_status_the_engine_does_not_know_never_blocks():
    # A status outside the known sets (say, one added to the model before the engine knows
    # it) gives no residency finding rather than a guess.
    matrix = seed_matrix(
        "odd-status", cell_overrides={("data-residency", "cowork"): "under_review"}
    )
    result = run(matrix, storage_region="us", surfaces=["cowork"])
    assert not codes(result) & (RESIDENCY_CODES | {"residency-not-stated"})
    assert result.verdict == "ready"


# ---- removed rows never crash the engine -----------------------------------------------

STATEMENTS = [row["slug"] for row in seed.POLICY_FACTS]


@pytest.mark.parametrize("slug", STATEMENTS)
def test_a_removed_statement_never_crashes_the_engine(slug):
    matrix = seed_matrix(f"without-{slug}", statement_overrides={slug: None})
    assert slug not in matrix.statements
    for answers in (EVERYTHING, {**EVERYTHING, "zero_retention": False}):
        result = run(matrix, **answers)
        baseline = run(**answers)
        assert result.verdict == baseline.verdict
        expected = [(f.code, f.subject) for f in baseline.findings]
        if slug == "hipaa-instead-of-zdr":  # it has no words of its own to fall back on
            expected = [key for key in expected if key != ("hipaa-instead-of-zdr", None)]
        assert [(f.code, f.subject) for f in result.findings] == expected
        for finding in result.findings:
            assert finding.message


def test_with_every_statement_removed_the_messages_fall_back_to_plain_text():
    matrix = seed_matrix("no-statements", statement_overrides={slug: None for slug in STATEMENTS})
    result = run(matrix, **EVERYTHING)
    assert "hipaa-instead-of-zdr" not in codes(result)
    assert the(result, "zdr-no-cors").message == (
        "Browser apps of a ZDR organization must call through a backend proxy. Route your web "
        "app's calls to Claude through your own server."
    )
    assert "The way out" not in the(result, "covered-model-retention", "claude-fable-5").message
    assert dict(result.configuration.covered_model_workspace)["where"] == ""
    assert (
        "error naming the feature" not in the(result, "hipaa-feature-blocked", "batch-api").message
    )
    assert "Workspace geo controls" not in the(result, "workspace-geo-us").message
    assert "training-policy" not in codes(run(matrix, surfaces=["messages-api"]))
    for finding in result.findings:
        if finding.severity in ("blocker", "warning"):
            assert finding.message
            assert finding.sources


def test_without_the_zdr_program_every_zdr_cell_is_unknown_and_the_exceptions_still_stand():
    matrix = seed_matrix("no-zdr-program", program_overrides={"zdr": None})
    # The program's cells go with it (cascade): ZDR is then not stated anywhere.
    result = run(matrix, zero_retention=True, surfaces=["messages-api", "claude-code"])
    assert "zdr-setup" not in codes(result)
    assert the(result, "zdr-not-stated", "messages-api")
    assert the(result, "zdr-not-stated", "claude-code")
    exceptions = the(result, "zdr-exceptions")
    assert exceptions.message.startswith("Zero data retention is not absolute. Even under ZDR")
    assert "program" not in {row.table for row in exceptions.because.rows}
    assert result.configuration.zero_data_retention is False


def test_without_the_hipaa_program_every_phi_answer_is_a_warning_to_confirm():
    matrix = seed_matrix("no-hipaa-program", program_overrides={"hipaa": None})
    result = run(matrix, phi=True, **api("batch-api", surfaces=["claude-code"]))
    assert {
        f.code for f in result.findings if f.subject in ("messages-api", "claude-code", "batch-api")
    } == {"baa-not-stated"}
    assert result.verdict == "ready_with_conditions"
    assert result.configuration.hipaa_organization is False


def test_with_no_baa_covered_surface_left_the_blocker_does_not_name_one():
    matrix = seed_matrix(
        "nothing-covered",
        cell_overrides={("hipaa", s): "not_eligible" for s in BAA_COVERED},
    )
    message = the(run(matrix, phi=True, surfaces=["cowork"]), "baa-not-covered", "cowork").message
    assert "The BAA covers" not in message
    assert (
        "The BAA covers Claude API"
        in the(run(phi=True, surfaces=["cowork"]), "baa-not-covered", "cowork").message
    )


def test_zdr_exceptions_never_end_with_an_empty_list():
    matrix = seed_matrix(
        "nothing-survives",
        retention_overrides={r["slug"]: {"survives_zdr": False} for r in seed.RETENTION_RULES},
    )
    message = the(run(matrix, zero_retention=True, surfaces=["messages-api"]), "zdr-exceptions")
    assert "Kept regardless of arrangement" not in message.message
    assert "up to 2 years" in message.message  # the statement still says it


def test_without_retention_rules_the_default_retention_names_only_what_is_left():
    matrix = seed_matrix(
        "no-retention",
        retention_overrides={r["slug"]: None for r in seed.RETENTION_RULES},
    )
    message = the(run(matrix, surfaces=["messages-api", "claude-pro"]), "retention-default").message
    assert "Kept longer" not in message
    assert "API inputs" not in message
    assert "Claude Pro: the source gives no retention period" in message
    only_defaults = seed_matrix(
        "no-exceptions",
        retention_overrides={
            r["slug"]: None for r in seed.RETENTION_RULES if r["applies_to"] == "all"
        },
    )
    message = the(run(only_defaults, surfaces=["messages-api"]), "retention-default").message
    assert "auto-deleted within 30 days" in message
    assert "Kept longer" not in message


def test_without_residency_options_region_requirements_are_blocked_and_cite_the_document():
    matrix = seed_matrix(
        "no-residency",
        residency_overrides={(r["control"], r["value"]): None for r in seed.RESIDENCY_OPTIONS},
    )
    result = run(
        matrix,
        eu_data_subjects=True,
        storage_region="us",
        inference_region="us",
        surfaces=["messages-api"],
        models=["claude-haiku-4-5"],
    )
    assert the(result, "storage-region-unavailable")
    assert the(result, "inference-region-unavailable")
    assert "inference-geo-unsupported-model" not in codes(result)
    assert "gdpr-transfers" not in codes(result)
    c = result.configuration
    assert (c.inference_geo, c.workspace_geo, c.inference_price_multiplier) == (None, None, None)


def test_without_controllers_the_gdpr_finding_still_states_the_rest():
    matrix = seed_matrix(
        "no-controllers", controller_overrides={c["slug"]: None for c in seed.CONTROLLERS}
    )
    result = run(matrix, eu_data_subjects=True, surfaces=["claude-pro"])
    message = the(result, "gdpr-controller").message
    assert "names the data controller" not in message
    assert "one calendar month" in message
    assert result.configuration.data_controller is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"retention_overrides": {r["slug"]: None for r in seed.RETENTION_RULES}},
        {"phi_placement_overrides": {p["slug"]: None for p in seed.PHI_PLACEMENTS}},
        {"controller_overrides": {c["slug"]: None for c in seed.CONTROLLERS}},
        {"program_overrides": {"hipaa": None, "data-residency": None, "zdr": None}},
        {"offering_overrides": {"cowork": None, "batch-api": None, "claude-code-team": None}},
        {"model_overrides": {"claude-haiku-4-5": None}},
        {"residency_overrides": {(r["control"], r["value"]): None for r in seed.RESIDENCY_OPTIONS}},
        {"statement_overrides": {slug: None for slug in STATEMENTS}},
    ],
    ids=[
        "no-retention",
        "no-phi-placements",
        "no-controllers",
        "no-programs",
        "fewer-offerings",
        "fewer-models",
        "no-residency",
        "no-statements",
    ],
)
def test_removed_rows_of_other_tables_never_crash_the_engine(overrides):
    matrix = seed_matrix("trimmed", **overrides)
    answers = {
        **EVERYTHING,
        "surfaces": list(matrix.surfaces),
        "features": list(matrix.features),
        "models": list(matrix.models),
    }
    for zdr in (True, False):
        for access in ACCESS:
            result = run(matrix, **{**answers, "zero_retention": zdr, "claude_code_access": access})
            assert result.verdict == "blocked"  # the certifications not held still block
            assert all(f.message for f in result.findings)


def test_the_seed_matrix_helper_applies_overrides_without_touching_the_seed():
    changed = seed_matrix(cell_overrides={("hipaa", "batch-api"): "eligible"})
    assert changed.status("hipaa", "batch-api") == "eligible"
    assert MATRIX.status("hipaa", "batch-api") == "not_eligible"
    assert seed_matrix() == dataclasses.replace(MATRIX, version="test")
    assert set(MATRIX.surfaces) == set(SURFACES)
    assert set(MATRIX.features) == set(FEATURES)
    assert list(MATRIX.models) == MODELS
    assert set(MATRIX.certifications) == set(CERTIFICATIONS)


def test_a_memoised_matrix_gives_the_same_result_as_a_fresh_one():
    answers = {
        "phi": True,
        "zero_retention": True,
        "surfaces": ["messages-api", "claude-code", "amazon-bedrock"],
        "features": ["batch-api"],
        "models": ["claude-fable-5"],
        "storage_region": "us",
        "inference_region": "us",
        "certifications": ["fedramp"],
        "claude_code_access": "enterprise",
    }
    warm = seed_matrix(version="memo")
    first = run(warm, **answers)
    assert run(warm, **answers) == first
    assert run(seed_matrix(version="memo"), **answers) == first
    for access in ACCESS:  # a warm memo never leaks one answer's findings into another's
        fresh = run(seed_matrix(version="memo"), **{**answers, "claude_code_access": access})
        assert run(warm, **{**answers, "claude_code_access": access}) == fresh


# ---- gdpr-transfers follows the workspace geos in the data ----------------------------------


def test_gdpr_transfers_is_not_said_once_an_eu_workspace_geo_exists():
    matrix = seed_matrix(
        "eu-geo-transfers",
        residency_overrides={
            ("workspace_geo", "eu"): {"fixed_at_creation": True, "source": "data-residency"}
        },
    )
    result = run(matrix, eu_data_subjects=True, storage_region="us", surfaces=["messages-api"])
    assert "gdpr-transfers" not in {f.code for f in result.findings}
