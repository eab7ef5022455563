"""Shared steps for the browser tests: the answers, walking the wizard, axe reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from wizard.flow import STEP_BY_SLUG

# WCAG 2.2 level A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TOKEN = r"[A-Za-z0-9_-]{43}"

# One buyer's answers, step by step: the same walk as tests/test_wizard.py.
Answers = dict[str, str | list[str]]
ANSWERS: list[tuple[str, Answers]] = [
    ("data", {"phi": "yes", "eu_data_subjects": "yes", "zero_retention": "no"}),
    ("surfaces", {"surfaces": ["messages-api", "claude-enterprise"]}),
    ("features", {"features": ["batch-api", "web-search"]}),
    (
        "setup",
        {
            "models": ["claude-opus-4-6"],
            "storage_region": "us",
            "inference_region": "us",
            "browser_client": "no",
        },
    ),
    ("certifications", {"certifications": ["soc2-type2", "iso27001"]}),
]
ANSWERS_BY_STEP = dict(ANSWERS)
STEP_ORDER = [slug for slug, _ in ANSWERS] + ["review"]


def step_title(slug: str) -> str:
    return STEP_BY_SLUG[slug].title


def choose(page: Page, values: Answers) -> None:
    """Tick the boxes and radios of one step by clicking them."""
    for name, value in values.items():
        for item in [value] if isinstance(value, str) else value:
            page.check(f'input[name="{name}"][value="{item}"]')


def expect_checked(page: Page, values: Answers) -> None:
    """Exactly the given answers of a step are checked on the page."""
    for name, value in values.items():
        wanted = {value} if isinstance(value, str) else set(value)
        inputs = page.locator(f'input[name="{name}"]')
        expect(inputs.first).to_be_attached()
        for index in range(inputs.count()):
            box = inputs.nth(index)
            if box.get_attribute("value") in wanted:
                expect(box).to_be_checked()
            else:
                expect(box).not_to_be_checked()


def expect_step(page: Page, token: str, slug: str) -> None:
    """The page shows this step, at its own URL."""
    expect(page).to_have_url(re.compile(rf"/d/{re.escape(token)}/{slug}/(\?return=review)?$"))
    expect(page.locator("#step-heading")).to_have_text(step_title(slug))


def start(page: Page, site: str) -> str:
    """Open the landing page, start an assessment, return the draft token.

    A browser with a draft in progress is offered "Continue your assessment" beside
    "Start a new assessment"; a fresh one, "Start an assessment".
    """
    page.goto(f"{site}/")
    page.get_by_role("button", name=re.compile(r"^Start (an|a new) assessment$")).click()
    page.wait_for_url(re.compile(rf"/d/{TOKEN}/data/$"))
    return page.url.rstrip("/").split("/")[-2]


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def wait_for_htmx(page: Page) -> None:
    """No htmx request, swap or settle in flight."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


@dataclass
class AxeReport:
    """axe-core's WCAG 2.2 A/AA violations, page by page.

    axe is injected with ``page.evaluate``, which never returns on a page whose context
    has JavaScript disabled: check only pages with JavaScript on.
    """

    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def check(self, page: Page, label: str) -> list[dict[str, Any]]:
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        violations = Axe().run(page, options=options).response["violations"]
        self.checked.append(label)
        for violation in violations:
            targets = "; ".join(
                " ".join(str(t) for t in node["target"]) for node in violation["nodes"]
            )
            self.problems.append(
                f"{label} ({page.url}): {violation['id']} [{violation['impact']}] "
                f"{violation['help']} -> {targets}"
            )
        return violations

    def assert_clean(self) -> None:
        assert not self.problems, (
            f"axe found {len(self.problems)} WCAG 2.2 A/AA violation(s) on "
            f"{len(self.checked)} page state(s):\n" + "\n".join(self.problems)
        )
