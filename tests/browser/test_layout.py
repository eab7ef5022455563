"""Layout in a real browser: no page scrolls sideways at 390 px, the matrix's grid scrolls in
its own box with its header row and first column fixed, dates never wrap, and the matrix's
filters work with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import ANSWERS_BY_STEP, choose, expect_step, save_and_continue, start, wait_for_htmx

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("seeded")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# A buyer on the Claude API and Claude Code, so that every step of the wizard shows.
WALK = [
    ("data", ANSWERS_BY_STEP["data"]),
    ("surfaces", {"surfaces": ["messages-api", "claude-code"]}),
    ("access", {"claude_code_access": "api-key"}),
    ("features", ANSWERS_BY_STEP["features"]),
    ("setup", ANSWERS_BY_STEP["setup"]),
    ("certifications", ANSWERS_BY_STEP["certifications"]),
]


def sideways(page: Page) -> str:
    """ "" when the page fits its viewport's width, else what overflows."""
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    return "" if width <= viewport else f"{page.url}: {width} px wide in {viewport} px"


def test_no_page_scrolls_sideways_at_390_px(site, page: Page, browser_errors):
    page.set_viewport_size(PHONE)
    problems = []
    for path in ("/", "/matrix/", "/matrix/?q=claude", "/changes/", "/changes/v1/"):
        page.goto(site + path)
        problems.append(sideways(page))
    # The widest things on the matrix open: the legend and a cell's condition.
    page.goto(f"{site}/matrix/")
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    problems.append(sideways(page))

    token = start(page, site)
    for (slug, answers), (following, _) in zip(WALK, [*WALK[1:], ("review", {})], strict=True):
        expect_step(page, token, slug)
        problems.append(sideways(page))
        choose(page, answers)
        save_and_continue(page)
        expect_step(page, token, following)
        wait_for_htmx(page)
    problems.append(sideways(page))  # the review
    page.reload()  # and a step as a full page rather than swapped in
    problems.append(sideways(page))
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


def test_the_grid_scrolls_in_its_own_box_with_its_header_and_first_column_fixed(
    site, page: Page, browser_errors
):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/matrix/")
    box = page.locator(".grid-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the grid fits: nothing to test"
    name = page.get_by_role("rowheader", name="Claude Team", exact=True)
    status = page.locator("table.grid tbody tr", has=name).locator("td").last
    header = page.locator("table.grid thead th").first
    before = (name.bounding_box(), status.bounding_box(), header.bounding_box())
    box.evaluate("b => { b.scrollLeft = 300; b.scrollTop = 400; }")
    page.wait_for_function("document.querySelector('.grid-scroll').scrollLeft > 0")
    after = (name.bounding_box(), status.bounding_box(), header.bounding_box())
    assert after[0]["x"] == pytest.approx(before[0]["x"], abs=1)  # the first column stays
    assert after[1]["x"] < before[1]["x"] - 100  # the other columns scroll under it
    assert after[2]["y"] == pytest.approx(before[2]["y"], abs=1)  # so does the header row
    assert sideways(page) == ""


def test_dates_never_wrap(site, page: Page, browser_errors):
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        for path in ("/matrix/", "/changes/"):
            page.goto(site + path)
            page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
            wrapped = page.locator("time").evaluate_all(
                "all => all.filter(t => t.getClientRects().length > 1 ||"
                " getComputedStyle(t).whiteSpace !== 'nowrap').map(t => t.textContent)"
            )
            assert wrapped == [], (size, path)


def test_the_matrix_filters_without_javascript(site, no_js_context):
    page = no_js_context.new_page()
    page.goto(f"{site}/matrix/")
    page.select_option("#filter-status", "set_by_platform")
    page.fill("#filter-q", "vertex")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert re.search(r"status=set_by_platform", page.url) and "q=vertex" in page.url
    expect(page.locator("table.grid tbody tr:not(.grid-group) th")).to_have_text(
        ["Google Cloud Vertex AI"]
    )
    expect(page.locator("#matrix-count")).to_have_text(re.compile(r"^1 of 49 "))
    expect(page.locator(".facts")).to_have_count(0)


def test_the_matrix_filters_in_place_with_javascript_and_keeps_the_url(
    site, page: Page, browser_errors
):
    page.goto(f"{site}/matrix/")
    page.evaluate("window.__sameDocument = true")
    page.select_option("#filter-program", "zdr")
    expect(page).to_have_url(re.compile(r"program=zdr"))
    wait_for_htmx(page)
    expect(page.locator("table.grid thead th")).to_have_text(
        ["Product or feature", "Zero data retention (ZDR)"]
    )
    page.fill("#filter-q", "code")  # the search applies as you type
    expect(page).to_have_url(re.compile(r"q=code"))
    wait_for_htmx(page)
    expect(page.locator("#matrix-count")).to_have_text(re.compile(r"^\d+ of 49 .* match"))
    names = page.locator("table.grid tbody tr:not(.grid-group) th").all_inner_texts()
    assert names and all("code" in n.lower() for n in names)
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("#matrix-results")).to_have_count(1)  # replaced, not nested
    expect(page.locator("#matrix-count")).to_have_count(1)
    # The URL is the bookmark: opened afresh, it shows the same.
    page.goto(page.url)
    expect(page.locator("#filter-q")).to_have_value("code")
    expect(page.locator("table.grid tbody tr:not(.grid-group) th")).to_have_text(names)
