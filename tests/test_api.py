"""The JSON door: POST /api/assess and GET /api/schema, through Django's test client."""

from __future__ import annotations

import json
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policydata import models as m
from policydata.contract import FINDING_CODES, MAX_LIST_ITEMS
from policydata.matrix import current_matrix, load_matrix_from_db
from policydata.publishing import publish

from .canonical import CERTIFICATIONS, FEATURES, MODELS, SURFACES
from .matrices import seed_matrix
from .test_rules import MATRIX, TABLES

# Every test has the database; `seeded` ones also have the seed's policy data loaded (the
# others never get as far as reading it, and skipping the seed keeps the suite fast).
pytestmark = pytest.mark.django_db
seeded = pytest.mark.usefixtures("policy")

ASSESS = "/api/assess"
SCHEMA = "/api/schema"
DEFAULTS = {
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
API = {"surfaces": ["messages-api"]}


def post(client, body, content_type="application/json", **extra):
    if not isinstance(body, bytes | str):
        body = json.dumps(body)
    return client.post(ASSESS, body, content_type=content_type, **extra)


def assess_ok(client, answers) -> dict:
    response = post(client, answers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def errors_of(response, status=400) -> list[dict]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["errors"]
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) == {"field", "message"}
        assert isinstance(error["field"], str)
        assert error["message"]
    return body["errors"]


def fields_of(response) -> list[str]:
    return [error["field"] for error in errors_of(response)]


def finding(result: dict, code: str, subject: str | None = None) -> dict:
    found = [f for f in result["findings"] if f["code"] == code and f["subject"] == subject]
    assert len(found) == 1, [(f["code"], f["subject"]) for f in result["findings"]]
    return found[0]


# ---- the contract's shape --------------------------------------------------------------


@seeded
def test_post_api_assess_returns_the_contract_shape(client):
    result = assess_ok(
        client,
        {"phi": True, "surfaces": ["messages-api", "claude-code"], "features": ["batch-api"]},
    )
    assert list(result) == [
        "contract",
        "verdict",
        "findings",
        "remedies",
        "configuration",
        "policy_version",
    ]
    assert result["contract"] == 2
    assert result["verdict"] == "blocked"
    assert result["remedies"][0] == {
        "summary": "Stop using Claude Code; leave out the API feature Batch API.",
        "changes": [
            {"answer": "surfaces", "remove": ["claude-code"]},
            {"answer": "features", "remove": ["batch-api"]},
        ],
        "verdict": "ready",
    }
    assert result["policy_version"] == "v1"
    for f in result["findings"]:
        assert {"code", "severity", "subject", "message", "sources"} <= set(f)
        assert f["code"] in FINDING_CODES
        assert f["severity"] in ("blocker", "warning", "action", "info")
        assert f["subject"] is None or isinstance(f["subject"], str)
        kinds = [source["kind"] for source in f["sources"]]
        assert kinds.count("primary") == 1 and set(kinds) <= {"primary", "cited"}
        for source in f["sources"]:
            assert set(source) == {"title", "url", "kind", "verified_on"}
            assert source["title"]
            assert source["url"] is None or source["url"].startswith("https://")
            assert (source["verified_on"] is None) == (source["kind"] == "cited")
    configuration = result["configuration"]
    assert configuration["hipaa_organization"] is True
    assert configuration["zero_data_retention"] is False
    assert configuration["inference_geo"] == "global"
    assert configuration["workspace_geo"] == "us"
    assert configuration["features_to_avoid"] == ["batch-api"]
    assert configuration["surfaces_to_avoid"] == ["claude-code"]
    assert configuration["baa_activation"] == {
        "messages-api": "Admin signs the BAA, then contacts Anthropic sales to enable HIPAA "
        "readiness."
    }


@seeded
def test_an_empty_object_is_a_400_that_asks_for_a_surface(client):
    [error] = errors_of(post(client, {}))
    assert error["field"] == "surfaces"
    assert "at least one surface" in error["message"]


@seeded
def test_missing_keys_take_every_default(client):
    result = assess_ok(client, API)
    assert result == assess_ok(client, {**DEFAULTS, **API})


@seeded
def test_features_without_the_claude_api_are_a_400_that_says_so(client):
    [error] = errors_of(
        post(client, {"surfaces": ["claude-enterprise"], "features": ["web-search"]})
    )
    assert error["field"] == "features"
    assert "messages-api" in error["message"]
    assert "web-search" in error["message"]


@seeded
def test_claude_code_access_is_one_of_the_contract_values(client):
    for value in ("api-key", "enterprise", "team", "consumer", "unsure"):
        assess_ok(client, {"surfaces": ["claude-code"], "claude_code_access": value})
    assert fields_of(post(client, {**API, "claude_code_access": "sso"})) == ["claude_code_access"]


@seeded
def test_a_json_content_type_with_a_charset_is_accepted(client):
    response = post(client, json.dumps(API), content_type="application/json; charset=utf-8")
    assert response.status_code == 200


@seeded
def test_the_published_matrix_is_the_in_memory_seed_matrix_the_engine_tests_use(client):
    version = assess_ok(client, API)["policy_version"]
    assert current_matrix() == seed_matrix(version)
    assert load_matrix_from_db(version) == seed_matrix(version)


# ---- the contract's table, through the API ---------------------------------------------

API_CASES = [
    pytest.param(
        table.code,
        table.severity,
        next(c for c in table.triggers if c.matrix is MATRIX),
        next(c for c in table.silent if c.matrix is MATRIX),
        id=table.code,
    )
    for table in TABLES
]


@pytest.mark.parametrize(("code", "severity", "trigger", "silent"), API_CASES)
@seeded
def test_each_finding_code_behaves_as_the_contract_says_through_the_api(
    client, code, severity, trigger, silent
):
    raised = finding(assess_ok(client, trigger.answers), code, trigger.subject)
    assert raised["severity"] == severity
    if severity in ("blocker", "warning"):
        assert raised["sources"]
    assert code not in {f["code"] for f in assess_ok(client, silent.answers)["findings"]}


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        ({"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}, "blocked"),
        (
            {"phi": True, "surfaces": ["messages-api"], "features": ["web-search"]},
            "ready_with_conditions",
        ),
        ({"phi": True, "surfaces": ["messages-api"], "features": ["token-counting"]}, "ready"),
        ({"zero_retention": True, **API, "models": ["claude-fable-5"]}, "blocked"),
        ({"storage_region": "eu", **API}, "blocked"),
        ({"storage_region": "eu", "surfaces": ["amazon-bedrock"]}, "ready_with_conditions"),
        ({"surfaces": ["claude-pro"]}, "ready_with_conditions"),
    ],
)
@seeded
def test_the_verdict_through_the_api(client, answers, verdict):
    assert assess_ok(client, answers)["verdict"] == verdict


# ---- bad input: a 400 naming each problem, never a 500 ---------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"",
        b"   ",
        b"{'phi': true}",
        b'{"phi": tru}',
        b"\xff\xfe\xfa",
        b"[" * 30_000 + b"]" * 30_000,
    ],
    ids=["unclosed", "empty", "blank", "single-quotes", "bad-literal", "not-utf8", "deep-nesting"],
)
def test_malformed_json_is_a_400_that_says_so(client, body):
    # The test client drops the content type of an empty body: set it as a browser would.
    [error] = errors_of(post(client, body, CONTENT_TYPE="application/json"))
    assert error["field"] == ""
    assert error["message"].startswith("Malformed JSON")


@pytest.mark.parametrize("body", ["[]", '["phi"]', '"phi"', "1", "true", "null"])
def test_a_body_that_is_not_an_object_is_a_400(client, body):
    [error] = errors_of(post(client, body))
    assert error == {"field": "", "message": "The answers must be a JSON object."}


@pytest.mark.parametrize(
    ("answers", "fields"),
    [
        ({"phi": "yes"}, ["phi"]),
        ({"phi": 1}, ["phi"]),
        ({"zero_retention": None}, ["zero_retention"]),
        ({"browser_client": "false"}, ["browser_client"]),
        ({"surfaces": "messages-api"}, ["surfaces"]),
        ({"features": {"batch-api": True}}, ["features"]),
        ({"surfaces": [1]}, ["surfaces[0]"]),
        ({"models": ["claude-opus-4-6", None, ["x"]]}, ["models[1]", "models[2]"]),
        ({"storage_region": "mars"}, ["storage_region"]),
        ({"inference_region": ["us"]}, ["inference_region"]),
        ({"storage_region": "EU"}, ["storage_region"]),
    ],
)
@seeded
def test_a_wrong_type_or_value_is_a_400_naming_the_field(client, answers, fields):
    assert fields_of(post(client, {**API, **answers})) == fields


@seeded
def test_unknown_keys_are_a_400_naming_each_key(client):
    errors = errors_of(post(client, {"hipaa": True, "region": "eu", "phi": True, **API}))
    assert [e["field"] for e in errors] == ["hipaa", "region"]
    assert "Unknown key \u201chipaa\u201d" in errors[0]["message"]
    assert "zero_retention" in errors[0]["message"]  # lists the known keys


@seeded
def test_unknown_slugs_are_a_400_naming_each_slug_and_where_it_is(client):
    errors = errors_of(
        post(
            client,
            {
                "surfaces": ["messages-api", "chatgpt-enterprise"],
                "features": ["batch-api", "teleportation"],
                "models": ["gpt-5"],
                "certifications": ["hitrust"],
            },
        )
    )
    assert [e["field"] for e in errors] == [
        "surfaces[1]",
        "features[1]",
        "models[0]",
        "certifications[0]",
    ]
    for error, slug in zip(
        errors, ["chatgpt-enterprise", "teleportation", "gpt-5", "hitrust"], strict=True
    ):
        assert f"\u201c{slug}\u201d" in error["message"]
    assert "messages-api" in errors[0]["message"]  # lists the valid slugs


@seeded
def test_every_problem_is_reported_at_once(client):
    answers = {"phi": "yes", "storage_region": "mars", "surfaces": ["nope"], "extra": 1}
    assert sorted(fields_of(post(client, answers))) == [
        "extra",
        "phi",
        "storage_region",
        "surfaces[0]",
    ]


@seeded
def test_more_than_the_maximum_of_list_items_is_a_400(client):
    errors = errors_of(post(client, {"surfaces": ["messages-api"] * (MAX_LIST_ITEMS + 1)}))
    assert errors == [
        {
            "field": "surfaces",
            "message": f"\u201csurfaces\u201d has {MAX_LIST_ITEMS + 1} items; at most "
            f"{MAX_LIST_ITEMS} are accepted.",
        }
    ]
    assert post(client, {"surfaces": ["messages-api"] * MAX_LIST_ITEMS}).status_code == 200


def test_a_body_over_the_size_limit_is_a_413(client, settings):
    limit = settings.API_MAX_BODY_BYTES
    [error] = errors_of(post(client, b" " * limit + b"{}"), status=413)
    assert str(limit) in error["message"]


@seeded
def test_the_size_limit_is_the_setting(client, settings):
    settings.API_MAX_BODY_BYTES = 100
    body = json.dumps({"phi": True, **API})
    assert post(client, body.ljust(100)).status_code == 200
    errors_of(post(client, body.ljust(101)), status=413)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json"],
)
def test_a_body_that_is_not_sent_as_json_is_a_415(client, content_type):
    [error] = errors_of(post(client, "{}", content_type=content_type), status=415)
    assert "application/json" in error["message"]


def test_a_form_post_is_a_415(client):
    errors_of(client.post(ASSESS, {"phi": "true"}), status=415)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete", "head"])
def test_api_assess_only_accepts_post(client, method):
    response = getattr(client, method)(ASSESS)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def random_junk(rnd: random.Random, depth: int = 0):
    choices = [
        lambda: rnd.choice([True, False, None]),
        lambda: rnd.randint(-(10**6), 10**6),
        lambda: rnd.random() * 10 ** rnd.randint(-5, 300),
        lambda: rnd.choice(
            ["", "us", "eu", "any", "mars", "messages-api", "\u00e9\u0000", "x" * 300]
        ),
        lambda: (
            [random_junk(rnd, depth + 1) for _ in range(rnd.randint(0, 4))] if depth < 3 else []
        ),
        lambda: {"k": random_junk(rnd, depth + 1)} if depth < 3 else {},
        lambda: rnd.sample(SURFACES + FEATURES + MODELS + CERTIFICATIONS, rnd.randint(0, 5)),
    ]
    return rnd.choice(choices)()


@seeded
def test_random_junk_never_causes_a_500(client):
    rnd = random.Random(1)
    keys = [*DEFAULTS, "unknown", "PHI", ""]
    for _ in range(150):
        answers = {rnd.choice(keys): random_junk(rnd) for _ in range(rnd.randint(0, 6))}
        response = post(client, answers)
        assert response.status_code in (200, 400), (answers, response.content)
        if response.status_code == 400:
            for error in errors_of(response):
                # A missing "surfaces" is named even though the buyer did not send it.
                assert error["field"].split("[")[0] in {*answers, "surfaces"}


# ---- GET /api/schema -------------------------------------------------------------------


@seeded
def test_the_schema_is_draft_2020_12_and_lists_the_current_slugs(client):
    response = client.get(SCHEMA)
    assert response.status_code == 200
    schema = response.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    answers = schema["$defs"]["answers"]
    assert answers["type"] == "object"
    assert answers["additionalProperties"] is False
    assert set(answers["properties"]) == set(DEFAULTS)
    assert answers["required"] == ["surfaces"]
    assert answers["properties"]["surfaces"]["minItems"] == 1
    assert answers["properties"]["claude_code_access"]["enum"] == [
        "api-key",
        "enterprise",
        "team",
        "consumer",
        "unsure",
    ]
    assert schema["title"].endswith("v2")
    assert schema["$defs"]["result"]["properties"]["contract"] == {"const": 2}
    assert schema["$defs"]["source"]["properties"]["kind"]["enum"] == ["primary", "cited"]
    properties = answers["properties"]
    for key, slugs in [
        ("surfaces", SURFACES),
        ("features", FEATURES),
        ("models", MODELS),
        ("certifications", CERTIFICATIONS),
    ]:
        assert sorted(properties[key]["items"]["enum"]) == sorted(slugs)
        assert properties[key]["maxItems"] == MAX_LIST_ITEMS
    for key in ("storage_region", "inference_region"):
        assert properties[key]["enum"] == ["any", "us", "eu"]
        assert properties[key]["default"] == "any"
    assert properties["phi"] == {"type": "boolean", "default": False}
    result = schema["$defs"]["result"]
    assert result["properties"]["verdict"]["enum"] == ["ready", "ready_with_conditions", "blocked"]
    assert schema["$defs"]["finding"]["properties"]["code"]["enum"] == list(FINDING_CODES)
    assert schema["policy_version"] == assess_ok(client, API)["policy_version"]


def schema_features(client) -> list[str]:
    return client.get(SCHEMA).json()["$defs"]["answers"]["properties"]["features"]["items"]["enum"]


@seeded
def test_a_newly_added_offering_appears_in_the_schema_once_published(client):
    m.Offering.objects.create(
        slug="voice-mode",
        name="Voice mode",
        kind="feature",
        group="tools",
        parent=m.Offering.objects.get(slug="messages-api"),
        order=200,
        source=m.Source.objects.get(slug="api-data-retention"),
        verified_on="2026-06-20",
    )
    assert "voice-mode" not in schema_features(client)  # a draft: buyers do not see it
    errors_of(post(client, {**API, "features": ["voice-mode"]}))
    publish("Voice mode added.")
    assert "voice-mode" in schema_features(client)
    # No HIPAA row: not stated, so a warning to confirm it, never a blocker.
    result = assess_ok(client, {"phi": True, **API, "features": ["voice-mode"]})
    assert "does not say" in finding(result, "baa-not-stated", "voice-mode")["message"]
    assert result["verdict"] == "ready_with_conditions"


def test_api_schema_only_accepts_get(client):
    assert client.post(SCHEMA, "{}", content_type="application/json").status_code == 405


# ---- what staff change in the database changes the next assessment ---------------------


@seeded
def test_batch_api_marked_hipaa_eligible_changes_the_next_assessment_once_published(client):
    answers = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}
    before = assess_ok(client, answers)
    assert finding(before, "hipaa-feature-blocked", "batch-api")["severity"] == "blocker"

    cell = m.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.save()
    assert assess_ok(client, answers) == before  # drafts never reach buyers

    publish("Batch API is now HIPAA-eligible.")
    after = assess_ok(client, answers)
    assert "hipaa-feature-blocked" not in {f["code"] for f in after["findings"]}
    assert after["verdict"] == "ready"
    assert after["configuration"]["features_to_avoid"] == []
    assert (before["policy_version"], after["policy_version"]) == ("v1", "v2")
    assert current_matrix() == seed_matrix(
        "v2", cell_overrides={("hipaa", "batch-api"): "eligible"}
    )


@seeded
def test_a_certification_marked_held_is_reported_as_held_once_published(client):
    answers = {"certifications": ["fedramp"], "surfaces": ["claude-enterprise"]}
    assert assess_ok(client, answers)["verdict"] == "blocked"
    cert = m.Certification.objects.get(slug="fedramp")
    cert.status = "held"
    cert.scope = "Claude for Government"
    cert.save()
    publish("FedRAMP held.")
    result = assess_ok(client, answers)
    assert result["verdict"] == "ready"
    assert "Claude for Government" in finding(result, "certification-held", "fedramp")["message"]


@seeded
def test_a_covered_model_added_requires_retention_under_zdr_once_published(client):
    m.ClaudeModel.objects.create(
        slug="claude-saga-6",
        name="Claude Saga 6",
        is_covered_model=True,
        required_retention_days=60,
        supports_inference_geo=True,
        order=8,
        source=m.Source.objects.get(slug="api-data-retention"),
        verified_on="2026-06-20",
    )
    publish("Claude Saga 6 added.")
    result = assess_ok(client, {"zero_retention": True, **API, "models": ["claude-saga-6"]})
    assert "60-day" in finding(result, "covered-model-retention", "claude-saga-6")["message"]
    assert result["configuration"]["covered_model_workspace"]["models"] == ["claude-saga-6"]
    assert result["configuration"]["covered_model_workspace"]["retention_days"] == 60


@seeded
def test_a_published_version_without_some_statements_still_assesses(client):
    m.PolicyFact.objects.filter(slug__in=["hipaa-instead-of-zdr", "zdr-no-cors"]).delete()
    publish("Two statements withdrawn.")
    result = assess_ok(
        client, {"phi": True, "zero_retention": True, "browser_client": True, "surfaces": SURFACES}
    )
    # A withdrawn statement is not said any more; a rule with its own action still stands.
    assert "hipaa-instead-of-zdr" not in {f["code"] for f in result["findings"]}
    assert "backend proxy" in finding(result, "zdr-no-cors")["message"]


# ---- caching: one query per request, however large the matrix --------------------------


@seeded
def test_with_the_matrix_warm_an_assessment_runs_at_most_one_query(
    client, django_assert_max_num_queries
):
    answers = {"phi": True, "surfaces": SURFACES, "features": FEATURES, "models": MODELS}
    assess_ok(client, answers)  # warms the matrix
    with django_assert_max_num_queries(1):
        assess_ok(client, answers)
    with django_assert_max_num_queries(1):
        assert client.get(SCHEMA).status_code == 200


def add_offerings(count: int) -> list[str]:
    """Add and publish `count` API features, each with a HIPAA and a ZDR cell."""
    source = m.Source.objects.get(slug="api-data-retention")
    parent = m.Offering.objects.get(slug="messages-api")
    programs = list(m.Program.objects.filter(slug__in=["hipaa", "zdr"]))
    offerings = m.Offering.objects.bulk_create(
        m.Offering(
            slug=f"extra-feature-{n}",
            name=f"Extra feature {n}",
            kind="feature",
            group="tools",
            parent=parent,
            order=1000 + n,
            source=source,
            verified_on="2026-06-20",
        )
        for n in range(count)
    )
    m.Eligibility.objects.bulk_create(
        m.Eligibility(
            program=program,
            offering=offering,
            status="eligible",
            source=source,
            verified_on="2026-06-20",
        )
        for offering in offerings
        for program in programs
    )
    publish(f"{count} features added.")
    return [o.slug for o in offerings]


@seeded
def test_the_query_count_does_not_grow_with_the_number_of_offerings(client):
    answers = {"phi": True, "zero_retention": True, "surfaces": ["messages-api"]}
    seeded_count = m.Offering.objects.count()

    assess_ok(client, answers)
    with CaptureQueriesContext(connection) as as_seeded:
        assess_ok(client, answers)

    extra = add_offerings(9 * seeded_count)
    assert m.Offering.objects.count() == 10 * seeded_count
    grown_answers = {**answers, "features": extra[:150]}
    result = assess_ok(client, grown_answers)  # warms the grown matrix
    assert len(current_matrix().offerings) == 10 * seeded_count
    assert "hipaa-feature-blocked" not in {f["code"] for f in result["findings"]}
    with CaptureQueriesContext(connection) as ten_times:
        assess_ok(client, grown_answers)

    assert len(as_seeded) <= 1
    assert len(ten_times) == len(as_seeded)
