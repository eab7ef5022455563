import json

from django.core.management.base import BaseCommand, CommandError

from policydata.importing import ImportRejected, NotAnExport, import_policy
from policydata.publishing import describe_version


class Command(BaseCommand):
    help = (
        "Read an export_policy JSON file into the draft policy data (all or nothing). Rows "
        "match by slug; rows missing from the file are kept unless --delete-missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A JSON file written by export_policy.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; write nothing."
        )
        parser.add_argument(
            "--delete-missing",
            action="store_true",
            help="Delete the draft rows the file does not have (default: keep them).",
        )
        parser.add_argument(
            "--reason", default="", help="The change reason recorded in each row's history."
        )

    def handle(self, *args, file: str, dry_run: bool, delete_missing: bool, reason: str, **_):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}", returncode=2) from exc
        try:
            report = import_policy(
                data, delete_missing=delete_missing, dry_run=dry_run, reason=reason
            )
        except NotAnExport as exc:
            raise CommandError(f"{file}: {exc} Nothing was written.", returncode=2) from exc
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(f"error: {error}")
            raise CommandError(str(exc)) from exc
        sentences = describe_version(
            [c.as_dict() for c in report.changes], report.after, initial=False
        ).sentences
        for sentence in sentences:
            self.stdout.write(f"  {sentence.text}")
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: would be {report.summary}.")
        else:
            self.stdout.write(
                f"Imported into the draft: {report.summary}. Publish to make it live."
            )
