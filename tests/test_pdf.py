"""The printable summary, the PDF, tamper evidence and safe rendering."""

import gc
import hashlib
import io
import re
import zlib
from pathlib import Path

import pypdf
import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string

from policydata import models as pm
from policydata.matrix import current_matrix
from policydata.publishing import publish
from wizard import pdf as wizard_pdf
from wizard.assessments import canonical_json, digest_groups
from wizard.flow import DEFAULT_ANSWERS
from wizard.models import Draft, SavedAssessment
from wizard.summary import MAX_MUST_DO, build_document, number_ranges, url_text

pytestmark = pytest.mark.usefixtures("policy")

ANSWERS = {
    "phi": True,
    "zero_retention": True,
    "browser_client": True,
    "storage_region": "us",
    "surfaces": ["messages-api", "amazon-bedrock"],
    "features": ["batch-api", "web-search"],
    "models": ["claude-fable-5"],
    "certifications": ["soc2-type2", "fedramp"],
}


@pytest.fixture(autouse=True)
def _cold_cache():
    cache.clear()
    yield
    cache.clear()


def create(client, answers=ANSWERS) -> SavedAssessment:
    response = client.post("/api/assessments", answers, content_type="application/json")
    assert response.status_code == 201
    return SavedAssessment.objects.get(token=response.json()["id"])


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as one line of words (a line broken after a hyphen joined again)."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("-\n", "-").split())


def test_printable_summary_has_no_navigation_and_cites_everything(client):
    saved = create(client)
    page = client.get(f"/a/{saved.token}/print/").content.decode()
    assert "site-header" not in page
    assert "Verdict: Blocked" in page
    assert " ".join(digest_groups(saved.digest)) in page
    assert "Appendix: the facts this assessment rests on" in page
    assert "Batch API isn&#x27;t HIPAA-eligible, so it can&#x27;t be used with PHI" in page
    assert "hipaa-feature-blocked" not in page  # no code, not even in an attribute
    assert "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)" in page
    assert "Cited by the source" in page
    assert 'href="None"' not in page
    assert 'class="boxes"' in page  # the action checklist has boxes to tick


def test_the_print_page_has_a_print_button_for_scripts_and_a_way_back(client):
    saved = create(client)
    page = client.get(f"/a/{saved.token}/print/").content.decode()
    # Shown by static/js/app.js; hidden without JavaScript, and both hidden on paper.
    assert '<button type="button" data-print hidden>Print</button>' in page
    assert f'<a href="http://testserver/a/{saved.token}/">Back to the saved assessment</a>' in page
    assert re.search(r'<script src="/static/js/app\.js" defer></script>', page)
    # The strict CSP: no inline script or style.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page and " style=" not in page
    css = Path(finders.find("css/print.css")).read_text()
    assert re.search(r"@media print \{\s*\.doc-tools \{ display: none; \}", css)


def test_pdf_is_a_tagged_pdf_ua_document_with_metadata(client):
    saved = create(client)
    response = client.get(f"/a/{saved.token}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Claude compliance assessment: Blocked"
    assert reader.metadata.author == "Claude compliance decision wizard"
    assert saved.digest in reader.metadata.subject
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp


def test_pdf_content_has_verdict_answers_findings_configuration_and_sources(client):
    saved = create(client)
    response = client.get(f"/a/{saved.token}.pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Verdict: Blocked" in text
    assert "What you must do" in text
    assert "Your requirements, as stated" in text
    assert "hipaa-feature-blocked" not in text  # codes stay in the JSON
    assert "Recommended configuration" in text
    assert "Action checklist" in text
    assert "Sources" in text
    assert saved.policy_version in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert saved.digest[:12] in text
    flat = " ".join(text.replace("-\n", "-").split())  # a line may wrap after a hyphen
    bare = "".join(text.split())  # or after a slash
    for finding in saved.result["findings"]:
        assert "".join(finding["message"].split()) in bare, finding["code"]
    assert "Batch API isn't HIPAA-eligible, so it can't be used with PHI" in flat
    for value in (
        "HIPAA-enabled organization",
        'Create each workspace with workspace geo "us"',
        "Workspace for Covered Models",
    ):
        assert value in flat


def test_each_finding_is_printed_once_and_the_checklist_is_not_a_copy_of_cards(client):
    saved = create(client)  # several blockers decide it: page 1 names them, no message
    bare = "".join(pdf_text(client.get(f"/a/{saved.token}.pdf").content).split())
    for finding in saved.result["findings"]:
        assert bare.count("".join(finding["message"].split())) == 1, finding["code"]


def test_pdf_filename_says_what_it_is_and_inline_is_an_option(client):
    saved = create(client)
    response = client.get(f"/a/{saved.token}.pdf")
    expected = f"claude-compliance-assessment-{saved.created_at:%Y-%m-%d}-{saved.token[:8]}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    inline = client.get(f"/a/{saved.token}.pdf?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")


def test_pdf_is_deterministic_and_served_with_an_etag_and_304(client):
    saved = create(client)
    first = client.get(f"/a/{saved.token}.pdf")
    cache.clear()
    second = client.get(f"/a/{saved.token}.pdf")
    assert first.content == second.content
    etag = first["ETag"]
    assert etag
    again = client.get(f"/a/{saved.token}.pdf", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_a_repeat_download_answers_from_the_cache(client, monkeypatch):
    saved = create(client)
    client.get(f"/a/{saved.token}.pdf")
    calls = []
    monkeypatch.setattr("wizard.views.render_pdf", lambda *a, **k: calls.append(1) or b"")
    assert client.get(f"/a/{saved.token}.pdf").status_code == 200
    assert calls == []


def test_the_digest_is_the_sha256_of_the_canonical_json(client):
    saved = create(client)
    canonical = canonical_json(
        saved.token,
        saved.created_at.isoformat(),
        saved.answers,
        saved.result,
        saved.policy_rows,
    )
    assert hashlib.sha256(canonical).hexdigest() == saved.digest


def test_verify_finds_a_matching_digest_and_says_what_it_says(client):
    saved = create(client)
    page = client.get("/verify/", {"digest": saved.digest.upper()}).content.decode()
    assert "Match" in page
    assert "Blocked" in page
    assert "Batch API isn&#x27;t HIPAA-eligible, so it can&#x27;t be used with PHI" in page
    assert "hipaa-feature-blocked" not in page  # titles in words, codes only in the JSON
    # The verify page never reveals the share link.
    assert saved.token not in page


def test_verify_reports_no_match_and_rejects_a_malformed_digest(client):
    create(client)
    page = client.get("/verify/", {"digest": "0" * 64}).content.decode()
    assert "No match" in page
    response = client.get("/verify/", {"digest": "not-a-digest"})
    assert response.status_code == 400
    assert "64 hexadecimal characters" in response.content.decode()


HOSTILE = '<img src="http://127.0.0.1:9/x"><script>alert(1)</script>'


def test_admin_text_is_escaped_and_fetches_nothing_in_html_and_pdf(client, monkeypatch):
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.condition = HOSTILE
    cell.save()
    publish("Hostile note, as an attacker with admin access might write.")
    saved = create(client)
    page = client.get(f"/a/{saved.token}/print/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert '<img src="http://127.0.0.1:9/x">' not in page
    assert "&lt;script&gt;" in page

    fetched: list[str] = []
    original = wizard_pdf.static_path

    def recording(url):
        fetched.append(url)
        return original(url)

    monkeypatch.setattr(wizard_pdf, "static_path", recording)
    response = client.get(f"/a/{saved.token}.pdf")
    assert response.status_code == 200
    assert fetched  # the stylesheet went through the fetcher
    assert all(re.match(r"https://pdf\.invalid/static/", url) for url in fetched)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "<script>alert(1)</script>" in text  # shown as text, never as markup


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "file:///etc/passwd",
        "https://pdf.invalid/static/../config/settings.py",
        "https://pdf.invalid/media/secret.txt",
        "https://example.com/static/css/print.css",
        "https://pdf.invalid/static/css/missing.css",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_our_static_files(url):
    assert wizard_pdf.static_path(url) is None
    fetcher = wizard_pdf.make_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_the_pdf_fetcher_serves_our_stylesheet():
    response = wizard_pdf.make_fetcher().fetch("https://pdf.invalid/static/css/print.css")
    assert b"@page" in response.read()


def test_pdf_of_an_unknown_token_is_a_404(client):
    assert client.get("/a/" + "A" * 43 + ".pdf").status_code == 404


def test_the_pdf_fetcher_serves_collected_hashed_static_files(settings, tmp_path):
    # With DEBUG off, {% static %} names the hashed copy that collectstatic wrote.
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.0123abcd.css").write_text("@page { size: A4 }")
    settings.STATIC_ROOT = tmp_path
    found = wizard_pdf.static_path("https://pdf.invalid/static/css/print.0123abcd.css")
    assert found == tmp_path / "css" / "print.0123abcd.css"
    assert wizard_pdf.static_path("https://pdf.invalid/static/../../etc/passwd") is None
    assert wizard_pdf.static_path("https://pdf.invalid/static/css/%2e%2e/%2e%2e/x") is None


# ---- page 1: who it is for, what it is, the answer, the next steps -------------------------


def save_with(client, answers: dict, **prepared_for: str) -> SavedAssessment:
    """Save through the wizard's save form, which takes who the document is for."""
    draft = Draft.objects.create(answers={**DEFAULT_ANSWERS, **answers})
    response = client.post(f"/d/{draft.token}/save/", prepared_for)
    assert response.status_code == 302
    return SavedAssessment.objects.get(token=response["Location"].split("/")[2])


def test_page_one_says_who_it_is_for_escaped_and_what_the_document_is(client):
    saved = save_with(
        client,
        ANSWERS,
        organisation='Acme <img src=x onerror="alert(1)"> Health',
        project="Triage bot",
        prepared_by="Privacy office",
    )
    page = client.get(f"/a/{saved.token}/print/").content.decode()
    assert "<img src=x" not in page
    assert "Acme &lt;img src=x onerror=&quot;alert(1)&quot;&gt; Health" in page
    assert '<th scope="row">Prepared by</th><td>Privacy office</td>' in page
    assert (
        "This document assesses how Acme &lt;img src=x onerror=&quot;alert(1)&quot;&gt; Health "
        "can use Claude for Triage bot under the requirements stated below, against version "
        f"{saved.policy_version} of the policy data"
    ) in page
    text = pdf_text(client.get(f"/a/{saved.token}.pdf").content)
    assert 'Organisation Acme <img src=x onerror="alert(1)"> Health' in text


def test_without_names_the_prepared_for_block_is_left_out(client):
    saved = save_with(client, ANSWERS)
    page = client.get(f"/a/{saved.token}/print/").content.decode()
    assert "Prepared for" not in page
    assert "This document assesses how your organisation can use Claude under" in page


def test_the_way_to_ready_is_printed_with_the_verdict_each_change_gives_and_no_buttons(client):
    answers = {
        "phi": True,
        "surfaces": ["messages-api", "claude-enterprise"],
        "features": ["batch-api"],
        "models": ["claude-opus-4-6"],
    }
    saved = create(client, answers)
    assert saved.result["remedies"]
    page = client.get(f"/a/{saved.token}/print/").content.decode()
    remedies = page[page.index('<section class="remedies"') :]
    remedies = remedies[: remedies.index("</section>")]
    for remedy in saved.result["remedies"]:
        verdict = {"ready": "Ready", "ready_with_conditions": "Ready, with conditions"}
        assert f"{verdict[remedy['verdict']]}:</strong> {remedy['summary']}" in remedies
    assert "<form" not in remedies and "<button" not in remedies and "Try this" not in page


def test_what_you_must_do_fits_six_lines_and_names_the_blockers_first(client):
    saved = create(client)
    doc = build_document(
        saved, current_matrix(), verify_url="v", share_url="s", stale_after_days=365
    )
    assert len(doc.must_do) + bool(doc.must_do_more) <= MAX_MUST_DO
    verbs = [line.verb for line in doc.must_do]
    assert verbs[0] == "Resolve"
    assert verbs == sorted(verbs, key=["Resolve", "Confirm", ""].index)


def test_every_fact_a_finding_rests_on_is_numbered_once_in_the_appendix_in_words(client):
    saved = create(client)
    doc = build_document(
        saved, current_matrix(), verify_url="v", share_url="s", stale_after_days=365
    )
    numbers = [row.number for group in doc.fact_groups for row in group.rows]
    assert numbers == list(range(1, len(saved.policy_rows) + 1))
    for finding in [*doc.notes, *doc.checklist, *(f for s in doc.issues for f in s.findings)]:
        assert set(finding["fact_numbers"]) <= set(numbers)
        assert len(finding["fact_numbers"]) == len(finding["because"]["rows"])
        assert finding["rests_on"].startswith("fact")
    says = " ".join(row.says for row in doc.rows)
    assert "not_eligible" not in says and "set_by_platform" not in says
    assert "Not eligible" in says


def test_long_source_urls_are_shortened_in_print_and_linked_in_full(client, rf):
    saved = create(client)
    long_url = "https://docs.example.com/en/docs/build-with-claude/" + "a-very-long-page/" * 4
    saved.policy_rows = [
        {**row, "cited": {"title": "A long page", "url": long_url}} if i == 0 else row
        for i, row in enumerate(saved.policy_rows)
    ]
    doc = build_document(
        saved, current_matrix(), verify_url="v", share_url="s", stale_after_days=365
    )
    page = render_to_string("wizard/print.html", {"doc": doc})
    assert f'<a href="{long_url}" rel="noopener noreferrer">{url_text(long_url)}</a>' in page
    assert len(url_text(long_url)) <= 48 and url_text(long_url).endswith("…")
    assert url_text("https://www.anthropic.com/subprocessors") == "anthropic.com/subprocessors"


def test_fact_numbers_are_written_as_ranges():
    assert number_ranges([2, 7, 9, 10, 11]) == "2, 7 and 9–11"
    assert number_ranges([4, 5]) == "4 and 5"
    assert number_ranges([3]) == "3"


# ---- rendering: fast and still deterministic ------------------------------------------------


def test_the_collector_is_paused_while_rendering_and_resumed_after_the_last_render():
    assert gc.isenabled()
    with wizard_pdf.collector_paused():
        with wizard_pdf.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # another render is still running
    assert gc.isenabled()
    gc.disable()
    try:
        with wizard_pdf.collector_paused():
            pass
        assert not gc.isenabled()  # turned off by someone else: left off
    finally:
        gc.enable()


def test_pdf_streams_are_compressed_at_level_six_and_decompress_to_the_same_bytes():
    wizard_pdf._weasy()
    import pydyf

    assert isinstance(pydyf.zlib, wizard_pdf._Zlib)
    data = b"BT /F1 9 Tf (Claude compliance assessment) Tj ET\n" * 200
    packed = pydyf.zlib.compressobj(level=9)
    stream = packed.compress(data) + packed.flush()
    assert stream == zlib.compress(data, 6)
    assert zlib.decompress(stream) == data


def test_the_user_agent_stylesheet_loses_only_its_footnote_rules():
    from weasyprint.html import UA

    removed = wizard_pdf._NOTE_RULE.findall(UA)
    assert len(removed) == 5 and all("note" in rule for rule in removed)
    assert issubclass(wizard_pdf._document(), wizard_pdf._weasy().HTML)
    assert wizard_pdf.font_config() is wizard_pdf.font_config()  # made once per thread
