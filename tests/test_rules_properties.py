"""Properties of the engine over random valid answers (hypothesis), and the three doors agreeing.

The matrix is built once, in memory, at import (no function-scoped fixture under @given).
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
from policydata.rules import REGIONS, SEVERITIES, Answers, assess

from .matrices import seed_matrix
from .test_rules import CONTRACT_SEVERITY

MATRIX = seed_matrix("properties")
SLUGS = {
    "surfaces": list(MATRIX.surfaces),
    "features": list(MATRIX.features),
    "models": list(MATRIX.models),
    "certifications": list(MATRIX.certifications),
}
RANK = {severity: index for index, severity in enumerate(SEVERITIES)}
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, database=None)


@st.composite
def raw_answers(draw) -> dict:
    """A valid answers document: any subset of the keys, lists in any order, repeats allowed."""
    values = {
        "phi": draw(st.booleans()),
        "zero_retention": draw(st.booleans()),
        "eu_data_subjects": draw(st.booleans()),
        "browser_client": draw(st.booleans()),
        "storage_region": draw(st.sampled_from(REGIONS)),
        "inference_region": draw(st.sampled_from(REGIONS)),
        **{key: draw(st.lists(st.sampled_from(SLUGS[key]), max_size=12)) for key in LIST_KEYS},
    }
    keys = draw(st.sets(st.sampled_from(sorted(values))))
    return {key: values[key] for key in sorted(keys)}


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
    json.dumps(assessment_as_dict(result))


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_the_same_answers_always_give_the_same_result(answers):
    first = assess(answers, MATRIX)
    assert assess(answers, MATRIX) == first
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
def test_the_verdict_is_consistent_with_the_severities(answers):
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
def test_every_blocker_and_warning_cites_an_https_source(answers):
    for finding in assess(answers, MATRIX).findings:
        if finding.severity in ("blocker", "warning"):
            assert finding.sources
        for source, _verified_on in finding.sources:
            assert source.url.startswith("https://")


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_findings_are_ordered_blocker_warning_action_info(answers):
    ranks = [RANK[f.severity] for f in assess(answers, MATRIX).findings]
    assert ranks == sorted(ranks)


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_the_configuration_only_names_what_the_buyer_selected(answers):
    result = assess(answers, MATRIX)
    c = result.configuration
    blocked = {f.subject for f in result.findings if f.severity == "blocker"}
    assert c.hipaa_organization is answers.phi
    assert c.zero_data_retention is answers.zero_retention
    assert c.inference_geo == ("us" if answers.inference_region == "us" else "global")
    assert c.workspace_geo == "us"
    assert set(c.features_to_avoid) == set(answers.features) & blocked
    assert set(c.surfaces_to_avoid) == set(answers.surfaces) & blocked
    assert set(c.models_to_avoid) <= set(answers.models) & blocked
    assert {slug for slug, _ in c.baa_activation} <= set(answers.surfaces)
    assert c.backend_proxy_required is (answers.zero_retention and answers.browser_client)


@PROPERTY_SETTINGS
@given(answers_strategy)
def test_what_is_found_about_a_slug_does_not_depend_on_the_other_slugs(answers):
    result = assess(answers, MATRIX)
    for key in LIST_KEYS:
        for slug in getattr(answers, key):
            alone = dataclasses.replace(answers, **{**dict.fromkeys(LIST_KEYS, ()), key: (slug,)})
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
        }
        for key in LIST_KEYS:
            answers[key] = rnd.sample(SLUGS[key], rnd.randint(0, min(6, len(SLUGS[key]))))
        sets.append(answers)
    return sets


@pytest.mark.usefixtures("policy")
def test_the_cli_the_api_and_the_engine_agree_on_random_answers(client, monkeypatch):
    for answers in random_answer_sets(20, seed=20260613):
        body = json.dumps(answers)
        response = client.post("/api/assess", body, content_type="application/json")
        assert response.status_code == 200
        api = response.json()

        stdout = io.StringIO()
        monkeypatch.setattr("sys.stdin", io.StringIO(body))
        call_command("assess", "-", stdout=stdout)
        assert json.loads(stdout.getvalue()) == api

        version = api["policy_version"]
        engine = assessment_as_dict(assess(parsed(answers), seed_matrix(version)))
        assert engine == api
