"""The one context object behind the result page, the saved page (and the printed summary).

Everything here is in the buyer's words (see wording.py): the verdict's headline and what
decides it, a title for each finding, the why-trace as plain lines, the settings that
apply. Codes and slugs stay in the JSON (and in `data-code` hooks), never in the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policydata.matrix import PolicyMatrix

from .flow import uses_routes
from .wording import (
    ANSWER_LABELS,
    MAX_DECISIVE,
    NOT_ANSWERED,
    ConfigLine,
    Vocabulary,
    answer_text,
    answers_sentence,
    configuration_lines,
    decisive_findings,
    fact_text,
    finding_title,
    headline,
    subject_words,
    verdict_next_step,
    verdict_title,
    vocabulary,
)

__all__ = [
    "ANSWER_LABELS",
    "AnswerLine",
    "AssessmentDocument",
    "ConfigLine",
    "Section",
    "SourceLine",
    "Summary",
    "build_document",
    "build_summary",
    "describe_answers",
    "slug_names",
    "stale_rows",
]

SECTIONS = (
    ("blocker", "Blockers", "What stands in the way"),
    ("warning", "Warnings", "Conditions you must be able to meet"),
    ("action", "Action checklist", "What to set up"),
    ("info", "Context", "Worth knowing"),
)
STEP_OF = {
    "phi": "data",
    "eu_data_subjects": "data",
    "zero_retention": "data",
    "surfaces": "surfaces",
    "features": "features",
    "models": "setup",
    "storage_region": "setup",
    "inference_region": "setup",
    "browser_client": "setup",
    "certifications": "certifications",
    "claude_code_access": "access",
}


@dataclass(frozen=True)
class AnswerLine:
    key: str
    label: str
    value: str
    step: str
    answered: bool = True


@dataclass(frozen=True)
class Section:
    severity: str
    title: str
    subtitle: str
    findings: list[dict[str, Any]]


@dataclass(frozen=True)
class Summary:
    verdict: str
    verdict_title: str
    verdict_explanation: str
    answers: list[AnswerLine]
    sections: list[Section]
    configuration: list[ConfigLine]
    policy_version: str
    stale_after_days: int
    counts: dict[str, int] = field(default_factory=dict)
    # "Blocked: Claude Code can't be used with PHI under Anthropic's BAA, and 2 more blockers"
    headline: str = ""
    # The one to three findings that decide the verdict: {title, anchor, message}.
    decisive: list[dict[str, str]] = field(default_factory=list)
    decisive_more: int = 0  # deciding findings beyond the three shown
    # The way to a better verdict: {index, summary, verdict, verdict_title}.
    remedies: list[dict[str, Any]] = field(default_factory=list)
    # For words the templates build later (a saved result's differences today).
    names: Mapping[str, str] = field(default_factory=dict)
    given: Mapping[str, Any] = field(default_factory=dict)


def slug_names(matrix: PolicyMatrix | None) -> dict[str, str]:
    """Display names for every slug the matrix knows."""
    return dict(vocabulary(matrix).names)


def describe_answers(
    answers: dict[str, Any],
    names: dict[str, str],
    show_access: bool = False,
    unanswered: frozenset[str] = frozenset(),
) -> list[AnswerLine]:
    """Every answer in words, with its step; `unanswered` or missing ones: "Not answered"."""
    lines = []
    for key, label in ANSWER_LABELS.items():
        if key == "claude_code_access" and not show_access:
            continue  # asked only about Claude Code; older saved answers do not have it
        value = answers.get(key)
        answered = key not in unanswered and value is not None
        text = answer_text(key, value, names) if answered else NOT_ANSWERED
        lines.append(AnswerLine(key, label, text, STEP_OF[key], answered))
    return lines


def stale_rows(finding: dict[str, Any], as_of: dt.date, stale_after_days: int) -> list[dict]:
    """The policy rows behind a finding that were last verified too long before `as_of`."""
    cutoff = as_of - dt.timedelta(days=stale_after_days)
    return [
        r for r in finding["because"]["rows"] if dt.date.fromisoformat(r["verified_on"]) < cutoff
    ]


def _facts(rows: list[dict[str, Any]], words: Vocabulary) -> list[dict[str, Any]]:
    """The why-trace's facts: each in words, with its source, cited page and date."""
    return [
        {
            "text": fact_text(row, words),
            "source": row.get("source"),
            "cited": row.get("cited"),
            "verified_on": row.get("verified_on", ""),
        }
        for row in rows
    ]


def _finding(
    finding: dict[str, Any],
    index: int,
    words: Vocabulary,
    answers: dict[str, Any],
    as_of: dt.date,
    stale_after_days: int,
) -> dict[str, Any]:
    because = finding.get("because") or {"answers": {}, "rows": []}
    stale = stale_rows({"because": because}, as_of, stale_after_days)
    return {
        **finding,
        "anchor": f"finding-{index + 1}",
        "title": finding_title(finding, words.names, answers),
        "subject_name": subject_words(finding, words.names),
        "why_answers": answers_sentence(because.get("answers") or {}, words.names),
        "why_facts": _facts(because.get("rows") or [], words),
        "stale_rows": stale,
        "stale_facts": _facts(stale, words),
    }


def build_summary(
    answers: dict[str, Any],
    result: dict[str, Any],
    matrix: PolicyMatrix | None,
    *,
    as_of: dt.date,
    stale_after_days: int,
) -> Summary:
    """Turn answers + a contract result into what the pages (and the PDF) show.

    Staleness is judged as of `as_of` (today for a live result, the save date for a saved
    one), so a saved document never changes with the calendar.
    """
    words = vocabulary(matrix).for_version(result["policy_version"])
    names = words.names
    verdict = result["verdict"]
    findings = [
        _finding(f, index, words, answers, as_of, stale_after_days)
        for index, f in enumerate(result["findings"])
    ]
    sections = [
        Section(severity, title, subtitle, [f for f in findings if f["severity"] == severity])
        for severity, title, subtitle in SECTIONS
    ]
    remedies = [
        {
            "index": index,
            "summary": remedy.get("summary", ""),
            "verdict": remedy.get("verdict", ""),
            "verdict_title": verdict_title(remedy.get("verdict", "")),
        }
        for index, remedy in enumerate(result.get("remedies", []))
    ]
    decisive = decisive_findings(verdict, findings)
    return Summary(
        verdict=verdict,
        verdict_title=verdict_title(verdict),
        verdict_explanation=verdict_next_step(verdict),
        answers=describe_answers(
            answers, names, matrix is not None and uses_routes(answers, matrix)
        ),
        sections=sections,
        configuration=configuration_lines(
            result.get("configuration") or {}, result["findings"], answers, names
        ),
        policy_version=result["policy_version"],
        stale_after_days=stale_after_days,
        counts={s.severity: len(s.findings) for s in sections},
        headline=headline(verdict, findings, names, answers),
        decisive=[
            {"title": f["title"], "anchor": f["anchor"], "message": f["message"]}
            for f in decisive[:MAX_DECISIVE]
        ],
        decisive_more=max(0, len(decisive) - MAX_DECISIVE),
        remedies=remedies,
        names=names,
        given=answers,
    )


@dataclass(frozen=True)
class SourceLine:
    title: str
    url: str | None
    verified_on: str  # "" for a cited page


@dataclass(frozen=True)
class AssessmentDocument:
    """Everything the printable summary and the PDF show; built once, rendered twice."""

    title: str
    token: str
    short_token: str
    created_at: Any
    digest: str
    short_digest: str
    verify_url: str
    share_url: str
    summary: Summary
    checklist: list[dict[str, Any]]
    policy_rows: list[dict[str, Any]]
    sources: list[SourceLine]
    # The frozen rows in words, for the appendix: {text, source, cited, verified_on}.
    facts: list[dict[str, Any]] = field(default_factory=list)


def build_document(
    saved: Any,
    matrix: PolicyMatrix | None,
    *,
    verify_url: str,
    share_url: str,
    stale_after_days: int,
):
    """The document context of a saved assessment (answers, result and rows as frozen)."""
    summary = build_summary(
        saved.answers,
        saved.result,
        matrix,
        as_of=saved.created_at.date(),
        stale_after_days=stale_after_days,
    )
    # The primary sources with their verified dates, then the pages they cite (no date:
    # not checked independently). Rows saved under contract v1 have no "cited".
    sources: dict[tuple, SourceLine] = {}
    for row in saved.policy_rows:
        key = (row["source"]["title"], row["source"]["url"])
        if key not in sources or row["verified_on"] < sources[key].verified_on:
            sources[key] = SourceLine(
                row["source"]["title"], row["source"]["url"], row["verified_on"]
            )
    cited: dict[tuple, SourceLine] = {}
    for row in saved.policy_rows:
        if row.get("cited"):
            key = (row["cited"]["title"], row["cited"]["url"])
            cited.setdefault(key, SourceLine(row["cited"]["title"], row["cited"]["url"], ""))
    checklist = next(s.findings for s in summary.sections if s.severity == "action")
    return AssessmentDocument(
        title=f"Claude compliance assessment: {summary.verdict_title}",
        token=saved.token,
        short_token=saved.token[:8],
        created_at=saved.created_at,
        digest=saved.digest,
        short_digest=saved.digest[:12],
        verify_url=verify_url,
        share_url=share_url,
        summary=summary,
        checklist=checklist,
        policy_rows=saved.policy_rows,
        sources=[
            *sorted(sources.values(), key=lambda s: s.title),
            *sorted(cited.values(), key=lambda s: s.title),
        ],
        facts=_facts(saved.policy_rows, vocabulary(matrix).for_version(saved.policy_version)),
    )
