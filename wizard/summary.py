"""The one context object behind the result page, the saved page (and the printed summary)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from policydata.matrix import PolicyMatrix

from .flow import uses_routes
from .forms import ACCESS_CHOICES, REGION_LABELS

ACCESS_LABELS = dict(ACCESS_CHOICES)

VERDICTS = {
    "ready": (
        "Ready",
        "You can use Claude the way you described. Work through the action checklist below "
        "to set it up.",
    ),
    "ready_with_conditions": (
        "Ready, with conditions",
        "You can go ahead, but some parts only work under conditions. Read each warning and "
        "decide whether you can meet it.",
    ),
    "blocked": (
        "Blocked",
        "Something you asked for is not available as you described it. Each blocker below "
        "says what stands in the way and, where there is one, the way out.",
    ),
}
SECTIONS = (
    ("blocker", "Blockers", "What stands in the way"),
    ("warning", "Warnings", "Conditions you must be able to meet"),
    ("action", "Action checklist", "What to set up"),
    ("info", "Context", "Worth knowing"),
)
ANSWER_LABELS = {
    "phi": "Protected health information (PHI)",
    "eu_data_subjects": "Personal data of people in the EEA, UK or Switzerland",
    "zero_retention": "Zero data retention required",
    "surfaces": "Products",
    "claude_code_access": "How developers reach Claude Code",
    "features": "API features",
    "models": "Models",
    "storage_region": "Storage region",
    "inference_region": "Inference region",
    "browser_client": "Browser client calls the API",
    "certifications": "Required certifications",
}
CONFIGURATION_LABELS = {
    "hipaa_organization": "HIPAA-enabled organization",
    "zero_data_retention": "Zero data retention",
    "inference_geo": "inference_geo",
    "workspace_geo": "Workspace geo",
    "features_to_avoid": "Features to avoid",
    "surfaces_to_avoid": "Products to avoid",
    "models_to_avoid": "Models to avoid",
    "baa_activation": "How to activate the BAA",
    "covered_model_workspace": "Separate 30-day-retention workspace for Covered Models",
    "backend_proxy_required": "Backend proxy for browser calls",
    "inference_price_multiplier": "Inference price multiplier",
    "data_controller": "Data controller (GDPR)",
}


@dataclass(frozen=True)
class AnswerLine:
    key: str
    label: str
    value: str
    step: str


@dataclass(frozen=True)
class Section:
    severity: str
    title: str
    subtitle: str
    findings: list[dict[str, Any]]


@dataclass(frozen=True)
class ConfigLine:
    key: str
    label: str
    value: str


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


def _name(slug: str, names: dict[str, str]) -> str:
    return names.get(slug, slug)


def slug_names(matrix: PolicyMatrix | None) -> dict[str, str]:
    """Display names for every slug the matrix knows."""
    if matrix is None:
        return {}
    return {
        **{slug: o.name for slug, o in matrix.offerings.items()},
        **{slug: m.name for slug, m in matrix.models.items()},
        **{slug: c.name for slug, c in matrix.certifications.items()},
    }


def describe_answers(
    answers: dict[str, Any], names: dict[str, str], show_access: bool = False
) -> list[AnswerLine]:
    """Every answer in words, with the step where it is edited."""
    step_of = {
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
    lines = []
    for key, label in ANSWER_LABELS.items():
        value = answers.get(key)
        if key == "claude_code_access":
            # Asked only about Claude Code; older saved answers do not have it.
            if not show_access:
                continue
            lines.append(AnswerLine(key, label, ACCESS_LABELS.get(value, "Not sure yet"), "access"))
            continue
        if isinstance(value, bool):
            text = "Yes" if value else "No"
        elif isinstance(value, list):
            text = ", ".join(_name(v, names) for v in value) or "None"
        elif value is None:
            text = "Not answered yet"
        else:
            text = REGION_LABELS.get(value, value)
        lines.append(AnswerLine(key, label, text, step_of[key]))
    return lines


def _config_value(value: Any, names: dict[str, str]) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None:
        return "Not needed"
    if isinstance(value, list):
        return ", ".join(_name(v, names) for v in value) or "None"
    if isinstance(value, dict):
        return (
            "; ".join(f"{_name(k, names)}: {_config_value(v, names)}" for k, v in value.items())
            or "None"
        )
    return str(value)


def stale_rows(finding: dict[str, Any], as_of: dt.date, stale_after_days: int) -> list[dict]:
    """The policy rows behind a finding that were last verified too long before `as_of`."""
    cutoff = as_of - dt.timedelta(days=stale_after_days)
    return [
        r for r in finding["because"]["rows"] if dt.date.fromisoformat(r["verified_on"]) < cutoff
    ]


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
    names = slug_names(matrix)
    title, explanation = VERDICTS[result["verdict"]]
    sections = []
    for severity, section_title, subtitle in SECTIONS:
        findings = [
            {
                **f,
                "subject_name": _name(f["subject"], names) if f["subject"] else None,
                "stale_rows": stale_rows(f, as_of, stale_after_days),
            }
            for f in result["findings"]
            if f["severity"] == severity
        ]
        sections.append(Section(severity, section_title, subtitle, findings))
    return Summary(
        verdict=result["verdict"],
        verdict_title=title,
        verdict_explanation=explanation,
        answers=describe_answers(
            answers, names, matrix is not None and uses_routes(answers, matrix)
        ),
        sections=sections,
        configuration=[
            ConfigLine(key, CONFIGURATION_LABELS.get(key, key), _config_value(value, names))
            for key, value in result["configuration"].items()
        ],
        policy_version=result["policy_version"],
        stale_after_days=stale_after_days,
        counts={s.severity: len(s.findings) for s in sections},
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
    )
