"""Site search: the index behind it (news.search) and the search page."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from news.models import Article
from news.search import index_articles

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="stemming and the GIN index are PostgreSQL's (indonesian text-search configuration)",
)
sqlite_only = pytest.mark.skipif(
    ON_POSTGRES, reason="the FTS5 table and its word-only matching exist on SQLite only"
)


def found(query):
    return list(Article.objects.published().search(query))


def fts_rows(article):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM news_article_fts WHERE rowid = %s", [article.pk])
        return cursor.fetchone()[0]


class TestIndex:
    def test_finds_words_of_title_excerpt_and_body(self):
        """A word is found wherever it is: title, excerpt or body."""
        in_title = ArticleFactory(title="Patroli Bhayangkara")
        in_excerpt = ArticleFactory(excerpt="Tim Jatanras bergerak cepat.")
        in_body = ArticleFactory(body="<p>Unit <em>Satreskrim</em> menyelidiki.</p>")
        assert found("bhayangkara") == [in_title]
        assert found("Jatanras") == [in_excerpt]
        assert found("satreskrim") == [in_body]

    def test_title_outranks_excerpt_outranks_body(self):
        """Title hits come before excerpt hits, which come before body hits, whatever the date."""
        in_body = ArticleFactory(body="<p>Operasi Zebra digelar.</p>")
        in_excerpt = ArticleFactory(excerpt="Operasi Zebra digelar.")
        in_title = ArticleFactory(title="Operasi Zebra")
        assert found("zebra") == [in_title, in_excerpt, in_body]

    def test_every_word_must_match(self):
        """Several words find the articles containing all of them."""
        both = ArticleFactory(title="Polisi amankan pencuri motor")
        ArticleFactory(title="Polisi gelar razia")
        assert found("polisi motor") == [both]

    def test_markup_of_the_body_is_not_searchable(self):
        """Tag names and link addresses in the body are not words of the article."""
        article = ArticleFactory(
            body='<p><strong>Tebal</strong> <a href="https://contoh.id/rahasia">tautan</a></p>'
        )
        assert found("tebal") == [article]
        assert found("strong") == found("rahasia") == found("href") == []

    def test_editing_an_article_reindexes_it(self):
        """Saving new text replaces the old words in the index."""
        article = ArticleFactory(title="Judul lama")
        article.title = "Judul anyar"
        article.save()
        assert found("anyar") == [article]
        assert found("lama") == []

    def test_queryset_update_needs_index_articles(self):
        """QuerySet.update() sends no signal: index_articles() brings the index up to date."""
        article = ArticleFactory(title="Judul lama")
        articles = Article.objects.filter(pk=article.pk)
        articles.update(title="Judul anyar")
        assert found("anyar") == []
        index_articles(articles)
        assert found("anyar") == [article]

    def test_migration_fills_the_index_of_existing_articles(self):
        """Migration 0004 indexes the articles that existed before search did."""
        article = ArticleFactory(title="Berita arsip")
        Article.objects.update(search_vector=None)
        if not ON_POSTGRES:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM news_article_fts")
        assert found("arsip") == []
        migration = importlib.import_module("news.migrations.0004_fill_search_index")
        migration.fill_search_index(apps, connection.schema_editor())
        assert found("arsip") == [article]


@postgres_only
class TestPostgres:
    @pytest.mark.parametrize(
        "text, query",
        [
            ("Petugas berjaga di perbatasan.", "menjaga"),  # menjaga, berjaga -> jaga
            ("Anggota menjaga pos.", "jaga"),
            ("Pengamanan malam tahun baru.", "mengamankan"),  # -> aman
            ("Polisi mengamankan barang bukti.", "keamanan"),
            ("Kepolisian membuka layanan.", "polisi"),  # kepolisian -> polisi
        ],
    )
    def test_indonesian_stemming(self, text, query):
        """Words sharing a stem find each other, prefixed forms and root alike."""
        article = ArticleFactory(body=f"<p>{text}</p>")
        assert found(query) == [article]

    def test_stemmer_limit_men_plus_t(self):
        """Known limit of the snowball stemmer: "menangkap" stems to "angkap", not "tangkap"."""
        ArticleFactory(body="<p>Pelaku ditangkap.</p>")
        assert found("menangkap") == []
        assert len(found("tangkap")) == 1

    def test_search_vector_has_a_gin_index(self):
        """The GIN index made by migration 0003 is there."""
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "news_article")
        assert constraints["article_search_idx"]["type"] == "gin"
        assert constraints["article_search_idx"]["columns"] == ["search_vector"]


@sqlite_only
class TestSQLite:
    def test_whole_words_without_stemming(self):
        """FTS5 matches whole words, case-insensitively, but no other form of them."""
        article = ArticleFactory(body="<p>Anggota menjaga pos.</p>")
        assert found("MENJAGA") == [article]
        assert found("jaga") == found("menj") == []

    def test_deleted_article_leaves_the_index(self):
        """Deleting an article deletes its FTS5 row."""
        article = ArticleFactory()
        assert fts_rows(article) == 1
        Article.objects.filter(pk=article.pk).delete()
        assert fts_rows(article) == 0
