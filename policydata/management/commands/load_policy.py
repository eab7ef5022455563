from django.core.management.base import BaseCommand

from policydata.loading import load_seed


class Command(BaseCommand):
    help = "Load the policy facts of the source document (idempotent; keeps staff edits)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Overwrite rows that staff have edited."
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        report = load_seed(force=force)
        self.stdout.write(
            f"Policy data: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
        for row in report.kept_staff_edits:
            self.stdout.write(f"  kept staff edit (use --force to overwrite): {row}")
