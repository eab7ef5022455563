"""The buyer's wizard through the test client, with and without htmx."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from policydata import models as pm
from policydata.publishing import publish
from wizard.models import Draft, FrozenAssessmentError, SavedAssessment

pytestmark = pytest.mark.usefixtures("policy")
HX = {"HX-Request": "true"}

DATA = {"phi": "yes", "eu_data_subjects": "yes", "zero_retention": "no"}
SURFACES = {"surfaces": ["messages-api", "claude-enterprise"]}
FEATURES = {"features": ["batch-api", "web-search"]}
SETUP = {
    "models": ["claude-opus-4-6"],
    "storage_region": "us",
    "inference_region": "us",
    "browser_client": "no",
}
CERTS = {"certifications": ["soc2-type2", "iso27001"]}


def start(client) -> tuple[str, str]:
    response = client.post("/start/")
    assert response.status_code == 302
    url = response["Location"]
    return url, url.split("/")[2]


def walk(client, token: str, htmx: bool = False) -> None:
    headers = HX if htmx else {}
    for step, data in [
        ("data", DATA),
        ("surfaces", SURFACES),
        ("features", FEATURES),
        ("setup", SETUP),
        ("certifications", CERTS),
    ]:
        response = client.post(f"/d/{token}/{step}/", data, headers=headers)
        assert response.status_code == (200 if htmx else 302), step


def test_the_whole_flow_without_javascript_uses_post_redirect_get(client):
    url, token = start(client)
    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    assert "Step 1 of 6" in page.content.decode()
    response = client.post(url, DATA)
    assert response["Location"] == f"/d/{token}/surfaces/"
    response = client.post(response["Location"], SURFACES)
    assert response["Location"] == f"/d/{token}/features/"
    response = client.post(response["Location"], FEATURES)
    assert response["Location"] == f"/d/{token}/setup/"
    response = client.post(response["Location"], SETUP)
    assert response["Location"] == f"/d/{token}/certifications/"
    response = client.post(response["Location"], CERTS)
    assert response["Location"] == f"/d/{token}/review/"
    review = client.get(response["Location"]).content.decode()
    assert "Batch API" in review
    assert f"/d/{token}/setup/?return=review" in review
    result = client.get(f"/d/{token}/result/").content.decode()
    assert "Verdict:" in result
    assert "Blocked" in result
    assert "Batch API isn&#x27;t HIPAA-eligible, so it can&#x27;t be used with PHI" in result
    assert "hipaa-feature-blocked" not in result.replace('data-code="hipaa-feature-blocked"', "")
    assert "Recommended configuration" in result


def test_htmx_steps_return_fragments_and_push_the_next_url(client):
    url, token = start(client)
    response = client.get(url, headers=HX)
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="wizard"' in body
    assert "HX-Request" in response["Vary"]
    response = client.post(url, DATA, headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert response["HX-Push-Url"] == f"/d/{token}/surfaces/"
    assert "Where you will use Claude" in body


def test_a_history_restore_request_gets_the_full_page(client):
    url, _ = start(client)
    response = client.get(url, headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_back_and_refresh_show_the_saved_answers(client):
    url, token = start(client)
    walk(client, token)
    page = client.get(f"/d/{token}/surfaces/").content.decode()
    assert re.search(r'value="messages-api" checked', page)
    assert re.search(r'value="claude-enterprise" checked', page)
    assert not re.search(r'value="claude-pro" checked', page)
    data_page = client.get(f"/d/{token}/data/").content.decode()
    assert re.search(r'name="phi" value="yes" checked', data_page)
    assert re.search(r'name="zero_retention" value="no" checked', data_page)


def test_invalid_input_shows_the_error_next_to_the_field_and_keeps_the_rest(client):
    url, token = start(client)
    walk(client, token)
    response = client.post(f"/d/{token}/data/", {"phi": "no", "eu_data_subjects": "maybe"})
    body = response.content.decode()
    assert response.status_code == 422
    assert 'id="eu_data_subjects-error"' in body
    assert 'id="zero_retention-error"' in body
    assert re.search(r'name="phi" value="no" checked', body)
    # Nothing was lost: the stored draft still has every earlier answer.
    draft = Draft.objects.get(token=token)
    assert draft.answers["phi"] is True
    assert draft.answers["surfaces"] == ["messages-api", "claude-enterprise"]


def test_an_unknown_slug_in_a_post_is_rejected_with_a_message(client):
    url, token = start(client)
    walk(client, token)
    response = client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api", "hal-9000"]})
    assert response.status_code == 422
    assert "hal-9000" in response.content.decode()
    assert Draft.objects.get(token=token).answers["surfaces"] == [
        "messages-api",
        "claude-enterprise",
    ]


def test_jumping_to_a_step_from_the_review_keeps_the_rest_and_returns(client):
    url, token = start(client)
    walk(client, token)
    response = client.post(
        f"/d/{token}/certifications/?return=review", {"certifications": ["fedramp"]}
    )
    assert response["Location"] == f"/d/{token}/review/"
    answers = Draft.objects.get(token=token).answers
    assert answers["certifications"] == ["fedramp"]
    assert answers["features"] == ["batch-api", "web-search"]
    assert answers["storage_region"] == "us"


def test_features_step_is_skipped_without_an_api_surface(client):
    url, token = start(client)
    client.post(url, DATA)
    response = client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-enterprise"]})
    assert response["Location"] == f"/d/{token}/setup/"
    page = client.get(response["Location"]).content.decode()
    assert "Step 3 of 5" in page


def test_features_of_a_removed_api_surface_are_kept_but_not_assessed(client):
    url, token = start(client)
    walk(client, token)
    client.post(f"/d/{token}/surfaces/?return=review", {"surfaces": ["claude-enterprise"]})
    assert Draft.objects.get(token=token).answers["features"] == ["batch-api", "web-search"]
    result = client.get(f"/d/{token}/result/").content.decode()
    assert "hipaa-feature-blocked" not in result


def test_a_draft_resumes_from_its_link_in_another_browser(client, django_user_model):
    from django.test import Client

    url, token = start(client)
    walk(client, token)
    other = Client()
    page = other.get(f"/d/{token}/review/").content.decode()
    assert "Claude Enterprise" in page


def test_tokens_are_unguessable_and_a_wrong_one_is_a_404(client):
    _, token = start(client)
    assert len(token) == 43  # 256 bits, base64url
    _, second = start(client)
    assert token != second
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/d/{wrong}/data/").status_code == 404
    assert client.get(f"/a/{wrong}/").status_code == 404
    assert client.get(f"/d/{token}/nosuchstep/").status_code == 404


def test_an_expired_draft_is_gone_and_purge_removes_it(client, settings):
    _, token = start(client)
    Draft.objects.filter(token=token).update(
        updated_at=timezone.now() - dt.timedelta(days=settings.DRAFT_TTL_DAYS + 1)
    )
    assert client.get(f"/d/{token}/data/").status_code == 404
    _, fresh = start(client)
    call_command("purge_drafts")
    assert not Draft.objects.filter(token=token).exists()
    assert Draft.objects.filter(token=fresh).exists()


def save(client) -> str:
    _, token = start(client)
    walk(client, token)
    response = client.post(f"/d/{token}/save/")
    assert response.status_code == 302
    return response["Location"].split("/")[2]


def test_save_and_share_freezes_answers_result_and_policy_rows(client):
    saved_token = save(client)
    saved = SavedAssessment.objects.get(token=saved_token)
    assert saved.result["verdict"] == "blocked"
    # US inference on the Claude API is the data-residency feature, assessed with the rest.
    assert saved.answers["features"] == ["web-search", "data-residency", "batch-api"]
    assert any(row["subject"] == "batch-api" for row in saved.policy_rows)
    page = client.get(f"/a/{saved_token}/").content.decode()
    assert "Saved assessment" in page
    assert "The current policy gives a different result" not in page
    data = client.get(f"/a/{saved_token}.json").json()
    assert data["result"] == saved.result


def test_a_saved_assessment_is_unchanged_by_a_policy_edit_and_shows_the_difference(client):
    saved_token = save(client)
    before = client.get(f"/a/{saved_token}.json").json()
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.save()
    publish("Batch API is now HIPAA-eligible.")
    after = client.get(f"/a/{saved_token}.json").json()
    assert after == before
    page = client.get(f"/a/{saved_token}/").content.decode()
    assert "The current policy gives a different result" in page
    assert (
        "Removed: Batch API isn&#x27;t HIPAA-eligible, so it can&#x27;t be used with PHI "
        "(was a blocker)" in page
    )
    assert "Start a new assessment from these answers" in page


def test_starting_again_from_a_saved_assessment_copies_the_answers(client):
    saved_token = save(client)
    response = client.post(f"/a/{saved_token}/copy/")
    assert response.status_code == 302
    draft_token = response["Location"].split("/")[2]
    draft = Draft.objects.get(token=draft_token)
    assert draft.answers == SavedAssessment.objects.get(token=saved_token).answers


def test_a_saved_assessment_cannot_be_modified():
    saved = SavedAssessment.objects.create(
        answers={}, result={"verdict": "ready", "findings": []}, policy_rows=[], policy_version="r1"
    )
    saved.result = {"verdict": "blocked"}
    with pytest.raises(FrozenAssessmentError):
        saved.save()


def test_api_assessments_creates_a_saved_assessment(client):
    response = client.post(
        "/api/assessments",
        {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "url", "json_url", "pdf_url"}
    assert body["url"].endswith(f"/a/{body['id']}/")
    frozen = client.get(f"/a/{body['id']}.json").json()
    assert frozen["result"]["verdict"] == "blocked"
    assert frozen["answers"]["features"] == ["batch-api"]


def test_api_assessments_rejects_bad_answers_with_field_errors(client):
    response = client.post(
        "/api/assessments", {"surfaces": ["nope"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "surfaces[0]"
    assert SavedAssessment.objects.count() == 0


def test_choices_come_from_the_policy_data(client):
    source = pm.Source.objects.first()
    pm.Offering.objects.create(
        slug="claude-for-mars",
        name="Claude for Mars",
        kind="surface",
        group="claude-apps",
        source=source,
        verified_on=dt.date(2026, 11, 1),
    )
    publish("A new surface.")
    url, token = start(client)
    page = client.get(f"/d/{token}/surfaces/").content.decode()
    assert 'value="claude-for-mars"' in page


def test_home_page_starts_an_assessment(client):
    page = client.get("/").content.decode()
    assert 'action="/start/"' in page


# ---- contract v2 in the wizard ------------------------------------------------------------

V1_RESULT = {
    "verdict": "ready",
    "findings": [
        {
            "code": "residency-unavailable-surface",
            "severity": "blocker",
            "subject": "claude-enterprise",
            "message": "A v1 message.",
            "sources": [
                {"title": "Old page", "url": "https://example.com/", "verified_on": "2026-06-13"}
            ],
            "because": {
                "answers": {"storage_region": "eu"},
                "rows": [
                    {
                        "table": "eligibility",
                        "program": "data-residency",
                        "subject": "claude-enterprise",
                        "status": "not_stated",
                        "detail": "",
                        "source": {"title": "Old page", "url": "https://example.com/"},
                        "verified_on": "2026-06-13",
                    }
                ],
            },
        }
    ],
    "configuration": {"hipaa_organization": False, "inference_geo": "global"},
    "policy_version": "v1",
}


def save_v1(answers: dict) -> SavedAssessment:
    return SavedAssessment.objects.create(
        token="v1-" + "x" * 40,
        created_at=timezone.now().replace(microsecond=0),
        answers=answers,
        result=V1_RESULT,
        policy_rows=V1_RESULT["findings"][0]["because"]["rows"],
        policy_version="v1",
        digest="0" * 64,
    )


def test_an_assessment_saved_under_contract_v1_with_no_surfaces_says_it_cannot_be_rerun(client):
    saved = save_v1({"phi": False, "surfaces": [], "features": []})
    page = client.get(f"/a/{saved.token}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "cannot be re-run as they are" in text
    assert "at least one surface" in text
    assert saved.result == SavedAssessment.objects.get(pk=saved.pk).result  # stays frozen


def test_an_assessment_saved_under_contract_v1_is_compared_with_todays_rules(client):
    saved = save_v1({"storage_region": "eu", "surfaces": ["claude-enterprise"]})
    text = client.get(f"/a/{saved.token}/").content.decode()
    assert "The current policy gives a different result" in text
    # What today's rules say instead, in words.
    assert (
        "Added: The source doesn&#x27;t say where Claude Enterprise processes or stores data "
        "(a warning)" in text
    )
    assert client.get(f"/a/{saved.token}/print/").status_code == 200
    assert client.get(f"/a/{saved.token}.json").json()["result"] == V1_RESULT


def test_claude_code_access_is_asked_only_when_claude_code_is_chosen(client):
    _, token = start(client)
    client.post(
        f"/d/{token}/data/", {"phi": "no", "eu_data_subjects": "no", "zero_retention": "yes"}
    )
    response = client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-enterprise"]})
    assert response["Location"].endswith("/setup/")  # no Claude API: no features step either
    response = client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-code"]})
    assert response["Location"].endswith("/access/")
    page = client.get(f"/d/{token}/access/").content.decode()
    assert "How will your developers sign in to Claude Code?" in page
    assert client.post(f"/d/{token}/access/", {}).status_code == 422
    response = client.post(f"/d/{token}/access/", {"claude_code_access": "team"})
    assert response["Location"].endswith("/setup/")
    assert Draft.objects.get(token=token).answers["claude_code_access"] == "team"


def test_the_access_route_changes_the_verdict_for_zero_data_retention(client):
    _, token = start(client)
    client.post(
        f"/d/{token}/data/", {"phi": "no", "eu_data_subjects": "no", "zero_retention": "yes"}
    )
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-code"]})
    client.post(f"/d/{token}/access/", {"claude_code_access": "team"})
    client.post(f"/d/{token}/setup/", {**SETUP, "storage_region": "any", "inference_region": "any"})
    client.post(f"/d/{token}/certifications/", {})
    assert "Blocked" in client.get(f"/d/{token}/result/").content.decode()
    client.post(f"/d/{token}/access/?return=review", {"claude_code_access": "api-key"})
    page = client.get(f"/d/{token}/result/").content.decode()
    assert "Ready, with conditions" in page


def test_features_chosen_then_the_claude_api_removed_are_not_assessed(client):
    _, token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    client.post(f"/d/{token}/surfaces/", SURFACES)
    client.post(f"/d/{token}/features/", FEATURES)
    client.post(f"/d/{token}/surfaces/?return=review", {"surfaces": ["claude-enterprise"]})
    client.post(f"/d/{token}/setup/", SETUP)
    client.post(f"/d/{token}/certifications/", {})
    response = client.get(f"/d/{token}/result/")
    assert response.status_code == 200
    assert "Batch API" not in response.content.decode()


def test_the_zero_retention_question_names_the_legal_and_misuse_exceptions(client):
    _, token = start(client)
    page = client.get(f"/d/{token}/data/").content.decode()
    assert "no copy of your prompts and outputs kept at rest after each response" in page
    assert "comply with the law or combat misuse" in page
