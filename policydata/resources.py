"""Spreadsheet (CSV/XLSX) import and export of the policy tables, keyed by slugs not ids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from import_export import fields, resources, widgets
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Result

from . import models as m
from .snapshot import TABLES, model_fields

# The header is the spreadsheet's row 1, so its first data row is row 2; import-export
# counts data rows from 1.
HEADER_ROWS = 1
# Why a row changes: `FactRow.clean()` asks for it when a status or condition changes.
# Exported empty; as long as the admin form's change reason.
REASON_COLUMN = "change_reason"
REASON_MAX_LENGTH = 100
# The history's change reason column holds 100 characters.
HISTORY_REASON_MAX_LENGTH = 100


def sheet_row(number: int) -> int:
    """The spreadsheet's number for import-export's data row `number` (counted from 1)."""
    return number + HEADER_ROWS


def cell_text(value: Any) -> str:
    """A cell as stripped text ("" for an empty cell)."""
    return "" if value is None else str(value).strip()


class TextWidget(widgets.CharWidget):
    """Text: an empty cell (None from the XLSX reader) is "", or None in a nullable column."""

    def __init__(self, *, null: bool = False) -> None:
        super().__init__(coerce_to_string=True, allow_blank=not null)
        self.null = null

    def clean(self, value: Any, row=None, **kwargs) -> str | None:
        if self.null and value in (None, ""):
            return None
        return super().clean(value, row, **kwargs)


class DateWidget(widgets.Widget):
    """An ISO date (YYYY-MM-DD) in CSV, a date cell in XLSX."""

    def clean(self, value: Any, row=None, **kwargs) -> dt.date | None:
        if value in (None, ""):
            return None
        # XLSX date cells read back as datetimes; a datetime never equals a date.
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date: write it as YYYY-MM-DD.") from None

    def render(self, value: dt.date | None, obj=None, **kwargs) -> Any:
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class BooleanWidget(widgets.Widget):
    """TRUE or FALSE; anything else is an error, never a silent False."""

    TRUE = {"true", "1", "yes"}
    FALSE = {"false", "0", "no"}

    def clean(self, value: Any, row=None, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in self.TRUE or (isinstance(value, int | float) and value == 1):
            return True
        if text in self.FALSE or (isinstance(value, int | float) and value == 0):
            return False
        raise ValueError(f"'{value or ''}' is not TRUE or FALSE.")

    def render(self, value: bool | None, obj=None, **kwargs) -> Any:
        if kwargs.get("force_native_type"):
            return value
        return "TRUE" if value else "FALSE"


class NumberWidget(widgets.Widget):
    """A whole number or a decimal; an empty cell is None, garbage a row error (not a crash)."""

    def __init__(self, *, whole: bool) -> None:
        super().__init__(coerce_to_string=True)
        self.whole = whole

    def clean(self, value: Any, row=None, **kwargs) -> int | Decimal | None:
        if value is None or str(value).strip() == "":
            return None
        try:
            # str() first: a float cell (1.1) becomes Decimal("1.1"), not its binary value.
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"'{value}' is not a number.") from None
        if not self.whole:
            return number
        if number != number.to_integral_value():
            raise ValueError(f"'{value}' is not a whole number.")
        return int(number)

    def render(self, value: int | Decimal | None, obj=None, **kwargs) -> Any:
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class SlugWidget(widgets.ForeignKeyWidget):
    """A foreign key by the related row's slug; an unknown slug is named in the error."""

    def __init__(self, model: type[models.Model]) -> None:
        super().__init__(model, field="slug")

    def clean(self, value: Any, row=None, **kwargs) -> models.Model | None:
        slug = "" if value is None else str(value).strip()
        if not slug:
            return None
        try:
            return self.model.objects.get(slug=slug)
        except self.model.DoesNotExist:
            name = self.model._meta.verbose_name
            raise ValueError(f"no {name} with slug '{slug}'") from None


def widget_for(field: models.Field) -> widgets.Widget:
    """The widget for a model field's cells."""
    if isinstance(field, models.ForeignKey):
        return SlugWidget(field.related_model)
    if isinstance(field, models.BooleanField):
        return BooleanWidget()
    if isinstance(field, models.DateField):
        return DateWidget()
    if isinstance(field, models.DecimalField):
        return NumberWidget(whole=False)
    if isinstance(field, models.IntegerField):
        return NumberWidget(whole=True)
    return TextWidget(null=field.null)


def in_row(number: int, error: ValidationError) -> ValidationError:
    """`error` with each message prefixed by the spreadsheet row it is about."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                name: [f"Row {number}: {message}" for message in messages]
                for name, messages in error.message_dict.items()
            }
        )
    return ValidationError([f"Row {number}: {message}" for message in error.messages])


def history_reason(user, reason: str) -> str:
    """The change reason the history records for an imported change."""
    text = "Imported from spreadsheet"
    if user is not None and getattr(user, "is_authenticated", False):
        text += f" by {user.get_username()}"
    if reason:
        text += f": {reason}"
    if len(text) > HISTORY_REASON_MAX_LENGTH:
        text = text[: HISTORY_REASON_MAX_LENGTH - 1] + "\u2026"
    return text


class SheetResult(Result):
    """An import's result with rows numbered as the spreadsheet numbers them."""

    def append_invalid_row(self, number, row, validation_error) -> None:
        super().append_invalid_row(sheet_row(number), row, validation_error)

    def append_error_row(self, number, row, errors) -> None:
        super().append_error_row(sheet_row(number), row, errors)

    def row_errors(self) -> list:
        # import-export numbers these by position among the reported rows.
        return [(error_row.number, error_row.errors) for error_row in self.error_rows]


class NaturalKeyLoader(ModelInstanceLoader):
    """Finds a row's stored fact by its natural key.

    A key naming an unknown slug finds nothing; the field's own import then reports
    the slug as a validation error of that row."""

    def get_instance(self, row):
        try:
            return super().get_instance(row)
        except ValueError:
            return None


class PolicyResource(resources.ModelResource):
    """A policy table as a spreadsheet: natural keys, slugs for foreign keys, no internals."""

    class Meta:
        instance_loader_class = NaturalKeyLoader
        # Every row is validated like an admin edit (`FactRow.clean()`, the evidence rule).
        clean_model_instances = True
        # An unchanged row is not saved, so re-importing an export writes no history.
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    @classmethod
    def get_result_class(cls):
        return SheetResult

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        # One bad row rejects the whole file: a half-applied spreadsheet is worse than none.
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )

    def before_import(self, dataset, **kwargs) -> None:
        self.rows_by_key: dict[tuple[str, ...], int] = {}

    def import_row(self, row, instance_loader, **kwargs):
        number = sheet_row(kwargs["row_number"])
        kwargs["row_number"] = number
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None:
            result.validation_error = in_row(number, result.validation_error)
        return result

    def before_import_row(self, row, **kwargs) -> None:
        columns = self.get_import_id_fields()
        key = tuple(cell_text(row.get(column)) for column in columns)
        # An empty key is left to the key fields' own validation.
        earlier = self.rows_by_key.setdefault(key, kwargs["row_number"]) if any(key) else None
        if earlier is not None and earlier != kwargs["row_number"]:
            named = " and ".join(f"{c} '{v}'" for c, v in zip(columns, key, strict=True))
            raise ValidationError(
                {NON_FIELD_ERRORS: f"{named} is already on row {earlier}: one row per fact."}
            )
        if len(cell_text(row.get(REASON_COLUMN))) > REASON_MAX_LENGTH:
            raise ValidationError(
                {REASON_COLUMN: f"Keep the change reason to {REASON_MAX_LENGTH} characters."}
            )

    def import_instance(self, instance, row, **kwargs) -> None:
        # `FactRow.clean()` checks the row's own reason; the history gets it on save.
        instance._change_reason = cell_text(row.get(REASON_COLUMN))
        super().import_instance(instance, row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        user = kwargs.get("user")
        instance._change_reason = history_reason(user, instance._change_reason)
        if user is not None and getattr(user, "is_authenticated", False):
            instance._history_user = user


def resource_for(model: type[models.Model]) -> type[PolicyResource]:
    """The spreadsheet resource of a policy table (see `TABLES` for keys and foreign keys).

    Its columns are the snapshot's (staff notes included: the spreadsheet is a staff tool):
    the natural key, the table's own columns, the source columns, then the change reason."""
    key = next(key for name, key, _ in TABLES.values() if name == model.__name__)
    shared = [f.name for f in m.FactRow._meta.local_fields]
    names = model_fields(model, private=True)
    names = [
        *key,
        *(name for name in names if name not in key and name not in shared),
        *(name for name in shared if name in names and name not in key),
    ]
    attrs: dict[str, Any] = {
        name: fields.Field(
            attribute=name, column_name=name, widget=widget_for(model._meta.get_field(name))
        )
        for name in names
    }
    attrs[REASON_COLUMN] = fields.Field(column_name=REASON_COLUMN, widget=TextWidget())
    columns = (*names, REASON_COLUMN)
    meta = type(
        "Meta",
        (PolicyResource.Meta,),
        {
            "model": model,
            "fields": columns,
            "export_order": columns,
            "import_id_fields": key,
        },
    )
    attrs["Meta"] = meta
    attrs["__module__"] = __name__
    return type(f"{model.__name__}Resource", (PolicyResource,), attrs)


RESOURCES: dict[type[models.Model], type[PolicyResource]] = {
    model: resource_for(model) for model in (m.Source, *m.FACT_MODELS)
}
SourceResource = RESOURCES[m.Source]
ProgramResource = RESOURCES[m.Program]
OfferingResource = RESOURCES[m.Offering]
EligibilityResource = RESOURCES[m.Eligibility]
CertificationResource = RESOURCES[m.Certification]
ClaudeModelResource = RESOURCES[m.ClaudeModel]
RetentionRuleResource = RESOURCES[m.RetentionRule]
DataControllerResource = RESOURCES[m.DataController]
ResidencyOptionResource = RESOURCES[m.ResidencyOption]
PhiPlacementResource = RESOURCES[m.PhiPlacement]
PolicyFactResource = RESOURCES[m.PolicyFact]
