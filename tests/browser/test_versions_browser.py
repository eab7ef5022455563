"""The admin's version pages in a real browser: axe-clean, the compare form without JavaScript,
and a rollback confirmed by its button."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from .helpers import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("seeded")]

BASE = "/admin/policydata/policyversion/"


@pytest.fixture
def two_versions(seeded) -> None:
    """v2 makes Batch API HIPAA-eligible; a superuser (transactional_db flushes the
    migration-made groups)."""
    from policydata import models as pm
    from policydata.publishing import publish

    user = User.objects.create_superuser("editor", password="pw-editor-123")
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status, cell.verified_on = "eligible", dt.date(2026, 11, 20)
    cell.save()
    publish("Batch API is now HIPAA-eligible.", user)


def log_in(page: Page, site: str) -> None:
    page.goto(f"{site}/admin/login/?next={BASE}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-editor-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select policy version to view")


@pytest.mark.usefixtures("two_versions")
def test_the_version_pages_have_no_wcag_violations_and_a_rollback_confirms(
    site, page: Page, axe: AxeReport, browser_errors
):
    log_in(page, site)
    axe.check(page, "version list")
    page.get_by_role("button", name="Show what differs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("From v1 to v2")
    axe.check(page, "diff v1 to v2")
    page.get_by_role("link", name="v2", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Policy version v2")
    axe.check(page, "version page")
    page.goto(f"{site}{BASE}v1/")
    page.locator("details").evaluate("d => d.open = true")
    axe.check(page, "first version, every fact open")
    browser_errors.allow(r"diff/\?a=1&b=nine.*status of 400")
    page.goto(f"{site}{BASE}diff/?a=1&b=nine")
    axe.check(page, "diff with a bad number")
    page.goto(f"{site}{BASE}v1/rollback/")
    axe.check(page, "rollback confirmation")
    page.get_by_role("button", name="Roll the draft back to v1").click()
    expect(page.locator(".messagelist")).to_contain_text("the draft now holds v1\u2019s facts")
    axe.assert_clean()


@pytest.mark.usefixtures("two_versions")
def test_the_compare_form_works_without_javascript(site, no_js_context):
    page = no_js_context.new_page()
    log_in(page, site)
    page.select_option("#compare-a", "2")
    page.select_option("#compare-b", "1")
    page.get_by_role("button", name="Show what differs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("From v2 to v1")
    expect(page.locator("#content")).to_contain_text(
        "HIPAA readiness (BAA): eligible \u2192 not eligible"
    )
