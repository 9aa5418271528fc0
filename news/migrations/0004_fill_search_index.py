from django.db import migrations

from news.search import index_articles


def fill_search_index(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    index_articles(Article.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):
    dependencies = [("news", "0003_article_search_vector")]

    operations = [migrations.RunPython(fill_search_index, migrations.RunPython.noop)]
