"""Policy stewardship (issue 15): publish what was previewed, an import that cannot
surprise, private staff notes, evidence for every change."""

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management import CommandError, call_command

from policydata import models as pm
from policydata.publishing import fingerprint, latest_version, preview

pytestmark = pytest.mark.usefixtures("policy")

PUBLISH = "/admin/policydata/policyversion/publish/"


def set_cell(program: str, offering: str, status: str, verified_on=dt.date(2026, 11, 20)):
    cell = pm.Eligibility.objects.get(program__slug=program, offering__slug=offering)
    cell.status = status
    cell.verified_on = verified_on
    cell.save()


def previewed_fingerprint(client) -> str:
    page = client.get(PUBLISH).content.decode()
    return re.search(r'name="draft_fingerprint" value="([0-9a-f]{64})"', page).group(1)


@pytest.fixture
def one_editor_team(settings):
    """Four eyes turned off: the publish page publishes directly (tests/test_four_eyes.py
    covers the request and approval)."""
    settings.POLICY_PUBLISH_APPROVALS = 0


# ---- 1. Publish what was previewed ----------------------------------------------------------


def test_the_fingerprint_is_a_pure_function_of_the_facts():
    snapshot = preview().snapshot
    assert fingerprint(snapshot) == fingerprint({k: list(v) for k, v in snapshot.items()})
    assert len(fingerprint(snapshot)) == 64
    changed = {**snapshot, "eligibilities": snapshot["eligibilities"][1:]}
    assert fingerprint(changed) != fingerprint(snapshot)


def test_the_publish_page_carries_the_fingerprint_of_the_draft_it_shows(client, editor):
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    assert previewed_fingerprint(client) == preview().fingerprint


@pytest.mark.usefixtures("one_editor_team")
def test_an_edit_made_after_the_preview_is_not_published_unseen(client, editor):
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    seen = previewed_fingerprint(client)
    set_cell("zdr", "batch-api", "eligible")  # another editor, while the preview is open
    response = client.post(PUBLISH, {"note": "Batch API under HIPAA.", "draft_fingerprint": seen})
    assert response.status_code == 409
    assert latest_version().number == 1
    page = response.content.decode()
    assert "The draft changed since you previewed it: nothing was published." in page
    assert "Changed since your preview (1)" in page
    assert "Batch API — Zero data retention (ZDR): not eligible → eligible" in page
    assert f'value="{preview().fingerprint}"' in page  # the new preview, ready to publish
    assert "Batch API under HIPAA." in page  # the note is kept


@pytest.mark.usefixtures("one_editor_team")
def test_publishing_the_new_preview_ships_exactly_what_it_showed(client, editor):
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    stale = previewed_fingerprint(client)
    set_cell("zdr", "batch-api", "eligible")
    client.post(PUBLISH, {"note": "Batch API.", "draft_fingerprint": stale})
    fresh = previewed_fingerprint(client)
    response = client.post(PUBLISH, {"note": "Batch API.", "draft_fingerprint": fresh})
    assert response.status_code == 302
    version = latest_version()
    assert version.number == 2
    assert {c["key"] for c in version.changes} == {"hipaa/batch-api", "zdr/batch-api"}


@pytest.mark.usefixtures("one_editor_team")
def test_a_publish_without_a_fingerprint_publishes_nothing(client, editor):
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    response = client.post(PUBLISH, {"note": "Batch API."})
    assert response.status_code == 409
    assert latest_version().number == 1
    assert "Changed since your preview" not in response.content.decode()


# ---- 2. import_policy that cannot surprise ---------------------------------------------------


def export(tmp_path) -> dict:
    path = tmp_path / "policy.json"
    call_command("export_policy", output=str(path))
    return json.loads(path.read_text())


def run_import(tmp_path, data, *args: str) -> tuple[int, str, str]:
    """Run import_policy as a shell would: (exit code, stdout, stderr)."""
    path = tmp_path / "import.json"
    path.write_text(json.dumps(data))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_policy", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), f"{err.getvalue()}{exc}"
    return 0, out.getvalue(), err.getvalue()


def cells() -> list[tuple]:
    return list(pm.Eligibility.objects.order_by("pk").values_list("pk", "status", "condition"))


def history_rows() -> int:
    return sum(model.history.count() for model in (*pm.FACT_MODELS, pm.Source))


def test_a_dry_run_prints_what_would_change_and_writes_nothing(tmp_path):
    data = export(tmp_path)
    row = next(r for r in data["eligibilities"] if r["offering"] == "web-fetch")
    row.update(condition="Only the basic version.", verified_on="2026-11-20")
    before, history = cells(), history_rows()
    code, out, _ = run_import(tmp_path, data, "--dry-run", "--reason", "Docs updated")
    assert code == 0
    assert "Web fetch" in out
    assert "“Only the basic version.”" in out
    assert "Dry run, nothing written: would be 0 created, 1 updated, 0 deleted" in out
    assert cells() == before
    assert history_rows() == history


def test_rows_missing_from_the_file_are_kept_unless_asked_to_delete_them(tmp_path):
    data = export(tmp_path)
    dropped = data["eligibilities"][:6]
    data["eligibilities"] = data["eligibilities"][6:]
    before = cells()
    code, out, _ = run_import(tmp_path, data)
    assert code == 0
    assert cells() == before
    assert "0 deleted" in out

    code, out, _ = run_import(tmp_path, data, "--delete-missing")
    assert code == 0
    assert "6 deleted" in out
    assert pm.Eligibility.objects.count() == len(before) - 6
    gone = {(r["program"], r["offering"]) for r in dropped}
    left = set(pm.Eligibility.objects.values_list("program__slug", "offering__slug"))
    assert not gone & left


def test_an_empty_eligibility_list_deletes_nothing_without_the_flag(tmp_path):
    data = export(tmp_path)
    data["eligibilities"] = []
    before = cells()
    code, _, _ = run_import(tmp_path, data)
    assert code == 0
    assert cells() == before


def test_a_duplicated_row_is_an_error_naming_both_rows(tmp_path):
    data = export(tmp_path)
    data["eligibilities"].append(dict(data["eligibilities"][2]))
    n = len(data["eligibilities"])
    key = f"{data['eligibilities'][2]['program']}/{data['eligibilities'][2]['offering']}"
    before = cells()
    code, _, err = run_import(tmp_path, data)
    assert code == 1
    assert f"eligibilities row {n} ({key}): duplicate of eligibilities row 3." in err
    assert cells() == before


def test_an_unknown_slug_is_an_error_naming_the_row_and_the_slug(tmp_path):
    data = export(tmp_path)
    data["eligibilities"][4]["offering"] = "batch-apii"
    data["eligibilities"][5]["condition"] = "must not be written"
    before = cells()
    code, _, err = run_import(tmp_path, data)
    assert code == 1
    program = data["eligibilities"][4]["program"]
    assert f'eligibilities row 5 ({program}/batch-apii): unknown offering "batch-apii".' in err
    assert "does not exist" not in err
    assert cells() == before


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({}, "missing the tables sources, programs"),
        ([], "got a JSON list"),
        ({"sources": [], "eligibilities": {}}, "eligibilities must each be a list of rows"),
        ("policy", "got a JSON str"),
    ],
)
def test_a_file_that_is_not_the_export_format_is_a_clear_error_exit_2(tmp_path, data, said):
    before, history = cells(), history_rows()
    code, _, err = run_import(tmp_path, data)
    assert code == 2
    assert "Not an export_policy file" in err
    assert said in err
    assert "Traceback" not in err
    assert cells() == before
    assert history_rows() == history


def test_import_policy_from_a_shell_exits_2_on_an_empty_object_without_a_traceback(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("{}")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_policy", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=False,
    )
    assert done.returncode == 2
    assert "Not an export_policy file: missing the tables" in done.stderr
    assert "Traceback" not in done.stderr


def test_rows_match_by_natural_key_so_ids_and_history_survive(tmp_path):
    data = export(tmp_path)
    cell = pm.Eligibility.objects.get(program__slug="zdr", offering__slug="web-fetch")
    history = cell.history.count()
    row = next(
        r for r in data["eligibilities"] if (r["program"], r["offering"]) == ("zdr", "web-fetch")
    )
    row["note"] = "Checked again."
    code, _, _ = run_import(tmp_path, data, "--reason", "Quarterly review")
    assert code == 0
    again = pm.Eligibility.objects.get(program__slug="zdr", offering__slug="web-fetch")
    assert again.pk == cell.pk
    assert again.note == "Checked again."
    assert again.history.count() == history + 1
    assert again.history.first().history_change_reason == "Quarterly review"


def test_an_identical_import_writes_no_history(tmp_path):
    data = export(tmp_path)
    history = history_rows()
    code, out, _ = run_import(tmp_path, data)
    assert code == 0
    assert "0 created, 0 updated, 0 deleted" in out
    assert history_rows() == history


# ---- 3. Staff notes stay private -------------------------------------------------------------

PRIVATE = "ticket COMP-412"
PUBLIC = "Confirmed with the account team."
PHI_BATCH = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}


def edit_cell_in_the_admin(client, cell, **changes) -> None:
    data = {
        "program": cell.program_id,
        "offering": cell.offering_id,
        "status": cell.status,
        "condition": cell.condition,
        "activation": cell.activation,
        "source": cell.source_id,
        "verified_on": cell.verified_on.isoformat(),
        "note": cell.note,
        "private_note": cell.private_note,
        "change_reason": "",
        **changes,
    }
    response = client.post(f"/admin/policydata/eligibility/{cell.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]


def publish_from_the_admin(client, note: str, private_note: str = "") -> None:
    seen = previewed_fingerprint(client)
    response = client.post(
        PUBLISH, {"note": note, "private_note": private_note, "draft_fingerprint": seen}
    )
    assert response.status_code == 302


def test_the_admin_labels_the_public_note_and_offers_a_private_one(client, editor):
    client.force_login(editor)
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    page = client.get(f"/admin/policydata/eligibility/{cell.pk}/change/").content.decode()
    assert "Public note (shown to buyers)" in page
    assert 'name="private_note"' in page
    page = client.get(PUBLISH).content.decode()
    assert 'name="private_note"' in page


@pytest.mark.usefixtures("one_editor_team")
def test_a_private_note_typed_in_the_admin_never_reaches_buyers(client, editor):
    client.force_login(editor)
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    edit_cell_in_the_admin(
        client,
        cell,
        status="eligible",
        verified_on="2026-11-20",
        note=PUBLIC,
        private_note=PRIVATE,
        change_reason="BAA amendment signed",
    )
    assert pm.Eligibility.objects.get(pk=cell.pk).private_note == PRIVATE
    publish_from_the_admin(client, "Batch API is HIPAA-eligible.", "ticket COMP-413")
    version = latest_version()
    assert version.number == 2
    assert version.private_note == "ticket COMP-413"
    client.logout()

    token = client.post("/api/assessments", PHI_BATCH, content_type="application/json").json()
    outputs = {
        "/changes/": client.get("/changes/").content.decode(),
        "/changes/feed/": client.get("/changes/feed/").content.decode(),
        "/changes/v2/": client.get("/changes/v2/").content.decode(),
        "/matrix/": client.get("/matrix/").content.decode(),
        "/matrix.json": client.get("/matrix.json").content.decode(),
        "/api/assess": client.post(
            "/api/assess", PHI_BATCH, content_type="application/json"
        ).content.decode(),
        "saved result": client.get(f"/a/{token['id']}/").content.decode(),
    }
    assert PUBLIC in outputs["/matrix/"]  # the public note is published as before
    assert "Batch API is HIPAA-eligible." in outputs["/changes/"]
    for name, text in outputs.items():
        assert "COMP-41" not in text, name
        assert "private" not in text.lower() or name != "/matrix.json", name


def test_a_published_version_never_stores_a_private_note(client, editor):
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.private_note = PRIVATE
    cell.save()
    assert preview().changes == []  # a private note alone is nothing to publish
    assert PRIVATE not in json.dumps(preview().snapshot)


# ---- 4. Evidence for every change ------------------------------------------------------------

TODAY = dt.date(2026, 11, 27)


def batch_hipaa() -> pm.Eligibility:
    return pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")


def problems(cell: pm.Eligibility, reason: str = "") -> dict[str, list[str]]:
    cell._change_reason = reason
    try:
        cell.full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("policydata.models.timezone.localdate", lambda: TODAY)
    return TODAY


def test_a_status_change_with_the_old_verified_date_is_refused(today):
    cell = batch_hipaa()
    cell.status = "eligible"
    said = problems(cell, reason="BAA amended")
    assert "needs a new verified date" in " ".join(said["verified_on"])
    assert "last verified 2026-06-13" in " ".join(said["verified_on"])


def test_a_condition_change_without_a_reason_is_refused(today):
    cell = batch_hipaa()
    cell.condition = "Now allowed."
    cell.verified_on = dt.date(2026, 11, 20)
    said = problems(cell)
    assert "needs a change reason" in " ".join(said[NON_FIELD_ERRORS])


def test_a_verified_date_in_the_future_is_refused(today):
    cell = batch_hipaa()
    cell.status = "eligible"
    cell.verified_on = dt.date(2031, 1, 1)
    said = problems(cell, reason="BAA amended")
    assert "cannot be in the future" in " ".join(said["verified_on"])


def test_a_verified_date_stored_in_the_future_can_be_corrected_with_a_reason(today):
    cell = batch_hipaa()
    cell.verified_on = dt.date(2031, 1, 1)
    cell.save()  # a typo stored before the evidence rule existed
    cell.status = "eligible"
    cell.verified_on = dt.date(2026, 11, 20)
    assert problems(cell, reason="Date typo corrected; BAA amended") == {}
    assert "needs a change reason" in " ".join(problems(cell)[NON_FIELD_ERRORS])


def test_a_verified_date_cannot_go_backwards_even_without_a_status_change(today):
    cell = batch_hipaa()
    cell.verified_on = dt.date(2026, 1, 1)
    said = problems(cell)
    assert "cannot go back: this row was last verified on 2026-06-13" in " ".join(
        said["verified_on"]
    )


def test_a_change_with_fresh_evidence_is_accepted_and_its_reason_is_in_the_history(today):
    cell = batch_hipaa()
    cell.status = "eligible"
    cell.verified_on = dt.date(2026, 11, 20)
    assert problems(cell, reason="BAA amended") == {}
    cell.save()
    assert cell.history.first().history_change_reason == "BAA amended"


def test_a_change_the_same_day_it_was_verified_needs_no_other_date(today):
    cell = batch_hipaa()
    cell.verified_on = today
    cell.save()
    cell.status = "eligible"
    assert problems(cell, reason="Second look, same day") == {}


def test_a_note_only_edit_needs_no_new_evidence(today):
    cell = batch_hipaa()
    cell.note = "Reworded."
    cell.private_note = PRIVATE
    assert problems(cell) == {}


def test_a_certification_status_change_needs_evidence_too(today):
    cert = pm.Certification.objects.get(slug="fedramp")
    cert.status = "held"
    cert._change_reason = ""
    with pytest.raises(ValidationError) as raised:
        cert.full_clean()
    assert "verified_on" in raised.value.message_dict
    assert NON_FIELD_ERRORS in raised.value.message_dict


def test_the_admin_refuses_a_status_change_without_evidence(client, editor, today):
    client.force_login(editor)
    cell = batch_hipaa()
    data = {
        "program": cell.program_id,
        "offering": cell.offering_id,
        "status": "eligible",
        "condition": cell.condition,
        "activation": cell.activation,
        "source": cell.source_id,
        "verified_on": cell.verified_on.isoformat(),
        "note": cell.note,
        "private_note": "",
        "change_reason": "",
    }
    response = client.post(f"/admin/policydata/eligibility/{cell.pk}/change/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "needs a new verified date" in page
    assert "needs a change reason" in page
    assert batch_hipaa().status == "not_eligible"


def test_the_offering_page_inline_obeys_the_evidence_rule(client, editor, today):
    client.force_login(editor)
    offering = pm.Offering.objects.get(slug="batch-api")
    page = client.get(f"/admin/policydata/offering/{offering.pk}/change/").content.decode()
    assert 'name="eligibilities-0-change_reason"' in page


def test_import_policy_obeys_the_evidence_rule_and_names_the_row(tmp_path, today):
    data = export(tmp_path)
    number, row = next(
        (n, r)
        for n, r in enumerate(data["eligibilities"], start=1)
        if (r["program"], r["offering"]) == ("hipaa", "batch-api")
    )
    row["status"] = "eligible"
    code, _, err = run_import(tmp_path, data)
    assert code == 1
    assert f"eligibilities row {number} (hipaa/batch-api): " in err
    assert "needs a new verified date" in err
    assert "needs a change reason" in err
    assert batch_hipaa().status == "not_eligible"
