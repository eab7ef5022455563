"""Spreadsheets by natural key (issue 15): every table exports slugs, not ids, and
re-imports its own CSV or XLSX export unchanged; errors name the spreadsheet's row."""

import datetime as dt
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Error

from policydata import models as pm
from policydata.resources import RESOURCES, EligibilityResource, SheetResult, history_reason
from policydata.snapshot import TABLES, snapshot_from_db

pytestmark = pytest.mark.usefixtures("policy")

TODAY = dt.date(2026, 11, 27)
FORMATS = [CSV, XLSX]
KEYS = {model_name: key for model_name, key, _ in TABLES.values()}


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("policydata.models.timezone.localdate", lambda: TODAY)
    return TODAY


def exported(resource_class, file_format) -> bytes | str:
    return file_format.export_data(resource_class().export())


def reread(resource_class, file_format) -> tablib.Dataset:
    """A table's export, written to the format and read back as the admin reads an upload."""
    return file_format.create_dataset(exported(resource_class, file_format))


def ids_by_key(model) -> dict[tuple, int]:
    key = KEYS[model.__name__]
    return {tuple(str(getattr(obj, name)) for name in key): obj.pk for obj in model.objects.all()}


def history_rows() -> int:
    return sum(model.history.count() for model in RESOURCES)


def errors_of(result) -> list[str]:
    """Every message of an import's invalid rows and row errors, flat."""
    messages = [
        message
        for row in result.invalid_rows
        for field_messages in row.error_dict.values()
        for message in field_messages
    ]
    return messages + [str(e.error) for _, errors in result.row_errors() for e in errors]


def eligibility_sheet() -> tablib.Dataset:
    return EligibilityResource().export()


def row_of(sheet: tablib.Dataset, program: str, offering: str) -> int:
    """The index of a cell's row in `sheet` (data rows from 0; the spreadsheet row is +2)."""
    return next(
        i
        for i, row in enumerate(sheet.dict)
        if row["program"] == program and row["offering"] == offering
    )


def set_value(sheet: tablib.Dataset, index: int, column: str, value) -> None:
    row = list(sheet[index])
    row[sheet.headers.index(column)] = value
    sheet[index] = row


def batch_hipaa() -> pm.Eligibility:
    return pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")


# ---- Exports carry natural keys, not internals ----------------------------------------------


def test_every_fact_table_has_a_resource():
    assert set(pm.FACT_MODELS) <= set(RESOURCES)


@pytest.mark.parametrize("model", list(RESOURCES), ids=lambda model: model.__name__)
def test_no_export_carries_a_database_id_or_the_seed_digest(model):
    headers = RESOURCES[model]().export().headers
    assert not {"id", "seed_digest", "pk"} & set(headers)
    assert not any(header.endswith("_id") for header in headers)
    assert headers[: len(KEYS[model.__name__])] == list(KEYS[model.__name__])


def test_foreign_keys_are_exported_as_slugs():
    row = eligibility_sheet().dict[0]
    assert pm.Program.objects.filter(slug=row["program"]).exists()
    assert pm.Offering.objects.filter(slug=row["offering"]).exists()
    assert pm.Source.objects.filter(slug=row["source"]).exists()


def test_csv_dates_are_iso_and_booleans_read_true_or_false():
    text = exported(RESOURCES[pm.Offering], CSV())
    row = CSV().create_dataset(text).dict[0]
    assert dt.date.fromisoformat(row["verified_on"])
    assert row["is_beta"] in {"TRUE", "FALSE"}


def test_the_spreadsheet_carries_the_private_staff_note_the_staff_keep():
    cell = batch_hipaa()
    pm.Eligibility.objects.filter(pk=cell.pk).update(private_note="Ticket 42.")
    sheet = eligibility_sheet()
    assert sheet.dict[row_of(sheet, "hipaa", "batch-api")]["private_note"] == "Ticket 42."


# ---- The round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("model", list(RESOURCES), ids=lambda model: model.__name__)
def test_every_table_reimports_its_own_export_with_no_differences(model, file_format):
    pm.Eligibility.objects.filter(pk=batch_hipaa().pk).update(private_note="Ticket 42.")
    before = snapshot_from_db(private=True)
    ids, history = ids_by_key(model), history_rows()
    dataset = reread(RESOURCES[model], file_format())

    result = RESOURCES[model]().import_data(dataset, dry_run=False)

    assert not result.has_errors(), errors_of(result)
    assert not result.has_validation_errors(), errors_of(result)
    assert result.totals["skip"] == len(dataset) == model.objects.count()
    assert all(row.import_type == "skip" for row in result.rows)
    assert snapshot_from_db(private=True) == before
    assert ids_by_key(model) == ids
    assert history_rows() == history


def test_an_empty_note_cell_in_xlsx_imports_as_an_empty_note(today):
    pm.Eligibility.objects.filter(pk=batch_hipaa().pk).update(note="Read the BAA.")
    book = openpyxl.load_workbook(io.BytesIO(exported(EligibilityResource, XLSX())))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(headers, (c.value for c in row), strict=True))
        if (values["program"], values["offering"]) == ("hipaa", "batch-api"):
            row[headers.index("note")].value = None
    stream = io.BytesIO()
    book.save(stream)

    dataset = XLSX().create_dataset(stream.getvalue())
    result = EligibilityResource().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    assert result.totals["update"] == 1
    assert batch_hipaa().note == ""


# ---- Errors name the spreadsheet row --------------------------------------------------------


def test_an_unknown_slug_is_an_error_naming_the_spreadsheet_row_and_the_slug():
    sheet = eligibility_sheet()
    set_value(sheet, 3, "offering", "no-such-offering")
    before = snapshot_from_db(private=True)

    result = EligibilityResource().import_data(sheet, dry_run=False)

    assert [row.number for row in result.invalid_rows] == [5]  # header row 1, data from 2
    assert "Row 5: no offering with slug 'no-such-offering'" in errors_of(result)
    assert snapshot_from_db(private=True) == before


def test_an_unknown_source_slug_names_the_source():
    sheet = eligibility_sheet()
    set_value(sheet, 0, "source", "nowhere")
    result = EligibilityResource().import_data(sheet, dry_run=True)
    assert "Row 2: no source with slug 'nowhere'" in errors_of(result)


def test_a_duplicated_natural_key_is_an_error_naming_both_rows():
    sheet = eligibility_sheet()
    sheet.append(sheet[0])
    last = len(sheet) + 1

    result = EligibilityResource().import_data(sheet, dry_run=False)

    first = sheet.dict[0]
    assert [row.number for row in result.invalid_rows] == [last]
    assert (
        f"Row {last}: program '{first['program']}' and offering '{first['offering']}' "
        "is already on row 2: one row per fact."
    ) in errors_of(result)


def test_a_value_that_is_not_true_or_false_is_refused_not_read_as_false():
    resource = RESOURCES[pm.Offering]
    sheet = resource().export()
    set_value(sheet, 0, "is_beta", "maybe")
    result = resource().import_data(sheet, dry_run=True)
    assert "Row 2: 'maybe' is not TRUE or FALSE." in errors_of(result)


def test_a_date_that_is_not_iso_is_refused_with_the_form_to_use():
    sheet = eligibility_sheet()
    set_value(sheet, 1, "verified_on", "27/11/2026")
    result = EligibilityResource().import_data(sheet, dry_run=True)
    assert "Row 3: '27/11/2026' is not a date: write it as YYYY-MM-DD." in errors_of(result)


def test_one_bad_row_rejects_the_whole_file(today):
    sheet = eligibility_sheet()
    set_value(sheet, row_of(sheet, "hipaa", "batch-api"), "note", "Changed.")
    set_value(sheet, 3, "offering", "no-such-offering")
    history = history_rows()
    EligibilityResource().import_data(sheet, dry_run=False)
    assert batch_hipaa().note != "Changed."
    assert history_rows() == history


# ---- The evidence rule and the history ------------------------------------------------------


def test_a_status_change_without_a_newer_verified_date_is_refused_naming_the_row(today):
    sheet = eligibility_sheet()
    index = row_of(sheet, "hipaa", "batch-api")
    set_value(sheet, index, "status", "eligible")
    set_value(sheet, index, "change_reason", "BAA amended")
    history = history_rows()

    result = EligibilityResource().import_data(sheet, dry_run=False)

    assert [row.number for row in result.invalid_rows] == [index + 2]
    said = " ".join(errors_of(result))
    assert f"Row {index + 2}: A change to the status needs a new verified date" in said
    assert batch_hipaa().status != "eligible"
    assert history_rows() == history


def test_a_status_change_without_a_reason_is_refused(today):
    sheet = eligibility_sheet()
    index = row_of(sheet, "hipaa", "batch-api")
    set_value(sheet, index, "status", "eligible")
    set_value(sheet, index, "verified_on", TODAY.isoformat())
    result = EligibilityResource().import_data(sheet, dry_run=False)
    assert f"Row {index + 2}: A change to the status needs a change reason" in " ".join(
        errors_of(result)
    )


def test_a_valid_status_change_imports_with_its_reason_and_importer_in_the_history(today, editor):
    sheet = eligibility_sheet()
    index = row_of(sheet, "hipaa", "batch-api")
    set_value(sheet, index, "status", "eligible")
    set_value(sheet, index, "verified_on", TODAY.isoformat())
    set_value(sheet, index, "change_reason", "BAA amended")
    history = history_rows()

    result = EligibilityResource().import_data(sheet, dry_run=False, user=editor)

    assert not result.has_validation_errors(), errors_of(result)
    assert result.totals["update"] == 1
    assert result.totals["skip"] == len(sheet) - 1
    cell = batch_hipaa()
    assert (cell.status, cell.verified_on) == ("eligible", TODAY)
    assert history_rows() == history + 1
    record = cell.history.first()
    assert record.history_change_reason == "Imported from spreadsheet by editor: BAA amended"
    assert record.history_user == editor


def test_a_change_without_a_reason_still_says_in_the_history_it_came_from_a_spreadsheet(
    today, editor
):
    sheet = eligibility_sheet()
    set_value(sheet, row_of(sheet, "hipaa", "batch-api"), "note", "Clearer wording.")
    EligibilityResource().import_data(sheet, dry_run=False, user=editor)
    record = batch_hipaa().history.first()
    assert record.history_change_reason == "Imported from spreadsheet by editor"


def test_the_history_reason_fits_the_history_column(editor):
    reason = history_reason(editor, "x" * 100)
    assert len(reason) == 100
    assert reason.endswith("\u2026")


# ---- Through the admin ----------------------------------------------------------------------


@pytest.mark.parametrize("model", pm.FACT_MODELS, ids=lambda model: model.__name__)
def test_the_admin_exports_every_table_with_its_resource(client, editor, model):
    client.force_login(editor)
    resource = RESOURCES[model]
    # What the export page posts as it stands: CSV, every column ticked.
    ticked = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    url = f"/admin/policydata/{model._meta.model_name}/export/"
    response = client.post(url, {"format": "0", "resource": "0", **ticked})
    assert response["Content-Type"].startswith("text/csv")
    dataset = CSV().create_dataset(response.content.decode())
    assert dataset.headers == RESOURCES[model]().get_export_headers()
    result = RESOURCES[model]().import_data(dataset, dry_run=False)
    assert result.totals["skip"] == len(dataset) == model.objects.count()


def admin_import(client, file_format: int, name: str, content: bytes):
    """Upload a file to the eligibility import page (the preview step)."""
    upload = SimpleUploadedFile(name, content)
    return client.post(
        "/admin/policydata/eligibility/import/",
        {"import_file": upload, "format": str(file_format), "resource": "0"},
    )


def test_the_admin_import_previews_then_saves_a_change_with_its_reason(client, editor, today):
    sheet = eligibility_sheet()
    index = row_of(sheet, "hipaa", "batch-api")
    set_value(sheet, index, "status", "eligible")
    set_value(sheet, index, "verified_on", TODAY.isoformat())
    set_value(sheet, index, "change_reason", "BAA amended")
    client.force_login(editor)

    preview = admin_import(client, 1, "cells.xlsx", XLSX().export_data(sheet))
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, errors_of(preview.context["result"])
    confirm = preview.context["confirm_form"]
    assert batch_hipaa().status != "eligible"  # the preview writes nothing

    response = client.post("/admin/policydata/eligibility/process_import/", confirm.initial)

    assert response.status_code == 302
    cell = batch_hipaa()
    assert cell.status == "eligible"
    record = cell.history.first()
    assert record.history_change_reason == "Imported from spreadsheet by editor: BAA amended"
    assert record.history_user == editor


def test_the_admin_import_page_names_the_spreadsheet_row_of_a_bad_cell(client, editor):
    sheet = eligibility_sheet()
    set_value(sheet, 3, "offering", "no-such-offering")
    client.force_login(editor)

    response = admin_import(client, 0, "cells.csv", CSV().export_data(sheet).encode())

    assert "confirm_form" not in response.context
    assert [row.number for row in response.context["result"].invalid_rows] == [5]
    assert "Row 5: no offering with slug &#x27;no-such-offering&#x27;" in (
        response.content.decode()
    )


def test_an_import_error_that_is_not_a_validation_error_is_numbered_as_the_spreadsheet_does():
    result = SheetResult()
    result.append_error_row(1, {}, [Error(RuntimeError("database gone"))])
    assert [number for number, _ in result.row_errors()] == [2]
