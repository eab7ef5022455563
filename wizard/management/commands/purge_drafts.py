from django.conf import settings
from django.core.management.base import BaseCommand

from wizard.models import Draft


class Command(BaseCommand):
    help = "Delete drafts not touched for DRAFT_TTL_DAYS (saved assessments are never purged)."

    def handle(self, *args, **options) -> None:
        deleted, _ = Draft.objects.filter(updated_at__lt=Draft.expiry_cutoff()).delete()
        self.stdout.write(f"Purged {deleted} draft(s) older than {settings.DRAFT_TTL_DAYS} days.")
