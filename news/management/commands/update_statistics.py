from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from news.models import Article
from news.search import prune_vocabulary


class Command(BaseCommand):
    help = (
        "Remove the words no published article holds any more from the search vocabulary, "
        "then give the database's query planner fresh statistics of every table: VACUUM "
        "ANALYZE on PostgreSQL, ANALYZE on SQLite. Run it after a bulk import and, on a "
        "growing site, now and then (e.g. weekly): the archive pages' plans depend on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database=DEFAULT_DB_ALIAS, **options):
        # Scheduled articles count: they appear when their time comes, without a save.
        publishing = Article.objects.using(database).filter(status=Article.Status.PUBLISHED)
        removed = prune_vocabulary(publishing)
        connection = connections[database]
        statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(statement)
        if options["verbosity"]:
            self.stdout.write(f"Search vocabulary: {removed} unused words removed.")
            self.stdout.write(f"{statement}: statistics updated.")
