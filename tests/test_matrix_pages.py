import json

import pytest

from .canonical import CERTIFICATIONS, FEATURES, MODELS, SURFACES

pytestmark = pytest.mark.usefixtures("policy")


def test_matrix_page_shows_every_program_with_sources_and_dates(client):
    page = client.get("/matrix/").content.decode()
    assert "HIPAA readiness (BAA)" in page
    assert "Zero data retention (ZDR)" in page
    assert "Data residency" in page
    assert "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)" in page
    assert "(cited by the source)" in page
    assert "https://trust.anthropic.com/" in page
    assert "2026-06-13" in page
    assert "Not stated" in page


def test_matrix_filters_by_program_and_status_with_a_plain_get(client):
    response = client.get("/matrix/", {"program": "hipaa", "status": "partial"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert "web-search</code>" in page
    assert "batch-api</code>" not in page
    assert "Zero data retention (ZDR)</h2>" not in page


def test_matrix_filter_with_htmx_returns_only_the_results_fragment(client):
    response = client.get(
        "/matrix/", {"program": "zdr", "status": "qualified"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="matrix-results"' in page
    assert "structured-outputs</code>" in page
    assert "cache-diagnostics</code>" in page
    assert "messages-api</code>" not in page
    assert "HX-Request" in response["Vary"]


def test_matrix_filter_by_kind_shows_only_surfaces(client):
    page = client.get("/matrix/", {"kind": "surface", "program": "zdr"}).content.decode()
    assert "claude-code</code>" in page
    assert "batch-api</code>" not in page


def test_an_unknown_filter_value_is_a_clear_400(client):
    response = client.get("/matrix/", {"program": "sox"})
    assert response.status_code == 400
    assert "Unknown program" in response.content.decode()


def test_matrix_json_is_keyed_by_every_canonical_slug(client):
    data = json.loads(client.get("/matrix.json").content)
    assert set(data["surfaces"]) == set(SURFACES)
    assert set(data["features"]) == set(FEATURES)
    assert set(data["models"]) == set(MODELS)
    assert set(data["certifications"]) == set(CERTIFICATIONS)
    assert data["programs"]["hipaa"]["cells"]["batch-api"]["status"] == "not_eligible"
    assert data["programs"]["zdr"]["cells"]["structured-outputs"]["status"] == "qualified"
    cell = data["programs"]["hipaa"]["cells"]["messages-api"]
    assert cell["source"]["title"].startswith("Claude Enterprise Compliance")
    assert cell["cited"]["title"].startswith("Anthropic")
    assert cell["verified_on"] == "2026-06-13"
    assert data["policy_version"] == "v1"


def test_healthz_answers_200_for_load_balancers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_home_page_renders(client):
    assert client.get("/").status_code == 200
