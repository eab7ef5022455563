"""What is kept between requests (issue 16) shows exactly what a fresh render or assessment
would: kept per published version, keyed by everything it shows, and bounded."""

from __future__ import annotations

import json
import re

import pytest
from django.template import Context, Template

from policydata import models as pm
from policydata import public, service
from policydata.matrix import current_matrix
from policydata.publishing import publish
from wizard.forms import ASKED_ELSEWHERE, FeaturesForm, SetupForm, SurfacesForm, choice_groups
from wizard.models import Draft, SavedAssessment
from wizard.templatetags import wizard_questions
from wizard.templatetags.wizard_questions import question

pytestmark = pytest.mark.usefixtures("policy")
HX = {"HX-Request": "true"}
GROUPS = "wizard/_checkbox_groups.html"


def checked(html: str) -> set[str]:
    return set(re.findall(r'value="([^"]+)"[^>]*checked', html))


def test_a_question_kept_from_an_earlier_request_shows_this_requests_answers():
    matrix = current_matrix()
    groups = choice_groups(matrix, "surface")
    first = SurfacesForm(initial={"surfaces": ["messages-api"]}, matrix=matrix)
    again = SurfacesForm(initial={"surfaces": ["messages-api"]}, matrix=matrix)
    other = SurfacesForm(initial={"surfaces": ["claude-enterprise"]}, matrix=matrix)

    html = question(first["surfaces"], GROUPS, groups=groups)
    hits = wizard_questions._kept.cache_info().hits
    assert question(again["surfaces"], GROUPS, groups=groups) == html
    assert wizard_questions._kept.cache_info().hits == hits + 1
    assert checked(html) == {"messages-api"}
    assert checked(question(other["surfaces"], GROUPS, groups=groups)) == {"claude-enterprise"}


def test_a_kept_question_shows_the_posted_values_and_their_error():
    matrix = current_matrix()
    groups = choice_groups(matrix, "feature", ASKED_ELSEWHERE)
    posted = {"features": ["batch-api"], "features_unsure": "yes"}
    form = FeaturesForm(posted, matrix=matrix)
    assert not form.is_valid()
    options = {"groups": groups, "hints": True, "exclusive": form["features_unsure"]}

    html = question(form["features"], GROUPS, **options)
    assert checked(html) == {"batch-api", "yes"}
    assert "not both" in html and "question--error" in html
    fine = FeaturesForm({"features": ["batch-api"]}, matrix=matrix)
    assert fine.is_valid()
    html = question(fine["features"], GROUPS, **{**options, "exclusive": fine["features_unsure"]})
    assert checked(html) == {"batch-api"} and "question--error" not in html


def test_choice_groups_are_built_once_per_published_version():
    matrix = current_matrix()
    assert choice_groups(matrix, "surface") is choice_groups(matrix, "surface")
    program = pm.Program.objects.get(slug="hipaa")
    program.summary += " Reworded."
    program.save()
    publish("One summary reworded.")
    assert current_matrix() is not matrix
    assert choice_groups(current_matrix(), "surface") == choice_groups(matrix, "surface")


def test_step_forms_share_their_prepared_fields_but_not_their_state():
    matrix = current_matrix()
    asked = SetupForm({"storage_region": "eu"}, matrix=matrix)
    short = SetupForm({"storage_region": "mars"}, matrix=matrix, hidden=frozenset({"models"}))
    assert "models" in asked.fields and "models" not in short.fields
    again = SetupForm({"storage_region": "us"}, matrix=matrix)
    assert asked.fields is not again.fields
    assert asked.fields["storage_region"] is again.fields["storage_region"]
    assert not short.is_valid() and "storage_region" in short.errors
    assert "storage_region" not in SetupForm({"storage_region": "eu"}, matrix=matrix).errors
    # A form may still change its own dict of fields without touching another's.
    asked.fields.pop("models")
    assert "models" in SetupForm(matrix=matrix).fields


def test_a_new_version_gets_fields_with_its_own_choices():
    matrix = current_matrix()
    before = SetupForm(matrix=matrix).fields["models"]
    model = pm.ClaudeModel.objects.order_by("pk").first()
    model.name += " (renamed)"
    model.save()
    publish("One model renamed.")
    after = SetupForm(matrix=current_matrix()).fields["models"]
    assert after is not before
    assert (model.slug, model.name) in list(after.choices)
    assert (model.slug, model.name) not in list(before.choices)


def test_once_keeps_markup_per_key_and_shows_what_the_key_shows():
    template = Template("{% load once %}{% once key %}<b>{{ key }}</b>{% endonce %}")
    assert template.render(Context({"key": "a"})) == "<b>a</b>"
    assert template.render(Context({"key": "a"})) == "<b>a</b>"
    assert template.render(Context({"key": "<b>"})) == "<b>&lt;b&gt;</b>"
    node = template.nodelist[-1]
    assert len(node.rendered) == 2


def test_the_progress_list_follows_the_steps_shown(client):
    draft = Draft.objects.create(answers={"phi": True, "surfaces": ["claude-enterprise"]})
    page = client.get(f"/d/{draft.token}/setup/").content.decode()
    assert "Step 3 of 5" in page and "Claude API features" not in page
    draft.answers["surfaces"] = ["messages-api", "claude-code"]
    draft.save()
    page = client.get(f"/d/{draft.token}/setup/").content.decode()
    assert "Step 5 of 7" in page and "Claude API features" in page


def test_a_step_get_runs_one_query_and_an_htmx_post_two(client, django_assert_num_queries):
    draft = Draft.objects.create(answers={"phi": True, "surfaces": ["messages-api"]})
    url = f"/d/{draft.token}/certifications/"
    client.get(url)  # the matrix, loaded once per version
    with django_assert_num_queries(1):  # the draft with the published version's number
        assert client.get(url).status_code == 200
    # ... and one conditional UPDATE of the answers (wizard.drafts.merge_answers)
    with django_assert_num_queries(2):
        assert client.post(url, {"certifications": ["fedramp"]}, headers=HX).status_code == 200


def test_api_answers_repeat_from_the_kept_body_until_a_new_version(client):
    answers = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}

    def assess() -> bytes:
        response = client.post("/api/assess", answers, content_type="application/json")
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        return response.content

    first = assess()
    kept = current_matrix().memo[("kept", "assess-json")]
    assert list(kept.values()) == [first] and assess() == first
    assert json.loads(first) == service.assess_answers(answers)[0]

    pm.Eligibility.objects.filter(program__slug="hipaa", offering__slug="batch-api").update(
        status="eligible"
    )
    publish("Batch API now HIPAA-eligible.")
    assert "hipaa-feature-blocked" in first.decode()
    assert "hipaa-feature-blocked" not in assess().decode()


def test_kept_api_bodies_are_bounded(monkeypatch, client):
    monkeypatch.setattr(service, "RESULTS_KEPT", 2)
    for surfaces in (["messages-api"], ["claude-enterprise"], ["amazon-bedrock"]):
        body = {"surfaces": surfaces}
        assert client.post("/api/assess", body, content_type="application/json").status_code == 200
    kept = current_matrix().memo[("kept", "assess-json")]
    assert [a.surfaces for a in kept] == [("claude-enterprise",), ("amazon-bedrock",)]


def test_matrix_pages_are_kept_per_filter_but_not_per_search(client):
    matrix = current_matrix()
    cutoff = pm.stale_cutoff()
    hipaa = public.MatrixFilter(program="hipaa")
    page = public.matrix_page_data(matrix, hipaa, cutoff)
    assert public.matrix_page_data(matrix, hipaa, cutoff) is page
    search = public.MatrixFilter(q="batch")
    assert public.matrix_page_data(matrix, search, cutoff) is not (
        public.matrix_page_data(matrix, search, cutoff)
    )
    assert public.matrix_page_data(matrix, search, cutoff) == (
        public.matrix_page_data(matrix, search, cutoff)
    )


COMPLETE = {
    "phi": False,
    "eu_data_subjects": False,
    "zero_retention": False,
    "surfaces": ["messages-api"],
    "features": ["batch-api"],
    "models": [],
    "storage_region": "any",
    "inference_region": "any",
    "browser_client": False,
    "certifications": [],
}


def page(client, url: str) -> str:
    """The page without what changes on every request (nonce, CSRF token)."""
    html = client.get(url).content.decode()
    return re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]+"', "", html)


def test_a_results_details_are_kept_per_answers_and_shown_again(client):
    draft = Draft.objects.create(answers=COMPLETE)
    url = f"/d/{draft.token}/result/"
    first = page(client, url)
    assert page(client, url) == first
    kept = current_matrix().memo[("kept", "wizard-details")]
    assert len(kept) == 1 and "isn&#x27;t HIPAA-eligible" not in first

    other = Draft.objects.create(answers={**COMPLETE, "phi": True})
    blocked = page(client, f"/d/{other.token}/result/")
    assert len(kept) == 2 and "isn&#x27;t HIPAA-eligible" in blocked
    assert page(client, url) == first


def test_a_saved_assessments_details_are_kept_by_its_digest(client):
    draft = Draft.objects.create(answers={**COMPLETE, "phi": True})
    saved_url = client.post(f"/d/{draft.token}/save/")["Location"]
    client.get(saved_url)  # the one showing "Assessment saved"
    shown = page(client, saved_url)
    assert page(client, saved_url) == shown and "isn&#x27;t HIPAA-eligible" in shown
    saved = SavedAssessment.objects.get(token=saved_url.strip("/").split("/")[-1])
    assert [key[:2] for key in current_matrix().memo[("kept", "wizard-details")]] == [
        ("saved", saved.digest)
    ]
