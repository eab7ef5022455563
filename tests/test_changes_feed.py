"""The public change log (/changes/) and its Atom feed (/changes/feed/, RFC 4287)."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from policydata import models as pm
from policydata.publishing import publish

pytestmark = pytest.mark.usefixtures("policy")

ATOM = "{http://www.w3.org/2005/Atom}"
BATCH = "Batch API — HIPAA readiness (BAA): not eligible → eligible"
WEB_SEARCH = "Web search — Zero data retention (ZDR): not stated → eligible"
TOKENS = "Token counting — Zero data retention (ZDR): eligible → not stated"


def set_cell(program: str, offering: str, status: str, verified: dt.date) -> None:
    cell = pm.Eligibility.objects.get(program__slug=program, offering__slug=offering)
    cell.status = status
    cell.verified_on = verified
    cell.save()


@pytest.fixture
def second_version(editor):
    """v2: two cells loosened and one tightened, and a certification changed."""
    set_cell("hipaa", "batch-api", "eligible", dt.date(2026, 11, 20))
    set_cell("zdr", "web-search", "eligible", dt.date(2026, 11, 21))
    set_cell("zdr", "token-counting", "not_stated", dt.date(2026, 11, 21))
    cert = pm.Certification.objects.get(slug="fedramp")
    cert.status = "held"
    cert.save()
    return publish("Batch API and web search confirmed; token counting under review.", editor)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_change_log_is_in_the_main_navigation(client):
    for url in ("/", "/matrix/", "/changes/", "/verify/"):
        assert '<a href="/changes/">What changed</a>' in client.get(url).content.decode(), url


def test_a_version_reads_as_sentences_grouped_by_offering(client, second_version):
    html = client.get("/changes/").content.decode()
    v2 = html[html.index('id="v2"') : html.index('id="v1"')]
    assert "Batch API and web search confirmed; token counting under review." in v2
    assert "3 cells changed, 2 loosened, 1 tightened; 1 other fact changed." in v2
    text = text_of(v2)
    assert f"{BATCH} (source: Anthropic developer documentation" in text
    assert "verified 2026-11-20" in text
    assert WEB_SEARCH in text
    assert TOKENS in text
    assert "FedRAMP — certification: not asserted (not listed) → held" in text
    # A cell's new date goes with its new status, not in a sentence of its own.
    assert "verified date" not in text
    # Grouped by offering, in the matrix's order; the other facts after them.
    order = [
        text.index(s) for s in ("Token counting —", "Web search —", "Batch API —", "FedRAMP —")
    ]
    assert order == sorted(order)


def test_the_initial_load_is_summarised_with_a_link_to_the_full_list(client):
    html = client.get("/changes/").content.decode()
    assert "Initial load: 224 facts from the source document." in html
    assert "added as" not in html  # not listed line by line
    assert 'href="/changes/v1/"' in html
    full = client.get("/changes/v1/").content.decode()
    assert '<h2 id="group-1">Claude API (Messages API, first-party)</h2>' in full
    assert text_of(full).count("added as") == 110 + 8  # every cell and certification
    assert "Added to the matrix" in full


def test_dates_in_the_change_log_are_kept_whole(client, editor):
    set_cell("hipaa", "batch-api", "not_eligible", dt.date(2026, 11, 20))  # only the date
    publish("Checked against the source on 2026-11-20.", editor)
    html = client.get("/changes/").content.decode()
    assert "Checked against the source on <time>2026-11-20</time>." in html
    assert "Batch API — HIPAA readiness (BAA): verified date <time>2026-06-13</time> → " in html
    assert "1 cell changed." in html


def test_since_keeps_working_with_or_without_the_v(client, second_version):
    for since in ("1", "v1", "V1"):
        html = client.get("/changes/", {"since": since}).content.decode()
        assert 'id="v2"' in html and 'id="v1"' not in html, since
        assert "Showing the versions published after v1." in html
    assert 'id="v1"' in client.get("/changes/", {"since": "junk"}).content.decode()
    assert client.get("/changes/v9/").status_code == 404


def test_a_long_version_links_to_its_full_list(client, editor):
    pm.Eligibility.objects.update(verified_on=dt.date(2026, 11, 25))
    publish("Every cell checked again.", editor)
    html = client.get("/changes/").content.decode()
    v2 = html[html.index('id="v2"') : html.index('id="v1"')]
    assert "110 cells changed." in v2
    assert "See all 110 changes" in v2 and 'href="/changes/v2/"' in v2
    assert "→" not in text_of(v2)


def feed(client, host: str = "testserver") -> ET.Element:
    response = client.get("/changes/feed/", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def is_absolute_iri(value: str) -> bool:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return parts.scheme == "tag" and re.fullmatch(r"[^,]+,\d{4}(-\d\d){0,2}:.+", parts.path)


def rfc3339(value: str) -> dt.datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value), value
    return dt.datetime.fromisoformat(value)


def assert_rfc4287(root: ET.Element) -> None:
    """The elements RFC 4287 requires of a feed and its entries, and what they must hold."""
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name  # 4.1.1: exactly one each
    assert is_absolute_iri(root.find(f"{ATOM}id").text)  # 4.2.6
    rfc3339(root.find(f"{ATOM}updated").text)  # 3.3
    entries = root.findall(f"{ATOM}entry")
    # 4.1.1: an author on the feed, or on every entry.
    feed_author = root.find(f"{ATOM}author/{ATOM}name")
    assert feed_author is not None or all(e.find(f"{ATOM}author") for e in entries)
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and is_absolute_iri(self_links[0].get("href"))
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):  # 4.1.2: exactly one each
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        entry_id = entry.find(f"{ATOM}id").text
        assert is_absolute_iri(entry_id), entry_id
        ids.append(entry_id)
        rfc3339(entry.find(f"{ATOM}updated").text)
        # 4.1.2: no content, so a rel="alternate" link and a summary.
        assert entry.find(f"{ATOM}content") is None
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == 1
        assert len(entry.findall(f"{ATOM}summary")) == 1
    assert len(set(ids)) == len(ids)


def test_the_feed_is_valid_atom_with_absolute_unique_ids(client, second_version):
    root = feed(client)
    assert_rfc4287(root)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text[:2] for e in entries] == ["v2", "v1"]
    for entry, number in zip(entries, (2, 1), strict=True):
        link = next(x for x in entry.findall(f"{ATOM}link") if x.get("rel") == "alternate")
        assert link.get("href") == f"http://testserver/changes/#v{number}"
        published = rfc3339(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}id").text == (
            f"tag:testserver,{published:%Y-%m-%d}:policy-version-{number}"
        )


def test_two_deployments_never_share_entry_ids(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "compliance.example.org"]
    ours = {e.find(f"{ATOM}id").text for e in feed(client).iter(f"{ATOM}entry")}
    theirs = {
        e.find(f"{ATOM}id").text
        for e in feed(client, "compliance.example.org").iter(f"{ATOM}entry")
    }
    assert ours and theirs and not ours & theirs
    assert all(i.startswith("tag:compliance.example.org,") for i in theirs)


def test_an_entry_holds_the_same_summary_as_the_page(client, second_version):
    entries = feed(client).findall(f"{ATOM}entry")
    latest = entries[0].find(f"{ATOM}summary")
    assert latest.get("type") == "html"
    text = text_of(latest.text)
    assert "3 cells changed, 2 loosened, 1 tightened; 1 other fact changed." in text
    assert BATCH in text and WEB_SEARCH in text
    initial = entries[1].find(f"{ATOM}summary").text
    assert "Initial load: 224 facts from the source document." in initial
    assert 'href="http://testserver/changes/v1/"' in initial  # absolute, for a feed reader
    assert "added as" not in initial


def test_the_admin_preview_keeps_its_own_wording(client, editor):
    set_cell("hipaa", "batch-api", "eligible", dt.date(2026, 11, 20))
    client.force_login(editor)
    page = client.get("/admin/policydata/policyversion/publish/").content.decode()
    assert "Batch API — HIPAA readiness (BAA)" in page and ">not eligible</span> → " in page
