"""Admin polish in a real browser: axe-clean dashboard, re-verify page and matrix; the matrix
header stays while it scrolls; lists fit 1400 px; "Select all" on the export page works
under the CSP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from .helpers import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("seeded")]

WIDE = {"width": 1400, "height": 900}


@pytest.fixture
def staff(seeded) -> None:
    """A superuser (transactional_db flushes the migration-made groups) and one draft edit."""
    from policydata import models as pm

    User.objects.create_superuser("editor", password="pw-editor-123")
    pm.Eligibility.objects.filter(program__slug="hipaa", offering__slug="batch-api").update(
        status="eligible", verified_on=dt.date(2026, 11, 20)
    )


def log_in(page: Page, site: str, then: str = "/admin/") -> None:
    page.goto(f"{site}/admin/login/?next={then}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-editor-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}{then}")


@pytest.mark.usefixtures("staff")
def test_the_dashboard_re_verify_page_and_matrix_have_no_wcag_violations(
    site, page: Page, axe: AxeReport
):
    page.set_viewport_size(WIDE)
    log_in(page, site)
    expect(page.locator("#pending-changes")).to_contain_text("2 cells differ from the published v1")
    axe.check(page, "dashboard")
    page.goto(f"{site}/admin/policydata/program/")
    page.get_by_role("checkbox", name="Select all objects on this page").check()
    page.get_by_label("Action:").select_option("mark_reverified")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark 3 programs re-verified")
    axe.check(page, "re-verify")
    page.get_by_label("Verified on").fill("2030-01-01")
    page.get_by_label("Change reason").fill("Quarterly check")
    page.get_by_role("button", name="Mark 3 rows re-verified").click()
    expect(page.locator(".errornote")).to_contain_text("Nothing was saved")
    expect(page.get_by_label("Change reason")).to_have_value("Quarterly check")
    axe.check(page, "re-verify with an error")
    page.goto(f"{site}/admin/policydata/offering/matrix/")
    axe.check(page, "admin matrix")
    axe.assert_clean()


@pytest.mark.usefixtures("staff")
def test_the_matrix_header_and_first_column_stay_while_it_scrolls(site, page: Page):
    page.set_viewport_size(WIDE)
    log_in(page, site, "/admin/policydata/offering/matrix/")
    wrap = page.locator(".policy-matrix-wrap")
    top = wrap.bounding_box()["y"]
    header = page.locator(".policy-matrix thead th").nth(1)
    wrap.evaluate("el => { el.scrollTop = 600; }")
    assert header.bounding_box()["y"] == pytest.approx(top + 1, abs=1)  # inside the border
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    expect(page.get_by_text("• draft: verified date, status")).to_be_attached()
    # On a narrow screen the table scrolls sideways under its first column.
    page.set_viewport_size({"width": 900, "height": 900})
    left = wrap.bounding_box()["x"]
    offering = page.locator(".policy-matrix tbody th").first
    wrap.evaluate("el => { el.scrollLeft = 300; }")
    assert offering.bounding_box()["x"] == pytest.approx(left + 1, abs=1)


@pytest.mark.usefixtures("staff")
def test_a_list_shows_verified_and_source_on_a_1400_px_screen(site, page: Page):
    page.set_viewport_size(WIDE)
    log_in(page, site, "/admin/policydata/eligibility/")
    results = page.locator(".results")
    width = results.evaluate("el => el.clientWidth")
    assert page.locator("#result_list").evaluate("el => el.scrollWidth") <= width
    for column in ("Verified", "Source"):
        box = page.locator("#result_list thead th", has_text=column).bounding_box()
        assert box["x"] + box["width"] <= WIDE["width"]
    rows_in_view = page.locator("#result_list tbody tr").evaluate_all(
        "rows => rows.filter(r => r.getBoundingClientRect().bottom <= innerHeight).length"
    )
    assert rows_in_view >= 12


@pytest.mark.usefixtures("staff")
def test_select_all_on_the_export_page_works_under_the_csp(site, page: Page, browser_errors):
    log_in(page, site, "/admin/policydata/eligibility/export/")
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]')
    expect(boxes.first).to_be_checked()
    page.get_by_label("Select all").uncheck()
    assert boxes.evaluate_all("bs => bs.filter(b => b.checked).length") == 0
    page.get_by_label("Select all").check()
    assert boxes.evaluate_all("bs => bs.every(b => b.checked)")
    # browser_errors fails the test on any console error, a CSP refusal included.
