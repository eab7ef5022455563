"""`{% question %}`: a step's question rendered from a frozen value, once per distinct value.

A question's fieldset shows only its field's name, label, help text, first error, checked
value(s) and choices. Collected into a `Question`, the same value always renders the same
HTML, so the HTML is kept per process (a bounded LRU) and most requests render no choice
list at all: the lists are what a step spent its time on. The fragment templates see
nothing but `q`, so nothing outside the key can leak into a kept fragment.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()

# Distinct questions kept per process: a few KB each; enough for every radio state and the
# commonest checkbox selections.
KEPT = 1024


@dataclass(frozen=True, slots=True)
class Question:
    """Everything one fieldset shows; `chosen` is for checkboxes, `value` for radios."""

    template: str
    name: str
    label: str
    help_text: str
    error: str
    value: str | None
    chosen: frozenset[str]
    choices: tuple[tuple[Any, Any], ...]
    groups: tuple = ()  # forms.ChoiceGroups, for a grouped checkbox list
    hints: bool = False
    stacked: bool = False
    exclusive: Question | None = None  # the "or" checkbox of a grouped list


def _question(field: BoundField, template_name: str, **options: Any) -> Question:
    value = field.value()
    errors = field.errors
    many = isinstance(value, list | tuple)
    groups = options.get("groups") or ()
    return Question(
        template=template_name,
        name=field.name,
        label=str(field.label),
        help_text=str(field.help_text),
        error=str(errors[0]) if errors else "",
        value=None if many or value is None else str(value),
        chosen=frozenset(value) if many else frozenset(),
        choices=() if groups else tuple(field.field.choices),
        groups=groups,
        hints=bool(options.get("hints")),
        stacked=bool(options.get("stacked")),
        exclusive=_question(options["exclusive"], "") if options.get("exclusive") else None,
    )


def _render(question: Question) -> SafeString:
    return render_to_string(question.template, {"q": question})


_kept = functools.lru_cache(maxsize=KEPT)(_render)


@register.simple_tag
def question(field: BoundField, template_name: str, **options: Any) -> SafeString:
    """The fieldset of one form field, from `template_name` (which sees only `q`).

    Options: groups (forms.choice_groups), hints, stacked, exclusive (another BoundField).
    """
    q = _question(field, template_name, **options)
    # In development templates reload on change: render afresh rather than keep stale HTML.
    return _render(q) if settings.DEBUG else _kept(q)
