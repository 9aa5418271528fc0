"""Site search: the index behind it (news.search) and the search page."""

import importlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.search import EXPANSIONS_PER_WORD, index_articles, prune_vocabulary

from .factories import ArticleFactory, CategoryFactory
from .test_admin import article_form_data
from .test_queries import build_site

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

    def test_editing_in_the_admin_reindexes_the_article(self, editor_client):
        """An editor's change in the admin is searchable at once; the old words are gone."""
        article = ArticleFactory(title="Judul lama")
        data = article_form_data(
            article.category,
            article.author,
            title="Operasi Patuh Jaya",
            slug=article.slug,
            published_at_0="2026-01-05",
        )
        change = reverse("admin:news_article_change", args=[article.pk])
        assert editor_client.post(change, data).status_code == 302
        assert found("patuh") == [article]
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


@pytest.mark.postgres
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

    def test_known_stemmer_limit_menangkap(self):
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
    def test_words_without_stemming(self):
        """FTS5 does not stem: "jaga" finds "menjaga" only because it is inside the word."""
        article = ArticleFactory(body="<p>Anggota menjaga pos.</p>")
        assert found("MENJAGA") == found("jaga") == found("menj") == [article]
        assert found("dijaga") == []

    def test_deleted_article_leaves_the_index(self):
        """Deleting an article deletes its FTS5 row."""
        article = ArticleFactory()
        assert fts_rows(article) == 1
        Article.objects.filter(pk=article.pk).delete()
        assert fts_rows(article) == 0


def search(client, query, **params):
    return client.get(reverse("news:search"), {"q": query, **params})


class TestSearchPage:
    def test_address_is_cari(self):
        """The search page lives at /cari/."""
        assert reverse("news:search") == "/cari/"

    def test_wordpress_search_address_redirects_with_the_query(self, client):
        """/?s=… (WordPress) redirects permanently to /cari/?q=… with the same words."""
        response = client.get(reverse("news:home"), {"s": "polisi & lalu lintas"})
        assert response.status_code == 301
        assert response.headers["Location"] == (
            reverse("news:search") + "?q=polisi+%26+lalu+lintas"
        )

    def test_results_as_article_cards_with_count_in_indonesian(self, client):
        """Heading, result count and each result's card: label, linked title, snippet, author."""
        article = ArticleFactory(
            title="Polisi Amankan Pelaku", excerpt="Ringkasan singkat.", body="<p>Isi berita.</p>"
        )
        response = search(client, "pelaku")
        assert response.status_code == 200
        assert list(response.context["article_list"]) == [article]
        html = response.text
        for text in [
            "Hasil pencarian untuk “pelaku”",
            "1 artikel ditemukan",
            article.category.name,
            f'<a href="{article.get_absolute_url()}">Polisi Amankan Pelaku</a>',
            'class="card__snippet"',
            article.author.name,
        ]:
            assert text in html, text

    def test_search_form_keeps_the_query(self, client):
        """The page has a GET form with a label and a search box holding the reader's words."""
        html = search(client, "lalu lintas").text
        assert 'method="get"' in html and f'action="{reverse("news:search")}"' in html
        assert '<label for="id_q">Cari berita</label>' in html
        assert '<input type="search" name="q" value="lalu lintas" maxlength="200"' in html

    def test_snippet_highlights_the_words_found(self, client):
        """Each result shows a snippet of the body with the words found in <mark>."""
        ArticleFactory(body="<p>Tim <strong>Bhayangkara</strong> berpatroli malam.</p>")
        html = search(client, "bhayangkara").text
        assert '<p class="card__snippet">' in html
        assert "<mark>Bhayangkara</mark> berpatroli malam" in html

    def test_snippet_cannot_inject_html(self, client):
        """Text that looks like HTML stays text; the only tags are the <mark>s of the hits."""
        ArticleFactory(
            body="<p>Waspada &lt;script&gt;alert(1)&lt;/script&gt; dan &lt;mark&gt;palsu"
            "&lt;/mark&gt; &amp; \ue001 penipuan</p>"
        )
        html = search(client, "waspada").text
        snippet = html.split('<p class="card__snippet">')[1].split("</p>")[0]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
        assert "&lt;mark&gt;palsu&lt;/mark&gt; &amp;" in snippet
        assert "<script" not in html and "\ue001" not in snippet
        assert snippet.count("<mark>") == snippet.count("</mark>") == 1

    def test_drafts_and_scheduled_articles_are_never_found(self, client):
        """Only published() articles: drafts and future ones stay hidden."""
        ArticleFactory(title="Draf rahasia razia", status=Article.Status.DRAFT)
        ArticleFactory(title="Terjadwal razia", published_at=timezone.now() + timedelta(hours=1))
        visible = ArticleFactory(title="Terbit razia")
        response = search(client, "razia")
        assert list(response.context["article_list"]) == [visible]
        assert "Draf rahasia" not in response.text and "Terjadwal" not in response.text
        assert "1 artikel ditemukan" in response.text

    def test_ten_results_per_page_and_page_links_keep_the_query(self, client):
        """Results come ten a page; the page links carry the query along."""
        ArticleFactory.create_batch(12, title="Razia kendaraan")
        first = search(client, "razia")
        assert len(first.context["article_list"]) == 10
        assert "12 artikel ditemukan" in first.text
        assert 'href="?q=razia&amp;page=2"' in first.text
        second = search(client, "razia", page=2)
        assert len(second.context["article_list"]) == 2
        assert 'href="?q=razia&amp;page=1"' in second.text

    def test_no_results_message(self, client):
        """Words found nowhere: a friendly message, not an empty page."""
        ArticleFactory()
        response = search(client, "xylofon")
        assert response.status_code == 200
        assert "Tidak ada hasil untuk “xylofon”" in response.text

    def test_results_pages_ask_search_engines_not_to_index_them(self, client):
        """Search pages send X-Robots-Tag: noindex."""
        assert search(client, "polisi").headers["X-Robots-Tag"] == "noindex"

    @pytest.mark.slow
    def test_demo_content_is_searchable(self, client):
        """load_demo saves through the ORM, so its articles are indexed: the seed is found."""
        call_command("load_demo", stdout=StringIO())
        response = search(client, "Kemenko Polkam")
        titles = [article.title for article in response.context["article_list"]]
        assert titles[0].startswith("Kapolda Metro Jaya Audiensi dengan Kemenko Polkam")


PROMPT = "Ketik satu kata atau lebih"
NO_WORDS = "Ketik paling sedikit satu kata"
NO_RESULTS = "Tidak ada hasil"


@pytest.mark.parametrize(
    "query, message",
    [
        ("", PROMPT),
        ("   ", PROMPT),
        ("polisi " * 143, "Gunakan paling banyak 200 karakter"),
        ("!!! ... ???", NO_WORDS),
        ("%", NO_WORDS),
        ("_", NO_WORDS),
        ("%_%", NO_WORDS),
        ('"', NO_WORDS),
        ("'; DROP TABLE news_article; --", NO_RESULTS),
        ('"polisi', "1 artikel ditemukan"),
        ("polisi'", "1 artikel ditemukan"),
        ("NEAR(polisi", NO_RESULTS),
        ("polisi AND OR NOT", NO_RESULTS),
        ("polisi*", "1 artikel ditemukan"),
        ("title:polisi", NO_RESULTS),
        ("-polisi", "Hasil pencarian untuk “-polisi”"),
        ("polisi\x00", "Karakter null tidak diizinkan"),
        ("<script>alert(1)</script>", "untuk “&lt;script&gt;alert(1)&lt;/script&gt;”"),
    ],
)
def test_odd_queries_get_a_friendly_page(client, query, message):
    """Empty, huge, punctuation, SQL, HTML or FTS syntax: status 200, a message, no harm."""
    ArticleFactory(title="Polisi berpatroli")
    response = search(client, query)
    assert response.status_code == 200
    assert message in response.text
    assert "<script" not in response.text
    assert Article.objects.count() == 1


def test_query_of_200_characters_is_searched(client):
    """The length limit is 200 characters: a query of exactly 200 is still searched."""
    ArticleFactory(title="Polisi berpatroli")
    response = search(client, "polisi".ljust(200, "!"))
    assert "1 artikel ditemukan" in response.text


def test_every_page_has_a_search_box_in_the_header(client):
    """The header holds a plain GET form to the search page: it works without JavaScript."""
    html = client.get(reverse("news:home")).text
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert (
        f'<form class="site-search" role="search" method="get" action="{reverse("news:search")}">'
        in header
    )
    assert '<label class="visually-hidden" for="site-search-q">Cari berita</label>' in header
    assert '<input type="search" id="site-search-q" name="q"' in header
    assert '<button type="submit">Cari</button>' in header


# Queries per search page: the words containing the query's (vocabulary) + count + one page of
# results (snippets and comment counts in the same query) + categories (navigation and section
# link) + footer pages + the breaking-news bar. Without results: the newest articles instead of
# a page of results. Without a query: only the navigation, the footer and the bar.
SEARCH_PAGES = {
    "results": ({"q": "berita"}, 6),
    "results, page 2": ({"q": "berita", "page": 2}, 6),
    "results, newest first": ({"q": "berita", "urut": "terbaru"}, 6),
    "no results": ({"q": "xylofon"}, 6),
    "empty query": ({"q": ""}, 3),
}


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1, 10], ids=["small", "10x"])
@pytest.mark.parametrize("page", SEARCH_PAGES)
def test_query_count_does_not_grow(client, django_assert_max_num_queries, scale, page):
    """The same pinned number of queries on a small and a ten times larger site."""
    build_site(scale)  # 12 x scale articles, all with "berita" in their title
    params, queries = SEARCH_PAGES[page]
    with django_assert_max_num_queries(queries):
        response = client.get(reverse("news:search"), params)
    assert response.status_code == 200
    found = params["q"] == "berita"
    assert response.context["paginator"].count == (12 * scale if found else 0)


class TestInsideWordsAndSections:
    def test_a_word_is_found_inside_longer_words(self):
        """ "kamtibmas" finds "Bhabinkamtibmas" and "kamtibmasnya" as well as the word itself."""
        inside = ArticleFactory(body="<p>Bhabinkamtibmas menyambangi warga.</p>")
        suffixed = ArticleFactory(excerpt="Situasi kamtibmasnya kondusif.")
        whole = ArticleFactory(title="Dialog kamtibmas di pesantren")
        assert set(found("kamtibmas")) == {inside, suffixed, whole}
        assert found("Bhabinkamtibmas") == [inside]

    def test_a_prefix_finds_the_whole_word(self):
        """The start of a word finds it: "patro" finds "patroli"."""
        article = ArticleFactory(body="<p>Tim berpatroli dan patroli malam.</p>")
        assert found("patro") == [article]

    def test_short_words_are_searched_whole(self):
        """Words under 3 letters cannot be looked up inside others: they match whole words."""
        article = ArticleFactory(title="Razia di jalan")
        ArticleFactory(title="Operasi dilaksanakan")
        assert found("di razia") == [article]

    def test_every_word_must_match_somewhere(self):
        """Each word of the query still has to match, inside a word or whole."""
        both = ArticleFactory(body="<p>Bhabinkamtibmas berpatroli.</p>")
        ArticleFactory(body="<p>Bhabinkamtibmas bersilaturahmi.</p>")
        assert found("kamtibmas patroli") == [both]

    def test_the_section_name_matches(self):
        """An article of the Kamtibmas category is found by "kamtibmas" with no such word."""
        section = CategoryFactory(name="Kamtibmas", slug="kamtibmas")
        in_section = ArticleFactory(category=section, title="Warga ronda malam")
        ArticleFactory(title="Warga ronda pagi")
        assert found("kamtibmas") == [in_section]
        assert found("kamtibmas ronda") == [in_section]

    def test_renaming_a_category_reindexes_its_articles(self):
        """The new name of a category finds its articles; the old one no longer does."""
        section = CategoryFactory(name="Humaniora", slug="humaniora")
        article = ArticleFactory(category=section, title="Bakti sosial")
        section.name = "Kemanusiaan"
        section.save()
        assert found("kemanusiaan") == [article]
        assert found("humaniora") == []

    def test_whole_word_ranks_before_inside_word(self):
        """The word itself (here in an older article) comes before a longer word containing it."""
        inside = ArticleFactory(body="<p>Bhabinkamtibmas bersama warga.</p>")
        whole = ArticleFactory(body="<p>Menjaga kamtibmas bersama warga.</p>")
        assert whole.published_at < inside.published_at
        assert found("kamtibmas") == [whole, inside]

    def test_title_still_outranks_the_body_and_the_section(self):
        """A hit in the title beats the same word in the body or in the section name."""
        section = CategoryFactory(name="Lalu Lintas", slug="lalu-lintas")
        by_section = ArticleFactory(category=section, title="Rekayasa arus")
        in_body = ArticleFactory(body="<p>Arus lalu lintas padat.</p>")
        in_title = ArticleFactory(title="Lalu lintas padat")
        assert found("lintas") == [in_title, in_body, by_section]

    def test_a_common_fragment_expands_to_a_bounded_number_of_words(self):
        """A fragment inside many words is looked up in the shortest few of them only. (The
        fragment is found in no other test's words: the vocabulary outlives a flush.)"""
        for n in range(EXPANSIONS_PER_WORD + 5):
            ArticleFactory(title=f"Kode qzv{'x' * n}")
        assert len(found("qzv")) == EXPANSIONS_PER_WORD


class TestSearchPageGuidance:
    def test_section_suggestion_above_the_results(self, client):
        """A query naming a section links to it above the results."""
        section = CategoryFactory(name="Lalu Lintas", slug="lalu-lintas")
        ArticleFactory(category=section, title="Rekayasa arus")
        html = search(client, "lalu lintas").text
        header = html.split('<header class="archive-header">')[1].split("</header>")[0]
        assert "Buka kategori" in header
        assert (
            f'<a class="search-sections__link" href="{section.get_absolute_url()}">Lalu Lintas</a>'
            in header
        )
        assert html.index("search-sections__link") < html.index('class="card"')

    def test_no_section_suggestion_for_other_words(self, client):
        """Words naming no section, or a section without articles, get no section link."""
        CategoryFactory(name="Kosong", slug="kosong")
        ArticleFactory(title="Rekayasa arus")
        assert "search-sections" not in search(client, "arus").text
        assert "search-sections" not in search(client, "kosong").text

    def test_sort_links_mark_the_current_order(self, client):
        """Best match and newest first are two links; the current one is marked."""
        ArticleFactory(title="Razia kendaraan")
        html = search(client, "razia").text
        assert '<a href="?q=razia" aria-current="true">Paling cocok</a>' in html
        assert '<a href="?q=razia&amp;urut=terbaru">Terbaru</a>' in html
        newest = search(client, "razia", urut="terbaru").text
        assert '<a href="?q=razia">Paling cocok</a>' in newest
        assert '<a href="?q=razia&amp;urut=terbaru" aria-current="true">Terbaru</a>' in newest

    def test_newest_first_orders_by_date(self, client):
        """?urut=terbaru lists the newest first, whatever the relevance."""
        newer_in_body = ArticleFactory(body="<p>Operasi zebra digelar.</p>")
        older_in_title = ArticleFactory(title="Operasi Zebra")
        best = search(client, "zebra").context["article_list"]
        newest = search(client, "zebra", urut="terbaru").context["article_list"]
        assert list(best) == [older_in_title, newer_in_body]
        assert list(newest) == [newer_in_body, older_in_title]

    def test_unknown_sort_is_best_match(self, client):
        """Any other value of urut is the default order, not an error."""
        ArticleFactory(title="Razia kendaraan")
        response = search(client, "razia", urut="<b>")
        assert response.status_code == 200
        assert '<a href="?q=razia&amp;urut=%3Cb%3E" aria-current="true">Paling cocok</a>' not in (
            response.text
        )
        assert 'aria-current="true">Paling cocok</a>' in response.text

    def test_pagination_and_the_form_keep_the_sort(self, client):
        """Page links carry urut along, and a new search from the page keeps it."""
        ArticleFactory.create_batch(12, title="Razia kendaraan")
        html = search(client, "razia", urut="terbaru").text
        assert 'href="?q=razia&amp;urut=terbaru&amp;page=2"' in html
        assert '<input type="hidden" name="urut" value="terbaru">' in html
        second = search(client, "razia", urut="terbaru", page=2).text
        assert 'href="?q=razia&amp;urut=terbaru&amp;page=1"' in second
        assert '<a href="?q=razia&amp;urut=terbaru" aria-current="true">Terbaru</a>' in second

    def test_no_results_page_helps_the_reader_on(self, client):
        """No match: the message, what to try, the sections and the newest articles."""
        section = CategoryFactory(name="Kamtibmas", slug="kamtibmas")
        CategoryFactory(name="Kosong", slug="kosong")
        articles = ArticleFactory.create_batch(6, category=section)
        response = search(client, "xylofon")
        assert response.status_code == 200
        html = response.text
        for text in [
            "Tidak ada hasil untuk “xylofon”.",
            "Periksa ejaan setiap kata.",
            "Gunakan kata yang lebih sedikit atau lebih umum.",
            "Apit kata dengan tanda kutip ganda untuk menemukannya berurutan, misalnya "
            '"operasi ketupat".',
            "Beri tanda minus di depan kata untuk menyingkirkan artikel yang memuatnya, "
            "misalnya -banjir.",
            f'<a class="label" href="{section.get_absolute_url()}">Kamtibmas</a>',
            "Berita terbaru",
        ]:
            assert text in html, text
        assert 'href="/kategori/kosong/"' not in html.split('class="no-results"')[1]
        assert list(response.context["newest_articles"]) == articles[:5]
        assert f'<a href="{articles[0].get_absolute_url()}">{articles[0].title}</a>' in html
        assert f'<a href="{articles[-1].get_absolute_url()}">' not in html
        assert "Paling cocok" not in html  # no sort links without results


@pytest.mark.django_db(transaction=True)
def test_update_statistics_prunes_words_no_published_article_holds(client):
    """Words of deleted and unpublished articles no longer take a fragment's expansion
    places after `manage.py update_statistics`; words of published and scheduled articles
    stay. (The fragment is found in no other test's words.)"""
    gone = [ArticleFactory(title=f"Kode qzj{'x' * n}") for n in range(1, EXPANSIONS_PER_WORD + 1)]
    live = ArticleFactory(title=f"Kode qzj{'y' * (EXPANSIONS_PER_WORD + 1)}")
    scheduled = ArticleFactory(
        title=f"Kode qzj{'z' * (EXPANSIONS_PER_WORD + 2)}",
        published_at=timezone.now() + timedelta(days=1),
    )
    for article in gone[::2]:
        article.delete()
    for article in gone[1::2]:
        article.unpublish()
        article.save()
    before = search(client, "qzj")
    assert "Tidak ada hasil untuk “qzj”" in before.text  # the 20 shortest words are dead

    call_command("update_statistics", verbosity=0)
    cache.clear()  # no content changed: a cached search page keeps its results until it expires

    response = search(client, "qzj")
    assert response.status_code == 200
    assert list(response.context["article_list"]) == [live]
    assert "1 artikel ditemukan" in response.text and live.title in response.text
    # The scheduled article's time comes without a save: its word is still there.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    cache.clear()
    assert set(search(client, "qzj").context["article_list"]) == {live, scheduled}


def test_pruning_the_vocabulary_is_one_delete(django_assert_num_queries):
    """Pruning costs one statement on PostgreSQL, reading the texts and one on SQLite."""
    ArticleFactory.create_batch(3)
    with django_assert_num_queries(1 if ON_POSTGRES else 2):
        prune_vocabulary(Article.objects.filter(status=Article.Status.PUBLISHED))


class TestQuerySyntax:
    def test_a_quoted_phrase_needs_its_words_side_by_side(self, client):
        """ "operasi ketupat" in quotes finds the words one after the other only."""
        adjacent = ArticleFactory(title="Operasi Ketupat digelar")
        ArticleFactory(title="Ketupat lebaran dan operasi pasar")
        response = search(client, '"operasi ketupat"')
        assert response.status_code == 200
        assert list(response.context["article_list"]) == [adjacent]
        assert "1 artikel ditemukan" in response.text
        assert len(search(client, "operasi ketupat").context["article_list"]) == 2

    def test_a_word_after_a_minus_sign_excludes(self, client):
        """razia -narkoba finds the razia articles that do not mention narkoba."""
        wanted = ArticleFactory(title="Razia kendaraan malam")
        ArticleFactory(title="Razia narkoba di kafe")
        response = search(client, "razia -narkoba")
        assert response.status_code == 200
        assert list(response.context["article_list"]) == [wanted]
        assert "1 artikel ditemukan" in response.text

    def test_phrase_and_exclusion_together(self):
        """A phrase and an excluded word combine; a hyphen inside a word excludes nothing."""
        wanted = ArticleFactory(title="Operasi Ketupat di jalan tol")
        ArticleFactory(title="Operasi Ketupat di pelabuhan")
        assert found('"operasi ketupat" -pelabuhan') == [wanted]
        assert found("jalan-tol") == [wanted]

    def test_exclusions_alone_find_nothing(self):
        """A query of excluded words only has nothing to look for."""
        ArticleFactory(title="Razia kendaraan")
        assert found("-narkoba") == []

    @postgres_only
    def test_phrase_words_are_expanded_on_postgresql(self):
        """On PostgreSQL a phrase's words are still found inside longer words."""
        inside = ArticleFactory(body="<p>Bhabinkamtibmas menyambangi warga desa.</p>")
        ArticleFactory(body="<p>Warga menyambangi Bhabinkamtibmas.</p>")
        assert found('"kamtibmas menyambangi"') == [inside]
