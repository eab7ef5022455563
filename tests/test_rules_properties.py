"""Properties of the engine over random valid v2 answers (hypothesis), and the three doors agreeing.

Answers are generated as the contract accepts them: at least one surface, features only
with messages-api among the surfaces, any `claude_code_access`. The matrix is built once, in
memory, at import (no function-scoped fixture under @given).
"""

from __future__ import annotations

import dataclasses
import io
import json
import random

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from policydata.contract import (
    FINDING_CODES,
    LIST_KEYS,
    assessment_as_dict,
    parse_answers,
)
from policydata.matrix import POSITIVE_STATUSES, UNKNOWN_STATUSES
from policydata.remedies import find_remedies
from policydata.rules import CLAUDE_CODE_ACCESS, REGIONS, SEVERITIES, Answers, assess

from .matrices import seed_matrix
from .test_rules import CONTRACT_SEVERITY, DOCUMENT_TITLE, RESIDENCY_CODES

MATRIX = seed_matrix("properties")
SLUGS = {
    "surfaces": list(MATRIX.surfaces),
    "features": list(MATRIX.features),
    "models": list(MATRIX.models),
    "certifications": list(MATRIX.certifications),
}
RANK = {severity: index for index, severity in enumerate(SEVERITIES)}
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, database=None)
OPTIONAL_KEYS = (
    "phi",
    "zero_retention",
    "eu_data_subjects",
    "browser_client",
    "storage_region",
    "inference_region",
    "features",
    "models",
    "certifications",
    "claude_code_access",
)


@st.composite
def raw_answers(draw) -> dict:
    """A valid v2 answers document: surfaces always named, any subset of the other keys,
    lists in any order, repeats allowed; features only when messages-api is a surface."""
    surfaces = draw(st.lists(st.sampled_from(SLUGS["surfaces"]), min_size=1, max_size=8))
    if draw(st.booleans()):  # the first-party API, and so its features, often enough
        surfaces.append("messages-api")
    values = {
        "phi": draw(st.booleans()),
        "zero_retention": draw(st.booleans()),
        "eu_data_subjects": draw(st.booleans()),
        "browser_client": draw(st.booleans()),
        "storage_region": draw(st.sampled_from(REGIONS)),
        "inference_region": draw(st.sampled_from(REGIONS)),
        "features": (
            draw(st.lists(st.sampled_from(SLUGS["features"]), max_size=10))
            if "messages-api" in surfaces
            else []
        ),
        "models": draw(st.lists(st.sampled_from(SLUGS["models"]), max_size=5)),
        "certifications": draw(st.lists(st.sampled_from(SLUGS["certifications"]), max_size=4)),
        "claude_code_access": draw(st.sampled_from(CLAUDE_CODE_ACCESS)),
    }
    keys = draw(st.sets(st.sampled_from(OPTIONAL_KEYS)))
    return {"surfaces": surfaces, **{key: values[key] for key in sorted(keys)}}


def parsed(raw: dict) -> Answers:
    answers, errors = parse_answers(raw, MATRIX)
    assert errors == []
    assert answers is not None
    return answers


answers_strategy = raw_answers().map(parsed)


@PROPERTY_SETTINGS
@given(raw_answers())
def test_valid_answers_always_parse_and_assess(raw):
    result = assess(parsed(raw), MATRIX)
    assert result.verdict in ("ready", "ready_with_conditions", "blocked")
    assert result.policy_version == "properties"
    document = assessment_as_dict(result)
    assert document["contract"] == 2
    json.dumps(document)


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_the_same_answers_give_the_same_result_on_a_warm_or_a_fresh_matrix(answers):
    first = assess(answers, MATRIX)
    assert assess(answers, MATRIX) == first
    # MATRIX's memo is warm from every other example; a fresh matrix starts cold.
    assert assess(answers, seed_matrix("properties")) == first
    assert assessment_as_dict(assess(answers, MATRIX)) == assessment_as_dict(first)


@PROPERTY_SETTINGS
@given(raw_answers(), st.randoms(use_true_random=False))
def test_the_order_and_repetition_of_list_answers_do_not_change_the_result(raw, rnd):
    shuffled = {}
    for key, value in raw.items():
        if isinstance(value, list):
            value = value + value[: rnd.randint(0, len(value))]
            rnd.shuffle(value)
        shuffled[key] = value
    assert assess(parsed(shuffled), MATRIX) == assess(parsed(raw), MATRIX)


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_the_verdict_is_blocked_with_a_blocker_else_conditional_with_a_warning(answers):
    result = assess(answers, MATRIX)
    severities = {f.severity for f in result.findings}
    if "blocker" in severities:
        assert result.verdict == "blocked"
    elif "warning" in severities:
        assert result.verdict == "ready_with_conditions"
    else:
        assert result.verdict == "ready"


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_a_zdr_buyer_is_never_plainly_ready(answers):
    result = assess(answers, MATRIX)
    if answers.zero_retention:
        assert result.verdict != "ready"
        assert "zdr-exceptions" in {f.code for f in result.findings}


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_there_is_one_finding_per_code_and_subject(answers):
    keys = [(f.code, f.subject) for f in assess(answers, MATRIX).findings]
    assert len(keys) == len(set(keys))


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_every_finding_has_a_contract_code_severity_and_message(answers):
    for finding in assess(answers, MATRIX).findings:
        assert finding.code in FINDING_CODES
        assert finding.severity == CONTRACT_SEVERITY[finding.code]
        assert finding.message.strip()


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_no_finding_is_about_a_slug_the_buyer_did_not_select(answers):
    selected = {slug for key in LIST_KEYS for slug in getattr(answers, key)}
    for finding in assess(answers, MATRIX).findings:
        assert finding.subject is None or finding.subject in selected


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_every_finding_rests_on_the_source_document_as_its_one_primary_source(answers):
    for finding in assessment_as_dict(assess(answers, MATRIX))["findings"]:
        primary = [s for s in finding["sources"] if s["kind"] == "primary"]
        assert [s["title"] for s in primary] == [DOCUMENT_TITLE]
        for source in finding["sources"]:
            assert source["title"]
            assert source["url"] is None or source["url"].startswith("https://")
            assert (source["verified_on"] is None) is (source["kind"] == "cited")


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_findings_are_ordered_blocker_warning_action_info(answers):
    ranks = [RANK[f.severity] for f in assess(answers, MATRIX).findings]
    assert ranks == sorted(ranks)


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_no_blocker_rests_only_on_rows_the_source_does_not_state(answers):
    for finding in assess(answers, MATRIX).findings:
        if finding.severity == "blocker":
            statuses = {row.status for row in finding.because.rows}
            assert statuses - UNKNOWN_STATUSES, (finding.code, finding.subject)


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_the_configuration_never_names_a_control_for_a_surface_not_chosen(answers):
    result = assess(answers, MATRIX)
    c = result.configuration
    chosen = set(answers.surfaces)
    residency = {s for s in chosen if MATRIX.status("data-residency", s) in POSITIVE_STATUSES}
    covered = {s for s in chosen if MATRIX.status("hipaa", s) in POSITIVE_STATUSES}
    if not residency:
        assert c.inference_geo is None
        assert c.workspace_geo is None
        assert c.inference_price_multiplier is None
        assert not {f.code for f in result.findings} & RESIDENCY_CODES
    assert c.hipaa_organization is (answers.phi and bool(covered))
    if c.zero_data_retention:
        assert answers.zero_retention
    if c.backend_proxy_required:
        assert answers.zero_retention and answers.browser_client and c.zero_data_retention
    assert set(c.surfaces_to_avoid) <= chosen
    assert set(c.features_to_avoid) <= set(answers.features)
    assert set(c.models_to_avoid) <= set(answers.models)
    assert {slug for slug, _ in c.baa_activation} <= covered
    if c.covered_model_workspace is not None:
        assert answers.zero_retention
        models = dict(c.covered_model_workspace)["models"]
        assert set(models) <= set(answers.models)
    if c.data_controller is not None:
        assert answers.eu_data_subjects
        # A named access route decides the terms (Claude Code through Pro or Max).
        judged = [
            MATRIX.route(s, answers.claude_code_access) or MATRIX.offerings[s] for s in chosen
        ]
        assert any(offering.terms == "consumer" for offering in judged)


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_the_configuration_never_contradicts_the_findings(answers):
    result = assess(answers, MATRIX)
    c = result.configuration
    found = {(f.code, f.subject) for f in result.findings}
    blocked = {f.subject for f in result.findings if f.severity == "blocker"}
    assert set(c.features_to_avoid) == set(answers.features) & blocked
    assert set(c.surfaces_to_avoid) == set(answers.surfaces) & blocked
    assert set(c.models_to_avoid) == {
        s for code, s in found if code == "inference-geo-unsupported-model"
    }
    assert {slug for slug, _ in c.baa_activation} == {
        s for code, s in found if code == "baa-required"
    }
    kept = {s for code, s in found if code == "covered-model-retention"}
    if kept and c.zero_data_retention:
        assert set(dict(c.covered_model_workspace)["models"]) == kept
    else:
        assert c.covered_model_workspace is None
    if ("hipaa-instead-of-zdr", None) in found:
        assert c.hipaa_organization
    if c.inference_geo == "us":
        assert ("inference-geo-us", None) in found


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_codes_about_anthropics_controls_arise_only_where_they_apply(answers):
    result = assess(answers, MATRIX)
    found = {f.code for f in result.findings}
    chosen = set(answers.surfaces)
    if "zdr-conditional" in found:
        assert "claude-code" in chosen
        assert answers.claude_code_access == "unsure"
    if "covered-model-retention" in found:
        assert any(MATRIX.offerings[s].covered_model_retention == "anthropic" for s in chosen)
    if "hipaa-instead-of-zdr" in found:
        assert answers.phi and answers.zero_retention
        assert any(MATRIX.status("hipaa", s) in POSITIVE_STATUSES for s in chosen)
    if "gdpr-transfers" in found:
        assert answers.eu_data_subjects and answers.storage_region != "eu"
    for finding in result.findings:
        if finding.code in ("covered-model-platform", "residency-set-by-platform"):
            assert MATRIX.offerings[finding.subject].processor == "cloud-provider"


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_what_is_found_about_a_slug_does_not_depend_on_the_other_slugs_of_its_list(answers):
    result = assess(answers, MATRIX)
    for key in LIST_KEYS:
        for slug in getattr(answers, key):
            alone = dataclasses.replace(answers, **{key: (slug,)})
            expected = [
                (f.code, f.severity, f.message)
                for f in assess(alone, MATRIX).findings
                if f.subject == slug
            ]
            assert [
                (f.code, f.severity, f.message) for f in result.findings if f.subject == slug
            ] == expected


# ---- the three doors agree (database) --------------------------------------------------


def random_answer_sets(count: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    sets = []
    for _ in range(count):
        answers = {
            "phi": rnd.random() < 0.5,
            "zero_retention": rnd.random() < 0.5,
            "eu_data_subjects": rnd.random() < 0.5,
            "browser_client": rnd.random() < 0.5,
            "storage_region": rnd.choice(REGIONS),
            "inference_region": rnd.choice(REGIONS),
            "claude_code_access": rnd.choice(CLAUDE_CODE_ACCESS),
        }
        for key in LIST_KEYS:
            answers[key] = rnd.sample(SLUGS[key], rnd.randint(0, min(6, len(SLUGS[key]))))
        if not answers["surfaces"]:
            answers["surfaces"] = ["messages-api"]
        if "messages-api" not in answers["surfaces"]:
            answers["features"] = []
        sets.append(answers)
    return sets


@pytest.mark.usefixtures("policy")
def test_the_cli_the_api_and_the_engine_agree_on_random_answers(client, monkeypatch):
    for answers in random_answer_sets(20, seed=20260613):
        body = json.dumps(answers)
        response = client.post("/api/assess", body, content_type="application/json")
        assert response.status_code == 200, response.content
        api = response.json()
        assert api["contract"] == 2

        stdout = io.StringIO()
        monkeypatch.setattr("sys.stdin", io.StringIO(body))
        call_command("assess", "-", stdout=stdout)
        assert json.loads(stdout.getvalue()) == api

        version = api["policy_version"]
        matrix = seed_matrix(version)
        assessment = assess(parsed(answers), matrix)
        remedies = find_remedies(parsed(answers), matrix, assessment)
        assert assessment_as_dict(assessment, remedies) == api
