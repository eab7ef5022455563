"""Versions in the admin (issue 15): a readable page per version, a diff, a rollback."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client

from policydata import models as pm
from policydata.evidence import evidence_errors
from policydata.publishing import fingerprint, latest_version, publish
from policydata.snapshot import snapshot_from_db
from policydata.versions import rollback_draft

pytestmark = pytest.mark.usefixtures("policy")

BASE = "/admin/policydata/policyversion/"
DIFF = f"{BASE}diff/"
PUBLISH = f"{BASE}publish/"
BATCH_V2 = "HIPAA readiness (BAA): not eligible \u2192 eligible"
SEARCH_V3 = "Zero data retention (ZDR): not stated \u2192 eligible"


def cell(program: str, offering: str) -> pm.Eligibility:
    return pm.Eligibility.objects.get(program__slug=program, offering__slug=offering)


def set_status(program: str, offering: str, status: str, verified_on: dt.date) -> pm.Eligibility:
    row = cell(program, offering)
    row.status, row.verified_on = status, verified_on
    row._change_reason = "Source re-read"
    row.full_clean()
    row.save()
    return row


def add_fact(slug: str) -> pm.PolicyFact:
    return pm.PolicyFact.objects.create(
        slug=slug,
        topic="training",
        statement="A statement added after the first version.",
        source=pm.Source.objects.get(slug="help-center-certifications"),
        verified_on=dt.date(2026, 11, 20),
    )


@pytest.fixture
def versions(editor) -> list[pm.PolicyVersion]:
    """v1 (the seed), v2 (Batch API under HIPAA eligible, a fact added), v3 (Web search
    under ZDR eligible)."""
    v1 = latest_version()
    set_status("hipaa", "batch-api", "eligible", dt.date(2026, 11, 20))
    add_fact("added-in-v2")
    v2 = publish("Batch API is now HIPAA-eligible.", editor, private_note="ticket COMP-7")
    set_status("zdr", "web-search", "eligible", dt.date(2026, 11, 25))
    v3 = publish("Web search is now under ZDR.", editor)
    return [v1, v2, v3]


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def text(html: str) -> str:
    """The page's words, without tags: what a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def draft_fingerprint_on(html: str) -> str:
    return re.search(r'name="draft_fingerprint" value="([0-9a-f]{64})"', html).group(1)


def viewer(*codenames: str) -> User:
    user = User.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="policydata", codename__in=codenames)
    )
    return user


# ---- The version page ----------------------------------------------------------------------


def test_a_version_page_reads_its_changes_in_words_without_raw_json_or_slugs(
    client, editor, versions
):
    client.force_login(editor)
    html = page(client, f"{BASE}v2/")
    words = text(html)
    assert "Policy version v2" in words
    assert "Batch API" in words and BATCH_V2 in words
    assert "Batch API is now HIPAA-eligible." in words
    assert "Private note (staff only, never shown to buyers) ticket COMP-7" in words
    assert "by editor" in words
    for raw in ('"table"', "hipaa/batch-api", "not_eligible", "&quot;key&quot;"):
        assert raw not in html
    assert f'href="{DIFF}?a=1&amp;b=2"' in html
    assert f'href="{BASE}v2/rollback/"' in html


def test_the_first_version_page_summarises_the_initial_load_with_the_list_on_demand(client, editor):
    client.force_login(editor)
    html = page(client, f"{BASE}v1/")
    assert "Initial load:" in text(html)
    assert "<details>" in html
    assert "HIPAA readiness (BAA): added as not eligible" in text(html.split("<details>")[1])


def test_the_admin_change_url_of_a_version_leads_to_its_readable_page(client, editor):
    client.force_login(editor)
    version = latest_version()
    response = client.get(f"{BASE}{version.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}v1/"
    assert client.get(f"{BASE}999999/change/").status_code == 404
    assert client.get(f"{BASE}not-a-number/change/").status_code == 404
    assert client.get(f"{BASE}99999999999999999999999/change/").status_code == 404


def test_the_version_list_links_each_version_and_compares_two_without_javascript(
    client, editor, versions
):
    client.force_login(editor)
    html = page(client, BASE)
    for version in versions:
        assert f'href="{BASE}{version.pk}/change/' in html
    form = html.split('class="policy-compare"')[0].rsplit("<form", 1)[1]
    assert 'method="get"' in form and f'action="{DIFF}"' in form
    assert '<select id="compare-a" name="a">' in html
    assert '<option value="2" selected>v2</option>' in html
    assert '<option value="3" selected>v3 (latest)</option>' in html


# ---- The diff ------------------------------------------------------------------------------


def test_a_diff_between_v1_and_v3_lists_the_changes_of_both_versions_between(
    client, editor, versions
):
    client.force_login(editor)
    words = text(page(client, f"{DIFF}?a=1&b=3"))
    assert "From v1 to v3" in words
    assert BATCH_V2 in words and SEARCH_V3 in words
    assert "Statement: added" in words
    assert "Batch API is now HIPAA-eligible." in words  # the notes of v2 and v3
    assert "Web search is now under ZDR." in words
    back = text(page(client, f"{DIFF}?a=v3&b=v1"))
    assert "HIPAA readiness (BAA): eligible \u2192 not eligible" in back


@pytest.mark.parametrize(
    ("query", "status", "said"),
    [
        ("", 400, "the first version is missing; the second version is missing"),
        ("?a=1&b=", 400, "the second version is missing"),
        ("?a=one&b=2", 400, "the first version, \u201cone\u201d, is not a version number"),
        ("?a=1&b=99999999999999999999999", 400, "is not a version number"),
        ("?a=1&b=-2", 400, "is not a version number"),
        ("?a=1&b=9", 404, "There is no v9: the published versions are v1 to v3."),
    ],
)
def test_bad_or_missing_diff_numbers_say_so_with_a_400_or_a_404(
    client, editor, versions, query, status, said
):
    client.force_login(editor)
    html = page(client, f"{DIFF}{query}", status)
    assert said in text(html)
    assert 'class="errornote"' in html
    assert '<select id="compare-a"' in html  # and the form to choose again


# ---- Rolling back --------------------------------------------------------------------------


def test_the_rollback_confirmation_shows_what_would_change_and_changes_nothing(
    client, editor, versions
):
    client.force_login(editor)
    before = fingerprint(snapshot_from_db())
    history = pm.Eligibility.history.count()
    html = page(client, f"{BASE}v1/rollback/")
    words = text(html)
    assert "What the draft would change (3)" in words
    assert "HIPAA readiness (BAA): eligible \u2192 not eligible" in words
    assert "Zero data retention (ZDR): eligible \u2192 not stated" in words
    assert "Statement: removed" in words
    assert "\u201cRolled back to v1\u201d" in words
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert fingerprint(snapshot_from_db()) == before
    assert pm.Eligibility.history.count() == history
    assert pm.PolicyFact.objects.filter(slug="added-in-v2").exists()


def test_rolling_back_to_v1_makes_the_draft_v1_keeping_ids_history_and_private_notes(
    client, editor, versions
):
    v1 = versions[0]
    batch = cell("hipaa", "batch-api")
    batch.private_note = "COMP-7: checked by phone"
    batch.save()
    history_ids = set(batch.history.values_list("history_id", flat=True))
    client.force_login(editor)
    seen = draft_fingerprint_on(page(client, f"{BASE}v1/rollback/"))
    response = client.post(f"{BASE}v1/rollback/", {"draft_fingerprint": seen})
    assert response.status_code == 302
    assert response["Location"] == PUBLISH
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert "the draft now holds v1\u2019s facts" in said[0]
    assert "review the changes below and publish them" in said[0]

    assert fingerprint(snapshot_from_db()) == fingerprint(v1.snapshot)
    restored = cell("hipaa", "batch-api")
    assert restored.pk == batch.pk
    assert restored.status == "not_eligible"
    assert restored.verified_on == dt.date(2026, 6, 13)  # v1's date: the published record
    assert restored.private_note == "COMP-7: checked by phone"
    assert history_ids < set(restored.history.values_list("history_id", flat=True))
    newest = restored.history.first()
    assert newest.history_change_reason == "Rolled back to v1"
    assert newest.history_user == editor
    assert not pm.PolicyFact.objects.filter(slug="added-in-v2").exists()
    gone = pm.PolicyFact.history.filter(slug="added-in-v2").first()
    assert (gone.history_type, gone.history_change_reason) == ("-", "Rolled back to v1")
    assert latest_version().number == 3  # nothing is published by a rollback


def test_the_rollback_exception_does_not_relax_the_evidence_rule_for_ordinary_edits(versions):
    rollback_draft(versions[0])
    row = cell("zdr", "web-search")
    row.status, row._change_reason = "eligible", "Source re-read"
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "needs a new verified date" in str(refused.value)
    row.verified_on = dt.date(2026, 6, 1)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "cannot go back" in str(refused.value)


def test_a_restore_may_take_a_date_back_but_never_into_the_future_nor_without_a_reason():
    june, today = dt.date(2026, 6, 13), dt.date(2026, 11, 27)
    before = {"verified_on": dt.date(2026, 11, 20), "status": "eligible"}

    def errors(verified_on: dt.date, reason: str) -> dict:
        after = {"verified_on": verified_on, "status": "not_eligible"}
        return evidence_errors(
            before=before,
            after=after,
            evidence_fields=("status",),
            reason=reason,
            today=today,
            restoring=True,
        )

    assert errors(june, "Rolled back to v1") == {}
    assert "cannot be in the future" in str(errors(dt.date(2026, 12, 1), "Rolled back to v1"))
    assert "needs a change reason" in str(errors(june, ""))


def test_rolling_back_to_the_latest_version_says_it_discards_the_drafts_edits(
    client, editor, versions
):
    set_status("hipaa", "batch-api", "not_eligible", dt.date(2026, 11, 26))
    client.force_login(editor)
    html = page(client, f"{BASE}v3/rollback/")
    assert "discards the draft\u2019s unpublished edits" in text(html)
    assert 'value="Discard the draft\u2019s edits"' in html
    client.post(f"{BASE}v3/rollback/", {"draft_fingerprint": draft_fingerprint_on(html)})
    assert fingerprint(snapshot_from_db()) == fingerprint(versions[2].snapshot)


def test_a_draft_that_already_holds_the_version_has_nothing_to_roll_back(client, editor):
    client.force_login(editor)
    html = page(client, f"{BASE}v1/rollback/")
    assert "The draft already holds v1\u2019s facts: there is nothing to roll back." in text(html)
    assert 'name="draft_fingerprint"' not in html


def test_a_rollback_confirmed_after_the_draft_changed_changes_nothing(client, editor, versions):
    client.force_login(editor)
    seen = draft_fingerprint_on(page(client, f"{BASE}v1/rollback/"))
    set_status("hipaa", "batch-api", "partial", dt.date(2026, 11, 26))  # another editor
    edited = fingerprint(snapshot_from_db())
    response = client.post(f"{BASE}v1/rollback/", {"draft_fingerprint": seen})
    assert response.status_code == 409
    assert "The draft changed since this page was shown" in text(response.content.decode())
    assert fingerprint(snapshot_from_db()) == edited
    assert client.post(f"{BASE}v1/rollback/", {}).status_code == 409


def test_a_rollback_needs_a_csrf_token(editor, versions):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    before = fingerprint(snapshot_from_db())
    assert client.post(f"{BASE}v1/rollback/", {}).status_code == 403
    assert fingerprint(snapshot_from_db()) == before


# ---- Permissions and unknown versions ------------------------------------------------------


def test_a_viewer_reads_versions_but_only_a_publisher_may_roll_back(client, versions):
    client.force_login(viewer("view_policyversion"))
    assert client.get(f"{BASE}v2/").status_code == 200
    assert client.get(f"{DIFF}?a=1&b=3").status_code == 200
    assert f"{BASE}v2/rollback/" not in page(client, f"{BASE}v2/")
    before = fingerprint(snapshot_from_db())
    assert client.get(f"{BASE}v1/rollback/").status_code == 403
    assert client.post(f"{BASE}v1/rollback/", {}).status_code == 403
    assert fingerprint(snapshot_from_db()) == before


def test_staff_without_the_view_permission_see_no_version(client, versions):
    client.force_login(viewer())
    assert client.get(f"{BASE}v2/").status_code == 403
    assert client.get(f"{DIFF}?a=1&b=3").status_code == 403
    assert client.get(f"{BASE}{versions[1].pk}/change/").status_code == 403


def test_an_unknown_version_is_a_404(client, editor):
    client.force_login(editor)
    for url in ("v9/", "v9/rollback/", "v99999999999999999999999/", "v0/"):
        assert client.get(f"{BASE}{url}").status_code == 404
    assert client.post(f"{BASE}v9/rollback/", {}).status_code == 404
