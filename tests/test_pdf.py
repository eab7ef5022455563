"""The printable summary, the PDF, tamper evidence and safe rendering."""

import hashlib
import io
import re

import pypdf
import pytest
from django.core.cache import cache

from policydata import models as pm
from policydata.publishing import publish
from wizard import pdf as wizard_pdf
from wizard.assessments import canonical_json
from wizard.models import SavedAssessment

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


def test_printable_summary_has_no_navigation_and_cites_everything(client):
    saved = create(client)
    page = client.get(f"/a/{saved.token}/print/").content.decode()
    assert "site-header" not in page
    assert "Verdict: Blocked" in page
    assert saved.digest in page
    assert "Appendix A: the facts this assessment rests on" in page
    assert "Blocker: Batch API isn&#x27;t HIPAA-eligible, so it can&#x27;t be used with PHI" in page
    assert "hipaa-feature-blocked" not in page.replace('data-code="hipaa-feature-blocked"', "")
    assert "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)" in page
    assert "cited by the source" in page
    assert 'href="None"' not in page
    assert 'class="box"' in page  # the action checklist has check boxes


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
    assert "Your answers" in text
    assert "hipaa-feature-blocked" not in text  # codes stay in the JSON
    assert "Recommended configuration" in text
    assert "Action checklist" in text
    assert "Appendix B: sources" in text
    assert saved.policy_version in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert saved.digest[:12] in text
    flat = " ".join(text.replace("-\n", "-").split())  # a line may wrap after a hyphen
    for finding in saved.result["findings"]:
        assert " ".join(finding["message"].split()) in flat, finding["code"]
    assert "Batch API isn't HIPAA-eligible, so it can't be used with PHI" in flat
    for value in (
        "HIPAA-enabled organization",
        'Create each workspace with workspace geo "us"',
        "Workspace for Covered Models",
    ):
        assert value in flat


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
