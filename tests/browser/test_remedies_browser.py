"""The way to ready, sharing and comparing, in a real browser with JavaScript on and off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from wizard.flow import DEFAULT_ANSWERS
from wizard.models import Draft, SavedAssessment

from .helpers import TOKEN, AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("seeded")]

# PHI with Claude Code and the Batch API: blocked twice over, one remedy away from ready.
BLOCKED = {"phi": True, "surfaces": ["messages-api", "claude-code"], "features": ["batch-api"]}


def complete_draft(answers: dict) -> Draft:
    """A draft with every question answered, as a walk through the wizard leaves it."""
    return Draft.objects.create(answers={**DEFAULT_ANSWERS, **answers})


def open_page(new_context, browser_errors, javascript: bool) -> Page:
    context = new_context(java_script_enabled=javascript)
    browser_errors.watch_context(context)
    return context.new_page()


def save(page: Page) -> str:
    page.get_by_role("button", name="Save and share").click()
    page.wait_for_url(re.compile(rf"/a/{TOKEN}/$"))
    return page.url.rstrip("/").split("/")[-1]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_try_this_gives_the_promised_verdict_and_the_two_compare(
    site, new_context, browser_errors, javascript
):
    page = open_page(new_context, browser_errors, javascript)
    draft = complete_draft(BLOCKED)
    page.goto(f"{site}/d/{draft.token}/result/")
    expect(page.locator("#verdict-title")).to_contain_text("Blocked")
    first = page.locator("li.remedy").first
    promised = first.locator(".remedy-verdict strong").inner_text()
    summary = first.locator(".remedy-summary").inner_text()
    assert summary == "Stop using Claude Code; leave out the API feature Batch API."
    assert promised == "Ready"

    first.get_by_role("button", name="Try this").click()
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/result/$"))
    assert draft.token not in page.url  # a new draft; the old one is untouched
    expect(page.locator("#verdict-title")).to_contain_text(promised)

    # Saved twice (the blocked draft, then the remedy), the two compare side by side.
    page.goto(f"{site}/d/{draft.token}/result/")
    blocked_token = save(page)
    page.locator("li.remedy").first.get_by_role("button", name="Try this").click()
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/result/$"))
    ready_token = save(page)
    assert SavedAssessment.objects.get(token=ready_token).based_on == blocked_token
    page.get_by_role("link", name="compare with it").click()
    page.wait_for_url(re.compile(rf"/compare/{blocked_token}/{ready_token}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare two assessments")
    expect(page.locator(".lead")).to_have_text(
        "The result changes from Blocked to Ready.", use_inner_text=True
    )
    expect(page.locator("table.compare")).to_contain_text("Claude API (Messages API, first-party)")
    expect(page.locator(".compare-list")).to_contain_text(
        "Claude Code can't be used with PHI under Anthropic's BAA"
    )
    # The page fits a phone without scrolling sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_saved_page_confirms_the_save_and_copies_the_link(site, new_context, browser_errors):
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    browser_errors.watch_context(context)
    page = context.new_page()
    draft = complete_draft(BLOCKED)
    page.goto(f"{site}/d/{draft.token}/result/")
    token = save(page)
    confirmation = page.locator("section.confirmation")
    expect(confirmation).to_contain_text("Assessment saved")
    expect(confirmation).to_contain_text("Anyone with the link can open it")
    link = confirmation.locator("#share-link")
    expect(link).to_have_value(re.compile(rf"/a/{token}/$"))
    confirmation.get_by_role("button", name="Copy link").click()
    expect(confirmation.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()
    # The saved page, digest and all, fits a phone without scrolling sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Shown once: a reload is the plain saved page, with the link to share.
    page.reload()
    expect(page.locator("section.confirmation")).to_have_count(0)
    expect(page.locator("#share-link")).to_have_value(re.compile(rf"/a/{token}/$"))


def test_without_javascript_the_link_is_there_to_select_and_no_copy_button_shows(
    site, no_js_context
):
    page = no_js_context.new_page()
    draft = complete_draft(BLOCKED)
    page.goto(f"{site}/d/{draft.token}/result/")
    token = save(page)
    expect(page.locator("#share-link")).to_have_value(re.compile(rf"/a/{token}/$"))
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    # Starting again from the saved answers works as a plain form too.
    page.get_by_role("button", name="Start a new assessment from these answers").click()
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/review/$"))


def test_the_way_to_ready_and_the_compare_page_have_no_wcag_violations(
    site, page: Page, axe: AxeReport, browser_errors
):
    draft = complete_draft(BLOCKED)
    page.goto(f"{site}/d/{draft.token}/result/")
    axe.check(page, "result with remedies")
    first = save(page)
    axe.check(page, "saved, just saved")
    page.locator("li.remedy").first.get_by_role("button", name="Try this").click()
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/result/$"))
    second = save(page)
    page.goto(f"{site}/compare/{first}/{second}/")
    axe.check(page, "compare")
    page.set_viewport_size({"width": 390, "height": 844})
    axe.check(page, "compare at 390 px")
    # The site's own 404 page, for a lost link and for an expired draft's.
    browser_errors.allow(r"status of 404")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/no-such-page/")
    axe.check(page, "404")
    page.goto(f"{site}/d/{'x' * 43}/data/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page, "404 for a draft link")
    axe.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_print_page_has_a_back_link_and_a_print_button_neither_printed(
    site, new_context, browser_errors, javascript
):
    page = open_page(new_context, browser_errors, javascript)
    draft = complete_draft(BLOCKED)
    page.goto(f"{site}/d/{draft.token}/result/")
    token = save(page)
    page.goto(f"{site}/a/{token}/print/")
    back = page.get_by_role("link", name="Back to the saved assessment")
    expect(back).to_be_visible()
    button = page.get_by_role("button", name="Print")
    # The button needs JavaScript (window.print); without it, it stays hidden.
    if javascript:
        expect(button).to_be_visible()
    else:
        expect(button).to_be_hidden()
    page.emulate_media(media="print")
    expect(back).to_be_hidden()
    expect(button).to_be_hidden()
    page.emulate_media(media="screen")
    back.click()
    page.wait_for_url(re.compile(rf"/a/{token}/$"))
