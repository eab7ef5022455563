"""The compliance staff's admin: lists that read at a glance, inline cells, a matrix view."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.timezone import localtime
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from . import models as m
from . import publishing, resources, review, staleness
from .admin_upkeep import RevertRecorded, draft_marks, mark_reverified
from .admin_versions import version_redirect, version_urls
from .matrix import STATUS_LABELS
from .models import stale_cutoff
from .snapshot import diff_snapshots

admin.site.site_header = "Claude compliance policy data"
admin.site.site_title = "Policy data admin"
admin.site.index_title = "Compliance matrices"


class StaleFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [
            ("yes", f"Stale (verified over {settings.POLICY_STALE_AFTER_DAYS} days ago)"),
            ("soon", f"Due soon (stale within {staleness.DUE_SOON_DAYS} days)"),
            ("no", "Fresh"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(staleness.stale_q())
        if self.value() == "soon":
            return queryset.filter(staleness.due_soon_q())
        if self.value() == "no":
            return queryset.filter(verified_on__gte=stale_cutoff())
        return queryset


def clamp(text: str, *, narrow: bool = False) -> str:
    """Long text in a list cell, cut to two lines by CSS (the whole of it on hover), so the
    Verified and Source columns stay on screen."""
    if not text:
        return "-"
    css = "policy-clamp policy-clamp--narrow" if narrow else "policy-clamp"
    return format_html('<span class="{}" title="{}">{}</span>', css, text, text)


def clamped(field: str, description: str):
    """A list column for a long text field, shown by `clamp`."""

    @admin.display(description=description, ordering=field)
    def column(obj) -> str:
        return clamp(getattr(obj, field))

    column.__name__ = field  # the cell's CSS class stays "field-<name>"
    return column


def status_badge(status: str) -> str:
    return format_html(
        '<span class="policy-status policy-status--{}">{}</span>', status, STATUS_LABELS[status]
    )


class FactForm(forms.ModelForm):
    """A fact row's form, with the change reason its history records (and the evidence
    rule in `FactRow.clean()` asks for when a status or condition changes)."""

    change_reason = forms.CharField(
        required=False,
        max_length=100,
        help_text="Why this changes (required for a change to a status or condition); "
        "recorded in the history, never shown to buyers.",
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        self.instance._change_reason = cleaned.get("change_reason", "")
        return cleaned


class FactAdmin(RevertRecorded, ImportExportMixin, SimpleHistoryAdmin):
    """Shared columns and filters for every fact table; CSV/XLSX import with a preview."""

    form = FactForm
    formats = [CSV, XLSX]
    # "Delete selected" stays too, for those with the delete permission.
    actions = [mark_reverified]

    def get_resource_classes(self, request: HttpRequest) -> list:
        # Every table's spreadsheet is keyed by slugs, never ids (policydata/resources.py).
        return [resources.RESOURCES[self.model]]

    list_select_related = ["source"]
    list_filter: list = [StaleFilter, "source"]
    search_fields = ["slug"]
    autocomplete_fields = ["source"]
    date_hierarchy = None
    list_per_page = 100

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # A list needs the width (Verified and Source must stay on a 1400 px screen): the
        # app sidebar gives way here; the breadcrumbs and the dashboard reach every table.
        return super().changelist_view(
            request, {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        )

    @admin.display(description="Verified", ordering="verified_on")
    def verified(self, obj: m.FactRow) -> str:
        if obj.is_stale():
            return format_html("{} <strong>(stale)</strong>", obj.verified_on.isoformat())
        if obj.verified_on < staleness.due_soon_cutoff():
            return format_html("{} <em>(due soon)</em>", obj.verified_on.isoformat())
        return obj.verified_on.isoformat()

    @admin.display(description="Source", ordering="source__title")
    def source_link(self, obj: m.FactRow) -> str:
        if not obj.source.url:
            return clamp(obj.source.title, narrow=True)
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>',
            obj.source.url,
            clamp(obj.source.title, narrow=True),
        )

    class Media:
        css = {"all": ["css/admin-policy.css"]}


@admin.register(m.Source)
class SourceAdmin(RevertRecorded, SimpleHistoryAdmin):
    list_display = ["title", "publisher", "url"]
    search_fields = ["title", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(m.Program)
class ProgramAdmin(FactAdmin):
    list_display = ["name", "slug", "verified", "source_link"]
    search_fields = ["name", "slug"]


class EligibilityInline(admin.TabularInline):
    model = m.Eligibility
    form = FactForm
    fields = [
        "program", "status", "condition", "activation", "source", "verified_on", "note",
        "private_note", "change_reason",
    ]  # fmt: skip
    extra = 0
    autocomplete_fields = ["source"]
    show_change_link = True


@admin.register(m.Offering)
class OfferingAdmin(FactAdmin):
    resource_classes = [resources.OfferingResource]
    list_display = ["name", "slug", "kind", "group", "parent", "processor", "terms", "verified"]
    list_filter = ["kind", "group", "processor", "terms", "is_beta", StaleFilter, "source"]
    search_fields = ["name", "slug"]
    list_select_related = ["source", "parent"]
    inlines = [EligibilityInline]

    def get_urls(self):
        return [
            path(
                "matrix/",
                self.admin_site.admin_view(self.matrix_view),
                name="policydata_offering_matrix",
            ),
            *super().get_urls(),
        ]

    def matrix_view(self, request: HttpRequest) -> TemplateResponse:
        programs = list(m.Program.objects.all())
        offerings = list(m.Offering.objects.all())
        cells = {
            (e.program_id, e.offering_id): e for e in m.Eligibility.objects.select_related("source")
        }
        # Unpublished edits are marked until published: buyers still see the latest version.
        changes = publishing.pending_changes()
        draft = draft_marks(changes)
        rows = [
            (
                offering,
                draft.get(("offerings", offering.slug)),
                [
                    (
                        cells.get((program.pk, offering.pk)),
                        draft.get(("eligibilities", f"{program.slug}/{offering.slug}")),
                    )
                    for program in programs
                ],
            )
            for offering in offerings
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Eligibility matrix",
            "opts": self.model._meta,
            "programs": [(p, draft.get(("programs", p.slug))) for p in programs],
            "rows": rows,
            "stale_cutoff": stale_cutoff(),
            "latest": publishing.latest_version(),
            "draft_cells": sum(1 for table, _ in draft if table == "eligibilities"),
            "pending": len(changes),
        }
        return TemplateResponse(request, "admin/policydata/matrix.html", context)


@admin.register(m.Eligibility)
class EligibilityAdmin(FactAdmin):
    resource_classes = [resources.EligibilityResource]
    list_display = [
        "offering", "program", "status_display", clamped("condition", "Condition"), "verified",
        "source_link",
    ]  # fmt: skip
    list_filter = ["program", "status", "offering__kind", StaleFilter, "source"]
    search_fields = ["offering__name", "offering__slug", "program__name", "condition"]
    list_select_related = ["source", "program", "offering"]
    autocomplete_fields = ["source", "offering"]

    @admin.display(description="Status", ordering="status")
    def status_display(self, obj: m.Eligibility) -> str:
        return status_badge(obj.status)


@admin.register(m.Certification)
class CertificationAdmin(FactAdmin):
    resource_classes = [resources.CertificationResource]
    list_display = [
        "name", "slug", "status", clamped("scope", "Scope"), "issuer", "verified", "source_link",
    ]  # fmt: skip
    list_filter = ["status", StaleFilter, "source"]
    search_fields = ["name", "slug", "issuer"]


@admin.register(m.ClaudeModel)
class ClaudeModelAdmin(FactAdmin):
    resource_classes = [resources.ClaudeModelResource]
    list_display = [
        "name",
        "slug",
        "is_covered_model",
        "required_retention_days",
        "supports_inference_geo",
        "verified",
        "source_link",
    ]
    list_filter = ["is_covered_model", "supports_inference_geo", StaleFilter]
    search_fields = ["name", "slug"]


@admin.register(m.RetentionRule)
class RetentionRuleAdmin(FactAdmin):
    resource_classes = [resources.RetentionRuleResource]
    list_display = [
        clamped("data_type", "Data type"), "applies_to", "period", "survives_zdr", "verified",
        "source_link",
    ]  # fmt: skip
    list_filter = ["applies_to", "survives_zdr", StaleFilter]
    search_fields = ["data_type", "slug"]


@admin.register(m.DataController)
class DataControllerAdmin(FactAdmin):
    list_display = ["region", "entity", "gdpr_applies", "verified", "source_link"]
    search_fields = ["region", "entity", "slug"]


@admin.register(m.ResidencyOption)
class ResidencyOptionAdmin(FactAdmin):
    list_display = [
        "control", "value", "is_default", "price_multiplier", "fixed_at_creation", "verified",
        "source_link",
    ]  # fmt: skip
    list_filter = ["control", StaleFilter]
    search_fields = ["value"]


@admin.register(m.PhiPlacement)
class PhiPlacementAdmin(FactAdmin):
    list_display = ["location", "allowed", "verified", "source_link"]
    list_filter = ["allowed", StaleFilter]
    search_fields = ["location", "slug"]


@admin.register(m.PolicyFact)
class PolicyFactAdmin(FactAdmin):
    list_display = [
        "slug", "topic", "value", clamped("statement", "Statement"), "verified", "source_link",
    ]  # fmt: skip
    list_filter = ["topic", StaleFilter, "source"]
    search_fields = ["slug", "statement", "value"]


@admin.register(m.PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    """Published versions are read-only; new ones come from the publish page."""

    list_display = [
        "label", "published_at", "published_by", "requested_by", "approvers", "note",
        "change_count",
    ]  # fmt: skip
    readonly_fields = [
        "number", "published_at", "published_by", "requested_by", "requested_at", "approvers",
        "note", "private_note", "changes",
    ]  # fmt: skip
    exclude = ["snapshot", "approved_by"]

    @admin.display(description="Changes")
    def change_count(self, obj: m.PolicyVersion) -> int:
        return len(obj.changes)

    @admin.display(description="Approved by")
    def approvers(self, obj: m.PolicyVersion) -> str:
        return ", ".join(
            f"{a['username']} ({localtime(parse_datetime(a['at'])):%Y-%m-%d %H:%M})"
            for a in obj.approved_by
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A version reads as its page (changes in words), not as a read-only JSON form."""
        return version_redirect(self, request, object_id)

    def get_urls(self):
        return [
            *version_urls(self),
            path(
                "publish/",
                self.admin_site.admin_view(self.publish_view),
                name="policydata_policyversion_publish",
            ),
            path(
                "publish/request/<int:pk>/",
                self.admin_site.admin_view(self.publish_request_view),
                name="policydata_policyversion_publish_request",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(publishing.PUBLISH_PERMISSION):
            raise PermissionDenied
        form = {"note": "", "private_note": "", "error": "", "since": None, "stale": False}
        if request.method == "POST":
            form["note"] = request.POST.get("note", "")
            form["private_note"] = request.POST.get("private_note", "")
            previewed = request.POST.get("draft_fingerprint", "")
            try:
                form["error"] = self.publish_refusal(form["note"], previewed)
                if not form["error"]:
                    made = publishing.request_publish(
                        form["note"],
                        request.user,
                        expected_fingerprint=previewed,
                        private_note=form["private_note"],
                    )
                    if made.version is not None:  # approval is turned off
                        label = made.version.label
                        self.message_user(request, f"Published {label}.", messages.SUCCESS)
                        return redirect("admin:policydata_policyversion_changelist")
                    self.message_user(
                        request,
                        f"Requested publication (request #{made.pk}): it is published once "
                        f"{approvers_needed(publishing.required_approvals())} approve it.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:policydata_policyversion_publish_request", made.pk)
            except publishing.StaleDraft as stale:
                form["stale"] = True
                direct = publishing.required_approvals() == 0
                form["error"] = STALE_MESSAGE if direct else STALE_REQUEST_MESSAGE
                form["since"] = publishing.changed_since_preview(previewed, stale.current)
            except ValueError as refused:
                form["error"] = str(refused)
        elif request.GET.get("again", "").isdigit():  # "request again" after a stale request
            earlier = m.PublishRequest.objects.filter(pk=request.GET["again"]).first()
            if earlier is not None:
                form["note"], form["private_note"] = earlier.note, earlier.private_note
        return self.publish_page(request, form)

    @staticmethod
    def publish_refusal(note: str, previewed: str) -> str:
        """Why the draft cannot be published as posted ("" if it can); a stale preview raises."""
        current = publishing.preview()
        if previewed != current.fingerprint:
            raise publishing.StaleDraft(current.snapshot)
        if not note.strip():
            return "Write a short change note: it is shown to buyers on the changes page."
        if not current.changes:
            return "The draft is identical to the published version: nothing to publish."
        return ""

    @staticmethod
    def change_lines(snapshot, changes) -> dict:
        """The changes as sentences (the preview itself comes from review.py)."""
        return {"changes": publishing.describe_changes([c.as_dict() for c in changes], snapshot)}

    def publish_page(self, request: HttpRequest, form: dict) -> TemplateResponse:
        current = publishing.preview()
        publishing.remember_preview(current.snapshot, current.fingerprint)
        since = form["since"]
        required = publishing.required_approvals()
        context = {
            **self.admin_site.each_context(request),
            "title": "Publish the policy data",
            "opts": self.model._meta,
            "latest": current.latest,
            **self.change_lines(current.snapshot, current.changes),
            **review.preview_context(current, review.pages_from_query(request.GET)),
            "draft_fingerprint": current.fingerprint,
            "changed_since": since_sentences(since, current.snapshot),
            "since_known": since is not None,
            "approvals_required": required,
            "approvers_needed": approvers_needed(required),
            "draft_editors": publishing.draft_editors() if required else [],
            "open_requests": publishing.open_requests() if required else [],
            **form,
        }
        status = (409 if form.get("stale") else 400) if form["error"] else 200
        return TemplateResponse(request, "admin/policydata/publish.html", context, status=status)

    def publish_request_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(publishing.PUBLISH_PERMISSION):
            raise PermissionDenied
        asked = get_object_or_404(
            m.PublishRequest.objects.select_related("requested_by", "base", "version"), pk=pk
        )
        error, status, since = "", 200, None
        if request.method == "POST":
            try:
                if "withdraw" in request.POST:
                    publishing.withdraw(asked, request.user)
                    self.message_user(
                        request, f"Withdrew request #{asked.pk}: nothing was published."
                    )
                    return redirect("admin:policydata_policyversion_publish")
                if "approve" not in request.POST:
                    return self.request_page(request, asked, "Choose Approve or Withdraw.", 400)
                version = publishing.approve(asked, request.user)
                if version is not None:
                    self.message_user(
                        request, f"Approved and published {version.label}.", messages.SUCCESS
                    )
                    return redirect("admin:policydata_policyversion_changelist")
                self.message_user(request, "Approved: it still needs another editor's approval.")
                return redirect("admin:policydata_policyversion_publish_request", asked.pk)
            except publishing.StaleRequest as stale:
                error, status, since = REQUEST_STALE_MESSAGE, 409, stale.changed
            except publishing.RequestClosed as closed:
                error, status = str(closed), 409
            except publishing.NotAllowedToApprove as refused:
                error, status = str(refused), 403
            asked.refresh_from_db()
        return self.request_page(request, asked, error, status, since)

    def request_page(
        self,
        request: HttpRequest,
        asked: m.PublishRequest,
        error: str = "",
        status: int = 200,
        since: list | None = None,
    ) -> TemplateResponse:
        current = publishing.preview()
        latest_pk = current.latest.pk if current.latest else None
        matches = asked.fingerprint == current.fingerprint and asked.base_id == latest_pk
        if since is None and asked.state != m.PublishRequest.State.PUBLISHED and not matches:
            since = diff_snapshots(asked.snapshot, current.snapshot)
        approvals = list(asked.approvals.select_related("user"))
        required = publishing.required_approvals()
        missing = max(0, required - len(approvals))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Publish request #{asked.pk}",
            "opts": self.model._meta,
            "latest": current.latest,
            "publish_request": asked,
            "is_open": asked.state == m.PublishRequest.State.OPEN,
            "is_stale": asked.state == m.PublishRequest.State.STALE,
            "approvals": approvals,
            "approvals_required": required,
            "approvals_missing": missing,
            "refusal": publishing.approval_refusal(asked, request.user),
            "matches_draft": matches,
            **self.change_lines(asked.snapshot, publishing.requested_changes(asked)),
            **review.review_context(
                asked.base,
                asked.snapshot,
                publishing.requested_changes(asked),
                review.pages_from_query(request.GET),
                heading="What this request publishes",
            ),
            "changed_since": since_sentences(since, current.snapshot),
            "since_known": since is not None,
            "error": error,
        }
        return TemplateResponse(
            request, "admin/policydata/publish_request.html", context, status=status
        )


def approvers_needed(required: int) -> str:
    """ "1 other editor" / "2 other editors", for the publish pages' sentences."""
    return f"{required} other editor{'' if required == 1 else 's'}"


def since_sentences(since: list | None, snapshot) -> tuple:
    """What changed in the draft since a preview or a request, in the change log's words."""
    return publishing.describe_version(
        [c.as_dict() for c in since or []], snapshot, initial=False
    ).sentences


STALE_MESSAGE = (
    "The draft changed since you previewed it: nothing was published. "
    "Review the new preview below, then publish again."
)
STALE_REQUEST_MESSAGE = (
    "The draft changed since you previewed it: nothing was requested. "
    "Review the new preview below, then request publication again."
)
REQUEST_STALE_MESSAGE = (
    "The draft changed since this request was made: nothing was published, and the request "
    "is closed as stale. The changes made since are listed below; request publication of "
    "the current draft from the publish page."
)
