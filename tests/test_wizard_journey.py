"""The buyer's journey through the wizard: no verdict before every question is answered,
edits from the review that make a new question relevant, errors that name their question,
the features step, the error pages, the way back to a draft in progress, the save notice."""

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from policydata import models as pm
from policydata import seed
from policydata.loading import digest, load_seed
from policydata.matrix import current_matrix
from policydata.service import assess_answers
from wizard import flow
from wizard.models import Draft, SavedAssessment
from wizard.views import DRAFT_COOKIE, server_error

pytestmark = pytest.mark.usefixtures("policy")
HX = {"HX-Request": "true"}

DATA = {"phi": "no", "eu_data_subjects": "no", "zero_retention": "yes"}
REGIONS = {"storage_region": "any", "inference_region": "any"}
SETUP = {**REGIONS, "models": ["claude-opus-4-6"], "browser_client": "no"}
ROOT = Path(__file__).resolve().parent.parent


def start(client: Client) -> str:
    response = client.post("/start/")
    assert response.status_code == 302
    return response["Location"].split("/")[2]


def enterprise_only(client: Client) -> str:
    """A finished draft of a buyer on Claude Enterprise alone (regions asked, no models)."""
    token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-enterprise"]})
    assert client.post(f"/d/{token}/setup/", REGIONS)["Location"].endswith("/certifications/")
    client.post(f"/d/{token}/certifications/", {})
    return token


def api_buyer(client: Client) -> str:
    """A finished draft on the Claude API, with no features."""
    token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api"]})
    client.post(f"/d/{token}/features/", {})
    client.post(f"/d/{token}/setup/", SETUP)
    client.post(f"/d/{token}/certifications/", {})
    return token


# ---- 1. No verdict for a draft with questions still to answer ------------------------------


def test_a_blank_draft_has_no_result_and_cannot_be_saved(client):
    token = start(client)
    response = client.get(f"/d/{token}/result/")
    assert response.status_code == 302
    assert response["Location"] == f"/d/{token}/data/"
    response = client.post(f"/d/{token}/save/")
    assert response.status_code == 302
    assert response["Location"] == f"/d/{token}/data/"
    assert SavedAssessment.objects.count() == 0


def test_a_half_answered_draft_goes_back_to_its_first_unanswered_step(client):
    token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api"]})
    assert client.get(f"/d/{token}/result/")["Location"] == f"/d/{token}/features/"
    client.post(f"/d/{token}/features/", {})
    assert client.post(f"/d/{token}/save/")["Location"] == f"/d/{token}/setup/"
    assert SavedAssessment.objects.count() == 0


def test_the_features_step_counts_as_answered_once_posted_even_empty(client):
    token = api_buyer(client)
    assert Draft.objects.get(token=token).answers["features"] == []
    response = client.get(f"/d/{token}/result/")
    assert response.status_code == 200
    assert "Verdict:" in response.content.decode()
    assert client.post(f"/d/{token}/save/")["Location"].startswith("/a/")


def test_which_steps_are_unanswered_is_a_pure_function_of_the_answers():
    matrix = current_matrix()
    slugs = lambda answers: [s.slug for s in flow.unanswered_steps(answers, matrix)]  # noqa: E731
    assert slugs({}) == ["data", "surfaces", "features", "setup", "certifications"]
    answered_data = {"phi": False, "eu_data_subjects": False, "zero_retention": True}
    assert slugs({**answered_data, "surfaces": ["claude-enterprise"]}) == [
        "setup",
        "certifications",
    ]
    code = {**answered_data, "surfaces": ["claude-code"], **{"storage_region": "any"}}
    assert slugs(code) == ["access", "setup", "certifications"]
    assert flow.unanswered_keys(code, matrix) == {
        "claude_code_access",
        "models",
        "inference_region",
        "certifications",
    }
    assert flow.first_unanswered({}, matrix).slug == "data"
    done = {**answered_data, "surfaces": ["claude-enterprise"], "certifications": []}
    assert flow.first_unanswered({**done, **{"storage_region": "any"}}, matrix).slug == "setup"
    assert (
        flow.first_unanswered({**done, "storage_region": "any", "inference_region": "eu"}, matrix)
        is None
    )


def test_the_review_marks_unanswered_questions_and_shows_no_verdict(client):
    token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-enterprise"]})
    page = client.get(f"/d/{token}/review/").content.decode()
    assert "Not answered" in page
    assert f'href="/d/{token}/setup/?return=review" aria-label="Answer: Storage region"' in page
    assert f'href="/d/{token}/certifications/?return=review"' in page
    assert "3 questions still to answer" in page
    assert "the verdict would be" not in page
    assert "See the result" not in page
    assert f'href="/d/{token}/setup/?return=review">Answer the next question' in page
    # Questions this buyer is not asked are not listed at all.
    assert "API features" not in page
    assert "Browser client" not in page
    assert ">Models<" not in page


def test_the_review_of_a_finished_draft_offers_the_result(client):
    token = enterprise_only(client)
    page = client.get(f"/d/{token}/review/").content.decode()
    assert "Not answered" not in page
    assert "the verdict would be" in page
    assert "See the result" in page


# ---- 2. Edits from the review reach the questions they make relevant -----------------------


def test_adding_the_claude_api_from_the_review_asks_its_new_questions(client):
    token = enterprise_only(client)
    response = client.post(
        f"/d/{token}/surfaces/?return=review",
        {"surfaces": ["claude-enterprise", "messages-api"]},
    )
    assert response["Location"] == f"/d/{token}/features/?return=review"
    page = client.get(response["Location"]).content.decode()
    assert "Save and return to review" in page
    assert f'action="/d/{token}/features/?return=review"' in page
    response = client.post(response["Location"], {"features": ["batch-api"]})
    # The setup step now asks about models and browser calls too: they are unanswered.
    assert response["Location"] == f"/d/{token}/setup/?return=review"
    page = client.get(response["Location"]).content.decode()
    assert 'name="models"' in page
    assert 'name="browser_client"' in page
    response = client.post(response["Location"], SETUP)
    assert response["Location"] == f"/d/{token}/review/"
    review = client.get(response["Location"]).content.decode()
    assert "Batch API" in review
    assert "Not answered" not in review


def test_adding_claude_code_from_the_review_asks_how_developers_sign_in(client):
    token = enterprise_only(client)
    response = client.post(
        f"/d/{token}/surfaces/?return=review", {"surfaces": ["claude-enterprise", "claude-code"]}
    )
    assert response["Location"] == f"/d/{token}/access/?return=review"
    response = client.post(response["Location"], {"claude_code_access": "enterprise"})
    assert response["Location"] == f"/d/{token}/setup/?return=review"  # models, for Claude Code
    response = client.post(response["Location"], {**REGIONS, "models": []})
    assert response["Location"] == f"/d/{token}/review/"


def test_an_edit_from_the_review_with_htmx_swaps_in_the_new_step_keeping_the_way_back(client):
    token = enterprise_only(client)
    response = client.post(
        f"/d/{token}/surfaces/?return=review", {"surfaces": ["messages-api"]}, headers=HX
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == f"/d/{token}/features/?return=review"
    body = response.content.decode()
    assert "<html" not in body
    assert "Claude API features" in body
    assert f'data-hx-post="/d/{token}/features/?return=review"' in body
    assert "Save and return to review" in body


def test_an_edit_that_makes_nothing_new_relevant_returns_to_the_review(client):
    token = api_buyer(client)
    response = client.post(
        f"/d/{token}/surfaces/?return=review", {"surfaces": ["claude-enterprise"]}
    )
    assert response["Location"] == f"/d/{token}/review/"
    review = client.get(response["Location"]).content.decode()
    # Steps that no longer apply disappear: no features, no models, no browser question.
    assert "API features" not in review
    assert ">Models<" not in review
    assert "Browser client" not in review


def test_enterprise_buyers_are_not_asked_about_models_or_browser_calls(client):
    token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-enterprise"]})
    page = client.get(f"/d/{token}/setup/").content.decode()
    assert 'name="storage_region"' in page
    assert 'name="models"' not in page
    assert 'name="browser_client"' not in page
    # A post of the regions alone is complete.
    assert client.post(f"/d/{token}/setup/", REGIONS).status_code == 302


def test_claude_code_buyers_choose_models_but_are_not_asked_about_browser_calls(client):
    matrix = current_matrix()
    step = flow.STEP_BY_SLUG["setup"]
    asked = flow.asked_keys(step, {"surfaces": ["claude-code"]}, matrix)
    assert asked == ("models", "storage_region", "inference_region")
    asked = flow.asked_keys(step, {"surfaces": ["amazon-bedrock"]}, matrix)
    assert asked == step.keys
    assert flow.asked_keys(step, {}, matrix) == step.keys  # until the surfaces are answered


def test_answers_to_questions_no_longer_asked_are_kept_but_not_assessed():
    matrix = current_matrix()
    stored = {
        "zero_retention": True,
        "surfaces": ["claude-enterprise"],
        "models": ["claude-fable-5"],
        "browser_client": True,
    }
    effective = flow.effective_answers(stored, matrix)
    assert effective["models"] == []
    assert effective["browser_client"] is False
    # Hiding them changes no verdict: models and browser calls do not apply to this surface.
    raw, _ = assess_answers(flow.merged_answers(stored), matrix)
    hidden, _ = assess_answers(effective, matrix)
    assert hidden["verdict"] == raw["verdict"]
    assert {f["code"] for f in hidden["findings"]} <= {f["code"] for f in raw["findings"]}
    # On Claude Code the model choice stays, and with it the covered-model blocker.
    code = flow.effective_answers({**stored, "surfaces": ["claude-code"]}, matrix)
    assert code["models"] == ["claude-fable-5"]
    result, _ = assess_answers(code, matrix)
    assert "covered-model-retention" in {f["code"] for f in result["findings"]}


# ---- 3. Errors name their question and lead to its first input ------------------------------


def test_error_messages_name_the_question(client):
    token = start(client)
    response = client.post(f"/d/{token}/data/", {})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Choose yes or no" not in body
    for message in (
        "Select whether you will send protected health information (PHI) to Claude",
        "Select whether you will process personal data of people in the EEA, the UK or Switzerland",
        "Select whether you need zero data retention",
    ):
        assert body.count(message) == 2  # in the summary and beside the question


@pytest.mark.parametrize(
    ("step", "data", "field"),
    [
        ("data", {"phi": "yes"}, "eu_data_subjects"),
        ("surfaces", {}, "surfaces"),
        ("setup", {"storage_region": "us"}, "inference_region"),
        ("features", {"features": ["batch-api"], "features_unsure": "yes"}, "features"),
        ("access", {}, "claude_code_access"),
    ],
)
def test_the_error_summary_links_to_the_first_input_of_each_question(client, step, data, field):
    token = start(client)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api", "claude-code"]})
    response = client.post(f"/d/{token}/{step}/", data)
    body = response.content.decode()
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    assert "autofocus" in summary
    assert f'<a href="#id_{field}_0">' in summary
    first_input = re.search(rf'<input [^>]*id="id_{field}_0"[^>]*>', body).group(0)
    assert f'name="{field}"' in first_input
    fieldset = re.search(rf'<fieldset [^>]*id="field-{field}"[^>]*>', body).group(0)
    assert re.search(rf'aria-describedby="[^"]*\b{field}-error"', fieldset)


def test_every_input_of_a_step_has_a_unique_id(client):
    token = start(client)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api", "claude-code"]})
    for step in ("data", "surfaces", "access", "features", "setup", "certifications"):
        page = client.get(f"/d/{token}/{step}/").content.decode()
        inputs = re.findall(r'<input type="(?:radio|checkbox)"[^>]*>', page)
        ids = [re.search(r'id="([^"]+)"', i).group(1) for i in inputs]
        assert ids and len(ids) == len(set(ids)), step


# ---- 4. The features step ------------------------------------------------------------------


def test_the_features_step_is_grouped_with_a_description_for_each_feature(client):
    token = start(client)
    page = client.get(f"/d/{token}/features/").content.decode()
    matrix = current_matrix()
    for group in {matrix.offerings[f].group_label for f in matrix.features}:
        assert f"<legend>{group}</legend>" in page
    for slug in matrix.features:
        if slug == "data-residency":
            continue
        offering = matrix.offerings[slug]
        assert offering.description, slug
        assert f'value="{slug}"' in page
        hint = re.search(rf'value="{slug}" aria-describedby="([^"]+)"', page).group(1)
        assert f'<p class="choice-hint" id="{hint}">' in page
    assert "Send many requests at once and collect the results later" in page


def test_the_features_step_has_no_data_residency_box(client):
    token = start(client)
    page = client.get(f"/d/{token}/features/").content.decode()
    assert 'value="data-residency"' not in page
    assert "inference_geo" not in page
    # It stays in the policy data and the API.
    assert "data-residency" in current_matrix().features
    response = client.post(
        "/api/assess",
        {"surfaces": ["messages-api"], "features": ["data-residency"]},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_not_sure_yet_is_a_clear_answer_kept_out_of_the_contract(client):
    token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api"]})
    page = client.get(f"/d/{token}/features/").content.decode()
    assert "We&#x27;re not sure yet" in page or "We're not sure yet" in page
    response = client.post(f"/d/{token}/features/", {"features_unsure": "yes"})
    assert response["Location"] == f"/d/{token}/setup/"
    stored = Draft.objects.get(token=token).answers
    assert stored["features"] == []
    assert stored["features_unsure"] is True
    assert "features_unsure" not in flow.merged_answers(stored)
    assert re.search(
        r'name="features_unsure" value="yes"[^>]* checked',
        client.get(f"/d/{token}/features/").content.decode(),
    )
    client.post(f"/d/{token}/setup/", SETUP)
    client.post(f"/d/{token}/certifications/", {})
    review = client.get(f"/d/{token}/review/").content.decode()
    assert re.search(r"<dt>API features</dt>\s*<dd>Not sure yet", review)
    assert client.get(f"/d/{token}/result/").status_code == 200
    # Choosing features later replaces the note.
    client.post(f"/d/{token}/features/?return=review", {"features": ["citations"]})
    assert Draft.objects.get(token=token).answers["features_unsure"] is False


def test_features_and_not_sure_yet_together_are_refused(client):
    token = start(client)
    response = client.post(
        f"/d/{token}/features/", {"features": ["citations"], "features_unsure": "yes"}
    )
    assert response.status_code == 422
    assert "or “We&#x27;re not sure yet”, not both" in response.content.decode()


def test_every_api_feature_has_a_one_line_description_in_the_seed():
    for row in seed.FEATURES:
        text = row["description"]
        assert text and "\n" not in text and len(text) <= 140, row["slug"]
        assert text.endswith("."), row["slug"]
        for claim in ("HIPAA", "ZDR", "BAA", "eligible", "compliant", "retention"):
            assert claim not in text, (row["slug"], claim)


def test_the_migration_fills_blank_feature_descriptions_and_keeps_the_seed_digest():
    migration = importlib.import_module("policydata.migrations.0008_feature_descriptions")
    assert {r["slug"]: r["description"] for r in seed.FEATURES} == migration.DESCRIPTIONS
    # A database seeded before the descriptions existed: blank, with the old seed digest.
    by_slug = {r["slug"]: r for r in seed.FEATURES}
    for offering in pm.Offering.objects.filter(kind="feature"):
        row = {k: v for k, v in by_slug[offering.slug].items() if k != "description"}
        values = {k: getattr(offering, k) for k in row}
        pm.Offering.objects.filter(pk=offering.pk).update(
            description="", seed_digest=digest(values)
        )
    # One row a member of staff renamed since.
    pm.Offering.objects.filter(slug="batch-api").update(name="Message Batches API")

    migration.fill_descriptions(apps, None)

    for offering in pm.Offering.objects.filter(kind="feature"):
        assert offering.description == by_slug[offering.slug]["description"]
    report = load_seed()
    assert report.updated == 0
    assert report.kept_staff_edits == ["Offering {'slug': 'batch-api'}"]


# ---- 5. The access question -----------------------------------------------------------------


def test_the_access_question_is_in_the_style_of_the_others(client):
    token = start(client)
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["claude-code"]})
    page = client.get(f"/d/{token}/access/").content.decode()
    assert '<fieldset class="question" id="field-claude_code_access"' in page
    assert 'aria-describedby="claude_code_access-help"' in page
    assert 'id="id_claude_code_access_0"' in page
    body = client.post(f"/d/{token}/access/", {}).content.decode()
    assert "Select how your developers will sign in to Claude Code" in body


# ---- 6. Saving ------------------------------------------------------------------------------


def test_the_saved_page_says_just_saved_once_and_names_the_current_policy_version(client):
    token = api_buyer(client)
    response = client.post(f"/d/{token}/save/")
    saved_url = response["Location"]
    first = client.get(saved_url)
    assert first.context["just_saved"] is True
    assert first.context["current_policy_version"] == "v1"
    again = client.get(saved_url)
    assert again.context["just_saved"] is False
    # Another browser opening the share link is not told it just saved it.
    assert Client().get(saved_url).context["just_saved"] is False


def test_the_result_page_keeps_its_context(client):
    token = api_buyer(client)
    response = client.get(f"/d/{token}/result/")
    assert {"draft", "summary", "review_url"} <= set(response.context.keys())
    assert response.context["review_url"] == f"/d/{token}/review/"


# ---- 7. Error pages -------------------------------------------------------------------------


def test_an_unknown_draft_link_explains_that_drafts_expire(client, settings):
    settings.DEBUG = False
    response = client.get("/d/" + "x" * 43 + "/data/")
    body = response.content.decode()
    assert response.status_code == 404
    assert '<header class="site-header">' in body
    assert "This assessment link has expired or does not exist" in body
    assert f"kept for {settings.DRAFT_TTL_DAYS} days" in body
    assert 'action="/start/"' in body
    assert 'href="/"' in body


def test_an_expired_draft_link_gets_the_same_page(client, settings):
    settings.DEBUG = False
    token = start(client)
    Draft.objects.filter(token=token).update(
        updated_at=timezone.now() - dt.timedelta(days=settings.DRAFT_TTL_DAYS + 1)
    )
    for url in (f"/d/{token}/review/", f"/d/{token}/result/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "has expired" in response.content.decode()


def test_any_other_missing_page_is_a_plain_404_in_the_layout(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in body
    assert '<header class="site-header">' in body
    assert "has expired" not in body


def test_the_500_page_needs_no_database_and_no_request_context(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert '<header class="site-header">' in body
    assert "Sorry, something went wrong on our side" in body
    assert 'href="/"' in body


def test_the_error_handlers_are_the_sites(settings):
    from config import urls

    assert urls.handler404 == "wizard.views.page_not_found"
    assert urls.handler500 == "wizard.views.server_error"


# ---- 8. Continue your assessment ------------------------------------------------------------


def test_starting_a_draft_remembers_it_in_a_cookie(client, settings):
    settings.SESSION_COOKIE_SECURE = False  # secure only over HTTPS, then
    response = client.post("/start/")
    cookie = response.cookies[DRAFT_COOKIE]
    assert cookie.value == response["Location"].split("/")[2]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.DRAFT_TTL_DAYS * 24 * 3600
    assert not cookie["secure"]
    secure = client.post("/start/", secure=True).cookies[DRAFT_COOKIE]
    assert secure["secure"] is True


def test_posting_a_step_refreshes_the_cookie(client):
    token = start(client)
    response = client.post(f"/d/{token}/data/", DATA)
    assert response.cookies[DRAFT_COOKIE].value == token
    response = client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api"]}, headers=HX)
    assert response.cookies[DRAFT_COOKIE].value == token


def test_the_home_page_offers_to_continue_the_draft_in_progress(client):
    page = client.get("/").content.decode()
    assert "Continue your assessment" not in page
    assert "Start an assessment" in page
    token = start(client)
    client.post(f"/d/{token}/data/", DATA)
    response = client.get("/")
    page = response.content.decode()
    assert "Cookie" in response["Vary"]
    assert f'href="/d/{token}/surfaces/">Continue your assessment' in page
    assert "Start a new assessment" in page


def test_continuing_a_finished_draft_goes_to_its_review(client):
    token = enterprise_only(client)
    page = client.get("/").content.decode()
    assert f'href="/d/{token}/review/">Continue your assessment' in page


def test_an_expired_draft_is_not_offered_and_its_cookie_is_dropped(client, settings):
    token = start(client)
    Draft.objects.filter(token=token).update(
        updated_at=timezone.now() - dt.timedelta(days=settings.DRAFT_TTL_DAYS + 1)
    )
    response = client.get("/")
    assert "Continue your assessment" not in response.content.decode()
    assert response.cookies[DRAFT_COOKIE].value == ""


def test_the_navigation_assess_link_goes_home(client):
    token = start(client)
    page = client.get(f"/d/{token}/data/").content.decode()
    assert '<li><a href="/">Assess</a></li>' in page


# ---- 9. The heading's focus ring ------------------------------------------------------------


def test_the_step_heading_shows_a_focus_ring_only_for_keyboard_focus():
    css = (ROOT / "static/css/app.css").read_text()
    assert "#step-heading:focus { outline: none; }" in css
    assert re.search(r"#step-heading:focus-visible \{ outline: 3px solid", css)
