"""The way to ready in the browser: "try this" opens a new draft with the change applied,
and two saved assessments compare side by side."""

from __future__ import annotations

import pytest

from policydata import models as pm
from policydata.publishing import publish
from wizard.flow import DEFAULT_ANSWERS
from wizard.models import Draft, SavedAssessment

pytestmark = pytest.mark.usefixtures("policy")

BLOCKED = {
    "phi": True,
    "surfaces": ["messages-api", "claude-code"],
    "features": ["batch-api"],
}


def saved_from_api(client, answers: dict) -> SavedAssessment:
    response = client.post("/api/assessments", answers, content_type="application/json")
    assert response.status_code == 201, response.content
    return SavedAssessment.objects.get(token=response.json()["id"])


def draft_with(answers: dict) -> Draft:
    """A draft whose every question is answered (as a walk through the wizard leaves it)."""
    return Draft.objects.create(answers={**DEFAULT_ANSWERS, **answers})


def test_trying_a_remedy_on_a_draft_gives_the_promised_verdict_in_a_new_draft(client):
    draft = draft_with(BLOCKED)
    result = client.get(f"/d/{draft.token}/result/")
    assert result.status_code == 200
    response = client.post(f"/d/{draft.token}/try/", {"remedy": "0"})
    assert response.status_code == 302
    new_token = response["Location"].split("/")[2]
    assert new_token != draft.token
    new = Draft.objects.get(token=new_token)
    assert new.answers["surfaces"] == ["messages-api"]
    assert new.answers["features"] == []
    assert new.answers["phi"] is True  # what the buyer cannot change stays
    assert Draft.objects.get(token=draft.token).answers["surfaces"] == BLOCKED["surfaces"]
    saved = client.post(f"/d/{new_token}/save/")
    assert saved.status_code == 302
    frozen = SavedAssessment.objects.get(token=saved["Location"].split("/")[2])
    assert frozen.result["verdict"] == "ready"
    assert response.cookies["draft"].value == new_token


def test_every_remedy_of_a_saved_assessment_gives_its_verdict(client):
    saved = saved_from_api(client, BLOCKED)
    remedies = saved.result["remedies"]
    assert remedies
    for index, remedy in enumerate(remedies):
        response = client.post(f"/a/{saved.token}/try/", {"remedy": str(index)})
        assert response.status_code == 302
        token = response["Location"].split("/")[2]
        assert Draft.objects.get(token=token).based_on == saved.token
        again = client.post(f"/d/{token}/save/")
        fresh = SavedAssessment.objects.get(token=again["Location"].split("/")[2])
        assert fresh.result["verdict"] == remedy["verdict"]
        assert fresh.based_on == saved.token


@pytest.mark.parametrize("remedy", ["", "7", "-1", "x", "0" * 400])
def test_a_remedy_that_is_not_offered_is_a_400_that_changes_nothing(client, remedy):
    saved = saved_from_api(client, BLOCKED)
    drafts = Draft.objects.count()
    response = client.post(f"/a/{saved.token}/try/", {"remedy": remedy})
    assert response.status_code == 400
    assert "That suggestion no longer applies" in response.content.decode()
    assert Draft.objects.count() == drafts


def test_a_ready_draft_has_nothing_to_try(client):
    draft = draft_with({"surfaces": ["claude-enterprise"]})
    response = client.post(f"/d/{draft.token}/try/", {"remedy": "0"})
    assert response.status_code == 400


def test_trying_needs_a_post(client):
    saved = saved_from_api(client, BLOCKED)
    assert client.get(f"/a/{saved.token}/try/").status_code == 405


def test_the_compare_page_shows_the_answers_that_differ_and_the_findings_that_changed(client):
    first = saved_from_api(client, BLOCKED)
    second = saved_from_api(client, {**BLOCKED, "surfaces": ["messages-api"], "features": []})
    page = client.get(f"/compare/{first.token}/{second.token}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The result changes from <strong>Blocked</strong> to <strong>Ready</strong>" in text
    assert "Claude API (Messages API, first-party) and Claude Code" in text
    assert "No API features" in text
    assert "Gone in the second assessment" in text
    assert "New in the second assessment" not in text
    # Answers both gave are not repeated.
    assert "Protected health information (PHI)" not in text
    for code in ("baa-not-covered", "hipaa-feature-blocked", "claude-code", "batch-api"):
        assert code not in text


def test_comparing_an_assessment_with_itself_says_nothing_changed(client):
    saved = saved_from_api(client, BLOCKED)
    text = client.get(f"/compare/{saved.token}/{saved.token}/").content.decode()
    assert "Both assessments give the same result" in text
    assert "No finding was added, removed or changed." in text


def test_an_unknown_assessment_in_a_comparison_is_a_404(client):
    saved = saved_from_api(client, BLOCKED)
    assert client.get(f"/compare/{saved.token}/{'x' * 43}/").status_code == 404


def test_today_s_result_is_saved_beside_an_old_one_and_compared(client):
    saved = saved_from_api(client, BLOCKED)
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.save()
    publish("Batch API is now HIPAA-eligible.")
    response = client.post(f"/a/{saved.token}/rerun/")
    assert response.status_code == 302
    first, second = response["Location"].strip("/").split("/")[1:]
    assert first == saved.token
    fresh = SavedAssessment.objects.get(token=second)
    assert fresh.policy_version == "v2" and fresh.based_on == saved.token
    text = client.get(response["Location"]).content.decode()
    assert "Gone in the second assessment" in text
    assert "v1" in text and "v2" in text


def test_a_question_a_remedy_makes_relevant_is_asked_not_answered_for_the_buyer(client):
    # A hand-made remedy that adds Claude Code: how developers reach it must be asked.
    draft = draft_with({"surfaces": ["claude-enterprise"], "phi": True})
    remedy = {
        "summary": "Use Claude Code as well.",
        "changes": [{"answer": "surfaces", "add": ["claude-code"]}],
        "verdict": "blocked",
    }
    saved = SavedAssessment.objects.create(
        token="t" * 43,
        answers=draft.answers,
        result={"verdict": "ready", "findings": [], "remedies": [remedy]},
        policy_rows=[],
        policy_version="v1",
        digest="1" * 64,
    )
    response = client.post(f"/a/{saved.token}/try/", {"remedy": "0"})
    assert response.status_code == 302
    token = response["Location"].split("/")[2]
    assert response["Location"] == f"/d/{token}/access/?return=review"
    assert "claude_code_access" not in Draft.objects.get(token=token).answers


def test_a_region_asked_for_on_the_claude_api_assesses_the_data_residency_feature(client):
    # The wizard has no box for it: the inference region question is that feature. The
    # source does not state its ZDR eligibility, so the buyer hears so.
    draft = draft_with(
        {"zero_retention": True, "inference_region": "us", "surfaces": ["messages-api"]}
    )
    page = client.get(f"/d/{draft.token}/result/").content.decode()
    assert "Data residency (inference_geo)" in page
    review = client.get(f"/d/{draft.token}/review/").content.decode()
    assert "Data residency (inference_geo)" in review


def test_a_remedy_that_leaves_out_an_implied_feature_does_not_hold_in_the_wizard():
    from policydata.matrix import current_matrix
    from policydata.remedies import apply_changes
    from wizard.flow import effective_answers, remedy_holds

    matrix = current_matrix()
    answers = effective_answers(
        draft_with({"inference_region": "us", "surfaces": ["messages-api"]}).answers, matrix
    )
    assert answers["features"] == ["data-residency"]
    drop = [{"answer": "features", "remove": ["data-residency"]}]
    # Still asking for US inference, the wizard would put the feature back.
    assert not remedy_holds(answers, apply_changes(answers, drop), matrix)
    relax = [*drop, {"answer": "inference_region", "set": "any"}]
    assert remedy_holds(answers, apply_changes(answers, relax), matrix)
    assert remedy_holds(answers, apply_changes(answers, [{"answer": "models", "add": []}]), matrix)
