"""The way to "ready": every remedy is true, small, and offers only what a buyer can choose."""

from __future__ import annotations

import pytest
from hypothesis import given

from policydata.contract import answers_as_dict, parse_answers
from policydata.matrix import UNKNOWN_STATUSES
from policydata.remedies import (
    MAX_REMEDIES,
    VERDICT_RANK,
    apply_changes,
    change_as_dict,
    find_remedies,
)
from policydata.rules import Answers, assess
from policydata.service import assess_normalised

from .test_rules_properties import MATRIX, PROPERTY_SETTINGS, parsed, raw_answers

# What a buyer's policy or data decides, not something they can trade away for a verdict.
FIXED_ANSWERS = ("phi", "eu_data_subjects", "storage_region", "inference_region", "certifications")


def remedies_of(raw: dict) -> tuple[dict, dict]:
    answers, result, errors = assess_normalised(raw, MATRIX)
    assert errors == []
    return answers, result


@PROPERTY_SETTINGS
@given(raw_answers())
def test_every_remedy_applied_to_the_answers_gives_exactly_its_verdict(raw):
    answers, result = remedies_of(raw)
    for remedy in result["remedies"]:
        changed = apply_changes(answers, remedy["changes"])
        _, again, errors = assess_normalised(changed, MATRIX)
        assert errors == [], remedy
        assert again["verdict"] == remedy["verdict"]
        assert VERDICT_RANK[remedy["verdict"]] < VERDICT_RANK[result["verdict"]]


@PROPERTY_SETTINGS
@given(raw_answers())
def test_remedies_are_few_distinct_and_change_only_what_a_buyer_can_choose(raw):
    answers, result = remedies_of(raw)
    remedies = result["remedies"]
    assert len(remedies) <= MAX_REMEDIES
    if result["verdict"] == "ready":
        assert remedies == []
    outcomes = [apply_changes(answers, r["changes"]) for r in remedies]
    assert len({repr(sorted(o.items())) for o in outcomes}) == len(outcomes)
    for remedy in remedies:
        assert remedy["changes"], remedy
        assert remedy["summary"].endswith(".") and remedy["summary"][0].isupper()
        assert not {c["answer"] for c in remedy["changes"]} & set(FIXED_ANSWERS)
    # Best first: no remedy asks for fewer changes than the first one.
    sizes = [
        sum(
            len(c["remove"]) if "remove" in c else len(c["add"]) if "add" in c else 1
            for c in r["changes"]
        )
        for r in remedies
    ]
    assert not sizes or sizes[0] == min(sizes)


@PROPERTY_SETTINGS
@given(raw_answers())
def test_a_remedy_never_leads_onto_a_fact_the_source_does_not_state(raw):
    answers = parsed(raw)
    before = assess(answers, MATRIX)
    standing = {(f.code, f.subject) for f in before.findings}
    for remedy in find_remedies(answers, MATRIX, before):
        changed, errors = parse_answers(
            apply_changes(answers_as_dict(answers), [change_as_dict(c) for c in remedy.changes]),
            MATRIX,
        )
        assert errors == []
        for finding in assess(changed, MATRIX).findings:
            if finding.severity in ("blocker", "warning") and (
                (finding.code, finding.subject) not in standing
            ):
                assert not any(r.status in UNKNOWN_STATUSES for r in finding.because.rows)


def test_remedies_give_the_same_answer_every_time():
    answers = parsed(
        {
            "phi": True,
            "zero_retention": True,
            "surfaces": ["messages-api", "claude-team", "claude-code"],
            "features": ["batch-api", "web-search", "files-api", "code-execution"],
            "models": ["claude-fable-5"],
        }
    )
    first = find_remedies(answers, MATRIX, assess(answers, MATRIX))
    assert first
    assert find_remedies(answers, MATRIX, assess(answers, MATRIX)) == first


# ---- what buyers are told, scenario by scenario -----------------------------------------

SCENARIOS = [
    pytest.param(
        {"phi": True, "surfaces": ["claude-code", "messages-api"], "features": ["batch-api"]},
        "Stop using Claude Code; leave out the API feature Batch API.",
        [
            {"answer": "surfaces", "remove": ["claude-code"]},
            {"answer": "features", "remove": ["batch-api"]},
        ],
        "ready",
        id="phi-claude-code-and-batch",
    ),
    pytest.param(
        {"phi": True, "surfaces": ["claude-code"]},
        "Use Claude Enterprise instead of Claude Code.",
        [
            {"answer": "surfaces", "remove": ["claude-code"]},
            {"answer": "surfaces", "add": ["claude-enterprise"]},
        ],
        "ready",
        id="phi-claude-code-only",
    ),
    pytest.param(
        {"eu_data_subjects": True, "storage_region": "eu", "surfaces": ["messages-api"]},
        "Use Amazon Bedrock instead of Claude API (Messages API, first-party).",
        [
            {"answer": "surfaces", "remove": ["messages-api"]},
            {"answer": "surfaces", "add": ["amazon-bedrock"]},
        ],
        "ready_with_conditions",
        id="eu-storage-on-the-api-moves-to-a-platform-that-sets-the-region",
    ),
    pytest.param(
        {"zero_retention": True, "surfaces": ["messages-api"], "models": ["claude-fable-5"]},
        "Stop using Claude Fable 5.",
        [{"answer": "models", "remove": ["claude-fable-5"]}],
        "ready_with_conditions",
        id="zdr-with-a-covered-model",
    ),
    pytest.param(
        {
            "zero_retention": True,
            "surfaces": ["claude-code", "claude-team"],
            "claude_code_access": "team",
        },
        "Stop using Claude Team; have your developers use Claude Code with your organization's "
        "API keys.",
        [
            {"answer": "surfaces", "remove": ["claude-team"]},
            {"answer": "claude_code_access", "set": "api-key"},
        ],
        "ready_with_conditions",
        id="zdr-claude-code-through-team",
    ),
    pytest.param(
        {
            "phi": True,
            "zero_retention": True,
            "surfaces": ["messages-api"],
            "features": ["batch-api"],
        },
        "Leave out the API feature Batch API.",
        [{"answer": "features", "remove": ["batch-api"]}],
        "ready_with_conditions",
        id="phi-and-zdr-where-hipaa-readiness-covers-it",
    ),
    pytest.param(
        {"eu_data_subjects": True, "surfaces": ["claude-pro"]},
        "Use Claude Enterprise instead of Claude Pro.",
        [
            {"answer": "surfaces", "remove": ["claude-pro"]},
            {"answer": "surfaces", "add": ["claude-enterprise"]},
        ],
        "ready",
        id="consumer-plan-to-business-plan",
    ),
    pytest.param(
        {"inference_region": "us", "surfaces": ["messages-api"], "models": ["claude-opus-4-5"]},
        "Stop using Claude Opus 4.5.",
        [{"answer": "models", "remove": ["claude-opus-4-5"]}],
        "ready",
        id="us-inference-with-an-older-model",
    ),
]


@pytest.mark.parametrize(("raw", "summary", "changes", "verdict"), SCENARIOS)
def test_the_best_remedy_for_a_scenario(raw, summary, changes, verdict):
    _answers, result = remedies_of(raw)
    best = result["remedies"][0]
    assert best == {"summary": summary, "changes": changes, "verdict": verdict}


def test_relying_on_hipaa_readiness_instead_of_zdr_is_offered_where_the_source_says_so():
    _answers, result = remedies_of(
        {
            "phi": True,
            "zero_retention": True,
            "surfaces": ["messages-api"],
            "features": ["batch-api"],
        }
    )
    assert result["remedies"][1] == {
        "summary": "Leave out the API feature Batch API; rely on HIPAA readiness instead of "
        "zero data retention.",
        "changes": [
            {"answer": "features", "remove": ["batch-api"]},
            {"answer": "zero_retention", "set": False},
        ],
        "verdict": "ready",
    }


def test_a_ready_result_has_no_remedies():
    _answers, result = remedies_of({"surfaces": ["claude-enterprise"]})
    assert result["verdict"] == "ready"
    assert result["remedies"] == []


def test_a_consumer_plan_is_offered_two_business_plans_not_every_product():
    _answers, result = remedies_of({"eu_data_subjects": True, "surfaces": ["claude-pro"]})
    assert [r["summary"] for r in result["remedies"]] == [
        "Use Claude Enterprise instead of Claude Pro.",
        "Use Claude Team instead of Claude Pro.",
    ]


def test_a_requirement_the_buyer_cannot_trade_is_never_relaxed():
    # EU storage with Claude Team as well: no honest way out keeps the EU requirement.
    _answers, result = remedies_of(
        {"storage_region": "eu", "surfaces": ["messages-api"], "eu_data_subjects": True}
    )
    for remedy in result["remedies"]:
        assert all(c["answer"] != "storage_region" for c in remedy["changes"])


def test_zero_retention_is_kept_where_hipaa_readiness_does_not_cover_the_buyer():
    # No PHI: the source's "HIPAA readiness instead of ZDR" does not apply.
    _answers, result = remedies_of(
        {"zero_retention": True, "surfaces": ["messages-api"], "features": ["batch-api"]}
    )
    assert result["remedies"]
    for remedy in result["remedies"]:
        assert all(c["answer"] != "zero_retention" for c in remedy["changes"])


def test_many_blocked_features_are_cleared_in_one_remedy():
    answers = Answers(
        phi=True,
        surfaces=("messages-api",),
        features=("code-execution", "batch-api", "files-api"),
    )
    remedies = find_remedies(answers, MATRIX, assess(answers, MATRIX))
    assert remedies[0].verdict == "ready"
    assert remedies[0].summary == (
        "Leave out the API features Code execution, Batch API and Files API."
    )


def test_a_certification_anthropic_does_not_hold_leaves_no_way_to_ready():
    # Nothing a buyer can choose changes a certification; the search stops before it starts.
    _answers, result = remedies_of(
        {"phi": True, "surfaces": ["claude-code"], "certifications": ["fedramp"]}
    )
    assert result["verdict"] == "blocked"
    assert result["remedies"] == []
