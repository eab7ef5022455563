"""Keeping the fact tables current from the admin: the "Mark re-verified" bulk action, and a
history revert recorded as a revert (in the row's history and the admin log)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from . import models as m
from . import staleness
from .publishing import FIELD_WORDS
from .snapshot import Change

# simple_history's history_change_reason is a CharField(max_length=100).
HISTORY_REASON_MAX_LENGTH = 100


class ReverifyForm(forms.Form):
    """The "Mark re-verified" questions: which source, checked on which day, and why."""

    source = forms.ModelChoiceField(
        queryset=m.Source.objects.all(),
        help_text="The document you checked the selected rows against.",
    )
    verified_on = forms.DateField(
        label="Verified on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day you checked them: not in the future, and not before a selected "
        "row's last verified date.",
    )
    note = forms.CharField(
        label="Change reason",
        max_length=HISTORY_REASON_MAX_LENGTH,
        help_text="Recorded in each row's history (never shown to buyers), e.g. "
        "\u201cChecked against the Trust Center, unchanged\u201d.",
    )

    def __init__(self, *args, rows: list[m.FactRow], today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.today = today

    def clean_verified_on(self) -> dt.date:
        day = self.cleaned_data["verified_on"]
        errors = staleness.reverify_date_errors(self.rows, day, self.today)
        if errors:
            raise ValidationError(errors)
        return day


@admin.action(description="Mark re-verified (source, date and note)…", permissions=["change"])
def mark_reverified(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    """Ask for the source, date and note, then record the new check on every selected row."""
    rows = list(queryset.select_related("source"))
    today = timezone.localdate()
    sources = {row.source_id for row in rows}
    initial = {"verified_on": today, "source": sources.pop() if len(sources) == 1 else None}
    data = request.POST if "apply" in request.POST else None
    form = ReverifyForm(data, rows=rows, today=today, initial=initial)
    if form.is_valid():
        try:
            count = staleness.mark_reverified(
                list(queryset),  # fresh objects: a refusal leaves `rows` as they are shown
                form.cleaned_data["source"],
                form.cleaned_data["verified_on"],
                form.cleaned_data["note"],
                request.user,
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            opts = modeladmin.model._meta
            name = opts.verbose_name if count == 1 else opts.verbose_name_plural
            modeladmin.message_user(
                request,
                f"Marked {count} {name} re-verified on "
                f"{form.cleaned_data['verified_on'].isoformat()}; the history records why.",
                messages.SUCCESS,
            )
            return None  # back to the change list
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Mark {len(rows)} {modeladmin.model._meta.verbose_name_plural} re-verified",
        "opts": modeladmin.model._meta,
        "form": form,
        "rows": rows,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
        "stale_cutoff": m.stale_cutoff(today),
    }
    return TemplateResponse(request, "admin/policydata/reverify.html", context)


def revert_reason(version_date: dt.datetime, user, typed: str = "") -> str:
    """What the history records for a revert: which version, who, and any reason typed."""
    text = f"Reverted to the version of {timezone.localtime(version_date):%Y-%m-%d %H:%M}"
    if user is not None and getattr(user, "is_authenticated", False):
        text += f" by {user.get_username()}"
    if typed.strip():
        text += f": {typed.strip()}"
    if len(text) > HISTORY_REASON_MAX_LENGTH:
        text = text[: HISTORY_REASON_MAX_LENGTH - 1] + "\u2026"
    return text


class RevertRecorded:
    """SimpleHistoryAdmin mixin: a save from the history page's "Revert" is recorded as a
    revert (history change reason and admin log), not as a plain change.

    For a fact row the evidence rule still applies (a revert is a change like any other),
    so the form starts from the row's current verified date, never an older one; the
    reason the rule asks for is the revert itself."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        record = self.model.history.filter(pk=version_id).only("history_date").first()
        if record is not None:
            request.policy_revert_to = record.history_date
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        version_date = getattr(request, "policy_revert_to", None)
        if version_date is None:
            return form

        class RevertForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "verified_on" not in self.fields:
                    return
                current = type(self.instance).objects.filter(pk=self.instance.pk)
                verified = current.values_list("verified_on", flat=True).first()
                if verified and verified > self.instance.verified_on:
                    self.initial["verified_on"] = verified

            def clean(self) -> dict:
                cleaned = super().clean()
                self.instance._change_reason = revert_reason(
                    version_date, request.user, cleaned.get("change_reason", "")
                )
                return cleaned

        RevertForm.__name__ = form.__name__
        return RevertForm

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "policy_revert_to", None) is not None:
            return form.instance._change_reason
        return super().construct_change_message(request, form, formsets, add)


def draft_marks(changes: list[Change]) -> dict[tuple[str, str], str]:
    """What the draft changes per (table, key), in words ("status, verified date", "added"),
    for marking unpublished edits; pure."""
    marks: dict[tuple[str, str], list[str]] = {}
    for change in changes:
        what = (
            FIELD_WORDS.get(change.field, change.field.replace("_", " "))
            if change.field
            else change.kind
        )
        marks.setdefault((change.table, change.key), []).append(what)
    return {key: ", ".join(words) for key, words in marks.items()}
