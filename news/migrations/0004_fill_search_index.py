import re
from html import unescape

from django.db import migrations

# The index as news.search built it when this migration was written: title, excerpt and the
# body without its tags, weighted A, B and C on PostgreSQL; the same texts in the FTS5 table
# on SQLite. Kept here so that later changes to news.search do not change this migration.
POSTGRESQL_FILL = """
    UPDATE news_article SET search_vector =
        setweight(to_tsvector('indonesian'::regconfig, COALESCE(title, '')), 'A')
        || setweight(to_tsvector('indonesian'::regconfig, COALESCE(excerpt, '')), 'B')
        || setweight(
            to_tsvector('indonesian'::regconfig, COALESCE(REGEXP_REPLACE(body, '<[^>]*>', ' ', 'g'), '')),
            'C'
        )
"""
SQLITE_FILL = (
    "INSERT OR REPLACE INTO news_article_fts (rowid, title, excerpt, body) VALUES (%s, %s, %s, %s)"
)
TAG = re.compile(r"<[^>]*>")


def plain_text(html):
    """The text of a sanitised body: every tag becomes a space, entities become characters."""
    return unescape(TAG.sub(" ", html))


def fill_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FILL)
        return
    Article = apps.get_model("news", "Article")
    articles = Article.objects.using(schema_editor.connection.alias)
    rows = [
        (pk, title, excerpt, plain_text(body))
        for pk, title, excerpt, body in articles.values_list("pk", "title", "excerpt", "body")
    ]
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(SQLITE_FILL, rows)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_article_search_vector")]

    operations = [migrations.RunPython(fill_search_index, migrations.RunPython.noop)]
