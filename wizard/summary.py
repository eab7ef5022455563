"""The one context object behind the result page, the saved page (and the printed summary).

Everything here is in the buyer's words (see wording.py): the verdict's headline and what
decides it, a title for each finding, the why-trace as plain lines, the settings that
apply. Codes and slugs stay in the JSON (and in `data-code` hooks), never in the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from policydata.matrix import PolicyMatrix

from .assessments import digest_groups
from .flow import uses_routes
from .wording import (
    ANSWER_LABELS,
    CONTROL_WORDS,
    MAX_DECISIVE,
    NOT_ANSWERED,
    PLACEMENT_WORDS,
    PROGRAM_WORDS,
    TOPIC_WORDS,
    ConfigLine,
    Vocabulary,
    answer_text,
    answers_sentence,
    configuration_lines,
    decisive_findings,
    display_name,
    fact_text,
    finding_title,
    headline,
    names_in_words,
    status_text,
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
    "FactGroup",
    "FactRow",
    "MustDo",
    "Section",
    "SourceLine",
    "Summary",
    "build_document",
    "build_summary",
    "describe_answers",
    "fact_cells",
    "number_ranges",
    "slug_names",
    "stale_rows",
    "url_text",
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


# ---- the document: the printable page and the PDF -----------------------------------------
# Written for a reader who has only the paper: page 1 is the answer, the rest is in the order
# a legal reader checks it, and each finding points to the numbered facts of the appendix
# (which carry the source and the date) instead of repeating them.

MAX_MUST_DO = 6  # lines of page 1's "What you must do"
PREPARED_FOR = (
    ("organisation", "Organisation"),
    ("project", "Project"),
    ("prepared_by", "Prepared by"),
)
PREPARED_FOR_LENGTH = 120  # the model's limit, kept here too for rows saved before it
# The appendix: what the products and features are eligible for, then the other facts.
FACT_ORDER = (
    "eligibility",
    "certification",
    "model",
    "residency",
    "retention",
    "phi_placement",
    "controller",
    "offering",
    "program",
    "statement",
)
PROGRAM_ORDER = ("hipaa", "zdr", "data-residency")
TOPIC_OF_TABLE = {
    "certification": "Certifications",
    "model": "Models",
    "residency": "Data residency settings",
    "retention": "Retention periods",
    "phi_placement": "Where PHI may appear in a request",
    "controller": "Data controller under the Privacy Policy",
    "offering": "Terms of a product",
    "program": "What a program is",
    "statement": "What the source states",
}
URL_TEXT_LENGTH = 48


@dataclass(frozen=True)
class SourceLine:
    title: str
    url: str | None
    verified_on: str  # "" for a cited page
    number: int = 0  # as the appendix and the findings refer to it ("source 1")
    url_text: str = ""  # the URL as printed (short); the link goes to the whole URL
    cited_for: str = ""  # a cited page: the facts it is cited for ("facts 2, 7 and 9–11")


@dataclass(frozen=True)
class FactRow:
    """One fact of the appendix, in words: what it is about, the topic, what the source says."""

    number: int
    subject: str
    topic: str
    says: str
    source: int  # SourceLine.number
    cited: int | None  # the page the source cites for it, if any
    verified_on: str

    @property
    def source_words(self) -> str:
        return source_words(self.source, self.verified_on)


@dataclass(frozen=True)
class FactGroup:
    """The appendix's rows under one topic ("HIPAA readiness (BAA)", "Certifications")."""

    topic: str
    rows: list[FactRow]
    # "source 1, verified 2026-06-13" when every row shares it (else each row says its own).
    source: str = ""


@dataclass(frozen=True)
class MustDo:
    """One line of "What you must do": "Resolve" a blocker, "Confirm" a condition, or a step."""

    verb: str
    text: str
    anchor: str
    sentence: bool = False  # "Resolve the 3 blockers above", not "Resolve: <a title>"


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
    # The frozen rows in words: {text, source, cited, verified_on} (the appendix uses `rows`).
    facts: list[dict[str, Any]] = field(default_factory=list)
    # Who the document is for, as typed when saving: [(label, value)], only those given.
    prepared_for: list[tuple[str, str]] = field(default_factory=list)
    organisation: str = ""
    project: str = ""
    # The digest as printed for paper: 8 groups of 8 hex characters, and the bare verify page.
    digest_groups: str = ""
    verify_page: str = ""
    # Blockers and warnings (the sections that apply, in that order), then the notes; each
    # finding with `rests_on` ("facts 4 and 31 (source 1, verified ...)").
    issues: list[Section] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    must_do: list[MustDo] = field(default_factory=list)
    must_do_more: str = ""
    # "5 blockers, 10 warnings, 6 actions and 6 notes of context" (none of a kind: left out).
    counts: str = ""
    rows: list[FactRow] = field(default_factory=list)
    fact_groups: list[FactGroup] = field(default_factory=list)

    @property
    def cited_sources(self) -> list[SourceLine]:
        """The pages the sources cite (numbered after the primary sources)."""
        return [s for s in self.sources if not s.verified_on]


def url_text(url: str | None, limit: int = URL_TEXT_LENGTH) -> str:
    """A URL as printed: no scheme, no "www.", cut with an ellipsis past `limit` characters."""
    if not url:
        return ""
    text = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return text if len(text) <= limit else text[: limit - 1].rstrip("/.-_?&=") + "…"


def _capital(text: str) -> str:
    """ "not expected to contain PHI" -> "Not expected to contain PHI"."""
    return text[:1].upper() + text[1:]


def _fact_key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(row.get("table") or ""), str(row.get("program") or ""), str(row.get("subject")))


def fact_cells(row: Mapping[str, Any], words: Vocabulary) -> tuple[str, str, str]:
    """A policy row as the appendix prints it: (subject, topic, what the source says).

    A wording helper: like `fact_text`, but split into the table's columns.
    """
    table = str(row.get("table") or "")
    subject = str(row.get("subject") or "")
    status = str(row.get("status") or "")
    detail = str(row.get("detail") or "").strip()
    name = display_name(subject, words.names)
    if table == "eligibility":
        program = str(row.get("program") or "")
        topic = words.programs.get(program) or PROGRAM_WORDS.get(program, "Coverage")
        says = status_text(status)
        if detail and status != "not_stated":  # the data's note on "not stated" is for staff
            says = f"{says}. {detail}"
        return name, topic, says
    if table == "certification":
        held = status == "held"
        says = "Listed as held" if held else "Not in Anthropic's published certifications list"
        return name, TOPIC_OF_TABLE[table], says
    if table == "model":
        says = {
            "covered": "A Covered Model",
            "no inference_geo": "Does not support inference_geo",
        }.get(status, status_text(status))
        return name, TOPIC_OF_TABLE[table], says
    if table == "residency":
        control, _, value = subject.partition("=")
        return (
            CONTROL_WORDS.get(control, "A residency setting"),
            TOPIC_OF_TABLE[table],
            (f'"{value}" is available'),
        )
    if table == "retention":
        return words.retention.get(subject, "Data kept"), TOPIC_OF_TABLE[table], status
    if table == "phi_placement":
        says = PLACEMENT_WORDS.get(status, status_text(status).lower())
        location = words.placements.get(subject, "A place in a request")
        return location, TOPIC_OF_TABLE[table], _capital(says)
    if table == "controller":
        region = words.controllers.get(subject)
        return (
            (f"People in the {region}" if region else "Everyone else"),
            TOPIC_OF_TABLE[table],
            status,
        )
    if table == "statement":
        topic = words.topics.get(subject, "")
        about = TOPIC_WORDS.get(topic, "the source")
        return _capital(about), TOPIC_OF_TABLE[table], fact_text(row, words)
    if table == "program":
        program = words.programs.get(subject) or PROGRAM_WORDS.get(subject, "The program")
        return program, TOPIC_OF_TABLE[table], fact_text(row, words)
    if table in TOPIC_OF_TABLE:  # offering
        return name, TOPIC_OF_TABLE[table], fact_text(row, words)
    return "A fact", "", fact_text(row, words)


def _fact_sort_key(row: Mapping[str, Any], words: Vocabulary) -> tuple:
    table = str(row.get("table") or "")
    program = str(row.get("program") or "")
    group = FACT_ORDER.index(table) if table in FACT_ORDER else len(FACT_ORDER)
    rank = PROGRAM_ORDER.index(program) if program in PROGRAM_ORDER else len(PROGRAM_ORDER)
    return (group, rank, program, fact_cells(row, words)[0].lower())


def number_ranges(numbers: list[int]) -> str:
    """[2, 7, 9, 10, 11] -> "2, 7 and 9–11"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    items: list[str] = []
    for run in runs:
        items += [f"{run[0]}–{run[-1]}"] if len(run) > 2 else [str(n) for n in run]
    return names_in_words(items)


COUNT_WORDS = (
    ("blocker", "blocker", "blockers"),
    ("warning", "warning", "warnings"),
    ("action", "action", "actions"),
    ("info", "note of context", "notes of context"),
)


def counts_words(counts: Mapping[str, int]) -> str:
    """ "5 blockers, 10 warnings and 1 note of context" (a kind with none is left out)."""
    return names_in_words(
        f"{counts[key]} {one if counts[key] == 1 else many}"
        for key, one, many in COUNT_WORDS
        if counts.get(key)
    )


def _facts_words(numbers: list[int]) -> str:
    """ "fact 5", "facts 2, 7 and 9–11"."""
    return f"fact{'' if len(set(numbers)) == 1 else 's'} {number_ranges(numbers)}"


def source_words(source: int, verified_on: str) -> str:
    """ "source 1, verified 2026-06-13"."""
    return f"source {source}, verified {verified_on}" if verified_on else f"source {source}"


def _fact_groups(rows: list[FactRow]) -> list[FactGroup]:
    """The appendix by topic; a topic whose facts share a source and date says it once."""
    groups = []
    for topic in dict.fromkeys(r.topic for r in rows):
        members = [r for r in rows if r.topic == topic]
        shared = {source_words(r.source, r.verified_on) for r in members}
        groups.append(FactGroup(topic, members, shared.pop() if len(shared) == 1 else ""))
    return groups


def _rests_on(numbers: list[int], rows: dict[int, FactRow]) -> str:
    """ "facts 4 and 31 (source 1, verified 2026-06-13)": where a finding's facts are."""
    groups: dict[tuple[int, str], list[int]] = {}
    for number in sorted(set(numbers)):
        row = rows[number]
        groups.setdefault((row.source, row.verified_on), []).append(number)
    parts = []
    for (source, verified_on), group in groups.items():
        noun = "fact" if len(group) == 1 else "facts"
        where = source_words(source, verified_on)
        parts.append(f"{noun} {names_in_words([str(n) for n in group])} ({where})")
    return "; ".join(parts)


def _must_do(
    blockers: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    above: set[str],
) -> tuple[list[MustDo], str]:
    """At most MAX_MUST_DO lines: the blockers to resolve (those the verdict names above in
    one line, the others most decisive first), the conditions to confirm, then the steps;
    what does not fit is counted in a last line. `above`: the anchors the verdict names."""
    resolve: list[MustDo] = []
    named = [f for f in blockers if f["anchor"] in above]
    if named:
        text = "the blocker above" if len(named) == 1 else f"the {len(named)} blockers above"
        resolve.append(MustDo("Resolve", text, "verdict-title", sentence=True))
    rest = [f for f in decisive_findings("blocked", blockers) if f["anchor"] not in above]
    confirm: list[MustDo] = []
    named = [f for f in warnings if f["anchor"] in above]
    if len(warnings) == 1 and not named:
        confirm.append(MustDo("Confirm", warnings[0]["title"], warnings[0]["anchor"]))
    elif warnings:
        if len(warnings) == 1:
            text = "you can meet the condition above"
        elif len(named) == len(warnings):
            text = "you can meet each condition above"
        elif named:
            more = len(warnings) - len(named)
            text = f"you can meet each condition: the {len(named)} above and {more} more"
        else:
            text = f"you can meet each of the {len(warnings)} conditions under Warnings"
        anchor = "verdict-title" if named else "section-warning"
        confirm.append(MustDo("Confirm", text, anchor, sentence=True))
    room = MAX_MUST_DO - len(resolve) - len(confirm)
    if len(rest) + len(actions) > room:
        room -= 1  # the "and more" line
    shown_blockers = min(len(rest), 3 if actions else room)
    shown_actions = min(len(actions), room - shown_blockers)
    shown_blockers = min(len(rest), room - shown_actions)
    lines = [
        *resolve,
        *(MustDo("Resolve", f["title"], f["anchor"]) for f in rest[:shown_blockers]),
        *confirm,
        *(MustDo("", f["title"], f["anchor"]) for f in actions[:shown_actions]),
    ]
    more = []
    if len(rest) > shown_blockers:
        n = len(rest) - shown_blockers
        more.append(f"{n} more blocker{_plural(n)} to resolve")
    if len(actions) > shown_actions:
        n = len(actions) - shown_actions
        more.append(f"{n} more step{_plural(n)} in the checklist")
    return lines, (f"And {names_in_words(more)}, listed below." if more else "")


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


def build_document(
    saved: Any,
    matrix: PolicyMatrix | None,
    *,
    verify_url: str,
    share_url: str,
    stale_after_days: int,
) -> AssessmentDocument:
    """The document context of a saved assessment (answers, result and rows as frozen)."""
    summary = build_summary(
        saved.answers,
        saved.result,
        matrix,
        as_of=saved.created_at.date(),
        stale_after_days=stale_after_days,
    )
    words = vocabulary(matrix).for_version(saved.result["policy_version"])
    # Every fact the result rests on: the frozen rows, and any a finding names beyond them.
    by_key: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in saved.policy_rows:
        by_key.setdefault(_fact_key(row), row)
    for finding in saved.result["findings"]:
        for row in (finding.get("because") or {}).get("rows") or []:
            by_key.setdefault(_fact_key(row), row)
    ordered_rows = sorted(by_key.values(), key=lambda r: _fact_sort_key(r, words))

    # The primary sources with their verified dates (the earliest of their facts), then the
    # pages they cite (no date: not checked independently). v1 rows have no "cited".
    primary: dict[tuple, str] = {}
    cited: set[tuple] = set()
    for row in ordered_rows:
        key = (row["source"]["title"], row["source"]["url"])
        if key not in primary or row["verified_on"] < primary[key]:
            primary[key] = row["verified_on"]
        if row.get("cited"):
            cited.add((row["cited"]["title"], row["cited"]["url"]))
    keys = [*sorted(primary), *sorted(cited - set(primary))]
    number_of = {key: index + 1 for index, key in enumerate(keys)}
    sources = [
        SourceLine(
            title, url, primary.get((title, url), ""), number_of[(title, url)], url_text(url)
        )
        for title, url in keys
    ]

    rows: list[FactRow] = []
    fact_number: dict[tuple[str, str, str], int] = {}
    for number, row in enumerate(ordered_rows, start=1):
        fact_number[_fact_key(row)] = number
        subject, topic, says = fact_cells(row, words)
        cited_page = row.get("cited")
        rows.append(
            FactRow(
                number=number,
                subject=subject,
                topic=topic,
                says=says,
                source=number_of[(row["source"]["title"], row["source"]["url"])],
                cited=number_of[(cited_page["title"], cited_page["url"])] if cited_page else None,
                verified_on=row.get("verified_on", ""),
            )
        )
    by_number = {r.number: r for r in rows}
    sources = [
        replace(
            s,
            cited_for=_facts_words([r.number for r in rows if r.cited == s.number]),
        )
        if not s.verified_on
        else s
        for s in sources
    ]

    def with_facts(finding: dict[str, Any]) -> dict[str, Any]:
        because = finding.get("because") or {}
        numbers = [fact_number[_fact_key(r)] for r in because.get("rows") or []]
        stale = [fact_number[_fact_key(r)] for r in finding.get("stale_rows") or []]
        return {
            **finding,
            "fact_numbers": sorted(set(numbers)),
            "rests_on": _rests_on(numbers, by_number),
            # "facts 17 and 38 were": the facts verified too long before the assessment.
            "stale_words": (
                f"{_facts_words(stale)} {'was' if len(set(stale)) == 1 else 'were'}"
                if stale
                else ""
            ),
        }

    of = {s.severity: [with_facts(f) for f in s.findings] for s in summary.sections}
    above = {reason["anchor"] for reason in summary.decisive}
    must_do, must_do_more = _must_do(of["blocker"], of["warning"], of["action"], above)
    given = {
        attr: str(getattr(saved, attr, "") or "").strip()[:PREPARED_FOR_LENGTH]
        for attr, _ in PREPARED_FOR
    }
    verify_page = verify_url.split("?", 1)[0]
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
        checklist=of["action"],
        policy_rows=saved.policy_rows,
        sources=sources,
        facts=_facts(ordered_rows, words),
        prepared_for=[(label, given[attr]) for attr, label in PREPARED_FOR if given[attr]],
        organisation=given["organisation"],
        project=given["project"],
        digest_groups=" ".join(digest_groups(saved.digest)),
        verify_page=verify_page,
        issues=[
            Section(s.severity, s.title, s.subtitle, of[s.severity])
            for s in summary.sections
            if s.severity in ("blocker", "warning") and s.findings
        ],
        notes=of["info"],
        must_do=must_do,
        must_do_more=must_do_more,
        counts=counts_words(summary.counts),
        rows=rows,
        fact_groups=_fact_groups(rows),
    )
