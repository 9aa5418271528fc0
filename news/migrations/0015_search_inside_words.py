"""Search inside words and by section name (see news.search).

The articles' index gets the name of each article's category: a fourth column of the FTS5
table on SQLite, weight D of the search vector on PostgreSQL. A vocabulary of every indexed
word, with a trigram index, lets a query word find the words containing it: pg_trgm's GIN
index on PostgreSQL, an FTS5 table with the trigram tokenizer (SQLite 3.34 or later), kept
filled by a trigger, on SQLite. The SQL and the code filling them are copied here, so later
changes to news.search do not change this migration.
"""

import importlib
import re
from html import unescape

from django.db import migrations

FILL_0004 = importlib.import_module("news.migrations.0004_fill_search_index")

POSTGRESQL_FORWARD = [
    """
    UPDATE news_article SET search_vector =
        setweight(to_tsvector('indonesian'::regconfig, COALESCE(title, '')), 'A')
        || setweight(to_tsvector('indonesian'::regconfig, COALESCE(excerpt, '')), 'B')
        || setweight(
            to_tsvector('indonesian'::regconfig, COALESCE(REGEXP_REPLACE(body, '<[^>]*>', ' ', 'g'), '')),
            'C'
        )
        || setweight(
            to_tsvector('indonesian'::regconfig, COALESCE(
                (SELECT name FROM news_category WHERE news_category.id = news_article.category_id), ''
            )),
            'D'
        )
    """,
    "CREATE TABLE news_searchword (word text PRIMARY KEY)",
    "CREATE INDEX news_searchword_trigram_idx ON news_searchword USING gin (word gin_trgm_ops)",
    """
    INSERT INTO news_searchword (word)
    SELECT DISTINCT word.lexeme FROM news_article
    JOIN news_category ON news_category.id = news_article.category_id,
    unnest(to_tsvector('simple', news_article.title || ' ' || news_article.excerpt || ' '
        || regexp_replace(news_article.body, '<[^>]*>', ' ', 'g') || ' ' || news_category.name)) AS word
    ON CONFLICT DO NOTHING
    """,
]
POSTGRESQL_BACKWARD = ["DROP TABLE IF EXISTS news_searchword"]

SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS news_article_fts",
    "CREATE VIRTUAL TABLE news_article_fts USING fts5(title, excerpt, body, section)",
    "CREATE TABLE news_searchword (id integer PRIMARY KEY, word text NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE news_searchword_trigram USING fts5(word, tokenize='trigram')",
    """
    CREATE TRIGGER news_searchword_added AFTER INSERT ON news_searchword BEGIN
        INSERT INTO news_searchword_trigram (rowid, word) VALUES (new.id, new.word);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS news_searchword_added",
    "DROP TABLE IF EXISTS news_searchword_trigram",
    "DROP TABLE IF EXISTS news_searchword",
    "DROP TABLE IF EXISTS news_article_fts",
    "CREATE VIRTUAL TABLE news_article_fts USING fts5(title, excerpt, body)",
]
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"[^\W_]+")


def plain_text(html):
    """The text of a sanitised body: every tag becomes a space, entities become characters."""
    return unescape(TAG.sub(" ", html))


def fill_sqlite(schema_editor, articles):
    rows = [
        (pk, title, excerpt, plain_text(body), section)
        for pk, title, excerpt, body, section in articles.values_list(
            "pk", "title", "excerpt", "body", "category__name"
        )
    ]
    words = {word.lower() for row in rows for text in row[1:] for word in WORD.findall(text)}
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO news_article_fts (rowid, title, excerpt, body, section) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
        cursor.executemany(
            "INSERT OR IGNORE INTO news_searchword (word) VALUES (%s)",
            [(word,) for word in sorted(words)],
        )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # As TrigramExtension() would, but a no-op on SQLite in both directions (Django's
        # operation asks SQLite for pg_extension when migrating back).
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for sql in POSTGRESQL_FORWARD:
            schema_editor.execute(sql)
        return
    for sql in SQLITE_FORWARD:
        schema_editor.execute(sql)
    articles = apps.get_model("news", "Article").objects.using(schema_editor.connection.alias)
    fill_sqlite(schema_editor, articles)


def backward(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}
    for sql in statements[schema_editor.connection.vendor]:
        schema_editor.execute(sql)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP EXTENSION IF EXISTS pg_trgm")
    FILL_0004.fill_search_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("news", "0014_article_published_updated_idx")]

    operations = [migrations.RunPython(forward, backward)]
