"""The result and saved pages speak the buyer's language: titles, headline, answers and
settings in words; never a finding code, a slug, a table name or a Python repr."""

import html
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from policydata import models as pm
from policydata.contract import FINDING_CODES
from policydata.matrix import current_matrix
from policydata.publishing import publish
from policydata.service import assess_answers
from tests.matrices import seed_matrix
from wizard.assessments import compare_results
from wizard.flow import DEFAULT_ANSWERS
from wizard.models import Draft, SavedAssessment
from wizard.summary import build_summary, describe_answers
from wizard.wording import (
    ANSWER_LABELS,
    TITLES,
    answer_text,
    configuration_lines,
    finding_title,
    has_title,
    headline,
    vocabulary,
)

MATRIX = seed_matrix()
NAMES = vocabulary(MATRIX).names

# Realistic buyers, and the verdict each one gets.
SCENARIOS = {
    "PHI with Claude Code": ({"phi": True, "surfaces": ["claude-code"]}, "blocked"),
    "EU storage on the Claude API": (
        {"eu_data_subjects": True, "storage_region": "eu", "surfaces": ["messages-api"]},
        "blocked",
    ),
    "ZDR with Bedrock": (
        {"zero_retention": True, "surfaces": ["amazon-bedrock"], "models": ["claude-fable-5"]},
        "ready_with_conditions",
    ),
    "ready": ({"surfaces": ["messages-api"], "models": ["claude-opus-4-6"]}, "ready"),
    "ready with conditions": (
        {
            "zero_retention": True,
            "browser_client": True,
            "inference_region": "us",
            "surfaces": ["messages-api"],
            "models": ["claude-sonnet-4-6"],
        },
        "ready_with_conditions",
    ),
    "consumer plans with EU data": (
        {"eu_data_subjects": True, "surfaces": ["claude-pro", "claude-max"]},
        "ready_with_conditions",
    ),
    "nearly everything at once": (
        {
            "phi": True,
            "zero_retention": True,
            "eu_data_subjects": True,
            "browser_client": True,
            "storage_region": "us",
            "inference_region": "eu",
            "surfaces": ["messages-api", "amazon-bedrock", "claude-code", "cowork"],
            "claude_code_access": "team",
            "features": ["batch-api", "web-search", "structured-outputs"],
            "models": ["claude-fable-5", "claude-opus-4-5"],
            "certifications": ["soc2-type2", "fedramp"],
        },
        "blocked",
    ),
}
PYTHON_REPRS = re.compile(r"(?<![\w-])(True|False|None)(?![\w-])|\[|\]|'\]|\['|\{'")
TABLE_WORDS = re.compile(r"(?<![\w-])(eligibility|phi_placement|row\.table|policy rows)(?![\w-])")
KEY_EQUALS_VALUE = re.compile(r"\b[a-z_]+ = \S")


def visible_text(page: str) -> str:
    """What a reader sees: no scripts or styles, no tags, so no attribute values either
    (hidden inputs, ids and data hooks included)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"</?(a|time|strong|em|cite|span|code|small|abbr)\b[^>]*>", "", page)
    page = re.sub(r"<[^>]*>", " ", page)
    return " ".join(html.unescape(page).split())


def slugs() -> set[str]:
    """Every slug a page could leak: offerings (surfaces, routes, features), models,
    certifications and programs."""
    return {*MATRIX.offerings, *MATRIX.models, *MATRIX.certifications, *MATRIX.programs}


def developer_words(text: str) -> list[str]:
    """The codes, slugs, table names and Python reprs in a text (whole tokens, exact case)."""
    # A source's own title, English that happens to spell a code.
    text = text.replace("consumer-terms update", "")
    found = [
        token
        for token in (*FINDING_CODES, "residency-unavailable-surface", *slugs())
        if re.search(rf"(?<![\w/.-]){re.escape(token)}(?![\w-])", text)
    ]
    found += [m.group(0) for m in PYTHON_REPRS.finditer(text)]
    found += [m.group(0) for m in TABLE_WORDS.finditer(text)]
    found += [m.group(0) for m in KEY_EQUALS_VALUE.finditer(text)]
    return found


def result_of(answers: dict) -> dict:
    result, errors = assess_answers(answers, MATRIX)
    assert not errors, errors
    return result


# ---- titles -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", FINDING_CODES)
def test_every_finding_code_has_a_title_written_for_a_buyer(code):
    assert has_title(code), f"{code} has no title in wizard/wording.py TITLES"
    title = finding_title({"code": code, "subject": "claude-code"}, NAMES)
    assert "{" not in title and code not in title
    assert developer_words(title) == []


def test_no_title_is_left_for_a_code_the_contract_does_not_have():
    assert set(TITLES) <= set(FINDING_CODES)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_real_finding_title_names_its_subject_in_words(scenario):
    answers, _ = SCENARIOS[scenario]
    for finding in result_of(answers)["findings"]:
        title = finding_title(finding, NAMES, answers)
        assert developer_words(title) == [], (finding["code"], title)
        if finding["subject"]:
            assert NAMES[finding["subject"]] in title, (finding["code"], title)


def test_a_not_stated_finding_reads_as_unknown_never_as_no():
    answers, _ = SCENARIOS["nearly everything at once"]
    answers = {**answers, "surfaces": [*answers["surfaces"], "third-party-integrations"]}
    unknown = [f for f in result_of(answers)["findings"] if f["code"].endswith("-not-stated")]
    assert {f["code"] for f in unknown} >= {"baa-not-stated", "zdr-not-stated"}
    for finding in unknown:
        title = finding_title(finding, NAMES, answers)
        assert title.startswith("The source doesn't say"), title
        assert "can't" not in title and "isn't" not in title


def test_the_titles_say_what_the_example_buyers_expect():
    claude_code = result_of({"phi": True, "surfaces": ["claude-code"]})["findings"][0]
    assert finding_title(claude_code, NAMES) == (
        "Claude Code can't be used with PHI under Anthropic's BAA"
    )
    third_party = result_of({"phi": True, "surfaces": ["third-party-integrations"]})
    [stated] = [f for f in third_party["findings"] if f["code"] == "baa-not-stated"]
    assert finding_title(stated, NAMES) == (
        "The source doesn't say whether Anthropic's BAA covers Third-party integrations"
    )
    team = result_of(
        {"zero_retention": True, "surfaces": ["claude-code"], "claude_code_access": "team"}
    )
    [route] = [f for f in team["findings"] if f["code"] == "zdr-not-eligible"]
    assert finding_title(route, NAMES) == (
        "Claude Code through Claude Team isn't eligible for zero data retention"
    )


# ---- the verdict --------------------------------------------------------------------------


def test_the_headline_names_what_decides_a_blocked_verdict():
    result = result_of({"phi": True, "surfaces": ["claude-code"]})
    assert headline(result["verdict"], result["findings"], NAMES) == (
        "Blocked: Claude Code can't be used with PHI under Anthropic's BAA"
    )


def test_with_several_blockers_the_headline_names_the_most_decisive_and_counts_the_rest():
    answers = {
        "phi": True,
        "surfaces": ["messages-api", "claude-code"],
        "features": ["batch-api", "files-api"],
    }
    result = result_of(answers)
    # A whole product ruled out comes before one of its features.
    assert headline(result["verdict"], result["findings"], NAMES, answers) == (
        "Blocked: Claude Code can't be used with PHI under Anthropic's BAA, and 2 more blockers"
    )


def test_a_ready_with_conditions_headline_names_a_condition_and_a_ready_one_says_so():
    answers, _ = SCENARIOS["ZDR with Bedrock"]
    result = result_of(answers)
    line = headline(result["verdict"], result["findings"], NAMES, answers)
    assert line.startswith("Ready, with conditions: the source doesn't say whether Amazon Bedrock")
    assert line.endswith("and 2 more conditions")
    ready = result_of(SCENARIOS["ready"][0])
    assert headline("ready", ready["findings"], NAMES) == (
        "Ready: nothing you asked for stands in the way"
    )


def test_the_summary_gives_at_most_three_decisive_reasons_linked_to_their_findings():
    answers, _ = SCENARIOS["nearly everything at once"]
    summary = build_summary(
        answers, result_of(answers), MATRIX, as_of=MATRIX_DATE, stale_after_days=180
    )
    assert 1 <= len(summary.decisive) <= 3
    anchors = {f["anchor"] for s in summary.sections for f in s.findings}
    assert all(reason["anchor"] in anchors for reason in summary.decisive)
    assert summary.decisive_more == summary.counts["blocker"] - 3
    assert summary.headline.endswith(f"and {summary.counts['blocker'] - 1} more blockers")


# ---- answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("phi", True, "Yes"),
        ("phi", False, "No"),
        ("phi", None, "Not answered"),
        ("storage_region", "eu", "European Union"),
        ("inference_region", "us", "United States"),
        ("storage_region", "any", "No requirement"),
        ("surfaces", ["claude-code"], "Claude Code"),
        (
            "surfaces",
            ["claude-pro", "claude-max", "claude-free"],
            "Claude Pro, Claude Max and Claude Free",
        ),
        ("surfaces", "claude-code", "Claude Code"),  # a single slug, as v1 stored some: not split
        ("models", ["claude-fable-5"], "Claude Fable 5"),
        ("models", [], "No particular model"),
        ("certifications", [], "No certification required"),
        ("claude_code_access", "team", "Through our Claude Team plan"),
    ],
)
def test_an_answer_reads_as_the_buyer_gave_it(key, value, words):
    assert answer_text(key, value, NAMES) == words


@pytest.mark.parametrize("key", ANSWER_LABELS)
@pytest.mark.parametrize(
    "value", [True, False, None, [], "eu", "us", "any", ["eu"], "claude-code", ("a-b",), "team"]
)
def test_the_answer_renderer_never_splits_a_string_or_prints_a_python_repr(key, value):
    text = answer_text(key, value, NAMES)
    assert text
    assert not PYTHON_REPRS.search(text), text
    assert not re.fullmatch(r"(\w, )+\w", text), text  # "e, u": a string split into letters


def test_describe_answers_marks_unanswered_questions():
    lines = describe_answers(
        {"phi": True, "surfaces": ["claude-code"], "models": []},
        NAMES,
        show_access=True,
        unanswered=frozenset({"models", "claude_code_access"}),
    )
    by_key = {line.key: line for line in lines}
    assert (by_key["phi"].value, by_key["phi"].answered) == ("Yes", True)
    assert (by_key["models"].value, by_key["models"].answered) == ("Not answered", False)
    assert by_key["claude_code_access"].value == "Not answered"
    assert not by_key["claude_code_access"].answered
    assert by_key["surfaces"].value == "Claude Code"


# ---- the configuration ----------------------------------------------------------------------


def settings_of(answers: dict) -> dict[str, str]:
    result = result_of(answers)
    lines = configuration_lines(result["configuration"], result["findings"], answers, NAMES)
    return {line.label: line.value for line in lines}


def test_the_configuration_says_so_where_no_setting_meets_a_requirement():
    settings = settings_of(
        {"storage_region": "eu", "inference_region": "eu", "surfaces": ["messages-api"]}
    )
    assert settings["Storage region"].startswith("No setting keeps data at rest in the EU")
    assert settings["Inference region"].startswith("No setting keeps inference in the EU")
    assert not any("global" in text or "multiplier" in text for text in settings.values())


def test_the_configuration_names_the_us_price_only_where_us_inference_is_set():
    us = settings_of({"inference_region": "us", "surfaces": ["messages-api"]})
    assert us["Inference region"] == (
        'Set inference_geo: "us" on every request, so inference runs in the US. It is priced '
        "at 1.1x the standard rate on supported models."
    )
    plain = settings_of({"surfaces": ["messages-api"]})
    assert "Inference region" not in plain
    assert not any("1.1x" in text or "price" in text for text in plain.values())


def test_the_configuration_lists_only_what_applies_in_sentences():
    answers = {
        "phi": True,
        "zero_retention": True,
        "browser_client": True,
        "surfaces": ["messages-api", "claude-enterprise"],
        "models": ["claude-fable-5"],
    }
    settings = settings_of(answers)
    assert settings["BAA for Claude Enterprise"].startswith("An admin activates HIPAA compliance")
    assert settings["Workspace for Covered Models"] == (
        "Turn on 30-day retention for a single workspace (Console > Settings > Workspaces > "
        "Privacy controls) and use Claude Fable 5 only there; zero data retention stays on "
        "everywhere else."
    )
    assert "Browser calls" in settings
    assert "Data controller (consumer plans)" not in settings
    for label, text in settings.items():
        assert developer_words(f"{label} {text}") == [], (label, text)
        assert text.endswith("."), text


# ---- the pages ----------------------------------------------------------------------------

MATRIX_DATE = MATRIX.offerings["messages-api"].fact.verified_on


def result_page(client, answers: dict) -> str:
    # A draft with every question answered (the wizard shows a result only then).
    draft = Draft.objects.create(answers={**DEFAULT_ANSWERS, **answers})
    response = client.get(f"/d/{draft.token}/result/")
    assert response.status_code == 200
    return response.content.decode()


def saved_page(client, answers: dict) -> tuple[SavedAssessment, str]:
    response = client.post("/api/assessments", answers, content_type="application/json")
    assert response.status_code == 201, response.content
    saved = SavedAssessment.objects.get(token=response.json()["id"])
    return saved, client.get(f"/a/{saved.token}/").content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_result_and_saved_pages_show_no_code_slug_table_name_or_repr(client, scenario):
    answers, verdict = SCENARIOS[scenario]
    result_text = visible_text(result_page(client, answers))
    saved, saved_html = saved_page(client, answers)
    saved_text = visible_text(saved_html)
    assert saved.result["verdict"] == verdict
    for text in (result_text, saved_text):
        assert developer_words(text) == []
        assert "Verdict:" in text
        # Every finding is there, under its plain title.
        for finding in saved.result["findings"]:
            assert finding_title(finding, NAMES, answers) in text
    # What the buyer answered reads as they answered it.
    assert "Products: " in result_text
    for name in (NAMES[s] for s in answers["surfaces"]):
        assert name in result_text


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
def test_the_verdict_box_comes_first_and_the_actions_sit_right_under_it(client):
    page = result_page(client, {"phi": True, "surfaces": ["claude-code"]})
    verdict = page.index('id="verdict-title"')
    save = page.index("Save and share")
    first_finding = page.index('class="finding')
    assert verdict < save < first_finding
    assert "Blocked: Claude Code can't be used with PHI under Anthropic's BAA" in visible_text(page)
    assert "&#9744;" not in page and "\u2610" not in page  # no typed check boxes
    assert '<ol class="checklist">' in result_page(
        client, {"zero_retention": True, "surfaces": ["messages-api"]}
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
def test_the_why_trace_is_plain_lines_with_sources(client):
    page = result_page(client, {"phi": True, "surfaces": ["claude-code"]})
    text = visible_text(page)
    assert "You answered: Protected health information (PHI): Yes; Products: Claude Code" in text
    assert (
        "Claude Code — HIPAA readiness (BAA): Not eligible (Not covered under HIPAA readiness). "
        "Source: Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026) "
        "(verified 2026-06-13)"
    ) in text
    eu = visible_text(result_page(client, {"storage_region": "eu", "surfaces": ["messages-api"]}))
    assert "Storage region: European Union" in eu
    assert "No setting keeps data at rest in the EU" in eu


def render(template: str, context: dict) -> str:
    request = RequestFactory().get("/")
    request.csp_nonce = "test"
    return render_to_string(template, context, request=request)


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
def test_the_way_to_ready_offers_each_remedy_as_a_post_form_when_there_is_a_try_url():
    answers = {"phi": True, "surfaces": ["messages-api", "claude-code"], "features": ["batch-api"]}
    result = {
        **result_of(answers),
        "remedies": [
            {"summary": "Stop using Claude Code.", "changes": [], "verdict": "blocked"},
            {
                "summary": "Stop using Claude Code; leave out Batch API.",
                "changes": [],
                "verdict": "ready",
            },
        ],
    }
    summary = build_summary(
        answers, result, current_matrix(), as_of=MATRIX_DATE, stale_after_days=180
    )
    draft = Draft.objects.create(answers=answers)
    context = {"draft": draft, "summary": summary, "review_url": "/review/"}
    without = render("wizard/result.html", context)
    assert "The way to ready" not in without
    page = render("wizard/result.html", {**context, "try_url": f"/d/{draft.token}/try/"})
    assert "The way to ready" in page
    forms = re.findall(r'<form method="post" action="/d/[^"]+/try/">(.*?)</form>', page, re.S)
    assert len(forms) == 2
    assert '<input type="hidden" name="remedy" value="1">' in forms[1]
    assert "Try this" in forms[1] and "csrfmiddlewaretoken" in forms[1]
    text = visible_text(page)
    assert "Stop using Claude Code; leave out Batch API. This gives: Ready" in text
    # Old saved results have no remedies: the section is simply absent.
    old = build_summary(
        answers,
        result_of(answers) | {"remedies": []},
        None,
        as_of=MATRIX_DATE,
        stale_after_days=180,
    )
    assert "The way to ready" not in render(
        "wizard/result.html", {**context, "summary": old, "try_url": "/t/"}
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
def test_a_just_saved_page_confirms_and_offers_the_link_to_copy(client):
    saved, page = saved_page(client, {"phi": True, "surfaces": ["claude-code"]})
    assert "Assessment saved" not in page
    assert page.count('id="share-link"') == 1
    assert "Start a new assessment from these answers" in page  # on every saved page
    matrix = current_matrix()
    context = {
        "saved": saved,
        "summary": build_summary(
            saved.answers, saved.result, matrix, as_of=MATRIX_DATE, stale_after_days=180
        ),
        "diff": None,
        "rerun_errors": [],
        "share_url": f"http://testserver/a/{saved.token}/",
        "just_saved": True,
    }
    confirmed = render("wizard/saved.html", context)
    assert "Assessment saved" in confirmed
    assert confirmed.count('id="share-link"') == 1
    assert re.search(
        r'<input id="share-link" type="text" readonly value="http://testserver/a/', confirmed
    )
    assert re.search(
        r'<button type="button" class="button" data-copy="share-link" hidden>Copy link</button>',
        confirmed,
    )
    assert 'aria-live="polite" data-copy-status="share-link"' in confirmed
    assert "Anyone with the link can open it. It is read-only and frozen" in confirmed
    assert "Start a new assessment from these answers" in confirmed


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
def test_the_policy_changed_banner_speaks_plain_words(client):
    answers = {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]}
    saved, _ = saved_page(client, answers)
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    cell.status = "eligible"
    cell.save()
    publish("Batch API is now HIPAA-eligible.")
    page = client.get(f"/a/{saved.token}/").content.decode()
    text = visible_text(page)
    assert "The current policy gives a different result" in text
    assert (
        "Removed: Batch API isn't HIPAA-eligible, so it can't be used with PHI (was a blocker)"
        in text
    )
    assert "would give: Ready (saved: Blocked)" in text
    assert developer_words(text) == []
    matrix = current_matrix()
    current, _ = assess_answers(saved.answers, matrix)
    context = {
        "saved": saved,
        "summary": build_summary(
            saved.answers, saved.result, matrix, as_of=MATRIX_DATE, stale_after_days=180
        ),
        "diff": compare_results(saved.result, current),
        "rerun_errors": [],
        "share_url": "http://testserver/a/x/",
        "current_policy_version": matrix.version,
    }
    page = render("wizard/saved.html", context)
    assert f"against policy version {matrix.version}, these answers would give" in page
    # Today's result can be saved beside this one and compared with it.
    assert f'action="/a/{saved.token}/rerun/"' in page
    assert "Save today's result and compare" in page


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_review_and_compare_pages_show_no_code_slug_table_name_or_repr(client, scenario):
    answers, _verdict = SCENARIOS[scenario]
    draft = Draft.objects.create(answers={**DEFAULT_ANSWERS, **answers})
    review = client.get(f"/d/{draft.token}/review/")
    assert review.status_code == 200
    assert developer_words(visible_text(review.content.decode())) == []
    saved, _ = saved_page(client, answers)
    other, _ = saved_page(client, SCENARIOS["nearly everything at once"][0])
    for first, second in ((saved, other), (other, saved)):
        page = client.get(f"/compare/{first.token}/{second.token}/")
        assert page.status_code == 200
        text = visible_text(page.content.decode())
        assert developer_words(text) == []
        assert "Compare two assessments" in text
