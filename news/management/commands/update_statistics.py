from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = (
        "Give the database's query planner fresh statistics of every table: VACUUM ANALYZE on "
        "PostgreSQL, ANALYZE on SQLite. Run it after a bulk import and, on a growing site, "
        "now and then (e.g. weekly): the archive pages' plans depend on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(statement)
        if options["verbosity"]:
            self.stdout.write(f"{statement}: statistics updated.")
