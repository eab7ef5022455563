"""Staleness ahead of time (issue 15): counts, the next cliff, the due-soon filter and the
"Mark re-verified" bulk action."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from policydata import models as pm
from policydata import staleness

pytestmark = pytest.mark.usefixtures("policy")

# Seeded rows are verified 2026-06-13; with 180 days they go stale on 2026-12-11.
TODAY = dt.date(2026, 11, 27)
SEEDED = dt.date(2026, 6, 13)
CHANGELIST = "/admin/policydata/eligibility/"


@pytest.fixture
def today(monkeypatch, settings):
    settings.POLICY_STALE_AFTER_DAYS = 180
    monkeypatch.setattr("policydata.staleness.timezone.localdate", lambda: TODAY)
    return TODAY


def total_rows() -> int:
    return sum(model.objects.count() for model in pm.FACT_MODELS)


def spread_dates() -> None:
    """Two stale programs, five freshly checked cells, the rest as seeded (due soon)."""
    pm.Program.objects.filter(slug__in=["hipaa", "zdr"]).update(verified_on=dt.date(2026, 5, 1))
    fresh = pm.Eligibility.objects.order_by("pk").values_list("pk", flat=True)[:5]
    pm.Eligibility.objects.filter(pk__in=list(fresh)).update(verified_on=dt.date(2026, 10, 1))


def cells(n: int) -> list[pm.Eligibility]:
    return list(pm.Eligibility.objects.order_by("pk")[:n])


def action_post(client, rows, **extra):
    data = {
        "action": "mark_reverified",
        "index": "0",
        "select_across": "0",
        "_selected_action": [row.pk for row in rows],
        **extra,
    }
    return client.post(CHANGELIST, data)


# ---- The counts -----------------------------------------------------------------------------


def test_a_row_goes_stale_the_day_after_its_stale_after_days_run_out(today):
    row = pm.Program.objects.get(slug="hipaa")
    cliff = staleness.goes_stale_on(row.verified_on)
    assert cliff == dt.date(2026, 12, 11)
    assert row.is_stale(cliff)
    assert not row.is_stale(cliff - dt.timedelta(days=1))


def test_the_counts_split_stale_due_soon_and_fresh_rows_per_table(today):
    spread_dates()
    counts = staleness.staleness(today)
    by_table = {t.model_name: t for t in counts.tables}
    assert counts.stale == 2
    assert by_table["program"].stale == 2
    assert by_table["eligibility"].due_soon == pm.Eligibility.objects.count() - 5
    assert counts.due_soon == total_rows() - 2 - 5
    assert counts.next_cliff == staleness.Cliff(dt.date(2026, 12, 11), total_rows() - 2 - 5)


def test_the_next_cliff_is_named_long_before_it_is_due(today):
    counts = staleness.staleness(dt.date(2026, 6, 14))
    assert counts.stale == 0
    assert counts.due_soon == 0
    assert counts.next_cliff == staleness.Cliff(dt.date(2026, 12, 11), total_rows())


def test_once_every_row_is_stale_there_is_no_next_cliff(today):
    counts = staleness.staleness(dt.date(2027, 1, 1))
    assert counts.stale == total_rows()
    assert counts.next_cliff is None


def test_the_dashboard_counts_stale_and_due_rows_names_the_cliff_and_the_pending_edits(
    client, editor, today
):
    spread_dates()  # seven rows whose verified date now differs from v1
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    due = total_rows() - 7
    assert "2 rows stale</strong>" in page
    assert 'href="/admin/policydata/program/?stale=yes">2 programs</a>' in page
    assert f"{due} rows due within 30 days</strong>" in page
    due_cells = pm.Eligibility.objects.count() - 5
    assert f'href="/admin/policydata/eligibility/?stale=soon">{due_cells} eligibilities</a>' in page
    assert f"{due} rows go stale on 11 December 2026</strong>" in page
    assert "Pending changes: <strong>7 cells differ from the published v1</strong>" in page
    assert 'href="/admin/policydata/policyversion/publish/"' in page


def test_the_dashboard_says_when_nothing_is_stale_or_pending(client, editor, today):
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "No stale rows" in page
    assert "Pending changes: none, the draft matches the published v1" in page


# ---- The due-soon filter ------------------------------------------------------------------


def test_the_due_soon_filter_lists_only_rows_going_stale_within_30_days(client, editor, today):
    spread_dates()
    client.force_login(editor)
    page = client.get("/admin/policydata/program/?stale=soon").content.decode()
    assert "Due soon (stale within 30 days)" in page
    assert "Data residency" in page
    assert "HIPAA readiness (BAA)" not in page.split('id="result_list"')[1]
    stale = client.get("/admin/policydata/program/?stale=yes").content.decode()
    assert "HIPAA readiness (BAA)" in stale.split('id="result_list"')[1]


def test_a_due_soon_row_says_so_in_the_list(client, editor, today):
    client.force_login(editor)
    page = client.get(CHANGELIST).content.decode()
    assert "2026-06-13 <em>(due soon)</em>" in page


# ---- Mark re-verified -----------------------------------------------------------------------


def test_the_list_offers_mark_re_verified_beside_delete_selected(client, editor):
    client.force_login(editor)
    page = client.get(CHANGELIST).content.decode()
    assert 'value="mark_reverified"' in page
    assert 'value="delete_selected"' in page


def test_a_user_who_may_only_view_gets_neither_action(client, db):
    from django.contrib.auth.models import Permission

    viewer = User.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_eligibility"))
    client.force_login(viewer)
    page = client.get(CHANGELIST).content.decode()
    assert "mark_reverified" not in page
    assert "delete_selected" not in page


def test_choosing_the_action_asks_for_the_source_date_and_note(client, editor, today):
    rows = cells(3)
    client.force_login(editor)
    response = action_post(client, rows)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mark re-verified" in page
    for row in rows:
        assert str(row) in page
        assert f'name="_selected_action" value="{row.pk}"' in page
    assert 'name="action" value="mark_reverified"' in page
    assert 'name="index" value="0"' in page
    assert 'name="select_across" value="0"' in page
    assert 'name="verified_on" value="2026-11-27"' in page  # today, to start from
    assert f'<option value="{rows[0].source_id}" selected>' in page  # their shared source
    assert 'name="note"' in page
    assert all(row.verified_on == SEEDED for row in cells(3))  # nothing saved yet


def test_a_date_in_the_future_is_refused_and_what_was_typed_is_kept(client, editor, today):
    rows = cells(2)
    client.force_login(editor)
    response = action_post(
        client,
        rows,
        apply="1",
        source=rows[0].source_id,
        verified_on="2026-12-01",
        note="Checked the Trust Center",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "cannot be in the future (today is 2026-11-27)" in page
    assert 'value="2026-12-01"' in page
    assert 'value="Checked the Trust Center"' in page
    assert all(row.verified_on == SEEDED for row in cells(2))


def test_a_date_before_a_rows_last_check_is_refused_naming_the_row(client, editor, today):
    rows = cells(2)
    pm.Eligibility.objects.filter(pk=rows[1].pk).update(verified_on=dt.date(2026, 11, 1))
    client.force_login(editor)
    page = action_post(
        client,
        rows,
        apply="1",
        source=rows[0].source_id,
        verified_on="2026-10-15",
        note="Checked again",
    ).content.decode()
    assert "cannot go back: 1 of the selected rows was last verified after 2026-10-15" in page
    assert f"{rows[1]} (2026-11-01)" in page
    assert pm.Eligibility.objects.get(pk=rows[0].pk).verified_on == SEEDED


def test_a_note_is_required_and_at_most_100_characters(client, editor, today):
    rows = cells(1)
    client.force_login(editor)
    for note, said in [("", "This field is required."), ("x" * 101, "at most 100 characters")]:
        page = action_post(
            client, rows, apply="1", source=rows[0].source_id, verified_on="2026-11-20", note=note
        ).content.decode()
        assert said in page
    assert cells(1)[0].verified_on == SEEDED


def test_re_verifying_saves_the_source_and_date_and_writes_the_reason_in_the_history(
    client, editor, today
):
    rows = cells(3)
    other = pm.Source.objects.exclude(pk=rows[0].source_id).first()
    client.force_login(editor)
    response = action_post(
        client,
        rows,
        apply="1",
        source=other.pk,
        verified_on="2026-11-20",
        note="Checked against the new BAA page",
    )
    assert response.status_code == 302
    for row in cells(3):
        assert row.verified_on == dt.date(2026, 11, 20)
        assert row.source_id == other.pk
        record = row.history.first()
        assert record.history_change_reason == "Checked against the new BAA page"
        assert record.history_user == editor
    page = client.get(response["Location"]).content.decode()
    assert "Marked 3 eligibilities re-verified on 2026-11-20" in page


def test_selecting_across_a_filtered_list_re_verifies_every_row_it_shows(client, editor, today):
    pm.Program.objects.filter(slug="hipaa").update(verified_on=dt.date(2026, 5, 1))
    client.force_login(editor)
    data = {
        "action": "mark_reverified",
        "index": "0",
        "select_across": "1",
        "_selected_action": [pm.Program.objects.get(slug="hipaa").pk],
        "apply": "1",
        "source": pm.Program.objects.get(slug="hipaa").source_id,
        "verified_on": "2026-11-27",
        "note": "Quarterly check",
    }
    assert client.post("/admin/policydata/program/?stale=yes", data).status_code == 302
    assert staleness.staleness(today).stale == 0
    assert pm.Program.objects.get(slug="zdr").verified_on == SEEDED  # not in the filter


def test_mark_reverified_saves_nothing_if_one_row_breaks_the_evidence_rule(today, editor):
    rows = cells(2)
    pm.Eligibility.objects.filter(pk=rows[1].pk).update(verified_on=dt.date(2026, 11, 25))
    rows = cells(2)
    with pytest.raises(staleness.ValidationError) as refused:
        staleness.mark_reverified(rows, rows[0].source, dt.date(2026, 11, 20), "Check", editor)
    assert str(rows[1]) in " ".join(refused.value.messages)
    assert cells(1)[0].verified_on == SEEDED


def test_mark_reverified_needs_a_note(today):
    rows = cells(1)
    with pytest.raises(staleness.ValidationError):
        staleness.mark_reverified(rows, rows[0].source, TODAY, "   ")
