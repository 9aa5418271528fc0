"""On SQLite, a word deleted from the search vocabulary leaves its trigram table too.

Migration 0015's trigger copies each new word of `news_searchword` into the FTS5 table
`news_searchword_trigram`; this one removes it from there when the word is deleted, so that
news.search.prune_vocabulary() is one DELETE on both databases. PostgreSQL's trigram index is
an index of the table itself: nothing to do there.
"""

from django.db import migrations

SQLITE_FORWARD = """
    CREATE TRIGGER news_searchword_removed AFTER DELETE ON news_searchword BEGIN
        DELETE FROM news_searchword_trigram WHERE rowid = old.id;
    END
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS news_searchword_removed"


def on_sqlite(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("news", "0017_taggedarticle_listed_at")]

    operations = [migrations.RunPython(on_sqlite(SQLITE_FORWARD), on_sqlite(SQLITE_BACKWARD))]
