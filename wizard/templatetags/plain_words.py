"""Template words for what a view passes as data: verdicts, severities, and the findings of
a saved result's differences from today's policy."""

from __future__ import annotations

from typing import Any

from django import template

from wizard.wording import finding_title, severity_word, verdict_title

register = template.Library()


@register.filter
def verdict_words(verdict: str) -> str:
    """ "ready_with_conditions" -> "Ready, with conditions"."""
    return verdict_title(str(verdict or ""))


@register.filter
def severity_words(severity: str | None) -> str:
    """ "info" -> "note"."""
    return severity_word(severity)


@register.filter
def a_severity(severity: str | None) -> str:
    """ "action" -> "an action", "blocker" -> "a blocker"."""
    word = severity_word(severity)
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}" if word else ""


@register.simple_tag
def change_title(change: Any, summary: Any) -> str:
    """The plain title of a finding that a policy change added, removed or re-graded."""
    finding = {
        "code": getattr(change, "code", ""),
        "subject": getattr(change, "subject", None),
        "message": getattr(change, "message", ""),
    }
    return finding_title(
        finding, getattr(summary, "names", {}) or {}, getattr(summary, "given", {}) or {}
    )
