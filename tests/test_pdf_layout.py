"""The PDF as a reader gets it, measured with poppler's pdftotext: every word inside the page's
text area, no page more than half blank but the last, few pages, page 1 the whole answer, no
code or slug, and a digest that verifies as copied from the paper.

The small, typical and large assessments are the ones bench/pdf.py times; each is rendered
once for the module (a PDF costs about half a second), inside a transaction rolled back at
the end.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from bench.pdf import SCENARIOS
from policydata.contract import FINDING_CODES
from policydata.loading import load_seed
from policydata.matrix import clear_cache, current_matrix
from policydata.publishing import ensure_published
from wizard.models import SavedAssessment
from wizard.summary import build_summary

PAGE_LIMITS = {"small": 2, "typical": 4, "large": 8}
PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"
MM = 72 / 25.4  # points per millimetre
TOLERANCE = 0.5  # points: pdftotext rounds glyph boxes
FOOTER = re.compile(
    r"^(Claude compliance assessment · saved \S+ · policy \S+ · digest [0-9a-f]{12}"
    r"|Page \d+ of \d+)$"
)
DIGEST_LINE = re.compile(r"^.*(?:[0-9a-f]{8} ){7}[0-9a-f]{8}.*$", re.MULTILINE)


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[list[Word]]

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line]

    def text(self) -> str:
        """The page's words in reading order, a line broken after a hyphen joined again."""
        out = ""
        for line in self.lines:
            joined = " ".join(word.text for word in line)
            out += joined if out.endswith("-") or not out else " " + joined
        return out


@dataclass(frozen=True)
class Rendered:
    saved: SavedAssessment
    headline: str
    pages: list[Page]
    plain_text: str  # `pdftotext` without options: what a reader copies


def page_margins() -> tuple[float, float, float, float]:
    """The @page margin of the print stylesheet in points: top, right, bottom, left."""
    page_rule = re.search(r"@page\s*\{(.*?)@", PRINT_CSS.read_text(), re.S).group(1)
    values = re.search(r"margin:\s*([^;]+);", page_rule).group(1).split()
    top, right, bottom, left = (values * 4)[:4] if len(values) == 1 else values
    return tuple(float(v.removesuffix("mm")) * MM for v in (top, right, bottom, left))


def bbox_pages(pdf: Path) -> list[Page]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xhtml, re.S):
        lines = [
            [
                Word(html.unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3]))
                for m in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                    r"(.*?)</word>",
                    line,
                )
            ]
            for line in re.findall(r"<line [^>]*>(.*?)</line>", page[3], re.S)
        ]
        pages.append(Page(float(page[1]), float(page[2]), [line for line in lines if line]))
    return pages


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Rendered]:
    assert shutil.which("pdftotext"), "pdftotext is missing: run `make system-deps`"
    folder = tmp_path_factory.mktemp("pdfs")
    with django_db_blocker.unblock(), transaction.atomic():
        load_seed()
        ensure_published()
        clear_cache()
        cache.clear()
        client = Client()
        out = {}
        for name, answers in SCENARIOS.items():
            response = client.post("/api/assessments", answers, content_type="application/json")
            assert response.status_code == 201, response.content
            saved = SavedAssessment.objects.get(token=response.json()["id"])
            pdf = folder / f"{name}.pdf"
            pdf.write_bytes(client.get(f"/a/{saved.token}.pdf").content)
            summary = build_summary(
                saved.answers,
                saved.result,
                current_matrix(),
                as_of=saved.created_at.date(),
                stale_after_days=settings.POLICY_STALE_AFTER_DAYS,
            )
            plain = subprocess.run(
                ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout
            out[name] = Rendered(saved, summary.headline, bbox_pages(pdf), plain)
        yield out
        transaction.set_rollback(True)
    clear_cache()
    cache.clear()


def slugs() -> set[str]:
    matrix = current_matrix()
    return {*matrix.offerings, *matrix.models, *matrix.certifications}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_pdf_has_no_more_pages_than_its_limit(rendered, scenario):
    assert len(rendered[scenario].pages) <= PAGE_LIMITS[scenario]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_word_lies_outside_the_text_area_but_the_footer(rendered, scenario):
    top, right, bottom, left = page_margins()
    for number, page in enumerate(rendered[scenario].pages, start=1):
        for word in page.words:
            assert word.x_min >= left - TOLERANCE, (number, word)
            assert word.x_max <= page.width - right + TOLERANCE, (number, word)
            assert word.y_min >= top - TOLERANCE, (number, word)
        in_margin = [line for line in page.lines if line[0].y_min > page.height - bottom]
        for line in in_margin:
            text = " ".join(word.text for word in line)
            assert FOOTER.match(text), (number, text)
            assert line[-1].y_max <= page.height - 5 * MM, (number, text)  # on the paper


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_page_but_the_last_is_more_than_half_blank(rendered, scenario):
    top, _, bottom, _ = page_margins()
    pages = rendered[scenario].pages
    for number, page in enumerate(pages[:-1], start=1):
        body = [w for w in page.words if w.y_min <= page.height - bottom]
        lowest = max(word.y_max for word in body)
        assert lowest - top >= (page.height - bottom - top) / 2, number


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_finding_code_or_slug_appears_in_the_text(rendered, scenario):
    # A source's own title that happens to spell a code is the source's, not ours.
    text = " ".join(page.text() for page in rendered[scenario].pages)
    text = text.replace("consumer-terms update", "")
    leaked = [
        token
        for token in (*FINDING_CODES, *slugs())
        if re.search(rf"(?<![\w/.-]){re.escape(token)}(?![\w-])", text)
    ]
    assert leaked == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_page_one_is_the_answer_the_headline_and_what_to_do(rendered, scenario):
    page_one = rendered[scenario].pages[0].text()
    assert rendered[scenario].headline in page_one
    assert "What you must do" in page_one


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_digest_is_printed_on_one_line_in_groups_on_page_one(rendered, scenario):
    groups = [w for w in rendered[scenario].pages[0].words if re.fullmatch(r"[0-9a-f]{8}", w.text)]
    assert len(groups) == 8
    assert len({round(w.y_min) for w in groups}) == 1
    assert "".join(w.text for w in groups) == rendered[scenario].saved.digest


@pytest.mark.django_db
def test_the_digest_copied_from_the_pdf_verifies(rendered, client):
    typical = rendered["typical"]
    line = DIGEST_LINE.search(typical.plain_text).group(0)
    assert re.sub(r"\s", "", line).removeprefix("SHA-256") == typical.saved.digest
    response = client.get("/verify/", {"digest": line})
    assert response.status_code == 200
    assert response.context["saved"] == typical.saved
