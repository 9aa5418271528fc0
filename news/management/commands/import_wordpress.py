"""manage.py import_wordpress EXPORT.xml [--media-dir UPLOADS] [--dry-run]"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from news.wordpress.importer import Importer, scan
from news.wordpress.media import MediaFiles
from news.wordpress.report import Report
from news.wordpress.wxr import WXRError


class DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.0–1.2): authors, categories, tags, "
        "posts, pages, comments, featured images and old addresses, in one transaction. "
        "Running it again updates what changed and adds only what is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export file (WXR).")
        parser.add_argument(
            "--media-dir",
            help="A copy of the old site's wp-content/uploads folder (YYYY/MM/file).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and print the report, but write nothing.",
        )

    def handle(self, *args, export, media_dir, dry_run, **options):
        started = time.monotonic()
        report = Report()
        media = MediaFiles(media_dir, dry_run=dry_run)
        try:
            scanned = scan(export)
            with self.progress_bar(scanned.items) as progress:
                importer = Importer(scanned=scanned, media=media, report=report, progress=progress)
                self.import_all(importer, export, dry_run)
        except (WXRError, OSError) as error:
            raise CommandError(str(error)) from error
        except DryRun:
            pass
        seconds = time.monotonic() - started
        for line in report.lines():
            self.stdout.write(line)
        summary = f"{scanned.items} items read in {seconds:.1f} s"
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run: nothing was written ({summary})."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Import finished ({summary})."))

    def import_all(self, importer, export, dry_run):
        """One transaction: a failure, or a dry run, leaves the site as it was, files too."""
        try:
            with transaction.atomic():
                importer.run(export)
                if dry_run:
                    raise DryRun
        except BaseException:
            importer.media.remove_stored(importer.image_names)
            raise

    def progress_bar(self, total):
        """tqdm on a terminal; nothing in logs, pipes and tests."""
        return tqdm(
            total=total,
            unit=" items",
            file=sys.stderr,
            disable=not (sys.stderr.isatty() and self.stdout.isatty()),
        )
