import json

from django.core.management.base import BaseCommand

from policydata.snapshot import snapshot_from_db


class Command(BaseCommand):
    help = "Write the whole draft policy data as JSON (stdout or --output FILE)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")

    def handle(self, *args, output: str | None = None, **options) -> None:
        text = json.dumps(
            snapshot_from_db(private=True), indent=2, ensure_ascii=False, sort_keys=True
        )
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
