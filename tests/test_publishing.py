"""Draft and publish, the preview's blast radius, history, the changes feed, staleness."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from policydata import models as pm
from policydata.publishing import latest_version, publish

pytestmark = pytest.mark.usefixtures("policy")

PHI_BATCH = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}
PHI_PLAIN = {"phi": True, "surfaces": ["messages-api"], "features": ["token-counting"]}


def assess(client, answers):
    response = client.post("/api/assess", answers, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def mark_batch_api_hipaa_eligible():
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.verified_on = dt.date(2026, 11, 20)
    cell.save()


def codes(result):
    return {(f["code"], f["subject"]) for f in result["findings"]}


def test_the_seed_load_publishes_version_one(client):
    version = latest_version()
    assert version.number == 1
    assert assess(client, PHI_BATCH)["policy_version"] == "v1"


def test_an_unpublished_edit_is_invisible_to_buyers(client):
    before = assess(client, PHI_BATCH)
    matrix_before = client.get("/matrix.json").json()
    mark_batch_api_hipaa_eligible()
    assert assess(client, PHI_BATCH) == before
    assert client.get("/matrix.json").json() == matrix_before


def test_publishing_changes_the_next_assessment(client, editor):
    assert ("hipaa-feature-blocked", "batch-api") in codes(assess(client, PHI_BATCH))
    mark_batch_api_hipaa_eligible()
    version = publish("Batch API is now HIPAA-eligible.", editor)
    result = assess(client, PHI_BATCH)
    assert ("hipaa-feature-blocked", "batch-api") not in codes(result)
    assert result["policy_version"] == "v2"
    assert version.published_by == editor
    assert version.changes[0]["key"] == "hipaa/batch-api"


def test_a_published_version_is_immutable():
    version = latest_version()
    version.note = "rewritten"
    with pytest.raises(pm.PolicyVersionError):
        version.save()
    with pytest.raises(pm.PolicyVersionError):
        version.delete()


def test_publishing_needs_a_note(editor):
    mark_batch_api_hipaa_eligible()
    with pytest.raises(ValueError):
        publish("   ", editor)


def save(client, answers) -> str:
    response = client.post("/api/assessments", answers, content_type="application/json")
    assert response.status_code == 201
    return response.json()["id"]


def test_publish_page_shows_the_diff_and_exactly_the_assessments_that_change(client, editor):
    affected = save(client, PHI_BATCH)
    unaffected = save(client, PHI_PLAIN)
    mark_batch_api_hipaa_eligible()
    client.force_login(editor)
    page = client.get("/admin/policydata/policyversion/publish/").content.decode()
    assert "Batch API — HIPAA readiness (BAA)" in page
    assert "Status: " in page and ">not eligible</span> → " in page
    assert "Anthropic developer documentation: API data retention, ZDR and HIPAA readiness" in page
    assert affected in page
    assert unaffected not in page
    assert "blocked → ready" in page


def test_publish_page_publishes_with_a_note_and_refuses_without(client, editor, settings):
    settings.POLICY_PUBLISH_APPROVALS = 0  # one editor publishes directly (four eyes: off)
    mark_batch_api_hipaa_eligible()
    client.force_login(editor)
    page = client.get("/admin/policydata/policyversion/publish/").content.decode()
    seen = page.split('name="draft_fingerprint" value="')[1].split('"')[0]
    url = "/admin/policydata/policyversion/publish/"
    response = client.post(url, {"note": "", "draft_fingerprint": seen})
    assert response.status_code == 400
    assert latest_version().number == 1
    response = client.post(url, {"note": "Batch API eligible.", "draft_fingerprint": seen})
    assert response.status_code == 302
    assert latest_version().number == 2
    assert latest_version().note == "Batch API eligible."


def test_a_user_without_the_publish_permission_cannot_publish(client, db):
    from django.contrib.auth.models import User

    staff = User.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/policydata/policyversion/publish/").status_code == 403


def test_changes_page_lists_versions_with_human_readable_diffs(client, editor):
    mark_batch_api_hipaa_eligible()
    publish("Batch API is now HIPAA-eligible.", editor)
    page = client.get("/changes/").content.decode()
    assert "v2" in page
    assert "Batch API is now HIPAA-eligible." in page
    assert "Batch API — HIPAA readiness (BAA): not eligible → eligible" in page
    assert "verified <time>2026-11-20</time>" in page
    assert page.index('id="v2"') < page.index('id="v1"')
    since = client.get("/changes/?since=1").content.decode()
    assert 'id="v1"' not in since


def test_the_feed_is_atom_and_lists_versions_newest_first(client, editor):
    mark_batch_api_hipaa_eligible()
    publish("Batch API is now HIPAA-eligible.", editor)
    response = client.get("/changes/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.find("a:title", ns).text
    assert root.find("a:id", ns).text
    assert root.find("a:updated", ns).text
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text[:2] for e in entries] == ["v2", "v1"]
    for entry in entries:
        assert entry.find("a:id", ns).text
        assert entry.find("a:updated", ns).text
        assert entry.find("a:link", ns).get("href")
    assert "not eligible → eligible" in entries[0].find("a:summary", ns).text


def test_a_saved_assessment_links_to_the_changes_since_its_version(client):
    token = save(client, PHI_BATCH)
    page = client.get(f"/a/{token}/").content.decode()
    assert "/changes/?since=1" in page


def test_an_admin_edit_is_recorded_and_can_be_reverted(client, editor):
    cell = pm.Eligibility.objects.get(program__slug="zdr", offering__slug="web-search")
    original = cell.status
    cell.status = "eligible"
    cell._history_user = editor
    cell.save()
    first = cell.history.earliest()
    client.force_login(editor)
    url = f"/admin/policydata/eligibility/{cell.pk}/history/{first.history_id}/"
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "program": cell.program_id,
        "offering": cell.offering_id,
        "status": first.status,
        "condition": first.condition,
        "activation": first.activation,
        "source": first.source_id,
        "verified_on": "2026-11-20",  # a revert changes the status: fresh evidence
        "note": first.note,
        "change_reason": "Reverted: the source was misread.",
    }
    assert client.post(url, data).status_code == 302
    cell.refresh_from_db()
    assert cell.status == original
    reason = cell.history.first().history_change_reason
    assert reason.startswith("Reverted to the version of ")  # a revert, not a plain change
    assert reason.endswith(" by editor: Reverted: the source was misread.")


def test_stale_rows_are_flagged_on_the_matrix_and_in_findings(client, editor, settings):
    settings.POLICY_STALE_AFTER_DAYS = 30  # the seed was verified 2026-06-13
    page = client.get("/matrix/").content.decode()
    assert "stale" in page.lower()
    _, token = None, None
    response = client.post("/start/")
    token = response["Location"].split("/")[2]
    for step, data in [
        ("data", {"phi": "yes", "eu_data_subjects": "no", "zero_retention": "no"}),
        ("surfaces", {"surfaces": ["messages-api"]}),
        ("features", {"features": ["batch-api"]}),
        (
            "setup",
            {
                "models": [],
                "storage_region": "any",
                "inference_region": "any",
                "browser_client": "no",
            },
        ),
        ("certifications", {"certifications": []}),
    ]:
        assert client.post(f"/d/{token}/{step}/", data).status_code == 302, step
    result = client.get(f"/d/{token}/result/").content.decode()
    assert "Check the source:" in result


def test_admin_index_counts_stale_rows(client, editor, settings):
    settings.POLICY_STALE_AFTER_DAYS = 30
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "stale" in page.lower()
    assert "?stale=yes" in page


def test_export_policy_and_import_policy_round_trip_losslessly(tmp_path):
    from django.core.management import call_command

    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    call_command("export_policy", output=str(first))
    snapshot = json.loads(first.read_text())
    batch = next(
        r
        for r in snapshot["eligibilities"]
        if (r["program"], r["offering"]) == ("hipaa", "batch-api")
    )
    batch.update(status="eligible", verified_on="2026-11-20")
    first.write_text(json.dumps(snapshot))
    call_command("import_policy", str(first), reason="BAA amendment")
    call_command("export_policy", output=str(second))
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    assert cell.status == "eligible"
    assert cell.history.first().history_change_reason == "BAA amendment"


def test_a_bad_import_writes_nothing(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "policy.json"
    call_command("export_policy", output=str(path))
    snapshot = json.loads(path.read_text())
    snapshot["eligibilities"][0]["status"] = "probably"
    snapshot["eligibilities"][1]["condition"] = "changed, but must not be written"
    path.write_text(json.dumps(snapshot))
    before = pm.Eligibility.objects.order_by("pk").values_list("status", "condition")
    before = list(before)
    with pytest.raises(CommandError):
        call_command("import_policy", str(path))
    after = list(pm.Eligibility.objects.order_by("pk").values_list("status", "condition"))
    assert after == before


def test_spreadsheet_export_as_csv_and_xlsx(client, editor):
    client.force_login(editor)
    for fmt, content_type in [("0", "text/csv"), ("1", "application/vnd.openxmlformats")]:
        response = client.post(
            "/admin/policydata/eligibility/export/",
            {"format": fmt, "resource": "0", "export_items": [], **{
                f"eligibilityresource_{name}": "on"
                for name in ["program", "offering", "status", "condition", "activation",
                             "source", "verified_on", "note"]
            }},
        )  # fmt: skip
        assert response.status_code == 200, response.content[:500]
        assert response["Content-Type"].startswith(content_type)


def test_spreadsheet_import_previews_before_writing_and_rejects_bad_rows(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    header = "program,offering,status,condition,activation,source,verified_on,note,change_reason\n"
    good = "hipaa,batch-api,eligible,Now eligible.,,api-data-retention,2026-11-20,,BAA amended\n"
    response = client.post(
        "/admin/policydata/eligibility/import/",
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("m.csv", (header + good).encode(), "text/csv"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "confirm" in page.lower()
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    assert cell.status == "not_eligible"  # the preview wrote nothing

    bad = "hipaa,web-fetch,maybe,,,api-data-retention,2026-11-20,,typo\n"
    response = client.post(
        "/admin/policydata/eligibility/import/",
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("m.csv", (header + good + bad).encode(), "text/csv"),
        },
    )
    page = response.content.decode()
    assert "Some rows failed to validate" in page
    assert "Value &#x27;maybe&#x27; is not a valid choice." in page
    assert (
        pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="web-fetch").status
        == "not_eligible"
    )


def test_publish_page_lists_assessments_the_draft_makes_impossible_to_rerun(client, editor):
    affected = save(client, {"surfaces": ["cowork"]})
    untouched = save(client, PHI_PLAIN)
    pm.Eligibility.objects.filter(offering__slug="cowork").delete()
    pm.Offering.objects.filter(slug="cowork").delete()
    client.force_login(editor)
    page = client.get("/admin/policydata/policyversion/publish/").content.decode()
    assert "Cowork<br><small>Offering</small>" in page
    assert affected in page
    assert "can no longer be re-run" in page
    assert untouched not in page
