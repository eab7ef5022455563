import pytest
from django.core.management import call_command

from policydata import models as m
from policydata.loading import load_seed
from policydata.models import FACT_MODELS


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (*FACT_MODELS, m.Source)}


@pytest.mark.django_db
def test_a_second_load_changes_nothing_and_duplicates_nothing():
    first = load_seed()
    before = counts()
    history_before = m.Eligibility.history.count()
    second = load_seed()
    assert first.created == sum(before.values())
    assert second.created == 0
    assert second.updated == 0
    assert counts() == before
    assert m.Eligibility.history.count() == history_before


@pytest.mark.django_db
def test_load_keeps_a_row_staff_edited_unless_forced():
    load_seed()
    cell = m.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.save()
    report = load_seed()
    cell.refresh_from_db()
    assert cell.status == "eligible"
    assert any("Eligibility" in row for row in report.kept_staff_edits)

    load_seed(force=True)
    cell.refresh_from_db()
    assert cell.status == "not_eligible"


@pytest.mark.django_db
def test_load_policy_command_reports_what_it_did(capsys):
    call_command("load_policy")
    call_command("load_policy")
    out = capsys.readouterr().out
    assert "0 created, 0 updated" in out.splitlines()[-1]


@pytest.mark.django_db
def test_every_change_is_recorded_with_who_and_what(editor, client):
    load_seed()
    cell = m.Eligibility.objects.get(program__slug="zdr", offering__slug="web-search")
    client.force_login(editor)
    response = client.post(
        f"/admin/policydata/eligibility/{cell.pk}/change/",
        {
            "program": cell.program_id,
            "offering": cell.offering_id,
            "status": "eligible",
            "condition": "Basic tool version.",
            "activation": "",
            "source": cell.source_id,
            "verified_on": "2026-11-01",
            "note": "",
            "change_reason": "Dynamic filtering documented.",
        },
    )
    assert response.status_code == 302
    latest = cell.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Dynamic filtering documented."
    assert latest.status == "eligible"
    assert latest.history_type == "~"
