"""The publish preview a reviewer can read: changes grouped per row in words, loosening and
odd dates flagged, and the saved assessments it changes summarised by kind, a page at a time,
worked out once per distinct set of answers."""

import datetime as dt
import re
import secrets

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.html import strip_tags

from policydata import models as pm
from policydata.contract import FINDING_CODES
from policydata.matrix import current_matrix
from policydata.publishing import preview, request_publish
from policydata.review import pages_from_query, preview_context, review_changes
from policydata.service import assess_answers
from wizard import impact
from wizard.models import SavedAssessment

pytestmark = pytest.mark.usefixtures("policy")

PUBLISH = "/admin/policydata/policyversion/publish/"
PHI_BATCH = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}
# Still blocked by web fetch once Batch API is eligible: findings change, the verdict not.
PHI_BATCH_FETCH = {**PHI_BATCH, "features": ["batch-api", "web-fetch"]}
PHI_PLAIN = {"phi": True, "surfaces": ["messages-api"], "features": ["token-counting"]}
TODAY = dt.date(2026, 11, 27)


def set_cell(program: str, offering: str, status: str, verified_on=dt.date(2026, 11, 20), **more):
    cell = pm.Eligibility.objects.get(program__slug=program, offering__slug=offering)
    cell.status = status
    cell.verified_on = verified_on
    for name, value in more.items():
        setattr(cell, name, value)
    cell.save()


def save_many(answers: dict, count: int, start: int = 0) -> list[str]:
    """`count` saved assessments with these answers, a minute apart (the last is newest)."""
    first = dt.datetime(2026, 7, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=start)
    rows = [
        SavedAssessment(
            answers=answers,
            result={},
            policy_rows=[],
            policy_version="v1",
            created_at=first + dt.timedelta(minutes=i),
            digest=secrets.token_hex(32),
        )
        for i in range(count)
    ]
    SavedAssessment.objects.bulk_create(rows)
    return [row.token for row in rows]


def reviewed(today=TODAY):
    current = preview()
    return review_changes(current.changes, current.latest.snapshot, current.snapshot, today)


def rendered(query: dict | None = None) -> str:
    """The preview include on its own, with only the keys `preview_context` returns."""
    request = RequestFactory().get(PUBLISH, query or {})
    context = preview_context(preview(), pages_from_query(request.GET))
    return render_to_string("admin/policydata/_preview.html", context, request=request)


def words_only(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html))


# ---- the changes, per row, in words -----------------------------------------------------


def test_one_cell_edit_is_one_entry_with_each_field_before_and_after_in_words():
    cited = pm.Source.objects.get(slug="baa-help-center")
    set_cell("hipaa", "batch-api", "eligible", condition="With a BAA.", cited_source=cited)
    cells = reviewed()
    assert len(preview().changes) == 4  # status, verified date, condition, cited source
    assert len(cells) == 1
    cell = cells[0]
    assert cell.subject == "Batch API — HIPAA readiness (BAA)"
    assert [(f.label, f.before, f.after) for f in cell.fields] == [
        ("Status", "not eligible", "eligible"),
        (
            "Cited source",
            "Anthropic developer documentation: API data retention, ZDR and HIPAA readiness",
            "Anthropic: the Business Associate Agreement for HIPAA-ready services",
        ),
        ("Verified date", "2026-06-13", "2026-11-20"),
        ("Condition", "none", "“With a BAA.”"),
    ]
    assert cell.source == "Anthropic: the Business Associate Agreement for HIPAA-ready services"


def test_the_page_shows_the_cell_once_with_its_source_by_title(client, editor):
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    page = words_only(client.get(PUBLISH).content.decode())
    assert page.count("Batch API — HIPAA readiness (BAA)") == 1
    assert "Status: not eligible → eligible" in page
    assert "Verified date: 2026-06-13 → 2026-11-20" in page
    assert "Anthropic developer documentation: API data retention, ZDR and HIPAA readiness" in page
    assert "1 cell changes: 1 loosens." in page


def test_a_loosening_change_is_flagged_and_listed_first():
    set_cell("zdr", "web-search", "not_eligible")  # tightens: earlier in the diff's order
    set_cell("hipaa", "web-fetch", "eligible")  # loosens
    cells = reviewed()
    assert [c.subject for c in cells][0] == "Web fetch — HIPAA readiness (BAA)"
    assert cells[0].loosens and not cells[0].tightens
    assert "Loosens: fewer blockers for buyers" in cells[0].flags
    tightened = next(c for c in cells if c.subject.startswith("Web search"))
    assert tightened.tightens
    assert "Tightens: more blockers for buyers" in tightened.flags
    html = words_only(rendered())
    assert html.index("Web fetch — HIPAA") < html.index("Web search — Zero data retention")
    assert "Loosens: fewer blockers for buyers" in html


def test_a_backdated_and_a_future_verified_date_are_flagged_after_loosening_changes():
    set_cell("hipaa", "web-fetch", "eligible")  # loosens, dated properly
    set_cell("zdr", "web-search", "not_eligible", verified_on=dt.date(2026, 1, 2))
    set_cell("hipaa", "prompt-caching", "not_eligible", verified_on=dt.date(2027, 3, 1))
    cells = reviewed()
    by_subject = {c.subject.split(" — ")[0]: c for c in cells}
    assert by_subject["Web search"].backdated and not by_subject["Web search"].future_dated
    assert by_subject["Prompt caching"].future_dated and not by_subject["Prompt caching"].backdated
    assert not by_subject["Web fetch"].date_flagged
    assert cells[0].subject.startswith("Web fetch")
    assert {c.subject.split(" — ")[0] for c in cells[1:3]} == {"Web search", "Prompt caching"}
    html = words_only(rendered())
    assert "Backdated: verified earlier than the published date" in html
    assert "Future date: verified after today" in html


def test_the_summary_line_counts_cells_by_direction_and_the_flagged_dates():
    set_cell("hipaa", "web-fetch", "eligible")
    set_cell("zdr", "web-search", "not_eligible", verified_on=dt.date(2026, 1, 2))
    set_cell("hipaa", "prompt-caching", "not_eligible", verified_on=dt.date(2027, 3, 1))
    summary = preview_context(preview(), {})["review_summary"]
    assert summary == "3 cells change: 1 loosens, 2 tighten; 2 dates flagged."


def test_a_removed_offering_is_named_and_its_cells_read_as_removed():
    pm.Eligibility.objects.filter(offering__slug="cowork").delete()
    pm.Offering.objects.filter(slug="cowork").delete()
    cells = reviewed()
    offering = next(c for c in cells if c.what == "Offering")
    assert offering.subject == "Cowork" and offering.removed
    assert "Removed" in offering.flags
    assert all(c.removed for c in cells)
    # Its cells go with it: nothing a buyer could choose gets fewer blockers.
    assert not any(c.loosens or c.tightens for c in cells)


# ---- the saved assessments it changes, by kind ------------------------------------------


def test_affected_assessments_are_summarised_per_kind_with_counts():
    save_many(PHI_BATCH, 45)
    save_many(PHI_BATCH_FETCH, 3, start=100)
    save_many(PHI_PLAIN, 2, start=200)
    set_cell("hipaa", "batch-api", "eligible")
    set_cell("hipaa", "token-counting", "not_eligible")
    radius = preview_context(preview(), {})["review_impact"]
    assert [(k.title, k.count, k.direction) for k in radius.kinds] == [
        ("blocked → ready", 45, "loosens"),
        ("ready → blocked", 2, "tightens"),
        ("findings change, verdict unchanged", 3, ""),
    ]
    assert radius.saved == 50 and radius.distinct_sets == 3 and radius.total == 50
    assert radius.summary == (
        "blocked → ready: 45; ready → blocked: 2; findings change, verdict unchanged: 3"
    )
    loosened = radius.kinds[0]
    assert loosened.changes == (
        ("no longer a blocker: Batch API isn't HIPAA-eligible, so it can't be used with PHI", 45),
    )


def test_each_kind_lists_its_first_20_and_pages_through_the_rest(client, editor):
    tokens = save_many(PHI_BATCH, 45)
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    first = client.get(PUBLISH).content.decode()
    newest_first = tokens[::-1]
    assert all(f"/a/{t}/" in first for t in newest_first[:20])
    assert not any(f"/a/{t}/" in first for t in newest_first[20:])
    assert "Assessments 1–20 of 45, the most recently saved first" in first
    assert 'href="?kind=blocked-to-ready&amp;page=2#kind-blocked-to-ready"' in first
    last = client.get(PUBLISH, {"kind": "blocked-to-ready", "page": "3"}).content.decode()
    assert all(f"/a/{t}/" in last for t in newest_first[40:])
    assert not any(f"/a/{t}/" in last for t in newest_first[:40])
    assert "Assessments 41–45 of 45, the most recently saved first" in last
    assert "Page 3 of 3" in last


def test_a_page_out_of_range_or_not_a_number_shows_a_real_page():
    save_many(PHI_BATCH, 25)
    set_cell("hipaa", "batch-api", "eligible")
    assert pages_from_query({"kind": "blocked-to-ready", "page": "x"}) == {"blocked-to-ready": 1}
    assert pages_from_query({"page": "2"}) == {}
    radius = preview_context(preview(), {"blocked-to-ready": 99})["review_impact"]
    assert radius.kinds[0].page == 2
    assert len(radius.kinds[0].assessments) == 5


def test_identical_answer_sets_are_assessed_once_per_matrix(monkeypatch):
    save_many(PHI_BATCH, 30)
    save_many(PHI_PLAIN, 20, start=100)
    # The same answers with their keys in another order are the same set.
    save_many(dict(reversed(list(PHI_BATCH.items()))), 5, start=200)
    set_cell("hipaa", "batch-api", "eligible")
    calls = []
    real = impact.rerun

    def counted(answers, matrix):
        calls.append(answers)
        return real(answers, matrix)

    monkeypatch.setattr(impact, "rerun", counted)
    radius = preview_context(preview(), {})["review_impact"]
    assert radius.distinct_sets == 2
    assert len(calls) == 4  # two distinct sets, each against both matrices
    assert radius.kinds[0].count == 35


@pytest.mark.parametrize(
    "answers",
    [
        PHI_BATCH,
        PHI_BATCH_FETCH,
        {"zero_retention": True, "surfaces": ["messages-api"], "features": ["web-search"]},
        {"eu_data_subjects": True, "storage_region": "eu", "surfaces": ["claude-enterprise"]},
    ],
)
def test_a_rerun_reads_as_the_full_assessment_without_its_remedies(answers):
    matrix = current_matrix()
    full, _ = assess_answers(answers, matrix)
    quick, _ = impact.rerun(answers, matrix)
    assert quick["verdict"] == full["verdict"]
    keys = ("code", "severity", "subject", "message")
    assert quick["findings"] == [{k: f[k] for k in keys} for f in full["findings"]]


def test_assessments_that_can_no_longer_be_rerun_say_what_the_draft_removes():
    save_many({"surfaces": ["cowork"]}, 2)
    save_many(PHI_PLAIN, 1, start=100)
    pm.Eligibility.objects.filter(offering__slug="cowork").delete()
    pm.Offering.objects.filter(slug="cowork").delete()
    radius = preview_context(preview(), {})["review_impact"]
    assert [(k.title, k.count) for k in radius.kinds] == [("can no longer be re-run", 2)]
    assert radius.kinds[0].changes == (("uses Cowork, which the draft removes", 2),)


def test_the_preview_shows_no_finding_codes_or_slugs():
    save_many(PHI_BATCH, 3)
    save_many(PHI_BATCH_FETCH, 2, start=100)
    save_many({"surfaces": ["cowork"]}, 1, start=200)
    set_cell("hipaa", "batch-api", "eligible")
    set_cell("zdr", "web-search", "not_eligible", verified_on=dt.date(2026, 1, 2))
    pm.Eligibility.objects.filter(offering__slug="cowork").delete()
    pm.Offering.objects.filter(slug="cowork").delete()
    text = words_only(rendered())
    assert "Batch API" in text and "Cowork" in text
    slugs = {
        *FINDING_CODES,
        *pm.Offering.objects.values_list("slug", flat=True),
        *pm.Source.objects.values_list("slug", flat=True),
        "cowork",
        "blocked-to-ready",
        "not_eligible",
        "ready_with_conditions",
    }
    shown = {slug for slug in slugs if re.search(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", text)}
    assert shown == set()


def test_a_publish_request_shows_the_same_preview_of_what_it_publishes(client, editor, settings):
    settings.POLICY_PUBLISH_APPROVALS = 1
    tokens = save_many(PHI_BATCH, 25)
    set_cell("hipaa", "batch-api", "eligible")
    asked = request_publish("Batch API.", editor, expected_fingerprint=preview().fingerprint)
    client.force_login(editor)
    url = f"/admin/policydata/policyversion/publish/request/{asked.pk}/"
    page = client.get(url, {"kind": "blocked-to-ready", "page": "2"}).content.decode()
    text = words_only(page)
    assert "What this request publishes (1)" in text
    assert "Batch API — HIPAA readiness (BAA)" in text
    assert "Blocked → ready: 25 (fewer blockers for buyers)" in text
    assert "Assessments 21–25 of 25" in text
    assert all(f"/a/{t}/" in page for t in tokens[:5])
