from django.core.management.base import BaseCommand, CommandError

from beritapolisi.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded media with those of an archive made by "
        "`manage.py backup`. Everything written since the backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive to restore.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, archive, interactive, **options):
        if interactive:
            answer = input(
                "This replaces the whole database and all uploaded media. Type 'yes' to go on: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore_backup(archive)
        except (BackupError, OSError, KeyError, ValueError) as error:
            raise CommandError(f"Cannot restore {archive}: {error}") from error
        self.stdout.write(f"Restored the backup made at {manifest['created']}.")
