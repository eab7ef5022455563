import itertools
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from policydata.matrix import STATUS_LABELS

from .canonical import CERTIFICATIONS, FEATURES, MODELS, SURFACES

pytestmark = pytest.mark.usefixtures("policy")

PROGRAMS = {
    "hipaa": "HIPAA readiness (BAA)",
    "zdr": "Zero data retention (ZDR)",
    "data-residency": "Data residency",
}
# The fact tables below the grid, and the programs each one belongs to.
FAMILY_PROGRAMS = {
    "certifications": set(),
    "models": {"zdr", "data-residency"},
    "retention": {"zdr"},
    "residency": {"data-residency"},
    "phi": {"hipaa"},
    "gdpr": set(),
    "training": set(),
}
# /matrix/ before the grid: 79,829 bytes (measured on the seeded v1 before this change).
HTML_BYTES_BEFORE = 79_829


@dataclass
class Row:
    group: str  # the row group's anchor: products-... or features-...
    name: str = ""
    cells: list[str] = field(default_factory=list)  # a status, "none" (no entry), "off"
    chips: list[str] = field(default_factory=list)  # every status chip in the row


@dataclass
class Section:
    anchor: str
    row_names: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    chips: list[str] = field(default_factory=list)


class MatrixPage(HTMLParser):
    """The grid (columns, rows, cells) and the fact sections of /matrix/, as a reader sees."""

    def __init__(self, html: str):
        super().__init__()
        self.columns: list[str] = []
        self.rows: list[Row] = []
        self.sections: list[Section] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self._in = ""  # "grid" | "facts" | ""
        self._group = ""
        self._capture: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        self._stack.append((tag, attrs))
        if tag == "table" and "grid" in classes:
            self._in = "grid"
        elif tag == "section" and "facts" in classes:
            self._in = "facts"
            self.sections.append(Section(""))
        elif self._in == "facts" and tag == "h2":
            self.sections[-1].anchor = attrs["id"]
        chip = next((c[3:] for c in classes if c.startswith("st-")), None)
        if chip and self._in == "grid" and self.rows:
            self.rows[-1].chips.append(chip)
        if chip and self._in == "facts":
            self.sections[-1].chips.append(chip)
        if self._in == "grid" and tag == "th" and attrs.get("scope") == "rowgroup":
            self._group = attrs["id"]
        elif self._in == "grid" and tag == "tr" and "grid-group" not in classes:
            if self._stack_has("tbody"):
                self.rows.append(Row(self._group))
        elif self._in == "grid" and tag == "th":
            if self._stack_has("thead") or (self.rows and not self.rows[-1].name):
                self._capture = []
        elif self._in == "grid" and tag == "td":
            cell = "none" if "grid-none" in classes else "off" if "grid-off" in classes else ""
            self.rows[-1].cells.append(cell)
        elif self._in == "facts" and (
            (tag == "th" and self._stack_has("tbody"))
            or (tag == "li" and "said" in self._parent_classes())
        ):
            self._capture = []

    def _stack_has(self, tag: str) -> bool:
        return any(t == tag for t, _ in self._stack)

    def _parent_classes(self) -> list[str]:
        return (self._stack[-2][1].get("class") or "").split() if len(self._stack) > 1 else []

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if (tag, self._in) in (("table", "grid"), ("section", "facts")):
            self._in = ""
        if self._capture is not None and tag in ("th", "li"):
            text = " ".join("".join(self._capture).split())
            self._capture = None
            if self._in == "grid" and self._stack_has("thead"):
                self.columns.append(text)
            elif self._in == "grid" and tag == "th":
                self.rows[-1].name = text
            elif self._in == "facts" and tag == "th":
                self.sections[-1].row_names.append(text)
            elif self._in == "facts":
                self.sections[-1].statements.append(text)

    def handle_data(self, data):
        self.text.append(data)
        if self._capture is not None:
            self._capture.append(data)


def parse(html: str) -> MatrixPage:
    page = MatrixPage(html)
    # A shown cell's status is its chip, in order (hidden and "no entry" cells have none).
    for row in page.rows:
        chips = iter(row.chips)
        row.cells = [cell or next(chips) for cell in row.cells]
    return page


def get(client, **params):
    response = client.get("/matrix/", params)
    assert response.status_code == 200, params
    return parse(response.content.decode())


def test_the_matrix_is_one_grid_of_offerings_by_programs(client):
    page = get(client)
    assert page.columns == ["Product or feature", *PROGRAMS.values()]
    names = [row.name for row in page.rows]
    assert len(names) == len(SURFACES) + len(FEATURES) + 4  # and Claude Code's access routes
    assert names[0] == "Claude API (Messages API, first-party)"
    # Products first, then the API features grouped under the API.
    groups = [row.group for row in page.rows]
    first_feature = next(i for i, g in enumerate(groups) if g.startswith("features-"))
    assert all(g.startswith("products-") for g in groups[:first_feature])
    assert all(g.startswith("features-") for g in groups[first_feature:])
    cells = {row.name: dict(zip(PROGRAMS, row.cells, strict=True)) for row in page.rows}
    assert cells["Batch API"] == {
        "hipaa": "not_eligible",
        "zdr": "not_eligible",
        "data-residency": "none",
    }
    assert cells["Web search"]["hipaa"] == "partial"
    assert cells["Structured outputs"]["zdr"] == "qualified"
    assert cells["Amazon Bedrock"]["hipaa"] == "set_by_platform"
    assert cells["Claude Code"]["zdr"] == "conditional"
    # Every status is in words as well as colour.
    html = client.get("/matrix/").content.decode()
    for status, label in STATUS_LABELS.items():
        if f'class="st-{status}"' in html:
            assert re.search(rf'class="st-{status}">{re.escape(label)}<', html), status


def test_a_cell_opens_to_its_condition_and_a_differing_source_without_javascript(client):
    html = client.get("/matrix/").content.decode()
    web_search = re.search(r"<th>Web search</th>(.*?)</tr>", html).group(1)
    assert '<details><summary><span class="st-partial">Eligible in part</span>' in web_search
    assert "Dynamic filtering is not eligible." in web_search
    # The column states its usual source once; a cell names its own only where it differs.
    assert "Where each column comes from" in html
    assert html.count("Anthropic: the Business Associate Agreement for HIPAA-ready services") < 5
    managed = re.search(r"<th>Claude Managed Agents</th>(.*?)</tr>", html).group(1)
    assert "Stateful: delete transcripts manually." in managed


def test_the_matrix_shows_sources_and_dates_and_never_a_slug(client):
    html = client.get("/matrix/").content.decode()
    page = parse(html)
    assert "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)" in html
    assert "(cited by the source)" in html
    assert "https://trust.anthropic.com/" in html
    assert "2026-06-13" in html
    assert "Not stated" in html
    text = " ".join(page.text)
    for slug in [*SURFACES, *FEATURES, *MODELS, *CERTIFICATIONS]:
        if "-" in slug:
            assert not re.search(rf"\b{re.escape(slug)}\b", text), slug
    assert [s.anchor for s in page.sections] == list(FAMILY_PROGRAMS)


def test_the_fact_tables_name_each_source_once(client):
    html = client.get("/matrix/").content.decode()
    certifications = html[html.index('id="certifications"') : html.index('id="models"')]
    title = "Anthropic Help Center: compliance credentials for commercial products"
    assert certifications.count(title) == 1
    assert "ISO/IEC 27017, ISO/IEC 27018, FedRAMP and CSA STAR:" in certifications
    assert '<span class="st-not_asserted">Not asserted</span>' in certifications


FILTERS = list(
    itertools.product(
        ["", *PROGRAMS], ["", *STATUS_LABELS], ["", "surface", "feature"], ["", "claude", "web"]
    )
)


def test_every_filter_combination_narrows_every_section(client):
    for program, status, kind, q in FILTERS:
        assert_narrowed(
            get(client, program=program, status=status, kind=kind, q=q), program, status, kind, q
        )


def assert_narrowed(page: MatrixPage, program: str, status: str, kind: str, q: str) -> None:
    shown = [program] if program else list(PROGRAMS)
    if page.rows:
        assert page.columns == ["Product or feature", *(PROGRAMS[p] for p in shown)]
    for row in page.rows:
        assert len(row.cells) == len(shown), row
        if status:
            # No row shows a status outside the filter; other cells are left blank.
            assert set(row.chips) == {status}, row
            assert set(row.cells) <= {status, "off", "none"}, row
        assert any(c not in ("off", "none") for c in row.cells), row
        if kind:
            assert row.group.startswith("products-" if kind == "surface" else "features-"), row
        assert q.casefold() in row.name.casefold(), row
    if status or kind:
        # The fact tables have no eligibility status: this filter leaves none of their rows.
        assert page.sections == []
    for section in page.sections:
        if program:
            assert program in FAMILY_PROGRAMS[section.anchor], section.anchor
        for text in [*section.row_names, *section.statements]:
            assert q.casefold() in text.casefold(), (section.anchor, text)


def test_filters_narrow_but_do_not_empty_the_page(client):
    # Products and features with an "eligible" cell under any program.
    assert len(get(client, status="eligible").rows) == 18
    assert [r.name for r in get(client, q="bedrock").rows] == ["Amazon Bedrock"]
    hipaa = get(client, program="hipaa")
    assert [s.anchor for s in hipaa.sections] == ["phi"]
    searched = get(client, q="covered")
    assert [s.anchor for s in searched.sections] == ["retention"]
    assert searched.rows == []


def test_matrix_filters_by_program_and_status_with_a_plain_get(client):
    response = client.get("/matrix/", {"program": "hipaa", "status": "partial"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    page = parse(html)
    assert [r.name for r in page.rows] == ["Web search"]
    assert "selected>HIPAA readiness (BAA)</option>" in html
    assert "1 of 49 products and API features match" in html


def test_matrix_filter_with_htmx_returns_the_results_and_the_count(client):
    response = client.get(
        "/matrix/", {"program": "zdr", "status": "qualified"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="matrix-results">')
    assert 'id="matrix-count"' in html and 'data-hx-swap-oob="true"' in html
    assert [r.name for r in parse(html).rows] == ["Structured outputs", "Cache diagnostics"]
    assert "HX-Request" in response["Vary"]


def test_the_search_is_cached_never_and_trimmed(client):
    page = get(client, q="  Web   SEARCH ")
    assert [r.name for r in page.rows] == ["Web search", "Web search with dynamic filtering"]
    long = client.get("/matrix/", {"q": "x" * 500})
    assert long.status_code == 200
    assert 'value="' + "x" * 80 + '"' in long.content.decode()


def test_an_unknown_filter_value_is_a_clear_400(client):
    response = client.get("/matrix/", {"program": "sox"})
    assert response.status_code == 400
    assert "Unknown program" in response.content.decode()


def test_stale_facts_are_counted_and_marked(client, settings):
    settings.POLICY_STALE_AFTER_DAYS = 30  # the seed was verified 2026-06-13
    html = client.get("/matrix/").content.decode()
    assert "are stale:</strong>" in html
    assert '<span class="stale">stale</span>' in html


def test_the_matrix_is_at_most_half_its_old_size(client):
    assert len(client.get("/matrix/").content) <= HTML_BYTES_BEFORE // 2


def test_matrix_json_is_keyed_by_every_canonical_slug(client):
    data = json.loads(client.get("/matrix.json").content)
    assert set(data["surfaces"]) == set(SURFACES)
    assert set(data["features"]) == set(FEATURES)
    assert set(data["models"]) == set(MODELS)
    assert set(data["certifications"]) == set(CERTIFICATIONS)
    assert data["programs"]["hipaa"]["cells"]["batch-api"]["status"] == "not_eligible"
    assert data["programs"]["zdr"]["cells"]["structured-outputs"]["status"] == "qualified"
    cell = data["programs"]["hipaa"]["cells"]["messages-api"]
    assert cell["source"]["title"].startswith("Claude Enterprise Compliance")
    assert cell["cited"]["title"].startswith("Anthropic")
    assert cell["verified_on"] == "2026-06-13"
    assert data["policy_version"] == "v1"


def test_matrix_json_keeps_its_shape(client):
    data = json.loads(client.get("/matrix.json").content)
    assert list(data) == [
        "policy_version",
        "statuses",
        "programs",
        "surfaces",
        "features",
        "routes",
        "certifications",
        "models",
        "retention",
        "controllers",
        "residency",
        "phi_placements",
        "statements",
    ]
    assert set(data["programs"]["zdr"]["cells"]["web-search"]) == {
        "status",
        "status_label",
        "condition",
        "activation",
        "source",
        "cited",
        "verified_on",
        "note",
    }


def test_healthz_answers_200_for_load_balancers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_home_page_renders_with_the_change_log_in_the_navigation(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<a href="/changes/">What changed</a>' in response.content.decode()
