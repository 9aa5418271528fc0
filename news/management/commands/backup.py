from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from beritapolisi.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media into one .tar.gz archive (SQLite through "
        "its online backup API, PostgreSQL through pg_dump). Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: beritapolisi-<date>-<time>.tar.gz here).",
        )

    def handle(self, *args, archive=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(archive or f"beritapolisi-{stamp}.tar.gz")
        try:
            create_backup(path)
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(f"Backup written to {path}.")
