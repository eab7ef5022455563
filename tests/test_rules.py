"""The assessment engine (policydata.rules) against the contract of shared/PRODUCT.md.

Pure: every matrix here is built in memory from the seed rows (tests/matrices.py), no DB.
One table per finding code: answers that must raise it (with the contract's severity and
subject) and answers that must not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from policydata import seed
from policydata.contract import FINDING_CODES
from policydata.matrix import PolicyMatrix
from policydata.rules import Answers, Assessment, Finding, assess

from .canonical import CERTIFICATIONS, FEATURES, MODELS, SURFACES
from .matrices import SOURCES, new_feature, seed_matrix

MATRIX = seed_matrix("seed")

# The contract's table: code -> severity (shared/PRODUCT.md, "Finding codes").
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
    "zdr-exceptions": "info",
    "covered-model-retention": "blocker",
    "retention-default": "info",
    "storage-region-unavailable": "blocker",
    "inference-region-unavailable": "blocker",
    "inference-geo-us": "action",
    "inference-geo-unsupported-model": "blocker",
    "workspace-geo-us": "action",
    "residency-set-by-platform": "warning",
    "residency-unavailable-surface": "blocker",
    "gdpr-controller": "info",
    "certification-not-held": "blocker",
    "certification-held": "info",
    "training-policy": "info",
    "consumer-terms": "warning",
}

# The seed's facts, grouped the way the contract speaks of them.
BAA_COVERED = ["messages-api", "claude-enterprise"]
BAA_VIA_CLOUD = ["amazon-bedrock", "google-vertex-ai"]
BAA_NOT_COVERED = [
    "console-workbench", "claude-team", "claude-pro", "claude-max", "claude-free", "cowork",
    "claude-code", "claude-platform-aws", "microsoft-foundry", "claude-in-office",
    "claude-design", "third-party-integrations",
]  # fmt: skip
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
ZDR_ELIGIBLE = ["messages-api", "token-counting"]
ZDR_NOT_ELIGIBLE = [
    "console-workbench", "claude-team", "claude-enterprise", "claude-free", "claude-pro",
    "claude-max", "third-party-integrations", "managed-agents", "batch-api", "files-api",
    "code-execution", "agent-skills", "mcp-connector",
]  # fmt: skip
ZDR_QUALIFIED = ["structured-outputs", "cache-diagnostics"]
ZDR_NOT_STATED = [
    slug
    for slug in SURFACES + FEATURES
    if slug not in ZDR_ELIGIBLE + ZDR_NOT_ELIGIBLE + ZDR_QUALIFIED + ["claude-code"]
]
RESIDENCY_CONTROLS = ["messages-api", "claude-platform-aws"]
RESIDENCY_BY_PLATFORM = ["amazon-bedrock", "google-vertex-ai"]
NO_RESIDENCY = [s for s in SURFACES if s not in RESIDENCY_CONTROLS + RESIDENCY_BY_PLATFORM]
COVERED_MODELS = ["claude-fable-5", "claude-mythos-5"]
GEO_MODELS = ["claude-fable-5", "claude-mythos-5", "claude-opus-4-6", "claude-sonnet-4-6"]
OLDER_MODELS = ["claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5"]
HELD = ["soc2-type1", "soc2-type2", "iso27001", "iso42001"]
NOT_HELD = ["iso27017", "iso27018", "fedramp", "csa-star"]
CONSUMER = ["claude-pro", "claude-max", "claude-free"]
COMMERCIAL = [s for s in SURFACES if s not in CONSUMER]

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
}


# ---- helpers ---------------------------------------------------------------------------


def answers_of(**answers: Any) -> Answers:
    return Answers(**{k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()})


def run(matrix: PolicyMatrix = MATRIX, **answers: Any) -> Assessment:
    return assess(answers_of(**answers), matrix)


def codes(result: Assessment) -> set[str]:
    return {f.code for f in result.findings}


def the(result: Assessment, code: str, subject: str | None = None) -> Finding:
    """The single finding with this code and subject."""
    found = [f for f in result.findings if f.code == code and f.subject == subject]
    assert len(found) == 1, [(f.code, f.subject) for f in result.findings]
    return found[0]


def urls(finding: Finding) -> set[str]:
    return {source.url for source, _ in finding.sources}


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
        return (", ".join(parts) or "no answers") + on


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


# ---- one table per finding code --------------------------------------------------------

TABLES = [
    CodeTable(
        "baa-not-covered",
        "blocker",
        triggers=[hit(s, phi=True, surfaces=[s]) for s in BAA_NOT_COVERED],
        silent=[
            *(miss(phi=True, surfaces=[s]) for s in BAA_COVERED + BAA_VIA_CLOUD),
            miss(surfaces=["claude-code"]),
            miss(phi=True, features=HIPAA_BLOCKED_FEATURES),
        ],
    ),
    CodeTable(
        "baa-via-cloud-provider",
        "warning",
        triggers=[hit(s, phi=True, surfaces=[s]) for s in BAA_VIA_CLOUD],
        silent=[
            miss(surfaces=BAA_VIA_CLOUD),
            miss(phi=True, surfaces=["messages-api", "claude-platform-aws"]),
        ],
    ),
    CodeTable(
        "baa-required",
        "action",
        triggers=[hit(s, phi=True, surfaces=[s]) for s in BAA_COVERED],
        silent=[
            miss(surfaces=BAA_COVERED),
            miss(phi=True, surfaces=BAA_NOT_COVERED + BAA_VIA_CLOUD),
        ],
    ),
    CodeTable(
        "hipaa-feature-blocked",
        "blocker",
        triggers=[
            *(hit(f, phi=True, features=[f]) for f in HIPAA_BLOCKED_FEATURES),
            hit("batch-api", phi=True, surfaces=["messages-api"], features=["batch-api"]),
        ],
        silent=[
            miss(phi=True, features=HIPAA_ELIGIBLE_FEATURES + ["web-search"]),
            miss(features=HIPAA_BLOCKED_FEATURES),
        ],
    ),
    CodeTable(
        "hipaa-feature-partial",
        "warning",
        triggers=[hit("web-search", phi=True, features=["web-search"])],
        silent=[
            miss(features=["web-search"]),
            miss(phi=True, features=["web-search-dynamic-filtering", "token-counting"]),
        ],
    ),
    CodeTable(
        "phi-outside-schemas",
        "action",
        triggers=[
            hit(None, phi=True, surfaces=["messages-api"]),
            hit(None, phi=True, surfaces=["amazon-bedrock"]),
            hit(None, phi=True, features=["token-counting"]),
        ],
        silent=[
            miss(phi=True, surfaces=["claude-enterprise", "claude-team"]),
            miss(phi=True),
            miss(surfaces=["messages-api"], features=["token-counting"]),
        ],
    ),
    CodeTable(
        "hipaa-instead-of-zdr",
        "info",
        triggers=[
            hit(None, phi=True, zero_retention=True),
            hit(None, phi=True, zero_retention=True, surfaces=["messages-api"]),
        ],
        silent=[
            miss(phi=True, surfaces=["messages-api"]),
            miss(zero_retention=True, surfaces=["messages-api"]),
        ],
    ),
    CodeTable(
        "zdr-not-eligible",
        "blocker",
        triggers=[
            *(
                hit(s, zero_retention=True, **{"surfaces" if s in SURFACES else "features": [s]})
                for s in ZDR_NOT_ELIGIBLE
            ),
        ],
        silent=[
            miss(zero_retention=True, surfaces=["messages-api", "claude-code"]),
            miss(zero_retention=True, features=["token-counting", *ZDR_QUALIFIED, "web-search"]),
            miss(surfaces=["claude-team"], features=["batch-api"]),
        ],
    ),
    CodeTable(
        "zdr-conditional",
        "warning",
        triggers=[
            hit("claude-code", zero_retention=True, surfaces=["claude-code"]),
            # A "not stated" ZDR cell is a warning too (documented design decision).
            *(
                hit(s, zero_retention=True, **{"surfaces" if s in SURFACES else "features": [s]})
                for s in ZDR_NOT_STATED
            ),
        ],
        silent=[
            miss(surfaces=["claude-code", "amazon-bedrock"], features=["web-search"]),
            miss(zero_retention=True, surfaces=["messages-api"], features=["token-counting"]),
            miss(zero_retention=True, surfaces=["claude-team"], features=["batch-api"]),
            miss(zero_retention=True, features=ZDR_QUALIFIED),
        ],
    ),
    CodeTable(
        "zdr-qualified",
        "warning",
        triggers=[hit(f, zero_retention=True, features=[f]) for f in ZDR_QUALIFIED],
        silent=[
            miss(features=ZDR_QUALIFIED),
            miss(zero_retention=True, features=["token-counting", "batch-api", "web-search"]),
        ],
    ),
    CodeTable(
        "zdr-setup",
        "action",
        triggers=[
            hit(None, zero_retention=True),
            hit(None, zero_retention=True, surfaces=["messages-api"]),
        ],
        silent=[miss(surfaces=["messages-api"]), miss(browser_client=True)],
    ),
    CodeTable(
        "zdr-no-cors",
        "action",
        triggers=[hit(None, zero_retention=True, browser_client=True)],
        silent=[
            miss(browser_client=True, surfaces=["messages-api"]),
            miss(zero_retention=True, surfaces=["messages-api"]),
        ],
    ),
    CodeTable(
        "zdr-exceptions",
        "info",
        triggers=[hit(None, zero_retention=True)],
        silent=[miss(surfaces=["messages-api"]), miss(phi=True, surfaces=["messages-api"])],
    ),
    CodeTable(
        "covered-model-retention",
        "blocker",
        triggers=[hit(m, zero_retention=True, models=[m]) for m in COVERED_MODELS],
        silent=[
            miss(models=COVERED_MODELS),
            miss(zero_retention=True, models=GEO_MODELS[2:] + OLDER_MODELS),
        ],
    ),
    CodeTable(
        "retention-default",
        "info",
        triggers=[
            hit(None, surfaces=["messages-api"]),
            hit(None, surfaces=["claude-enterprise"]),
            hit(None, surfaces=["claude-in-office"]),
        ],
        silent=[miss(zero_retention=True, surfaces=["messages-api"]), miss(phi=True)],
    ),
    CodeTable(
        "storage-region-unavailable",
        "blocker",
        triggers=[
            hit(None, storage_region="eu"),
            hit(None, storage_region="eu", surfaces=["messages-api"]),
        ],
        silent=[miss(storage_region="us"), miss(inference_region="eu")],
    ),
    CodeTable(
        "inference-region-unavailable",
        "blocker",
        triggers=[hit(None, inference_region="eu", models=["claude-haiku-4-5"])],
        silent=[miss(inference_region="us"), miss(storage_region="eu")],
    ),
    CodeTable(
        "inference-geo-us",
        "action",
        triggers=[hit(None, inference_region="us")],
        silent=[miss(inference_region="eu"), miss(storage_region="us")],
    ),
    CodeTable(
        "inference-geo-unsupported-model",
        "blocker",
        triggers=[hit(m, inference_region="us", models=[m]) for m in OLDER_MODELS],
        silent=[
            miss(inference_region="us", models=GEO_MODELS),
            miss(models=OLDER_MODELS),
            miss(storage_region="us", models=OLDER_MODELS),
            miss(inference_region="eu", models=OLDER_MODELS),
        ],
    ),
    CodeTable(
        "workspace-geo-us",
        "action",
        triggers=[hit(None, storage_region="us")],
        silent=[miss(storage_region="eu"), miss(inference_region="us")],
    ),
    CodeTable(
        "residency-set-by-platform",
        "warning",
        triggers=[
            *(hit(s, storage_region="us", surfaces=[s]) for s in RESIDENCY_BY_PLATFORM),
            *(hit(s, inference_region="us", surfaces=[s]) for s in RESIDENCY_BY_PLATFORM),
            hit("amazon-bedrock", storage_region="eu", surfaces=["amazon-bedrock"]),
        ],
        silent=[
            miss(surfaces=RESIDENCY_BY_PLATFORM),
            miss(storage_region="us", surfaces=RESIDENCY_CONTROLS + NO_RESIDENCY),
        ],
    ),
    CodeTable(
        "residency-unavailable-surface",
        "blocker",
        triggers=[
            *(hit(s, storage_region="us", surfaces=[s]) for s in NO_RESIDENCY),
            hit("claude-enterprise", inference_region="us", surfaces=["claude-enterprise"]),
            hit("cowork", inference_region="eu", surfaces=["cowork"]),
        ],
        silent=[
            miss(surfaces=NO_RESIDENCY),
            miss(eu_data_subjects=True, surfaces=NO_RESIDENCY),
            miss(
                storage_region="us",
                inference_region="us",
                surfaces=RESIDENCY_CONTROLS + RESIDENCY_BY_PLATFORM,
            ),
        ],
    ),
    CodeTable(
        "gdpr-controller",
        "info",
        triggers=[hit(None, eu_data_subjects=True), hit(None, eu_data_subjects=True, phi=True)],
        silent=[miss(storage_region="eu", surfaces=["messages-api"])],
    ),
    CodeTable(
        "certification-not-held",
        "blocker",
        triggers=[hit(c, certifications=[c]) for c in NOT_HELD],
        silent=[miss(certifications=HELD), miss()],
    ),
    CodeTable(
        "certification-held",
        "info",
        triggers=[hit(c, certifications=[c]) for c in HELD],
        silent=[miss(certifications=NOT_HELD), miss(surfaces=["messages-api"])],
    ),
    CodeTable(
        "training-policy",
        "info",
        triggers=[
            hit(None, surfaces=["messages-api"]),
            hit(None, surfaces=["claude-enterprise", "claude-free"]),
            hit(None, surfaces=["amazon-bedrock"]),
        ],
        silent=[miss(surfaces=CONSUMER), miss(features=["token-counting"])],
    ),
    CodeTable(
        "consumer-terms",
        "warning",
        triggers=[hit(s, surfaces=[s]) for s in CONSUMER],
        silent=[miss(surfaces=COMMERCIAL), miss(phi=True, zero_retention=True)],
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
    for table in TABLES:
        assert table.severity == CONTRACT_SEVERITY[table.code]
        assert table.triggers
        assert table.silent


@pytest.mark.parametrize(("code", "severity", "case"), TRIGGERS)
def test_the_code_is_raised_with_the_contract_severity_and_subject(code, severity, case):
    result = assess(answers_of(**case.answers), case.matrix)
    finding = the(result, code, case.subject)
    assert finding.severity == severity
    assert finding.message


@pytest.mark.parametrize(("code", "case"), SILENT)
def test_the_code_is_not_raised_when_its_condition_does_not_hold(code, case):
    result = assess(answers_of(**case.answers), case.matrix)
    assert code not in codes(result)


# ---- verdicts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        ({}, "ready"),
        ({"surfaces": ["messages-api"], "certifications": HELD}, "ready"),
        ({"phi": True, "surfaces": ["messages-api"], "features": ["token-counting"]}, "ready"),
        ({"zero_retention": True, "browser_client": True, "surfaces": ["messages-api"]}, "ready"),
        ({"storage_region": "us", "inference_region": "us", "surfaces": ["messages-api"]}, "ready"),
        ({"eu_data_subjects": True}, "ready"),
        ({"surfaces": ["claude-free"]}, "ready_with_conditions"),
        ({"phi": True, "features": ["web-search"]}, "ready_with_conditions"),
        ({"zero_retention": True, "surfaces": ["claude-code"]}, "ready_with_conditions"),
        ({"phi": True, "features": ["batch-api"]}, "blocked"),
        ({"surfaces": ["claude-free"], "certifications": ["fedramp"]}, "blocked"),
        ({"storage_region": "eu"}, "blocked"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_the_verdict_follows_the_most_severe_finding(answers, verdict):
    assert run(**answers).verdict == verdict


def test_no_answers_is_ready_with_no_findings():
    result = run()
    assert result.verdict == "ready"
    assert result.findings == ()


def test_a_blocker_blocks_even_with_warnings_actions_and_infos():
    result = run(phi=True, surfaces=["messages-api", "claude-free"], features=["batch-api"])
    assert {f.severity for f in result.findings} == {"blocker", "warning", "action", "info"}
    assert result.verdict == "blocked"


def test_actions_and_infos_alone_leave_the_buyer_ready():
    result = run(phi=True, zero_retention=True, surfaces=["messages-api"], storage_region="us")
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
    eu = run(storage_region="eu", inference_region="eu")
    fired = codes(everything) | codes(no_zdr) | codes(eu)
    assert fired == set(CONTRACT_SEVERITY)
    for result in (everything, no_zdr, eu):
        keys = [(f.code, f.subject) for f in result.findings]
        assert len(keys) == len(set(keys))
        for finding in result.findings:
            assert finding.severity == CONTRACT_SEVERITY[finding.code]


def test_a_slug_given_twice_still_gives_one_finding_per_code_and_subject():
    result = assess(Answers(phi=True, features=("batch-api", "batch-api")), MATRIX)
    assert [f.subject for f in result.findings if f.code == "hipaa-feature-blocked"] == [
        "batch-api"
    ]


def test_the_result_names_the_policy_version_of_its_matrix():
    assert run().policy_version == "seed"
    assert run(seed_matrix("r42")).policy_version == "r42"


def test_the_same_answers_give_an_equal_result():
    assert run(**EVERYTHING) == run(**EVERYTHING)


# ---- specific cases of the contract, by name -------------------------------------------


def test_phi_with_batch_api_is_blocked():
    result = run(phi=True, surfaces=["messages-api"], features=["batch-api"])
    assert result.verdict == "blocked"
    assert the(result, "hipaa-feature-blocked", "batch-api").severity == "blocker"


def test_phi_with_web_search_warns_about_dynamic_filtering_but_does_not_block():
    result = run(phi=True, surfaces=["messages-api"], features=["web-search"])
    assert result.verdict == "ready_with_conditions"
    assert "dynamic filtering" in the(result, "hipaa-feature-partial", "web-search").message


def test_phi_on_claude_code_is_not_covered_by_the_baa():
    result = run(phi=True, surfaces=["claude-code"])
    assert the(result, "baa-not-covered", "claude-code").severity == "blocker"


def test_phi_on_bedrock_points_to_the_cloud_providers_baa():
    result = run(phi=True, surfaces=["amazon-bedrock"])
    assert the(result, "baa-via-cloud-provider", "amazon-bedrock").severity == "warning"
    assert "baa-not-covered" not in codes(result)
    assert "baa-required" not in codes(result)


def test_phi_on_a_surface_whose_hipaa_status_is_not_stated_is_blocked():
    result = run(phi=True, surfaces=["third-party-integrations"])
    finding = the(result, "baa-not-covered", "third-party-integrations")
    assert "not stated" in finding.message


def test_zdr_on_claude_code_is_a_condition_not_a_blocker():
    result = run(zero_retention=True, surfaces=["messages-api", "claude-code"])
    assert result.verdict == "ready_with_conditions"
    assert (
        "Commercial organization API keys" in the(result, "zdr-conditional", "claude-code").message
    )


def test_zdr_on_a_cell_the_source_does_not_state_is_a_warning_saying_so():
    finding = the(
        run(zero_retention=True, features=["web-search"]), "zdr-conditional", "web-search"
    )
    assert finding.severity == "warning"
    assert "does not state" in finding.message


def test_zdr_with_a_covered_model_is_blocked_and_names_the_workaround():
    result = run(zero_retention=True, surfaces=["messages-api"], models=["claude-fable-5"])
    assert result.verdict == "blocked"
    message = the(result, "covered-model-retention", "claude-fable-5").message
    assert "single workspace" in message
    assert "Console > Settings > Workspaces > Privacy controls" in message


def test_an_eu_storage_requirement_is_blocked_because_no_eu_workspace_geo_exists():
    result = run(storage_region="eu", surfaces=["messages-api"])
    assert result.verdict == "blocked"
    assert the(result, "storage-region-unavailable").severity == "blocker"
    assert "workspace-geo-us" not in codes(result)


def test_us_inference_with_an_older_model_is_blocked_for_that_model_only():
    result = run(inference_region="us", models=["claude-sonnet-4-6", "claude-haiku-4-5"])
    blocked = [f.subject for f in result.findings if f.code == "inference-geo-unsupported-model"]
    assert blocked == ["claude-haiku-4-5"]


def test_retention_default_lists_only_the_rules_of_the_chosen_surfaces():
    api = the(run(surfaces=["messages-api"]), "retention-default").message
    apps = the(run(surfaces=["claude-enterprise"]), "retention-default").message
    beta = the(run(surfaces=["claude-design"]), "retention-default").message
    assert "API inputs and outputs (default)" in api
    assert "Claude for Work" not in api
    assert "Deleted conversation content (Claude for Work)" in apps
    assert "API inputs and outputs" not in apps
    assert "API inputs and outputs" not in beta
    for message in (api, apps, beta):
        assert "up to 2 years" in message
        assert "up to 7 years" in message
        assert "5 years" in message
        # A rule without a stated period is not a default period.
        assert "classifier results" not in message


# ---- messages carry the concrete figures ------------------------------------------------

MESSAGES = [
    ("retention-default", None, {"surfaces": ["messages-api"]}, ["within 30 days", "2 years"]),
    (
        "zdr-exceptions",
        None,
        {"zero_retention": True},
        ["classifier results", "2 years", "7 years", "5 years"],
    ),
    (
        "covered-model-retention",
        "claude-mythos-5",
        {"zero_retention": True, "models": ["claude-mythos-5"]},
        [
            "Claude Mythos 5",
            "30-day",
            "400 invalid_request_error",
            "Console > Settings > Workspaces > Privacy controls",
        ],
    ),
    (
        "inference-geo-us",
        None,
        {"inference_region": "us"},
        ["1.1x", "inference_geo=\u201cus\u201d"],
    ),
    (
        "hipaa-feature-blocked",
        "batch-api",
        {"phi": True, "features": ["batch-api"]},
        ["Batch API", "400 invalid_request_error", "batch-api"],
    ),
    (
        "zdr-no-cors",
        None,
        {"zero_retention": True, "browser_client": True},
        ["CORS", "backend proxy"],
    ),
    (
        "gdpr-controller",
        None,
        {"eu_data_subjects": True},
        [
            "EEA, UK or Switzerland",
            "Anthropic Ireland, Limited",
            "one calendar month",
            "standard contractual clauses",
            "anthropic.com/subprocessors",
        ],
    ),
    ("workspace-geo-us", None, {"storage_region": "us"}, ["\u201cus\u201d", "cannot be changed"]),
    ("storage-region-unavailable", None, {"storage_region": "eu"}, ["\u201ceu\u201d", "'us'"]),
    (
        "inference-region-unavailable",
        None,
        {"inference_region": "eu"},
        ["\u201ceu\u201d", "'global'", "'us'"],
    ),
    (
        "zdr-qualified",
        "structured-outputs",
        {"zero_retention": True, "features": ["structured-outputs"]},
        ["JSON schema", "24 hours"],
    ),
    (
        "zdr-setup",
        None,
        {"zero_retention": True},
        ["sales", "per organization", "new organizations"],
    ),
    (
        "phi-outside-schemas",
        None,
        {"phi": True, "surfaces": ["messages-api"]},
        [
            "message content",
            "JSON schema definitions",
            "workspace names",
            "user contact details",
            "billing data",
            "support tickets",
        ],
    ),
    (
        "hipaa-instead-of-zdr",
        None,
        {"phi": True, "zero_retention": True},
        ["do not also need ZDR"],
    ),
    (
        "baa-required",
        "messages-api",
        {"phi": True, "surfaces": ["messages-api"]},
        ["signs the BAA", "contacts Anthropic sales", "organization level"],
    ),
    (
        "baa-required",
        "claude-enterprise",
        {"phi": True, "surfaces": ["claude-enterprise"]},
        ["\u201cData & Privacy\u201d", "signs the BAA"],
    ),
    (
        "baa-via-cloud-provider",
        "google-vertex-ai",
        {"phi": True, "surfaces": ["google-vertex-ai"]},
        ["Google Cloud Vertex AI", "cloud provider is the data processor", "provider's own BAA"],
    ),
    (
        "baa-not-covered",
        "claude-in-office",
        {"phi": True, "surfaces": ["claude-in-office"]},
        ["Claude in Office (beta)", "not eligible", "Beta features"],
    ),
    (
        "hipaa-feature-partial",
        "web-search",
        {"phi": True, "features": ["web-search"]},
        ["dynamic filtering is not eligible"],
    ),
    (
        "zdr-not-eligible",
        "managed-agents",
        {"zero_retention": True, "features": ["managed-agents"]},
        ["not eligible for zero data retention", "delete transcripts manually"],
    ),
    (
        "zdr-conditional",
        "claude-code",
        {"zero_retention": True, "surfaces": ["claude-code"]},
        ["Commercial organization API keys", "Claude Enterprise with ZDR enabled"],
    ),
    (
        "inference-geo-unsupported-model",
        "claude-opus-4-5",
        {"inference_region": "us", "models": ["claude-opus-4-5"]},
        ["Claude Opus 4.5", "400", "Opus 4.6, Sonnet 4.6"],
    ),
    (
        "residency-set-by-platform",
        "amazon-bedrock",
        {"storage_region": "us", "surfaces": ["amazon-bedrock"]},
        ["endpoint or inference profile"],
    ),
    (
        "residency-unavailable-surface",
        "claude-team",
        {"inference_region": "us", "surfaces": ["claude-team"]},
        ["no data residency controls", "not stated"],
    ),
    (
        "certification-held",
        "iso42001",
        {"certifications": ["iso42001"]},
        [
            "ISO/IEC 42001:2023",
            "AI Management Systems",
            "Schellman Compliance, LLC",
            "Trust Portal",
        ],
    ),
    (
        "certification-not-held",
        "fedramp",
        {"certifications": ["fedramp"]},
        ["FedRAMP", "not held or not listed"],
    ),
    (
        "training-policy",
        None,
        {"surfaces": ["messages-api"]},
        ["does not train", "express permission", "opts in"],
    ),
    (
        "consumer-terms",
        "claude-max",
        {"surfaces": ["claude-max"]},
        ["Claude Max", "consumer plan", "Commercial Terms"],
    ),
]


@pytest.mark.parametrize(
    ("code", "subject", "answers", "fragments"),
    MESSAGES,
    ids=[f"{code}-{subject}" for code, subject, _, _ in MESSAGES],
)
def test_the_message_states_the_concrete_facts_and_figures(code, subject, answers, fragments):
    message = the(run(**answers), code, subject).message
    for fragment in fragments:
        assert fragment in message


def test_the_message_figures_come_from_the_policy_data():
    matrix = seed_matrix(
        "figures",
        residency_overrides={("inference_geo", "us"): {"price_multiplier": Decimal("1.25")}},
        retention_overrides={"flagged-inputs-outputs": {"period": "Up to 3 years"}},
        statement_overrides={"gdpr-dsr-deadline": {"statement": "DSRs within 30 days."}},
    )
    assert "1.25x" in the(run(matrix, inference_region="us"), "inference-geo-us").message
    assert "up to 3 years" in the(run(matrix, zero_retention=True), "zdr-exceptions").message
    assert "up to 3 years" in the(run(matrix, surfaces=["cowork"]), "retention-default").message
    gdpr = the(run(matrix, eu_data_subjects=True), "gdpr-controller").message
    assert "DSRs within 30 days." in gdpr
    assert "one calendar month" not in gdpr


# ---- sources ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [EVERYTHING, {**EVERYTHING, "zero_retention": False}, {**EVERYTHING, "storage_region": "eu"}],
    ids=["everything", "everything-but-zdr", "everything-eu-storage"],
)
def test_every_blocker_and_warning_cites_a_source_url(answers):
    result = run(**answers)
    for finding in result.findings:
        if finding.severity in ("blocker", "warning"):
            assert finding.sources, finding.code
            for source, verified_on in finding.sources:
                assert source.url.startswith("https://")
                assert source.title
                assert verified_on == seed.VERIFIED_ON


@pytest.mark.parametrize(
    ("code", "subject", "answers", "source"),
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
            {"phi": True, "features": ["batch-api"]},
            "api-data-retention",
        ),
        (
            "zdr-conditional",
            "claude-code",
            {"zero_retention": True, "surfaces": ["claude-code"]},
            "zdr-products",
        ),
        ("zdr-exceptions", None, {"zero_retention": True}, "zdr-products"),
        ("zdr-exceptions", None, {"zero_retention": True}, "commercial-retention"),
        (
            "covered-model-retention",
            "claude-fable-5",
            {"zero_retention": True, "models": ["claude-fable-5"]},
            "api-data-retention",
        ),
        ("retention-default", None, {"surfaces": ["messages-api"]}, "commercial-retention"),
        ("inference-geo-us", None, {"inference_region": "us"}, "data-residency"),
        ("storage-region-unavailable", None, {"storage_region": "eu"}, "data-residency"),
        (
            "residency-set-by-platform",
            "amazon-bedrock",
            {"storage_region": "us", "surfaces": ["amazon-bedrock"]},
            "data-residency",
        ),
        ("gdpr-controller", None, {"eu_data_subjects": True}, "privacy-policy"),
        ("gdpr-controller", None, {"eu_data_subjects": True}, "subprocessors"),
        (
            "certification-held",
            "iso42001",
            {"certifications": ["iso42001"]},
            "iso42001-announcement",
        ),
        ("certification-not-held", "csa-star", {"certifications": ["csa-star"]}, "trust-center"),
        ("training-policy", None, {"surfaces": ["messages-api"]}, "privacy-policy"),
        ("consumer-terms", "claude-pro", {"surfaces": ["claude-pro"]}, "baa-help-center"),
    ],
)
def test_a_finding_cites_the_source_of_the_rows_it_rests_on(code, subject, answers, source):
    assert SOURCES[source].url in urls(the(run(**answers), code, subject))


def test_a_source_cited_by_several_rows_appears_once_with_its_oldest_verified_date():
    old = dt.date(2025, 1, 2)
    matrix = seed_matrix(
        "old-statement",
        statement_overrides={"hipaa-blocked-feature-error": {"verified_on": old}},
    )
    finding = the(
        run(matrix, phi=True, features=["batch-api"]), "hipaa-feature-blocked", "batch-api"
    )
    assert len(finding.because.rows) == 2
    assert [(s.url, d) for s, d in finding.sources] == [(SOURCES["api-data-retention"].url, old)]
    newer = the(run(phi=True, features=["batch-api"]), "hipaa-feature-blocked", "batch-api")
    assert [d for _, d in newer.sources] == [seed.VERIFIED_ON]


def test_a_finding_records_the_answers_and_rows_it_rests_on():
    finding = the(run(phi=True, features=["batch-api"]), "hipaa-feature-blocked", "batch-api")
    assert finding.because.answers == (("phi", True), ("features", "batch-api"))
    cell = finding.because.rows[0]
    assert (cell.table, cell.program, cell.subject, cell.status) == (
        "eligibility",
        "hipaa",
        "batch-api",
        "not_eligible",
    )


# ---- configuration ---------------------------------------------------------------------


def test_with_no_answers_the_configuration_is_the_plain_default():
    c = run().configuration
    assert c.hipaa_organization is False
    assert c.zero_data_retention is False
    assert c.inference_geo == "global"
    assert c.workspace_geo == "us"
    assert c.features_to_avoid == ()
    assert c.surfaces_to_avoid == ()
    assert c.models_to_avoid == ()
    assert c.baa_activation == ()
    assert c.covered_model_workspace is None
    assert c.backend_proxy_required is False
    assert c.inference_price_multiplier == "1"
    assert c.data_controller is None


def test_phi_asks_for_a_hipaa_organization_and_zero_retention_for_zdr():
    assert run(phi=True).configuration.hipaa_organization is True
    assert run(phi=True).configuration.zero_data_retention is False
    assert run(zero_retention=True).configuration.zero_data_retention is True
    assert run(zero_retention=True).configuration.hipaa_organization is False


@pytest.mark.parametrize(
    ("region", "inference_geo", "multiplier"),
    [("any", "global", "1"), ("us", "us", "1.1"), ("eu", "global", "1")],
)
def test_the_inference_geo_and_its_price_follow_the_inference_region(
    region, inference_geo, multiplier
):
    c = run(inference_region=region).configuration
    assert c.inference_geo == inference_geo
    assert c.inference_price_multiplier == multiplier


@pytest.mark.parametrize("region", ["any", "us", "eu"])
def test_the_workspace_geo_is_us_the_only_one_there_is(region):
    assert run(storage_region=region).configuration.workspace_geo == "us"


def test_features_to_avoid_are_the_blocked_features_in_the_order_given():
    c = run(
        phi=True,
        features=["token-counting", "web-search", "files-api", "structured-outputs", "batch-api"],
    ).configuration
    assert c.features_to_avoid == ("files-api", "batch-api")


def test_features_not_eligible_for_zdr_are_to_avoid_and_qualified_ones_are_not():
    c = run(zero_retention=True, features=["structured-outputs", "batch-api", "web-search"])
    assert c.configuration.features_to_avoid == ("batch-api",)


def test_surfaces_and_models_to_avoid_are_the_blocked_ones():
    c = run(
        phi=True,
        inference_region="us",
        surfaces=["messages-api", "claude-team", "amazon-bedrock"],
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


def test_baa_activation_falls_back_to_the_programs_instructions():
    matrix = seed_matrix(
        "no-activation", cell_overrides={("hipaa", "messages-api"): {"activation": ""}}
    )
    result = run(matrix, phi=True, surfaces=["messages-api"])
    how = matrix.programs["hipaa"].how_to_enable
    assert dict(result.configuration.baa_activation) == {"messages-api": how}
    assert how in the(result, "baa-required", "messages-api").message


def test_covered_model_workspace_names_the_models_the_retention_and_where():
    c = run(
        zero_retention=True, models=["claude-fable-5", "claude-mythos-5", "claude-opus-4-6"]
    ).configuration
    assert dict(c.covered_model_workspace) == {
        "models": ("claude-fable-5", "claude-mythos-5"),
        "retention_days": 30,
        "where": "Console > Settings > Workspaces > Privacy controls",
    }


@pytest.mark.parametrize(
    "answers",
    [
        {"models": ["claude-fable-5"]},
        {"zero_retention": True, "models": ["claude-opus-4-6"]},
        {"zero_retention": True},
    ],
)
def test_no_covered_model_workspace_without_zdr_and_a_covered_model(answers):
    assert run(**answers).configuration.covered_model_workspace is None


@pytest.mark.parametrize(
    ("zero_retention", "browser_client", "proxy"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_a_backend_proxy_is_required_for_a_browser_client_under_zdr(
    zero_retention, browser_client, proxy
):
    c = run(zero_retention=zero_retention, browser_client=browser_client).configuration
    assert c.backend_proxy_required is proxy


def test_the_data_controller_is_named_for_eu_data_subjects_only():
    assert run(eu_data_subjects=True).configuration.data_controller == "Anthropic Ireland, Limited"
    assert run(eu_data_subjects=False).configuration.data_controller is None


# ---- the rules read the policy data ----------------------------------------------------


def test_batch_api_marked_hipaa_eligible_is_no_longer_blocked():
    matrix = seed_matrix("batch-eligible", cell_overrides={("hipaa", "batch-api"): "eligible"})
    result = run(matrix, phi=True, surfaces=["messages-api"], features=["batch-api", "files-api"])
    blocked = [f.subject for f in result.findings if f.code == "hipaa-feature-blocked"]
    assert blocked == ["files-api"]
    assert result.configuration.features_to_avoid == ("files-api",)
    alone = run(matrix, phi=True, surfaces=["messages-api"], features=["batch-api"])
    assert alone.verdict == "ready"


def test_a_feature_marked_hipaa_partial_warns_with_the_stated_condition():
    matrix = seed_matrix(
        "batch-partial",
        cell_overrides={
            ("hipaa", "batch-api"): {"status": "conditional", "condition": "Only for text jobs."}
        },
    )
    finding = the(
        run(matrix, phi=True, features=["batch-api"]), "hipaa-feature-partial", "batch-api"
    )
    assert "Only for text jobs." in finding.message


def test_a_feature_with_no_hipaa_row_is_blocked_as_not_stated():
    matrix = seed_matrix("no-row", cell_overrides={("hipaa", "token-counting"): None})
    finding = the(
        run(matrix, phi=True, features=["token-counting"]),
        "hipaa-feature-blocked",
        "token-counting",
    )
    assert "(not stated)" in finding.message
    row = finding.because.rows[0]
    assert (row.status, row.program) == ("not_stated", "hipaa")
    assert urls(finding) == {SOURCES["api-data-retention"].url}  # the offering's own source


def test_a_surface_with_no_hipaa_row_is_not_covered():
    matrix = seed_matrix("no-row", cell_overrides={("hipaa", "messages-api"): None})
    result = run(matrix, phi=True, surfaces=["messages-api"])
    assert "not stated" in the(result, "baa-not-covered", "messages-api").message
    assert "baa-required" not in codes(result)


def test_a_cloud_surface_marked_hipaa_eligible_needs_the_baa_like_any_covered_surface():
    matrix = seed_matrix("bedrock-hipaa", cell_overrides={("hipaa", "amazon-bedrock"): "eligible"})
    result = run(matrix, phi=True, surfaces=["amazon-bedrock"])
    assert the(result, "baa-required", "amazon-bedrock").severity == "action"
    assert "baa-via-cloud-provider" not in codes(result)


def test_a_surface_marked_zdr_eligible_is_no_longer_blocked():
    matrix = seed_matrix("team-zdr", cell_overrides={("zdr", "claude-team"): "eligible"})
    assert "zdr-not-eligible" not in codes(
        run(matrix, zero_retention=True, surfaces=["claude-team"])
    )


def test_a_zdr_cell_eligible_in_part_is_a_condition_with_its_detail():
    matrix = seed_matrix(
        "caching-partial",
        cell_overrides={
            ("zdr", "prompt-caching"): {"status": "partial", "condition": "Cache only, 5 min."}
        },
    )
    finding = the(
        run(matrix, zero_retention=True, features=["prompt-caching"]),
        "zdr-conditional",
        "prompt-caching",
    )
    assert "Cache only, 5 min." in finding.message


def test_a_zdr_cell_marked_not_available_blocks():
    matrix = seed_matrix("effort-na", cell_overrides={("zdr", "effort"): "not_available"})
    result = run(matrix, zero_retention=True, features=["effort"])
    assert the(result, "zdr-not-eligible", "effort").severity == "blocker"


def test_a_certification_marked_held_is_reported_as_held():
    matrix = seed_matrix(
        "fedramp-held",
        certification_overrides={
            "fedramp": {"status": "held", "scope": "Claude for Government", "issuer": "3PAO"}
        },
    )
    result = run(matrix, certifications=["fedramp"])
    finding = the(result, "certification-held", "fedramp")
    assert "Claude for Government" in finding.message
    assert "Issued by 3PAO." in finding.message
    assert "certification-not-held" not in codes(result)
    assert result.verdict == "ready"


def test_a_held_certification_withdrawn_blocks():
    matrix = seed_matrix(
        "soc2-withdrawn", certification_overrides={"soc2-type2": {"status": "not_asserted"}}
    )
    assert run(matrix, certifications=["soc2-type2"]).verdict == "blocked"


def test_a_held_certification_without_scope_or_report_access_says_so():
    matrix = seed_matrix(
        "bare-cert",
        certification_overrides={"iso27001": {"scope": "", "report_access": ""}},
    )
    finding = the(run(matrix, certifications=["iso27001"]), "certification-held", "iso27001")
    assert finding.message == "Anthropic holds ISO/IEC 27001:2022 (scope: not stated)."


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
    assert matrix.models["claude-saga-6"].is_covered_model
    result = run(matrix, zero_retention=True, models=["claude-saga-6", "claude-fable-5"])
    finding = the(result, "covered-model-retention", "claude-saga-6")
    assert "Claude Saga 6" in finding.message
    assert "90-day" in finding.message
    workspace = dict(result.configuration.covered_model_workspace)
    assert workspace["models"] == ("claude-saga-6", "claude-fable-5")
    assert workspace["retention_days"] == 90
    assert "inference-geo-unsupported-model" not in codes(
        run(matrix, inference_region="us", models=["claude-saga-6"])
    )


def test_a_model_that_stops_being_covered_no_longer_blocks_zdr():
    matrix = seed_matrix(
        "fable-uncovered", model_overrides={"claude-fable-5": {"is_covered_model": False}}
    )
    assert run(matrix, zero_retention=True, models=["claude-fable-5"]).verdict == "ready"


def test_a_new_api_feature_is_judged_by_its_cells():
    matrix = seed_matrix(
        "new-feature",
        offering_overrides={"voice-mode": new_feature("voice-mode", "Voice mode")},
        cell_overrides={("hipaa", "voice-mode"): "not_eligible", ("zdr", "voice-mode"): "eligible"},
    )
    assert "voice-mode" in matrix.features
    assert the(
        run(matrix, phi=True, features=["voice-mode"]), "hipaa-feature-blocked", "voice-mode"
    )
    assert "zdr-conditional" not in codes(run(matrix, zero_retention=True, features=["voice-mode"]))


def test_a_surface_given_residency_controls_is_no_longer_blocked_for_a_region():
    matrix = seed_matrix(
        "foundry-residency", cell_overrides={("data-residency", "microsoft-foundry"): "eligible"}
    )
    result = run(matrix, storage_region="us", surfaces=["microsoft-foundry"])
    assert "residency-unavailable-surface" not in codes(result)


def test_an_eu_workspace_geo_added_to_the_data_makes_eu_storage_possible():
    matrix = seed_matrix(
        "eu-geo",
        residency_overrides={
            ("workspace_geo", "eu"): {"fixed_at_creation": True, "source": "data-residency"}
        },
    )
    result = run(matrix, storage_region="eu", surfaces=["messages-api"])
    assert "storage-region-unavailable" not in codes(result)
    assert "\u201ceu\u201d" in the(result, "workspace-geo-us").message
    assert result.configuration.workspace_geo == "eu"
    assert result.verdict == "ready"
    assert run(matrix).configuration.workspace_geo == "us"


def test_without_a_default_workspace_geo_the_configuration_still_says_us():
    matrix = seed_matrix(
        "no-default-geo", residency_overrides={("workspace_geo", "us"): {"is_default": False}}
    )
    assert run(matrix).configuration.workspace_geo == "us"


def test_without_any_residency_option_every_region_requirement_is_blocked():
    matrix = seed_matrix(
        "no-residency",
        residency_overrides={
            ("workspace_geo", "us"): None,
            ("inference_geo", "us"): None,
            ("inference_geo", "global"): None,
        },
    )
    result = run(matrix, storage_region="us", inference_region="us", models=["claude-haiku-4-5"])
    assert "workspace geo available is none" in the(result, "storage-region-unavailable").message
    assert "accepts only nothing" in the(result, "inference-region-unavailable").message
    assert result.configuration.inference_geo == "global"
    assert result.configuration.inference_price_multiplier == "1"
    assert "inference-geo-unsupported-model" not in codes(result)


def test_the_gdpr_controller_follows_the_controller_rows():
    matrix = seed_matrix(
        "no-gdpr-controller", controller_overrides={"eea-uk-ch": {"gdpr_applies": False}}
    )
    result = run(matrix, eu_data_subjects=True)
    assert result.configuration.data_controller is None
    assert "data controller is" not in the(result, "gdpr-controller").message


def test_phi_placements_without_a_reason_or_a_kind_still_read_well():
    matrix = seed_matrix(
        "placements",
        phi_placement_overrides={
            "json-schema-definitions": {"reason": ""},
            "attached-files": None,
            "message-content": None,
            "file-names-metadata": None,
        },
    )
    message = the(run(matrix, phi=True, features=["token-counting"]), "phi-outside-schemas").message
    assert message.startswith("Never put PHI in JSON schema definitions")
    assert "Put PHI only" not in message
    only_allowed = seed_matrix(
        "placements-allowed-only",
        phi_placement_overrides={
            p["slug"]: None for p in seed.PHI_PLACEMENTS if p["allowed"] != "allowed"
        },
    )
    message = the(run(only_allowed, phi=True, surfaces=["messages-api"]), "phi-outside-schemas")
    assert message.message == (
        "Put PHI only in message content, attached files, related file names and metadata."
    )


# ---- removed rows never crash the engine -----------------------------------------------

STATEMENTS = [row["slug"] for row in seed.POLICY_FACTS]


@pytest.mark.parametrize("slug", STATEMENTS)
def test_a_removed_statement_never_crashes_the_engine(slug):
    matrix = seed_matrix(f"without-{slug}", statement_overrides={slug: None})
    assert slug not in matrix.statements
    result = run(matrix, **EVERYTHING)
    baseline = run(**EVERYTHING)
    assert result.verdict == baseline.verdict
    assert [(f.code, f.subject) for f in result.findings] == [
        (f.code, f.subject) for f in baseline.findings
    ]
    for finding in result.findings:
        assert finding.message


def test_with_every_statement_removed_the_messages_fall_back_to_plain_text():
    matrix = seed_matrix("no-statements", statement_overrides={slug: None for slug in STATEMENTS})
    result = run(matrix, **EVERYTHING)
    assert the(result, "hipaa-instead-of-zdr").message == (
        "HIPAA readiness does not also require ZDR."
    )
    assert the(result, "zdr-no-cors").message.startswith("Route your web app's calls")
    assert "Way out" not in the(result, "covered-model-retention", "claude-fable-5").message
    assert dict(result.configuration.covered_model_workspace)["where"] == ""
    training = the(run(matrix, surfaces=["messages-api"]), "training-policy").message
    assert training == "No training on your data by default under the Commercial Terms."
    for finding in result.findings:
        if finding.severity in ("blocker", "warning"):
            assert finding.sources


@pytest.mark.parametrize(
    "overrides",
    [
        {"retention_overrides": {r["slug"]: None for r in seed.RETENTION_RULES}},
        {"phi_placement_overrides": {p["slug"]: None for p in seed.PHI_PLACEMENTS}},
        {"controller_overrides": {c["slug"]: None for c in seed.CONTROLLERS}},
        {"program_overrides": {"hipaa": None, "data-residency": None}},
        {"offering_overrides": {"cowork": None, "batch-api": None}},
        {"model_overrides": {"claude-haiku-4-5": None}},
    ],
    ids=[
        "no-retention",
        "no-phi-placements",
        "no-controllers",
        "no-programs",
        "fewer-offerings",
        "fewer-models",
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
        result = run(matrix, **{**answers, "zero_retention": zdr})
        assert result.verdict == "blocked"
        assert all(f.message or f.severity in ("action", "info") for f in result.findings)


def test_the_seed_matrix_helper_applies_overrides_without_touching_the_seed():
    changed = seed_matrix(cell_overrides={("hipaa", "batch-api"): "eligible"})
    assert changed.status("hipaa", "batch-api") == "eligible"
    assert MATRIX.status("hipaa", "batch-api") == "not_eligible"
    assert seed_matrix() == dataclasses.replace(MATRIX, version="test")
    assert set(MATRIX.surfaces) == set(SURFACES)
    assert set(MATRIX.features) == set(FEATURES)
    assert list(MATRIX.models) == MODELS
    assert set(MATRIX.certifications) == set(CERTIFICATIONS)


# ---- regressions found in review -------------------------------------------------------


def test_deleting_the_zdr_program_does_not_crash_a_zdr_assessment():
    matrix = seed_matrix(version="no-zdr-program", program_overrides={"zdr": None})
    result = run(matrix, zero_retention=True, surfaces=["messages-api"])
    assert "Ask Anthropic sales for zero data retention." in the(result, "zdr-setup").message


def test_deleting_the_hipaa_program_does_not_crash_the_baa_activation():
    matrix = seed_matrix(version="no-hipaa-program", program_overrides={"hipaa": None})
    result = run(matrix, phi=True, surfaces=["messages-api"])
    assert {f.subject for f in result.findings if f.code.startswith("baa-")} == {"messages-api"}


def test_zdr_exceptions_never_end_with_an_empty_list():
    matrix = seed_matrix(
        version="nothing-survives",
        retention_overrides={r["slug"]: {"survives_zdr": False} for r in seed.RETENTION_RULES},
    )
    message = the(run(matrix, zero_retention=True), "zdr-exceptions").message
    assert "Kept even under ZDR: ." not in message
    assert message


def test_phi_placement_reasons_are_not_double_punctuated():
    message = the(run(phi=True, surfaces=["messages-api"]), "phi-outside-schemas").message
    assert ".)" not in message


def test_retention_default_applies_to_features_alone():
    finding = the(run(features=["batch-api"]), "retention-default")
    assert "API inputs and outputs (default)" in finding.message


def test_bedrock_alone_does_not_get_anthropics_api_retention():
    message = the(run(surfaces=["amazon-bedrock"]), "retention-default").message
    assert "API inputs and outputs (default)" not in message
    assert "Up to 2 years" in message or "up to 2 years" in message


def test_a_qualified_hipaa_surface_shows_its_condition_with_the_baa_action():
    matrix = seed_matrix(
        version="enterprise-conditional",
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


def test_region_blockers_cite_a_source_even_without_residency_rows():
    matrix = seed_matrix(
        version="no-residency-rows",
        residency_overrides={(r["control"], r["value"]): None for r in seed.RESIDENCY_OPTIONS},
    )
    result = run(matrix, storage_region="us", inference_region="us")
    assert urls(the(result, "storage-region-unavailable"))
    assert urls(the(result, "inference-region-unavailable"))


def test_a_memoised_matrix_gives_the_same_result_as_a_fresh_one():
    answers = {"phi": True, "zero_retention": True, "surfaces": ["messages-api", "claude-code"],
               "features": ["batch-api"], "models": ["claude-fable-5"], "storage_region": "us",
               "inference_region": "us", "certifications": ["fedramp"]}  # fmt: skip
    warm = seed_matrix(version="memo")
    first = run(warm, **answers)
    assert run(warm, **answers) == first
    assert run(seed_matrix(version="memo"), **answers) == first
