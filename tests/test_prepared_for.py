"""Who a saved assessment is for: optional, one line each, escaped, covered by the digest."""

from __future__ import annotations

import hashlib

import pytest

from wizard.assessments import canonical_json
from wizard.flow import DEFAULT_ANSWERS
from wizard.models import Draft, SavedAssessment

pytestmark = pytest.mark.usefixtures("policy")

ANSWERS = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}


def complete_draft() -> Draft:
    return Draft.objects.create(answers={**DEFAULT_ANSWERS, **ANSWERS})


def digest_of(saved: SavedAssessment, prepared_for: dict | None) -> str:
    canonical = canonical_json(
        saved.token,
        saved.created_at.isoformat(),
        saved.answers,
        saved.result,
        saved.policy_rows,
        prepared_for,
    )
    return hashlib.sha256(canonical).hexdigest()


def test_who_it_is_for_is_saved_on_one_line_and_covered_by_the_digest(client):
    draft = complete_draft()
    response = client.post(
        f"/d/{draft.token}/save/",
        {"organisation": "  Acme\nHealth  ", "project": "Triage bot", "prepared_by": ""},
    )
    assert response.status_code == 302
    saved = SavedAssessment.objects.get(token=response["Location"].split("/")[2])
    assert (saved.organisation, saved.project, saved.prepared_by) == (
        "Acme Health",
        "Triage bot",
        "",
    )
    prepared = {"organisation": "Acme Health", "project": "Triage bot", "prepared_by": ""}
    assert saved.digest == digest_of(saved, prepared)
    assert saved.digest != digest_of(saved, None)
    page = client.get(response["Location"]).content.decode()
    assert "Prepared for</dt><dd>Acme Health</dd>" in page
    assert "Prepared by" not in page


def test_without_it_the_digest_is_what_it_always_was(client):
    draft = complete_draft()
    response = client.post(f"/d/{draft.token}/save/")
    saved = SavedAssessment.objects.get(token=response["Location"].split("/")[2])
    assert saved.digest == digest_of(saved, None)
    assert "Prepared for" not in client.get(response["Location"]).content.decode()


def test_too_long_a_name_is_a_400_that_keeps_what_was_typed_and_saves_nothing(client):
    draft = complete_draft()
    saved_before = SavedAssessment.objects.count()
    response = client.post(
        f"/d/{draft.token}/save/", {"organisation": "A" * 121, "project": "Kept project"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The assessment was not saved" in page
    assert "Use at most 120 characters for Organisation." in page
    assert 'value="Kept project"' in page
    assert '<details class="prepared-for" open>' in page
    assert SavedAssessment.objects.count() == saved_before
    assert Draft.objects.get(token=draft.token).answers == draft.answers


def test_markup_typed_as_a_name_is_shown_as_text(client):
    draft = complete_draft()
    response = client.post(
        f"/d/{draft.token}/save/", {"organisation": '<img src=x onerror="alert(1)">'}
    )
    page = client.get(response["Location"]).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_the_verify_page_shows_who_a_matching_document_was_prepared_for(client):
    draft = complete_draft()
    response = client.post(f"/d/{draft.token}/save/", {"organisation": "Acme Health"})
    saved = SavedAssessment.objects.get(token=response["Location"].split("/")[2])
    page = client.get("/verify/", {"digest": saved.digest}).content.decode()
    assert "<dt>Prepared for</dt><dd>Acme Health</dd>" in page
