import json

from django.core.management.base import BaseCommand, CommandError

from policydata.snapshot import SnapshotImportError, load_snapshot


class Command(BaseCommand):
    help = "Replace the draft policy data with an export_policy JSON file (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A JSON file written by export_policy.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            with open(file, encoding="utf-8") as handle:
                snapshot = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            counts = load_snapshot(snapshot)
        except SnapshotImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"error: {error}")
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{n} {table}" for table, n in counts.items())
        self.stdout.write(f"Imported into the draft: {summary}. Publish to make it live.")
