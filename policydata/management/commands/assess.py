import json
import sys

from django.core.management.base import BaseCommand, CommandError

from policydata.service import assess_answers, decode_json


class Command(BaseCommand):
    help = "Assess ANSWERS.json (or - for stdin) and print the result JSON (contract v1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A JSON file of answers, or - to read stdin.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            if file == "-":
                raw = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as handle:
                    raw = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        data, errors = decode_json(raw)
        result = None
        if not errors:
            result, errors = assess_answers(data)
        if errors:
            for error in errors:
                where = f"{error.field}: " if error.field else ""
                self.stderr.write(f"error: {where}{error.message}")
            raise CommandError(f"{len(errors)} problem(s) in the answers.")
        self.stdout.write(json.dumps(result, indent=2))
