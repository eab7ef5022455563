from django.core.management.base import BaseCommand

from policydata.loading import load_seed
from policydata.publishing import ensure_published


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
        version = ensure_published()
        if version:
            self.stdout.write(f"Published {version.label}: buyers now see this data.")
        elif report.changed:
            self.stdout.write("The draft changed: review and publish it in the admin.")
