"""axe-core (WCAG 2.2 A and AA) on every page and wizard state, and announced form errors."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from wizard.models import SavedAssessment

from .helpers import (
    ANSWERS,
    STEP_ORDER,
    TOKEN,
    AxeReport,
    choose,
    expect_step,
    save_and_continue,
    start,
    wait_for_htmx,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("seeded")]

# An assessment saved through the API, for the verify pages (a blocked result).
VERIFY_ANSWERS = {
    "phi": True,
    "zero_retention": True,
    "browser_client": True,
    "storage_region": "us",
    "surfaces": ["messages-api", "amazon-bedrock"],
    "features": ["batch-api", "web-search"],
    "models": ["claude-fable-5"],
    "certifications": ["soc2-type2", "fedramp"],
}


def test_every_page_has_no_wcag_violations(site, page: Page, axe: AxeReport, browser_errors):
    page.goto(f"{site}/")
    axe.check(page, "landing")

    # Each step as htmx swaps it in, and the first one as a full page.
    token = start(page, site)
    axe.check(page, "step data (full page)")
    for (_slug, answers), following in zip(ANSWERS, STEP_ORDER[1:], strict=True):
        choose(page, answers)
        save_and_continue(page)
        expect_step(page, token, following)
        wait_for_htmx(page)
        axe.check(page, f"step {following}")
    # A step loaded as a full page (e.g. from the resume link) rather than swapped in.
    page.goto(f"{site}/d/{token}/surfaces/")
    axe.check(page, "step surfaces (full page)")

    page.goto(f"{site}/d/{token}/result/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    page.locator("details.why-trace").first.evaluate("d => d.open = true")
    axe.check(page, "result")

    page.get_by_role("button", name="Save and share").click()
    page.wait_for_url(re.compile(rf"/a/{TOKEN}/$"))
    saved_token = page.url.rstrip("/").split("/")[-1]
    digest = page.locator("code.digest").inner_text()
    axe.check(page, "saved assessment")

    page.goto(f"{site}/a/{saved_token}/print/")
    axe.check(page, "print")

    page.goto(f"{site}/matrix/")
    axe.check(page, "matrix")
    # A filter, applied by htmx in place.
    page.select_option("#filter-program", "hipaa")
    expect(page).to_have_url(re.compile(r"program=hipaa"))
    wait_for_htmx(page)
    page.wait_for_timeout(250)  # the .htmx-request opacity transition
    axe.check(page, "matrix filtered")

    page.goto(f"{site}/changes/")
    axe.check(page, "policy changes")

    # The digest the saved page shows verifies (every state of the verify page is checked
    # by test_the_verify_pages_have_no_wcag_violations).
    page.goto(f"{site}/verify/?digest={digest}")
    expect(page.get_by_role("status")).to_contain_text("Match")
    axe.check(page, "verify with a digest")

    admin_login = reverse("admin:login")
    page.goto(f"{site}{admin_login}")
    axe.check(page, "admin login")
    axe.assert_clean()


def test_the_verify_pages_have_no_wcag_violations(site, page: Page, axe: AxeReport, browser_errors):
    response = page.request.post(f"{site}/api/assessments", data=VERIFY_ANSWERS)
    assert response.status == 201
    digest = SavedAssessment.objects.get(token=response.json()["id"]).digest
    groups = " ".join(digest[i : i + 8] for i in range(0, 64, 8))

    page.goto(f"{site}/verify/")
    axe.check(page, "verify")
    # The digest as the PDF prints it, typed into the form.
    page.get_by_label("SHA-256 digest").fill(groups.upper())
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text("Match found")
    expect(page.get_by_role("status")).to_contain_text("This document matches an assessment")
    axe.check(page, "verify: a match")

    # The footer's 12 characters: the full digest to compare, and a link to check it.
    page.goto(f"{site}/verify/?digest={digest[:12]}")
    status = page.get_by_role("status")
    expect(status).to_contain_text("A saved assessment starts with these characters")
    expect(status).to_contain_text(groups)
    axe.check(page, "verify: a short digest")
    status.get_by_role("link", name="check the full digest").click()
    expect(page.get_by_role("status")).to_contain_text("This document matches an assessment")

    page.goto(f"{site}/verify/?digest={'0' * 64}")
    expect(page.get_by_role("status")).to_contain_text("No saved assessment has this digest")
    axe.check(page, "verify: no match")
    page.goto(f"{site}/verify/?digest={'0' * 12}")
    expect(page.get_by_role("status")).to_contain_text("No saved assessment has a digest")
    axe.check(page, "verify: no match for a short digest")

    page.goto(f"{site}/verify/?digest=not-a-digest")
    expect(page.get_by_label("SHA-256 digest")).to_have_attribute("aria-invalid", "true")
    axe.check(page, "verify: an invalid digest")
    # The 400 of an invalid digest is the page's own answer, not a script error.
    browser_errors.allow(r"/verify/\?digest=not-a-digest.*status of 400")
    axe.assert_clean()


def test_a_form_error_is_announced_and_takes_the_focus(
    site, page: Page, no_js_context, axe: AxeReport, browser_errors
):
    # The invalid step comes back as a 422, which htmx swaps in like a 200.
    browser_errors.allow(r"/data/\).*status of 422")
    token = start(page, site)
    page.evaluate("window.__sameDocument = true")
    page.check('input[name="phi"][value="no"]')
    save_and_continue(page)

    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Please check 2 answers")
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_url(re.compile(rf"/d/{token}/data/$"))
    # The answer given is kept, and each missing one is described next to its question.
    expect(page.locator('input[name="phi"][value="no"]')).to_be_checked()
    messages = {
        "eu_data_subjects": "Select whether you will process personal data of people in the "
        "EEA, the UK or Switzerland",
        "zero_retention": "Select whether you need zero data retention",
    }
    for name, message in messages.items():
        fieldset = page.locator(f"#field-{name}")
        expect(fieldset).to_have_attribute("aria-describedby", f"{name}-help {name}-error")
        # Each message names its question (GOV.UK), not "Choose yes or no." three times.
        expect(page.locator(f"#{name}-error")).to_contain_text(message)
    # The summary's links move the focus to the first input of their question.
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_eu_data_subjects_0")).to_be_focused()
    wait_for_htmx(page)
    axe.check(page, "step data with errors")

    # A plain (non-htmx) post gets the same summary in a full page, as an alert.
    page.goto(f"{site}/d/{token}/data/")
    page.check('input[name="phi"][value="no"]')
    with page.expect_navigation():
        page.locator("form[method=post]").evaluate("form => form.submit()")  # bypasses htmx
    expect(page.locator("#error-summary[role=alert]")).to_be_visible()
    axe.check(page, "step data with errors (full page)")
    axe.assert_clean()

    # And without JavaScript at all.
    plain = no_js_context.new_page()
    plain.goto(f"{site}/d/{token}/data/")
    with plain.expect_navigation():
        save_and_continue(plain)
    expect(plain.locator("#error-summary[role=alert]")).to_contain_text("Please check 3 answers")


def test_the_matrix_and_change_log_states_have_no_wcag_violations(
    site, page: Page, axe: AxeReport, browser_errors
):
    import datetime as dt

    from policydata import models as pm
    from policydata.publishing import publish

    cell = pm.Eligibility.objects.get(program__slug="zdr", offering__slug="web-search")
    cell.status = "eligible"
    cell.verified_on = dt.date(2026, 11, 20)
    cell.save()
    publish("Web search is now ZDR-eligible.")

    for label, query in [
        ("matrix: program, status and kind", "?program=hipaa&status=not_eligible&kind=feature"),
        ("matrix: a status across programs", "?status=eligible"),
        ("matrix: a search", "?q=web"),
        ("matrix: nothing matches", "?q=nothing-has-this-name"),
        ("matrix: an unknown filter", "?program=sox"),
    ]:
        page.goto(f"{site}/matrix/{query}")
        axe.check(page, label)
    browser_errors.allow(r"/matrix/\?program=sox.*status of 400")

    # Every disclosure open: the legend, the program notes and each cell's condition.
    page.goto(f"{site}/matrix/")
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    axe.check(page, "matrix: every cell opened")
    # Filtered in place by htmx, then searched as you type.
    page.select_option("#filter-status", "not_stated")
    expect(page).to_have_url(re.compile(r"status=not_stated"))
    page.fill("#filter-q", "claude")
    expect(page).to_have_url(re.compile(r"q=claude"))
    wait_for_htmx(page)
    page.wait_for_timeout(250)  # the .htmx-request opacity transition
    axe.check(page, "matrix: filtered in place")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/matrix/")
    axe.check(page, "matrix at 390 px (the grid scrolls in its own box)")
    page.set_viewport_size({"width": 1280, "height": 900})

    for label, path in [
        ("change log with two versions", "/changes/"),
        ("change log since v1", "/changes/?since=v1"),
        ("every change in v1", "/changes/v1/"),
        ("every change in v2", "/changes/v2/"),
    ]:
        page.goto(site + path)
        axe.check(page, label)
    axe.assert_clean()
