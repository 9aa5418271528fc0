"""What keeps each public page's cost flat as the archive grows (see news.pagination).

Query counts per page are pinned in test_queries.py; timings are measured by
scripts/benchmark.py (`make bench`), never here.
"""

import importlib
import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news import images, search
from news.demo import draw_image
from news.models import Article, ArticleWriter, Category
from news.pagination import CappedPaginator

from .factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def three_pages(monkeypatch):
    """Lists stop after three pages of ten; 31 articles make one more than they show."""
    monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 3)
    return ArticleFactory.create_batch(31)


class TestCappedPages:
    def test_the_last_allowed_page_is_shown(self, client, three_pages):
        """The deepest page shows its ten articles and no link further."""
        response = client.get(reverse("news:home"), {"page": 3})
        assert response.status_code == 200
        assert [a.pk for a in response.context["article_list"]] == [
            a.pk for a in three_pages[20:30]
        ]
        assert 'rel="next"' not in response.text

    def test_a_page_past_the_bound_is_404(self, client, three_pages):
        """No page past the bound: it would need an OFFSET over the whole archive."""
        assert client.get(reverse("news:home"), {"page": 4}).status_code == 404
        category = three_pages[0].category
        assert client.get(category.get_absolute_url(), {"page": 4}).status_code == 404

    def test_archive_says_there_are_more(self, client, monkeypatch):
        """An archive with more articles than its pages show says "more than", not a count."""
        monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 1)
        category = ArticleFactory().category
        ArticleFactory.create_batch(10, category=category)
        response = client.get(category.get_absolute_url())
        assert "Lebih dari 10 artikel" in response.text

    def test_count_reads_no_more_than_the_pages(self, three_pages, django_assert_num_queries):
        """The count is bounded by a LIMIT: the SQL never counts the whole table."""
        paginator = CappedPaginator(Article.objects.published(), 10)
        with django_assert_num_queries(1) as queries:
            assert paginator.count == 30 and paginator.capped
        assert "LIMIT 31" in queries.captured_queries[0]["sql"]


class TestPagesFoundByKey:
    """A list's page is found by its keys in an index, then read by key (KeysFirstPaginator)."""

    @pytest.fixture
    def category(self, monkeypatch):
        monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 3)
        category = CategoryFactory()
        ArticleFactory.create_batch(35, category=category)
        return category

    def test_deepest_category_page_reads_only_its_rows(self, client, category):
        """The OFFSET is walked by a subquery of keys; no count reads past the pages shown."""
        with CaptureQueriesContext(connection) as queries:
            response = client.get(category.get_absolute_url(), {"page": 3})
        assert response.status_code == 200
        newest_first = category.articles.order_by("-published_at", "-pk")
        expected = [article.pk for article in newest_first[20:30]]
        assert [article.pk for article in response.context["article_list"]] == expected
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert sql.count("OFFSET") == 1
        keys = r'"news_article"\."id" IN \(SELECT \w+\."id" AS "pk" FROM "news_article" \w+ WHERE'
        assert re.search(keys, sql) and "LIMIT 10 OFFSET 20)" in sql
        counts = re.findall(r"COUNT\(\*\) FROM \(SELECT .+? LIMIT (\d+)\)", sql)
        assert counts == ["31"] and sql.count("COUNT(*)") == 1

    def test_deep_page_costs_the_queries_of_the_first(
        self, client, category, django_assert_num_queries
    ):
        """Same queries on the first and the deepest page, whatever the list's length."""
        with CaptureQueriesContext(connection) as first:
            client.get(category.get_absolute_url())
        ArticleFactory.create_batch(30, category=category)
        with django_assert_num_queries(len(first)):
            assert client.get(category.get_absolute_url(), {"page": 3}).status_code == 200


def newest_first(articles):
    return list(articles.order_by("-published_at", "-pk").values_list("pk", flat=True))


def listed_on_pages(client, url, pages):
    """The keys of the articles pages 1 to `pages` of a list show, in order, and the last
    page's response."""
    shown = []
    for page in range(1, pages + 1):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        shown += [article.pk for article in response.context["article_list"]]
    return shown, response


def arms_are_limited():
    """Whether each arm of a compound query carries its own LIMIT (PostgreSQL; not SQLite,
    which stops reading the merged arms at the compound's LIMIT)."""
    return connection.features.supports_slicing_ordering_in_compound


def merged_list_queries(queries, arms):
    """The query of a merged list's page keys and its count, each a UNION ALL of `arms` arms."""
    compound = [q["sql"] for q in queries.captured_queries if "UNION ALL" in q["sql"]]
    assert len(compound) == 2
    count, page_keys = sorted(compound, key=lambda sql: not sql.startswith("SELECT COUNT(*)"))
    assert count.count("UNION ALL") == page_keys.count("UNION ALL") == arms - 1
    return page_keys, count


class TestCategoryWithSubcategories:
    """A category's archive with categories below it reads only the first rows of each."""

    @pytest.fixture
    def parent(self, monkeypatch):
        monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 4)
        parent = CategoryFactory()
        children = [CategoryFactory(parent=parent), CategoryFactory(parent=parent)]
        grandchild = CategoryFactory(parent=children[0])
        start = timezone.now() - timedelta(days=60)
        for n in range(36):  # interleaved in time across the four categories
            category = [parent, *children, grandchild][n * 7 % 4]
            ArticleFactory(category=category, published_at=start + timedelta(hours=n * 5))
        ArticleFactory(category=CategoryFactory(), published_at=start)  # not in the tree
        return parent

    def test_every_page_lists_the_tree_newest_first(self, client, parent):
        tree = Category.objects.tree().with_descendants(parent)
        shown, _ = listed_on_pages(client, parent.get_absolute_url(), 4)
        assert shown == newest_first(Article.objects.filter(category__in=tree))
        assert client.get(parent.get_absolute_url(), {"page": 5}).status_code == 404

    def test_each_category_is_read_only_up_to_the_page(self, client, parent):
        """Page 3's keys come from the four categories' lists merged in one ordered
        UNION ALL, no further than the page (each list's first 30 keys on PostgreSQL); the
        count stops one past the last page."""
        with CaptureQueriesContext(connection) as queries:
            response = client.get(parent.get_absolute_url(), {"page": 3})
        assert response.status_code == 200
        page_keys, count = merged_list_queries(queries, arms=4)
        assert page_keys.endswith("LIMIT 10 OFFSET 20")
        assert count.endswith("LIMIT 41) subquery")
        assert page_keys.count("LIMIT 30") == (4 if arms_are_limited() else 0)


class TestAuthorArchive:
    """An author's archive merges the articles they lead and those they co-wrote, each list
    read along its own index and only up to the page."""

    @pytest.fixture
    def author(self, monkeypatch):
        monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 3)
        author = AuthorFactory()
        start = timezone.now() - timedelta(days=60)
        for n in range(34):  # every third one co-written, interleaved in time
            lead = author if n % 3 else AuthorFactory()
            article = ArticleFactory(author=lead, published_at=start + timedelta(hours=n * 5))
            if n % 3 == 0 or n == 1:  # and one whose lead writer is also named a co-writer
                ArticleWriter.objects.create(article=article, author=author)
        ArticleFactory(author=AuthorFactory(), published_at=start)  # someone else's
        return author

    def test_every_page_lists_the_authors_articles_newest_first(self, client, author):
        shown, last = listed_on_pages(client, author.get_absolute_url(), 3)
        assert shown == newest_first(Article.objects.by_writer(author))[:30]
        assert last.context["paginator"].capped  # 34 articles: the pages show 30
        assert client.get(author.get_absolute_url(), {"page": 4}).status_code == 404

    def test_each_list_is_counted_and_read_only_up_to_the_page(self, client, author):
        """Page 2's keys are sought among the first 20 of each list; each list is counted up
        to one past what the three pages show."""
        with CaptureQueriesContext(connection) as queries:
            response = client.get(author.get_absolute_url(), {"page": 2})
        assert response.status_code == 200
        page_keys, count = merged_list_queries(queries, arms=2)
        assert page_keys.endswith("LIMIT 10 OFFSET 10")
        assert count.endswith("LIMIT 31) subquery")
        assert page_keys.count("LIMIT 20") == (2 if arms_are_limited() else 0)


def test_year_archive_lists_months_with_articles(client):
    """The year page links exactly the months that have a published article."""
    for month in [1, 8, 12]:
        ArticleFactory(published_at=datetime(2025, month, 15, 9, tzinfo=JAKARTA))
    ArticleFactory(
        published_at=datetime(2025, 5, 15, 9, tzinfo=JAKARTA), status=Article.Status.DRAFT
    )
    ArticleFactory(published_at=datetime(2024, 5, 15, 9, tzinfo=JAKARTA))
    response = client.get(reverse("news:year", args=["2025"]))
    months = [m.month for m in response.context["date_list"]]
    assert months == [1, 8, 12]
    assert 'href="/2025/08/">Agustus</a>' in response.text
    assert "/2025/05/" not in response.text


class TestSitemapPages:
    def test_sections_are_paged_by_key_ranges(self, client, monkeypatch):
        """Each sitemap page holds the published articles of one range of keys."""
        monkeypatch.setattr("news.sitemaps.KeyRangeSitemap.limit", 2)
        articles = ArticleFactory.create_batch(5)
        Article.objects.filter(pk=articles[3].pk).update(status=Article.Status.DRAFT)
        first_pk = min(a.pk for a in articles)

        def page_of(pk):  # runs of two keys, counted from the lowest
            return (pk - first_pk) // 2 + 1

        index = client.get(reverse("news:sitemap")).text
        pages = page_of(max(a.pk for a in articles))
        assert f"sitemap-berita.xml?p={pages}</loc>" in index
        assert f"?p={pages + 1}<" not in index
        url = reverse("news:sitemap_section", args=["berita"])
        listed = client.get(url, {"p": page_of(articles[3].pk)}).text
        assert articles[3].get_absolute_url() not in listed
        assert articles[2].get_absolute_url() in listed  # the other key of that range
        assert client.get(url, {"p": pages + 1}).status_code == 404

    def test_news_sitemap_holds_at_most_a_thousand(self, client, monkeypatch):
        """The Google News sitemap lists only the newest `limit` articles of 48 hours."""
        monkeypatch.setattr("news.sitemaps.NewsSitemap.limit", 2)
        now = timezone.now()
        articles = [ArticleFactory(published_at=now - timedelta(hours=n + 1)) for n in range(3)]
        html = client.get(reverse("news:news_sitemap")).text
        assert html.count("<url>") == 2
        assert articles[0].get_absolute_url() in html and articles[2].get_absolute_url() not in html


def test_search_ranks_only_the_newest_matches(client, monkeypatch):
    """Only the newest MATCHES_RANKED matches are ranked; older ones are not listed."""
    monkeypatch.setattr(search, "MATCHES_RANKED", 2)
    articles = ArticleFactory.create_batch(3, body="<p>Patroli kamtibmas malam.</p>")
    found = client.get(reverse("news:search"), {"q": "kamtibmas patroli"}).context["article_list"]
    newest_two = sorted(articles, key=lambda a: a.pk)[1:]
    assert sorted(a.pk for a in found) == [a.pk for a in newest_two]


class TestImageSizes:
    @pytest.fixture
    def unsized(self, settings, tmp_path):
        """An article whose stored image has no size in the database (stored long ago)."""
        settings.MEDIA_ROOT = tmp_path
        article = ArticleFactory(image_alt="Foto")
        article.featured_image.save("foto.jpg", draw_image(article.title))
        Article.objects.filter(pk=article.pk).update(
            featured_image_width=None, featured_image_height=None, image_renditions={}
        )
        return article

    def test_pages_do_not_open_the_file_of_an_unsized_image(self, client, unsized):
        """Loading an article with an unsized image opens no file; the page has no size."""
        with mock.patch.object(FileSystemStorage, "open", side_effect=AssertionError("open")):
            for url in [reverse("news:home"), unsized.get_absolute_url()]:
                response = client.get(url)
                assert response.status_code == 200, url
                assert 'alt="Foto" fetchpriority="high">' in response.text

    def test_migration_fills_missing_sizes_from_the_file(self, unsized):
        """The data migration stores the size of every image that had none."""
        migration = importlib.import_module("news.migrations.0008_scale_indexes_image_sizes")
        migration.fill_image_sizes(apps, None)
        unsized.refresh_from_db()
        assert (unsized.featured_image_width, unsized.featured_image_height) > (0, 0)

    def test_a_new_image_gets_its_size_on_save(self, settings, tmp_path):
        """Assigning a file still stores its size, as ImageField always did."""
        settings.MEDIA_ROOT = tmp_path
        article = ArticleFactory(image_alt="Foto")
        article.featured_image.save("foto.jpg", draw_image(article.title))
        article.refresh_from_db()
        assert article.featured_image_width and article.featured_image_height


def test_lead_images_load_first_and_cards_lazily(client, settings, tmp_path):
    """The lead card and the article's picture load eagerly with high priority; others lazily."""
    settings.MEDIA_ROOT = tmp_path
    articles = ArticleFactory.create_batch(2, image_alt="Foto")
    for article in articles:
        article.featured_image.save("foto.jpg", draw_image(article.title))
        images.sync_renditions(article)  # the task runs after commit; these tests never commit
    front = client.get(reverse("news:home")).text
    assert front.count('fetchpriority="high"') == 1 and front.count('loading="lazy"') == 1
    assert (
        'sizes="(min-width: 72rem) 40rem, (min-width: 48rem) calc(60vw - 3rem), '
        'calc(100vw - 2rem)"' in front
    )
    page = client.get(articles[0].get_absolute_url()).text
    figure = page.split('class="article__figure"')[1].split("</figure>")[0]
    assert 'fetchpriority="high"' in figure and 'loading="lazy"' not in figure
    archive = client.get(articles[0].category.get_absolute_url()).text
    assert 'fetchpriority="high"' not in archive


@pytest.mark.django_db(transaction=True)
def test_update_statistics_gives_the_planner_table_statistics():
    """`manage.py update_statistics` analyses every table (VACUUM ANALYZE on PostgreSQL)."""
    ArticleFactory.create_batch(3)
    call_command("update_statistics", verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT last_analyze IS NOT NULL AND last_vacuum IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname = 'news_article'"
            )
        else:
            cursor.execute("SELECT count(*) > 0 FROM sqlite_stat1 WHERE tbl = 'news_article'")
        assert cursor.fetchone()[0]
