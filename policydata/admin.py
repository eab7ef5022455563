"""The compliance staff's admin: lists that read at a glance, inline cells, a matrix view."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from . import models as m
from . import publishing, resources
from .matrix import STATUS_LABELS
from .models import stale_cutoff

admin.site.site_header = "Claude compliance policy data"
admin.site.site_title = "Policy data admin"
admin.site.index_title = "Compliance matrices"


class StaleFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [
            ("yes", f"Stale (verified over {settings.POLICY_STALE_AFTER_DAYS} days ago)"),
            ("no", "Fresh"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(verified_on__lt=stale_cutoff())
        if self.value() == "no":
            return queryset.filter(verified_on__gte=stale_cutoff())
        return queryset


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


class FactAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """Shared columns and filters for every fact table; CSV/XLSX import with a preview."""

    form = FactForm
    formats = [CSV, XLSX]

    list_select_related = ["source"]
    list_filter: list = [StaleFilter, "source"]
    search_fields = ["slug"]
    autocomplete_fields = ["source"]
    date_hierarchy = None
    list_per_page = 100

    @admin.display(description="Verified", ordering="verified_on")
    def verified(self, obj: m.FactRow) -> str:
        if obj.is_stale():
            return format_html("{} <strong>(stale)</strong>", obj.verified_on.isoformat())
        return obj.verified_on.isoformat()

    @admin.display(description="Source", ordering="source__title")
    def source_link(self, obj: m.FactRow) -> str:
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>', obj.source.url, obj.source.title
        )

    class Media:
        css = {"all": ["css/admin-policy.css"]}


@admin.register(m.Source)
class SourceAdmin(SimpleHistoryAdmin):
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
        rows = [
            (offering, [cells.get((program.pk, offering.pk)) for program in programs])
            for offering in offerings
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Eligibility matrix",
            "opts": self.model._meta,
            "programs": programs,
            "rows": rows,
            "stale_cutoff": stale_cutoff(),
        }
        return TemplateResponse(request, "admin/policydata/matrix.html", context)


@admin.register(m.Eligibility)
class EligibilityAdmin(FactAdmin):
    resource_classes = [resources.EligibilityResource]
    list_display = ["offering", "program", "status_display", "condition", "verified", "source_link"]
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
    list_display = ["name", "slug", "status", "scope", "issuer", "verified", "source_link"]
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
    ]
    list_filter = ["is_covered_model", "supports_inference_geo", StaleFilter]
    search_fields = ["name", "slug"]


@admin.register(m.RetentionRule)
class RetentionRuleAdmin(FactAdmin):
    resource_classes = [resources.RetentionRuleResource]
    list_display = ["data_type", "applies_to", "period", "survives_zdr", "verified", "source_link"]
    list_filter = ["applies_to", "survives_zdr", StaleFilter]
    search_fields = ["data_type", "slug"]


@admin.register(m.DataController)
class DataControllerAdmin(FactAdmin):
    list_display = ["region", "entity", "gdpr_applies", "verified", "source_link"]
    search_fields = ["region", "entity", "slug"]


@admin.register(m.ResidencyOption)
class ResidencyOptionAdmin(FactAdmin):
    list_display = ["control", "value", "is_default", "price_multiplier", "fixed_at_creation"]
    list_filter = ["control", StaleFilter]
    search_fields = ["value"]


@admin.register(m.PhiPlacement)
class PhiPlacementAdmin(FactAdmin):
    list_display = ["location", "allowed", "verified", "source_link"]
    list_filter = ["allowed", StaleFilter]
    search_fields = ["location", "slug"]


@admin.register(m.PolicyFact)
class PolicyFactAdmin(FactAdmin):
    list_display = ["slug", "topic", "value", "statement", "verified"]
    list_filter = ["topic", StaleFilter, "source"]
    search_fields = ["slug", "statement", "value"]


@admin.register(m.PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    """Published versions are read-only; new ones come from the publish page."""

    list_display = ["label", "published_at", "published_by", "note", "change_count"]
    readonly_fields = ["number", "published_at", "published_by", "note", "private_note", "changes"]
    exclude = ["snapshot"]

    @admin.display(description="Changes")
    def change_count(self, obj: m.PolicyVersion) -> int:
        return len(obj.changes)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "publish/",
                self.admin_site.admin_view(self.publish_view),
                name="policydata_policyversion_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("policydata.publish_policyversion"):
            raise PermissionDenied
        form = {"note": "", "private_note": "", "error": "", "since": None}
        if request.method == "POST":
            form["note"] = request.POST.get("note", "")
            form["private_note"] = request.POST.get("private_note", "")
            previewed = request.POST.get("draft_fingerprint", "")
            try:
                form["error"] = self.publish_refusal(form["note"], previewed)
                if not form["error"]:
                    version = publishing.publish(
                        form["note"],
                        request.user,
                        expected_fingerprint=previewed,
                        private_note=form["private_note"],
                    )
                    self.message_user(request, f"Published {version.label}.", messages.SUCCESS)
                    return redirect("admin:policydata_policyversion_changelist")
            except publishing.StaleDraft as stale:
                form["error"] = STALE_MESSAGE
                form["since"] = publishing.changed_since_preview(previewed, stale.current)
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

    def publish_page(self, request: HttpRequest, form: dict) -> TemplateResponse:
        current = publishing.preview()
        publishing.remember_preview(current.snapshot, current.fingerprint)
        # The saved assessments live in the wizard app; the preview needs them.
        from wizard.impact import assessments_affected

        impacts = (
            assessments_affected(
                publishing.version_matrix(current.latest),
                publishing.matrix_from_snapshot("draft", current.snapshot),
            )
            if current.latest and current.changes
            else []
        )
        since = form["since"]
        context = {
            **self.admin_site.each_context(request),
            "title": "Publish the policy data",
            "opts": self.model._meta,
            "latest": current.latest,
            "changes": publishing.describe_changes(
                [c.as_dict() for c in current.changes], current.snapshot
            ),
            "raw_changes": current.changes,
            "draft_fingerprint": current.fingerprint,
            "changed_since": publishing.describe_version(
                [c.as_dict() for c in since or []], current.snapshot, initial=False
            ).sentences,
            "since_known": since is not None,
            "impacts": impacts,
            **form,
        }
        status = (409 if form["error"] == STALE_MESSAGE else 400) if form["error"] else 200
        return TemplateResponse(request, "admin/policydata/publish.html", context, status=status)


STALE_MESSAGE = (
    "The draft changed since you previewed it: nothing was published. "
    "Review the new preview below, then publish again."
)
