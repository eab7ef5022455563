"""Spreadsheet (CSV/XLSX) import and export of the matrices, keyed by slugs not ids."""

from import_export import fields, resources, widgets

from . import models as m


def slug_field(name: str, model) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=name, widget=widgets.ForeignKeyWidget(model, field="slug")
    )


class FactResource(resources.ModelResource):
    source = slug_field("source", m.Source)
    # Why the row changes: `FactRow.clean()` needs it for a change to a status or a
    # condition, and the history records it. Exported empty.
    change_reason = fields.Field(attribute="_change_reason", column_name="change_reason")

    class Meta:
        abstract = True
        # Every row is validated like an admin edit; one bad row rejects the whole file.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class EligibilityResource(FactResource):
    program = slug_field("program", m.Program)
    offering = slug_field("offering", m.Offering)

    class Meta(FactResource.Meta):
        model = m.Eligibility
        import_id_fields = ("program", "offering")
        fields = ("program", "offering", "status", "condition", "activation", "source",
                  "verified_on", "note", "change_reason")  # fmt: skip
        export_order = fields


class OfferingResource(FactResource):
    parent = slug_field("parent", m.Offering)

    class Meta(FactResource.Meta):
        model = m.Offering
        import_id_fields = ("slug",)
        fields = ("slug", "name", "kind", "group", "parent", "description", "processor",
                  "terms", "offers_api_features", "is_beta", "order", "source", "verified_on",
                  "note", "change_reason")  # fmt: skip
        export_order = fields


class CertificationResource(FactResource):
    class Meta(FactResource.Meta):
        model = m.Certification
        import_id_fields = ("slug",)
        fields = ("slug", "name", "status", "scope", "issuer", "accreditation", "announced_on",
                  "report_access", "order", "source", "verified_on", "note",
                  "change_reason")  # fmt: skip
        export_order = fields


class ClaudeModelResource(FactResource):
    class Meta(FactResource.Meta):
        model = m.ClaudeModel
        import_id_fields = ("slug",)
        fields = ("slug", "name", "is_covered_model", "required_retention_days",
                  "supports_inference_geo", "order", "source", "verified_on", "note",
                  "change_reason")  # fmt: skip
        export_order = fields


class RetentionRuleResource(FactResource):
    class Meta(FactResource.Meta):
        model = m.RetentionRule
        import_id_fields = ("slug",)
        fields = ("slug", "data_type", "applies_to", "period", "period_days", "survives_zdr",
                  "order", "source", "verified_on", "note", "change_reason")  # fmt: skip
        export_order = fields
