from django.core.management.base import BaseCommand

from news import popularity


class Command(BaseCommand):
    help = "Write the most-read view counters kept in the cache into the database."

    def handle(self, *args, **options):
        folded = popularity.fold()
        self.stdout.write(f"{folded} hourly counts folded.")
