"""Admin polish (issue 15): a revert recorded as a revert, history breadcrumbs that resolve,
the export page under the CSP, unpublished edits marked on the matrix, lists that fit, the
saved-assessment banner naming the current version."""

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.utils.html import escape

from policydata import models as pm
from policydata.publishing import publish

pytestmark = pytest.mark.usefixtures("policy")

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("policydata.models.timezone.localdate", lambda: TODAY)
    return TODAY


class Links(HTMLParser):
    """The hrefs inside the element with a given class (e.g. the breadcrumbs)."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.depth = 0  # > 0 inside the element
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += tag not in {"br", "img", "input"}
        elif self.css_class in (attrs.get("class") or "").split():
            self.depth = 1
        if self.depth and tag == "a":
            self.hrefs.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def breadcrumb_links(page: str) -> list[str]:
    parser = Links("breadcrumbs")
    parser.feed(page)
    return parser.hrefs


INLINE_CODE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    re.compile(r"<style", re.I),
]


def inline_code(page: str) -> list[str]:
    """Inline scripts, event handlers and style attributes: what the CSP refuses."""
    return [m.group(0) for pattern in INLINE_CODE for m in pattern.finditer(page)]


def batch_hipaa() -> pm.Eligibility:
    return pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")


# ---- A revert is recorded as a revert --------------------------------------------------------


def revert_data(record, **changes) -> dict:
    data = {
        "program": record.program_id,
        "offering": record.offering_id,
        "status": record.status,
        "condition": record.condition,
        "activation": record.activation,
        "source": record.source_id,
        "cited_source": record.cited_source_id or "",
        "verified_on": record.verified_on.isoformat(),
        "note": record.note,
        "private_note": record.private_note,
        "change_reason": "",
    }
    return {**data, **changes}


def test_a_revert_from_the_history_page_is_recorded_as_a_revert(client, editor, today):
    cell = batch_hipaa()
    first = cell.history.earliest()
    cell.status = "eligible"
    cell.verified_on = dt.date(2026, 11, 20)
    cell._change_reason = "BAA amended"
    cell.save()
    client.force_login(editor)
    url = f"/admin/policydata/eligibility/{cell.pk}/history/{first.history_id}/"
    form = client.get(url).content.decode()
    # The form starts from today's verified date: a revert cannot take the date back.
    assert 'name="verified_on" value="2026-11-20"' in form
    assert "recorded in the history as &ldquo;Reverted to the version of" in form
    data = revert_data(first, verified_on="2026-11-27")
    assert client.post(url, data).status_code == 302
    cell.refresh_from_db()
    assert cell.status == "not_eligible"
    reason = cell.history.first().history_change_reason
    when = f"{first.history_date.astimezone(dt.UTC):%Y-%m-%d %H:%M}"
    assert reason == f"Reverted to the version of {when} by editor"
    logged = LogEntry.objects.filter(object_id=str(cell.pk)).latest("action_time")
    assert logged.get_change_message() == reason
    history = client.get(f"/admin/policydata/eligibility/{cell.pk}/history/").content.decode()
    assert "<td>Reverted</td>" in history
    assert reason in history


def test_a_reason_typed_on_the_revert_page_follows_the_revert_in_the_history(client, editor, today):
    cell = batch_hipaa()
    first = cell.history.earliest()
    cell.note = "Reworded."
    cell.save()
    client.force_login(editor)
    url = f"/admin/policydata/eligibility/{cell.pk}/history/{first.history_id}/"
    data = revert_data(first, change_reason="The old wording was right")
    assert client.post(url, data).status_code == 302
    reason = batch_hipaa().history.first().history_change_reason
    assert reason.startswith("Reverted to the version of ")
    assert reason.endswith(" by editor: The old wording was right")


def test_a_revert_obeys_the_evidence_rule_like_any_edit(client, editor, today):
    cell = batch_hipaa()
    first = cell.history.earliest()
    cell.status = "eligible"
    cell.verified_on = dt.date(2026, 11, 20)
    cell._change_reason = "BAA amended"
    cell.save()
    client.force_login(editor)
    url = f"/admin/policydata/eligibility/{cell.pk}/history/{first.history_id}/"
    page = client.post(url, revert_data(first)).content.decode()  # the old date, 2026-06-13
    assert "cannot go back" in page
    assert batch_hipaa().status == "eligible"


def test_a_source_revert_is_recorded_as_a_revert_too(client, editor):
    source = pm.Source.objects.first()
    first = source.history.earliest()
    source.title = "Renamed"
    source.save()
    client.force_login(editor)
    url = f"/admin/policydata/source/{source.pk}/history/{first.history_id}/"
    data = {
        "slug": first.slug,
        "title": first.title,
        "url": first.url or "",
        "publisher": "Anthropic",
    }
    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.title == first.title
    assert source.history.first().history_change_reason.startswith("Reverted to the version of")


# ---- History pages: breadcrumbs that resolve, nothing the CSP refuses ----------------------


@pytest.mark.parametrize("model", pm.FACT_MODELS, ids=lambda model: model._meta.model_name)
def test_every_breadcrumb_link_of_the_history_pages_resolves(client, editor, model):
    obj = model.objects.order_by("pk").first()
    record = obj.history.first()
    base = f"/admin/policydata/{model._meta.model_name}/{obj.pk}/history/"
    client.force_login(editor)
    for url in (base, f"{base}{record.history_id}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        links = breadcrumb_links(page)
        assert len(links) >= 4, url
        for href in links:
            # Absolute paths: a relative "../" breaks for anything that does not resolve it.
            assert href.startswith("/admin/"), (url, href)
            assert client.get(href).status_code == 200, (url, href)
        assert inline_code(page) == [], url


def test_the_revert_page_breadcrumb_leads_back_to_the_history(client, editor):
    cell = batch_hipaa()
    record = cell.history.first()
    client.force_login(editor)
    page = client.get(
        f"/admin/policydata/eligibility/{cell.pk}/history/{record.history_id}/"
    ).content.decode()
    assert f"/admin/policydata/eligibility/{cell.pk}/history/" in breadcrumb_links(page)


# ---- The export page under the CSP ---------------------------------------------------------


def test_the_export_page_has_no_inline_script_and_loads_select_all_from_a_static_file(
    client, editor
):
    client.force_login(editor)
    response = client.get("/admin/policydata/eligibility/export/")
    assert response.status_code == 200
    page = response.content.decode()
    assert inline_code(page) == []
    assert "onSelectToggleChange" not in page
    assert "/static/js/admin-export.js" in page
    assert 'id="select-all-toggle"' in page
    assert 'for="select-all-toggle"' in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_select_all_script_ticks_the_field_boxes_of_its_own_form():
    from django.contrib.staticfiles import finders

    script = Path(finders.find("js/admin-export.js")).read_text()
    assert 'querySelectorAll("input.select-toggle")' in script
    assert '.selectable-field-export-row input[type="checkbox"]' in script
    assert "box.checked = toggle.checked" in script


# ---- The matrix: sticky headers, unpublished edits marked ------------------------------------


def test_the_matrix_marks_exactly_the_cells_the_draft_changes(client, editor):
    pm.Eligibility.objects.filter(pk=batch_hipaa().pk).update(status="eligible")
    client.force_login(editor)
    page = client.get("/admin/policydata/offering/matrix/").content.decode()
    assert page.count('class="policy-draft-mark"') == 2  # the legend and the one cell
    assert "&bull; draft: status</span>" in page
    assert "buyers still see v1" in page
    assert "1 cell of this matrix differs from v1" in page
    cell = page.split(f"/admin/policydata/eligibility/{batch_hipaa().pk}/change/")[1]
    assert cell.index("&bull; draft: status") < cell.index("</td>")
    assert inline_code(page) == []


def test_the_matrix_has_no_draft_mark_when_the_draft_is_published(client, editor):
    client.force_login(editor)
    page = client.get("/admin/policydata/offering/matrix/").content.decode()
    assert "&bull; draft:" not in page
    assert "No cell differs from v1" in page


def test_the_matrix_scrolls_in_a_focusable_region_with_sticky_headers(client, editor):
    from django.contrib.staticfiles import finders

    client.force_login(editor)
    page = client.get("/admin/policydata/offering/matrix/").content.decode()
    assert 'class="policy-matrix-wrap" role="region" aria-labelledby="matrix-caption"' in page
    assert 'tabindex="0"' in page
    assert '<ol class="breadcrumbs">' in page
    css = Path(finders.find("css/admin-policy.css")).read_text()
    assert "position: sticky" in css


# ---- Lists that fit, the dashboard, the re-verify page: nothing the CSP refuses ------------


def test_long_text_columns_are_clamped_with_the_whole_text_on_hover(client, editor):
    client.force_login(editor)
    page = client.get("/admin/policydata/eligibility/").content.decode()
    condition = pm.Eligibility.objects.exclude(condition="").first().condition
    assert 'class="policy-clamp"' in page
    assert 'class="policy-clamp policy-clamp--narrow"' in page  # the source title
    assert "field-verified" in page
    assert "field-source_link" in page
    assert f'title="{escape(condition)}">{escape(condition)}</span>' in page


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/policydata/eligibility/",
        "/admin/policydata/policyfact/?stale=soon",
        "/admin/policydata/offering/matrix/",
    ],
)
def test_admin_pages_carry_no_inline_script_or_style(client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_the_re_verify_page_carries_no_inline_script_or_style(client, editor):
    client.force_login(editor)
    rows = pm.Eligibility.objects.order_by("pk")[:2]
    data = {"action": "mark_reverified", "index": "0", "select_across": "0"}
    data["_selected_action"] = [row.pk for row in rows]
    page = client.post("/admin/policydata/eligibility/", data).content.decode()
    assert "Mark re-verified" in page
    assert inline_code(page) == []


# ---- The saved-assessment banner names the version ------------------------------------------


def test_the_saved_assessment_banner_names_the_current_version_v2(client):
    answers = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}
    response = client.post("/api/assessments", answers, content_type="application/json")
    token = response.json()["id"]
    cell = batch_hipaa()
    cell.status = "eligible"
    cell.verified_on = dt.date(2026, 11, 20)
    cell.save()
    publish("Batch API is now HIPAA-eligible.")
    page = client.get(f"/a/{token}/").content.decode()
    assert "from policy version v1" in page
    assert "against policy version v2, these answers would give" in page
    assert "policy version current" not in page
