"""The buyer's wizard in a real browser: with htmx, without JavaScript, and by keyboard."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    ANSWERS,
    ANSWERS_BY_STEP,
    STEP_ORDER,
    TOKEN,
    choose,
    expect_checked,
    expect_step,
    save_and_continue,
    start,
    wait_for_htmx,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("seeded")]

MARKER = "window.__sameDocument"


def pdf_filename_pattern(saved_token: str) -> re.Pattern[str]:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return re.compile(
        rf"claude-compliance-assessment-{today}-{re.escape(saved_token[:8])}\.pdf", re.ASCII
    )


def download_pdf(page: Page, saved_token: str, tmp_path) -> None:
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert re.fullmatch(
        r"claude-compliance-assessment-\d{4}-\d{2}-\d{2}-[A-Za-z0-9_-]{8}\.pdf",
        download.suggested_filename,
    )
    assert pdf_filename_pattern(saved_token).fullmatch(download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF-")


def finish_and_save(page: Page) -> str:
    """From the review step: see the result, save it, return the saved token."""
    page.get_by_role("button", name="See the result").click()
    # A GET form without named fields: the URL ends in "result/?".
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/result/\??$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    expect(page.locator("#verdict-title")).to_contain_text("Blocked")
    expect(page.locator("body")).to_contain_text("hipaa-feature-blocked")
    page.get_by_role("button", name="Save and share").click()
    page.wait_for_url(re.compile(rf"/a/{TOKEN}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved assessment")
    return page.url.rstrip("/").split("/")[-1]


def test_the_wizard_with_javascript_swaps_steps_in_place(
    site, page: Page, new_context, browser_errors, tmp_path
):
    token = start(page, site)
    expect_step(page, token, "data")
    page.evaluate(f"{MARKER} = true")

    # Each step is swapped in by htmx: same document, the URL follows, focus on the heading.
    for (slug, answers), following in zip(ANSWERS, STEP_ORDER[1:], strict=True):
        choose(page, answers)
        save_and_continue(page)
        expect_step(page, token, following)
        wait_for_htmx(page)
        assert page.evaluate(MARKER) is True, f"{slug}: the step caused a full page load"
        expect(page.locator("#step-heading")).to_be_focused()
        expect(page).to_have_title(
            re.compile(re.escape(page.locator("#step-heading").inner_text()))
        )

    # The in-page Back link is an htmx swap too, and shows the saved answers.
    page.get_by_role("link", name="Back").click()
    expect_step(page, token, "certifications")
    wait_for_htmx(page)
    assert page.evaluate(MARKER) is True
    expect_checked(page, ANSWERS_BY_STEP["certifications"])

    # The browser's back and forward buttons, and a reload, show the saved answers.
    page.go_back()
    expect_step(page, token, "review")
    page.go_back()
    expect_step(page, token, "certifications")
    expect_checked(page, ANSWERS_BY_STEP["certifications"])
    page.go_back()
    expect_step(page, token, "setup")
    expect_checked(page, ANSWERS_BY_STEP["setup"])
    page.go_back()
    expect_step(page, token, "features")
    expect_checked(page, ANSWERS_BY_STEP["features"])
    page.go_back()
    expect_step(page, token, "surfaces")
    expect_checked(page, ANSWERS_BY_STEP["surfaces"])
    page.go_forward()
    expect_step(page, token, "features")
    expect_checked(page, ANSWERS_BY_STEP["features"])
    page.reload()
    expect_step(page, token, "features")
    expect_checked(page, ANSWERS_BY_STEP["features"])

    # Going on from a restored step is still an in-place swap.
    wait_for_htmx(page)
    page.evaluate(f"{MARKER} = true")
    save_and_continue(page)
    expect_step(page, token, "setup")
    expect_checked(page, ANSWERS_BY_STEP["setup"])
    assert page.evaluate(MARKER) is True

    page.goto(f"{site}/d/{token}/review/")
    expect(page.locator(".review")).to_contain_text("Batch API")
    saved_token = finish_and_save(page)

    # The share link opens the same saved assessment in another browser.
    share_url = page.locator("#share-link").input_value()
    assert share_url == page.url
    other = new_context()
    browser_errors.watch_context(other)
    reader = other.new_page()
    reader.goto(share_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Saved assessment")
    expect(reader.locator("#share-link")).to_have_value(share_url)

    page.get_by_role("link", name="Printable summary").click()
    page.wait_for_url(re.compile(rf"/a/{saved_token}/print/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Claude compliance assessment")
    page.go_back()

    download_pdf(page, saved_token, tmp_path)
    browser_errors.assert_none()


def test_the_wizard_without_javascript_posts_and_redirects(site, no_js_context, tmp_path):
    page = no_js_context.new_page()
    token = start(page, site)
    expect_step(page, token, "data")
    for (slug, answers), following in zip(ANSWERS, STEP_ORDER[1:], strict=True):
        choose(page, answers)
        with page.expect_navigation():
            save_and_continue(page)
        expect_step(page, token, following)
        assert page.locator("#step-heading").count() == 1, slug

    # A plain link back, then a plain post returning to the review.
    with page.expect_navigation():
        page.get_by_role("link", name="Back").click()
    expect_step(page, token, "certifications")
    expect_checked(page, ANSWERS_BY_STEP["certifications"])
    page.go_back()
    expect_step(page, token, "review")
    with page.expect_navigation():
        page.get_by_role("link", name="Edit: Products").click()
    expect_step(page, token, "surfaces")
    expect_checked(page, ANSWERS_BY_STEP["surfaces"])
    with page.expect_navigation():
        page.get_by_role("button", name="Save and return to review").click()
    expect_step(page, token, "review")

    saved_token = finish_and_save(page)
    download_pdf(page, saved_token, tmp_path)


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                name: el.getAttribute("name"),
                value: el.getAttribute("value"),
                text: (el.innerText || el.value || "").trim().slice(0, 60),
                outline: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth) || 0,
            };
        }"""
    )


def tab_to(page: Page, selector: str, limit: int = 250) -> None:
    """Press Tab until the focus is on `selector`; every stop must show a visible focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body":
            continue
        assert now["outline"] != "none" and now["outlineWidth"] > 0, f"no visible focus: {now}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_wizard_by_keyboard_alone(site, page: Page, tmp_path):
    # Reachable with Tab and Space alone: the first radio of a group, any checkbox.
    keyboard_answers = [
        ("data", {"phi": "yes", "eu_data_subjects": "yes", "zero_retention": "yes"}),
        ("surfaces", {"surfaces": ["messages-api"]}),
        ("features", {"features": ["batch-api"]}),
        ("setup", {"models": ["claude-opus-4-6"], "browser_client": "yes"}),
        ("certifications", {"certifications": ["soc2-type2"]}),
    ]
    page.goto(f"{site}/")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/data/$"))
    token = page.url.rstrip("/").split("/")[-2]

    for (slug, answers), following in zip(keyboard_answers, STEP_ORDER[1:], strict=True):
        for name, value in answers.items():
            for item in [value] if isinstance(value, str) else value:
                tab_to(page, f'input[name="{name}"][value="{item}"]')
                page.keyboard.press("Space")
                expect(page.locator(f'input[name="{name}"][value="{item}"]')).to_be_checked()
        tab_to(page, "button[type=submit]")
        page.keyboard.press("Enter")
        expect_step(page, token, following)
        # app.js moves the focus to the new step's heading, and it is visibly focused.
        expect(page.locator("#step-heading")).to_be_focused()
        now = focused(page)
        assert now["id"] == "step-heading" and now["outline"] != "none", (slug, now)

    # The review step shows what was chosen; then the result, saved link and PDF by keyboard.
    expect(page.locator(".review")).to_contain_text("Batch API")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/a/{TOKEN}/$"))
    saved_token = page.url.rstrip("/").split("/")[-1]
    tab_to(page, 'a[href$=".pdf"]')
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.startswith("claude-compliance-assessment-")
    assert saved_token[:8] in info.value.suggested_filename
