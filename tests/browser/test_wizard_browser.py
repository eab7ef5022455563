"""The buyer's wizard in a real browser: with htmx, without JavaScript, and by keyboard."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from playwright.sync_api import Page, expect

from wizard.views import server_error

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
from .test_html_validity import assert_valid

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
    expect(page.locator("body")).to_contain_text(
        "Batch API isn't HIPAA-eligible, so it can't be used with PHI"
    )
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


# ---- The journey: no verdict before every answer, edits from the review, errors, 404 --------


def expect_no_verdict(page: Page, site: str, token: str) -> None:
    """The result of an unfinished draft is its first unanswered step, not a verdict."""
    page.goto(f"{site}/d/{token}/result/")
    expect_step(page, token, "data")
    expect(page.locator("body")).not_to_contain_text("Verdict")
    page.goto(f"{site}/d/{token}/review/")
    expect(page.locator(".review")).to_contain_text("Not answered")
    expect(page.get_by_role("button", name="See the result")).to_have_count(0)
    expect(page.get_by_role("link", name="Answer the next question")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_blank_draft_has_no_verdict(site, new_context, browser_errors, javascript):
    context = new_context(java_script_enabled=javascript)
    browser_errors.watch_context(context)
    page = context.new_page()
    token = start(page, site)
    expect_no_verdict(page, site, token)
    # "Assess" in the navigation leads home, which offers to continue this draft.
    page.goto(f"{site}/d/{token}/data/")
    page.get_by_role("link", name="Assess", exact=True).click()
    expect(page.get_by_role("link", name="Continue your assessment")).to_have_attribute(
        "href", f"/d/{token}/data/"
    )


def walk_enterprise_only(page: Page, token: str, javascript: bool) -> None:
    steps = [
        ("data", {"phi": "no", "eu_data_subjects": "no", "zero_retention": "yes"}, "surfaces"),
        ("surfaces", {"surfaces": ["claude-enterprise"]}, "setup"),
        ("setup", {"storage_region": "any", "inference_region": "any"}, "certifications"),
        ("certifications", {}, "review"),
    ]
    for _slug, answers, following in steps:
        choose(page, answers)
        if javascript:
            save_and_continue(page)
        else:
            with page.expect_navigation():
                save_and_continue(page)
        expect_step(page, token, following)
    # Enterprise-only: no question about models or browser calls was asked.
    expect(page.locator(".review")).not_to_contain_text("Models")
    expect(page.locator(".review")).not_to_contain_text("Browser client")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_adding_the_api_from_the_review_reaches_its_new_questions(
    site, new_context, browser_errors, javascript
):
    context = new_context(java_script_enabled=javascript)
    browser_errors.watch_context(context)
    page = context.new_page()
    token = start(page, site)
    walk_enterprise_only(page, token, javascript)

    def submit(name: str) -> None:
        if javascript:
            page.get_by_role("button", name=name).click()
        else:
            with page.expect_navigation():
                page.get_by_role("button", name=name).click()

    with page.expect_navigation():
        page.get_by_role("link", name="Edit: Products").click()
    choose(page, {"surfaces": ["messages-api"]})
    submit("Save and return to review")
    # The features step, newly relevant, comes before the review, which it returns to.
    expect_step(page, token, "features")
    expect(page).to_have_url(re.compile(r"/features/\?return=review$"))
    choose(page, {"features": ["batch-api"]})
    submit("Save and return to review")
    # The setup step now asks which models, and about browser calls.
    expect_step(page, token, "setup")
    expect(page).to_have_url(re.compile(r"/setup/\?return=review$"))
    choose(page, {"models": ["claude-opus-4-6"], "browser_client": "no"})
    submit("Save and return to review")
    expect_step(page, token, "review")
    expect(page.locator(".review")).to_contain_text("Batch API")
    expect(page.locator(".review")).to_contain_text("Claude Opus 4.6")
    expect(page.locator(".review")).not_to_contain_text("Not answered")
    expect(page.get_by_role("button", name="See the result")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_unknown_draft_link_is_a_404_page_that_offers_to_start_again(
    site, new_context, browser_errors, javascript
):
    context = new_context(java_script_enabled=javascript)
    browser_errors.watch_context(context)
    browser_errors.allow(r"status of 404")
    page = context.new_page()
    response = page.goto(f"{site}/d/{'x' * 43}/review/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This assessment link has expired or does not exist"
    )
    expect(page.locator("main")).to_contain_text("kept for 30 days")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()  # the site's layout
    with page.expect_navigation():
        page.get_by_role("button", name="Start a new assessment").click()
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/data/$"))


def test_the_error_summary_takes_the_focus_and_its_links_focus_the_question(
    site, page: Page, browser_errors
):
    browser_errors.allow(r"status of 422")
    token = start(page, site)
    page.check('input[name="phi"][value="no"]')
    save_and_continue(page)  # an htmx swap
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Select whether you will process personal data of people in the EEA"
    )
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_eu_data_subjects_0")).to_be_focused()
    expect(page).to_have_url(re.compile(rf"/d/{token}/data/$"))  # no fragment: focus moved
    # A full page with errors (posted without htmx) focuses its summary too.
    page.locator("form[method=post]").evaluate("form => form.submit()")
    expect(page.locator("#error-summary")).to_be_focused()


def test_the_heading_shows_no_focus_ring_after_a_mouse_click(site, page: Page):
    token = start(page, site)
    choose(page, {"phi": "no", "eu_data_subjects": "no", "zero_retention": "no"})
    save_and_continue(page)  # clicked with the mouse
    expect_step(page, token, "surfaces")
    wait_for_htmx(page)
    expect(page.locator("#step-heading")).to_be_focused()
    assert focused(page)["outline"] == "none"


def test_not_sure_yet_and_the_features_exclude_each_other(site, page: Page):
    token = start(page, site)
    page.goto(f"{site}/d/{token}/features/")
    page.check('input[name="features"][value="citations"]')
    page.check('input[name="features_unsure"]')
    expect(page.locator('input[name="features"][value="citations"]')).not_to_be_checked()
    page.check('input[name="features"][value="batch-api"]')
    expect(page.locator('input[name="features_unsure"]')).not_to_be_checked()


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker needs java")
def test_the_journey_pages_are_valid_html(client, settings, tmp_path):
    settings.DEBUG = False
    token = client.post("/start/")["Location"].split("/")[2]
    client.post(f"/d/{token}/data/", ANSWERS_BY_STEP["data"])
    client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api", "claude-code"]})
    unsure = client.post(
        f"/d/{token}/features/", {"features": ["batch-api"], "features_unsure": "yes"}
    )
    html = {
        "home-continue": client.get("/").content.decode(),
        "review-unanswered": client.get(f"/d/{token}/review/").content.decode(),
        "features": client.get(f"/d/{token}/features/").content.decode(),
        "features-errors": unsure.content.decode(),
        "access-errors": client.post(f"/d/{token}/access/", {}).content.decode(),
        "setup-errors": client.post(f"/d/{token}/setup/", {}).content.decode(),
        "404-draft": client.get(f"/d/{'x' * 43}/data/").content.decode(),
        "404": client.get("/no-such-page/").content.decode(),
    }
    html["500"] = server_error(client.get("/").wsgi_request).content.decode()
    assert_valid(html, tmp_path)
