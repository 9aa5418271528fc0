import django.contrib.postgres.search
from django.db import migrations

# What each database searches with (see news.search). Neither is in the model state: SQLite
# cannot create a GIN index when it rebuilds news_article, and the FTS5 table is no model.
CREATE = {
    "postgresql": "CREATE INDEX article_search_idx ON news_article USING gin (search_vector)",
    "sqlite": "CREATE VIRTUAL TABLE news_article_fts USING fts5(title, excerpt, body)",
}
DROP = {
    "postgresql": "DROP INDEX IF EXISTS article_search_idx",
    "sqlite": "DROP TABLE IF EXISTS news_article_fts",
}


def create_search_index(apps, schema_editor):
    schema_editor.execute(CREATE[schema_editor.connection.vendor])


def drop_search_index(apps, schema_editor):
    schema_editor.execute(DROP[schema_editor.connection.vendor])


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0002_editor_group'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search vector'),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
