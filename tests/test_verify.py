"""Verifying a document from paper: the digest as printed, copied or typed, page and JSON."""

from __future__ import annotations

import html
import re

import pytest
from django.core.cache import cache

from wizard.assessments import DIGEST_INPUT_MAX, digest_groups, normalise_digest
from wizard.models import SavedAssessment

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
# What no page may style a miss or a success as: the red alarm of an error or a blocker.
ALARMS = ("error-summary", "field-error", "verdict--blocked", 'aria-invalid="true"')


@pytest.fixture
def saved(client, policy) -> SavedAssessment:
    response = client.post("/api/assessments", ANSWERS, content_type="application/json")
    assert response.status_code == 201
    cache.clear()
    return SavedAssessment.objects.get(token=response.json()["id"])


def grouped(digest: str, sep: str = " ") -> str:
    return sep.join(digest_groups(digest))


# (name, spelling of the digest d, what it is: "full", "prefix" or "invalid")
SPELLINGS = [
    ("as stored", lambda d: d, "full"),
    ("grouped 8 by 8 with spaces, as the PDF prints it", grouped, "full"),
    ("in two lines of 4 groups", lambda d: grouped(d[:32]) + "\n" + grouped(d[32:]), "full"),
    ("broken across lines in the middle of a group", lambda d: d[:30] + "\r\n" + d[30:], "full"),
    ("in groups of 4 joined by dashes", lambda d: "-".join(re.findall(".{4}", d)), "full"),
    ("in pairs joined by colons", lambda d: ":".join(re.findall("..", d)), "full"),
    ("in upper case", str.upper, "full"),
    ("with spaces and a line break around it", lambda d: f"  \t{d} \n", "full"),
    ("copied with no-break and zero-width spaces", lambda d: grouped(d, "\u00a0\u200b"), "full"),
    ("with an en dash between the groups", lambda d: grouped(d, " \u2013 "), "full"),
    ("with a SHA-256 label", lambda d: f"SHA-256: {grouped(d)}", "full"),
    ("the 12 characters of the footer", lambda d: d[:12], "prefix"),
    ("the footer's 12, split and in capitals", lambda d: f"{d[:6]} {d[6:12]}".upper(), "prefix"),
    ("the first 8 characters", lambda d: d[:8], "prefix"),
    ("63 characters", lambda d: d[:63], "prefix"),
    ("7 characters, too short", lambda d: d[:7], "invalid"),
    ("not hexadecimal", lambda d: "not-a-digest", "invalid"),
    ("with a letter O for a zero", lambda d: "O" + d[1:], "invalid"),
    ("65 characters", lambda d: d + "0", "invalid"),
    ("10,000 characters", lambda d: (d * 200)[:10_000], "invalid"),
    ("empty", lambda d: "", "invalid"),
    ("only spaces and dashes", lambda d: "  - -  ", "invalid"),
]  # fmt: skip
IDS = [name for name, _, _ in SPELLINGS]


# ---- the parsing, on its own ------------------------------------------------------------


@pytest.mark.parametrize(("name", "spell", "kind"), SPELLINGS, ids=IDS)
def test_every_spelling_of_a_digest_reads_as_the_digest_or_says_what_is_wrong(name, spell, kind):
    digest = "0123456789abcdef" * 4
    normalised, error = normalise_digest(spell(digest))
    if kind == "invalid":
        assert normalised is None
        assert error
        assert "hexadecimal character" in error or "Enter the digest" in error
    else:
        assert error is None
        assert normalised == (digest if kind == "full" else digest[: len(normalised)])
        assert kind == "full" or 8 <= len(normalised) < 64


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("not-a-digest", "64 hexadecimal characters"),
        ("O123456789ab", "a letter O is the digit 0"),
        ("0123456789al", "a letter l is the digit 1"),
        ("0123456", "at least the first 8"),
        ("0" * 65, "This has 65 hexadecimal characters; a digest has 64"),
        ("0" * 10_000, "too long to be a digest"),
        ("abc\x00def01", "U+0000"),
    ],
)
def test_a_malformed_digest_gets_a_message_that_says_what_to_fix(raw, words):
    assert words in normalise_digest(raw)[1]


def test_a_digest_is_shown_as_8_groups_of_8():
    digest = "0123456789abcdef" * 4
    assert digest_groups(digest) == ["01234567", "89abcdef"] * 4


# ---- the page ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "spell", "kind"), SPELLINGS, ids=IDS)
def test_the_verify_page_accepts_the_digest_as_printed_copied_or_typed(
    client, saved, name, spell, kind
):
    raw = spell(saved.digest)
    response = client.get("/verify/", {"digest": raw})
    page = response.content.decode()
    assert saved.token not in page
    if kind == "full":
        assert response.status_code == 200
        assert "This document matches an assessment saved on" in page
    elif kind == "prefix":
        assert response.status_code == 200
        assert "A saved assessment starts with these characters" in page
        assert f'href="/verify/?digest={saved.digest}"' in page
    else:
        assert response.status_code == 400
        assert 'class="field-error" id="digest-error"' in page
        assert 'aria-invalid="true"' in page
        # What was typed stays in the field, escaped and cut short.
        assert f'value="{html.escape(raw[:DIGEST_INPUT_MAX])}"' in page
        assert "No match" not in page and "Match found" not in page


def test_a_match_is_a_green_success_that_says_when_it_was_saved_and_what_it_says(client, saved):
    page = client.get("/verify/", {"digest": grouped(saved.digest).upper()}).content.decode()
    when = saved.created_at
    assert "verify-result--match" in page
    assert "Match found" in page
    assert 'class="verify-icon"' in page  # a check mark beside the words, not colour alone
    assert (
        f"This document matches an assessment saved on <time datetime="
        f'"{when.isoformat()}">{when:%Y-%m-%d} at {when:%H:%M} UTC</time>.'
    ) in page
    assert "Blocked: " in page  # the verdict in words, with what decides it
    assert f"<dd>{saved.policy_version}</dd>" in page
    assert "Batch API isn&#x27;t HIPAA-eligible, so it can&#x27;t be used with PHI" in page
    assert "hipaa-feature-blocked" not in page  # titles in words, codes only in the JSON
    for group in digest_groups(saved.digest):
        assert f"<span>{group}</span>" in page
    for alarm in ALARMS:
        assert alarm not in page


def test_the_footer_digest_shows_the_full_digest_to_compare_but_not_the_result(client, saved):
    page = client.get("/verify/", {"digest": saved.digest[:12].upper()}).content.decode()
    assert "A saved assessment starts with these characters" in page
    assert f"<code>{saved.digest[:12]}</code>" in page
    assert " ".join(f"<span>{g}</span>" for g in digest_groups(saved.digest)) in page
    assert f'<a href="/verify/?digest={saved.digest}">check the full digest</a>' in page
    # Only the full digest verifies: the short one does not show what the assessment says.
    assert "This document matches" not in page
    assert "Batch API isn&#x27;t HIPAA-eligible" not in page
    for alarm in ALARMS:
        assert alarm not in page


@pytest.mark.parametrize(
    ("digest", "words"),
    [
        ("0" * 64, "No saved assessment has this digest."),
        ("0" * 12, "No saved assessment has a digest that starts with these characters."),
    ],
)
def test_a_miss_is_a_warning_with_what_to_check_not_an_alarm(client, saved, digest, words):
    response = client.get("/verify/", {"digest": digest})
    page = response.content.decode()
    assert response.status_code == 200
    assert "verify-result--miss" in page
    assert words in page
    assert "a letter O is the digit 0, and a letter l or I is the digit 1" in page
    assert "The document names the address to verify it at" in page
    assert "produced elsewhere" in page
    for alarm in ALARMS:
        assert alarm not in page


@pytest.mark.django_db
def test_a_short_digest_that_several_assessments_start_with_asks_for_the_full_one(client):
    for tail in ("a" * 52, "b" * 52):
        SavedAssessment.objects.create(
            answers={},
            result={"verdict": "ready", "findings": []},
            policy_rows=[],
            policy_version="v1",
            digest="0123456789ab" + tail,
        )
    page = client.get("/verify/", {"digest": "0123 4567 89AB"}).content.decode()
    assert "More than one saved assessment starts with these characters" in page
    assert "all 64 characters" in page
    assert "a" * 52 not in page and "b" * 52 not in page
    body = client.get("/verify.json", {"digest": "0123456789ab"}).json()
    assert body["match"] is False
    assert body["ambiguous"] is True
    assert "digest" not in body
    # One more character tells them apart.
    body = client.get("/verify.json", {"digest": "0123456789abb"}).json()
    assert body["match"] is True
    assert body["digest"] == "0123456789ab" + "b" * 52


def test_what_was_typed_comes_back_escaped(client, saved):
    hostile = '"><script>alert(1)</script>'
    page = client.get("/verify/", {"digest": hostile}).content.decode()
    assert "<script>alert(1)" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "&lt;" in page  # the message names the characters, escaped too


def test_the_bare_verify_page_has_no_result_and_no_error(client, saved):
    response = client.get("/verify/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="status"' not in page
    assert "field-error" not in page


def test_no_verify_page_has_an_inline_style_or_script(client, saved):
    for digest in (saved.digest, saved.digest[:12], "0" * 64, "nope"):
        page = client.get("/verify/", {"digest": digest}).content.decode()
        assert " style=" not in page
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)


# ---- the JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "spell", "kind"), SPELLINGS, ids=IDS)
def test_verify_json_accepts_the_same_spellings_as_the_page(client, saved, name, spell, kind):
    response = client.get("/verify.json", {"digest": spell(saved.digest)})
    body = response.json()
    assert saved.token not in response.content.decode()
    if kind == "invalid":
        assert response.status_code == 400
        assert body["match"] is False
        assert body["error"]
        assert set(body) == {"match", "error"}
    else:
        assert response.status_code == 200
        assert body == {
            "match": True,
            "query": kind,
            "saved_on": saved.created_at.isoformat(),
            "verdict": "blocked",
            "policy_version": saved.policy_version,
            "digest": saved.digest,
        }


def test_verify_json_says_no_match_with_nulls(client, saved):
    for digest, query in (("0" * 64, "full"), ("0" * 12, "prefix")):
        response = client.get("/verify.json", {"digest": digest})
        assert response.status_code == 200
        assert response.json() == {
            "match": False,
            "query": query,
            "saved_on": None,
            "verdict": None,
            "policy_version": None,
        }


def test_verify_json_without_a_digest_is_a_400_that_says_so(client, db):
    response = client.get("/verify.json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "Enter the digest" in response.json()["error"]


def test_verify_json_answers_only_get(client, db):
    assert client.post("/verify.json", {"digest": "0" * 64}).status_code == 405


def test_the_verify_page_and_its_json_are_rate_limited(client, saved, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": (2, 3600)}
    cache.clear()
    assert client.get("/verify.json", {"digest": saved.digest}).status_code == 200
    assert client.get("/verify/", {"digest": saved.digest[:8]}).status_code == 200
    for url in ("/verify.json", "/verify/"):
        response = client.get(url, {"digest": saved.digest[:9]})
        assert response.status_code == 429
        assert int(response["Retry-After"]) >= 1
