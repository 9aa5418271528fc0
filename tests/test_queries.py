"""Each public page costs a fixed number of SQL queries, whatever the amount of data."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from news.demo import draw_image
from news.images import sync_renditions
from news.models import RelatedPin

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    comment_form_data,
)

pytestmark = pytest.mark.django_db

TAGS = [f"tag{n}" for n in range(8)]
SITEMAP_SECTIONS = ["berita", "kategori", "tag", "penulis"]


def build_site(scale):
    """`scale` times a small site: articles with tags, a few with images, and comments.

    The first article pins one related post and excludes another.
    """
    categories = [CategoryFactory() for _ in range(3)]
    authors = [AuthorFactory() for _ in range(3)]
    articles = []
    for n in range(12 * scale):
        article = ArticleFactory(
            category=categories[n % 3],
            author=authors[n % 3],
            tags=[TAGS[n % 8], TAGS[(n + 1) % 8], TAGS[(n * 3) % 8]],
        )
        articles.append(article)
    for article in articles[:3]:
        article.image_alt = "Foto"
        article.featured_image.save("foto.jpg", draw_image(article.title))
        sync_renditions(article)  # what the task queue does once the save commits
        CommentFactory.create_batch(2 * scale, article=article)
        CommentFactory.create_batch(scale, article=article, status=Comment.Status.PENDING)
    RelatedPin.objects.create(article=articles[0], pinned=articles[-1])
    articles[0].related_excluded.add(articles[1])
    return {
        "article": articles[0],
        "category": categories[0],
        "author": authors[0],
        "last_page": -(-len(articles) // 10),
        "category_last_page": -(-len(articles) // 3 // 10),
    }


def date_archive_urls(article):
    published = timezone.localtime(article.published_at)
    year, month = f"{published.year:04d}", f"{published.month:02d}"
    return {
        "year archive": reverse("news:year", args=[year]),
        "month archive": reverse("news:month", args=[year, month]),
    }


def page_urls(site):
    return {
        "front page": reverse("news:home"),
        "front page, page 2": reverse("news:home") + "?page=2",
        "front page, last page": reverse("news:home") + f"?page={site['last_page']}",
        "category, last page": site["category"].get_absolute_url()
        + f"?page={site['category_last_page']}",
        "article": site["article"].get_absolute_url(),
        "category": site["category"].get_absolute_url(),
        "tag": reverse("news:tag", args=[TAGS[0]]),
        "author": site["author"].get_absolute_url(),
        "site feed": reverse("news:feed"),
        "category feed": reverse("news:category_feed", args=[site["category"].slug]),
        "tag feed": reverse("news:tag_feed", args=[TAGS[0]]),
        "author feed": reverse("news:author_feed", args=[site["author"].slug]),
        "comments feed": reverse("news:article_comments_feed", args=[site["article"].slug]),
        "sitemap index": reverse("news:sitemap"),
        **{
            f"{section} sitemap": reverse("news:sitemap_section", args=[section])
            for section in SITEMAP_SECTIONS
        },
        "news sitemap": reverse("news:news_sitemap"),
        **date_archive_urls(site["article"]),
    }


# Queries per page: count + page of articles + navigation categories + footer pages; archives
# add their object, except a category's, found among the navigation's categories; a list merged
# from several (an author's: led and co-written) reads its page's keys first; the article
# page: article, tags, related posts, comments, categories, footer pages. Feeds: the
# articles and their tags, after the archive's object; the comment feed: article, comments.
# Sitemaps: count and page; the index counts each section and finds the latest article change.
# Date archives (Django's generic views): emptiness check, months or days with articles, the
# neighbouring year or month, count, page of articles, navigation categories, footer pages.
# Every HTML page reads the breaking-news bar, the front page and articles the most-read lists
# (one query each, kept in fragments under the content version: none once cached).
EXPECTED = {
    "front page": 6,
    "front page, page 2": 6,
    "front page, last page": 6,
    "category, last page": 5,
    "article": 8,
    "category": 5,
    "tag": 6,
    "author": 7,
    "site feed": 2,
    "category feed": 3,
    "tag feed": 3,
    "author feed": 3,
    "comments feed": 2,
    "sitemap index": 5,
    **{f"{section} sitemap": 2 for section in SITEMAP_SECTIONS},
    "news sitemap": 2,
    "year archive": 9,
    "month archive": 9,
}
# The article page once its parts are cached under the content version (the article with its
# tags, its main column, comment list, related posts, the navigation): no query.
ARTICLE_WITH_CACHED_PARTS = 0


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1, 10], ids=["small", "10x"])
@pytest.mark.parametrize("page", EXPECTED)
def test_page_query_count_does_not_grow(client, django_assert_max_num_queries, scale, page):
    """The same pinned number of queries on a small and a ten times larger site."""
    url = page_urls(build_site(scale))[page]
    with django_assert_max_num_queries(EXPECTED[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_article_page_with_own_pending_comment(client, django_assert_max_num_queries):
    """A reader who has just commented costs no more queries than any other reader."""
    site = build_site(1)
    article = site["article"]
    sent = client.post(
        article.get_absolute_url(),
        comment_form_data(article, body="Halo"),
    )
    with django_assert_max_num_queries(EXPECTED["article"]):
        response = client.get(sent.url)
    assert "Halo" in response.text


@pytest.mark.parametrize("scale", [1, 10], ids=["small", "10x"])
@pytest.mark.parametrize("section", SITEMAP_SECTIONS)
def test_sitemap_section_pages_cost_the_same(
    client, django_assert_max_num_queries, monkeypatch, scale, section
):
    """Every page of a sitemap section (paged by key ranges) costs the queries of the first."""
    monkeypatch.setattr("news.sitemaps.KeyRangeSitemap.limit", 2)
    build_site(scale)
    url = reverse("news:sitemap_section", args=[section])
    with django_assert_max_num_queries(EXPECTED["sitemap index"]):
        index = client.get(reverse("news:sitemap"))
    last = max(int(page) for page in re.findall(rf"sitemap-{section}.xml\?p=(\d+)", index.text))
    with django_assert_max_num_queries(EXPECTED[f"{section} sitemap"]):
        response = client.get(url, {"p": last})
    assert response.status_code == 200 and "<url>" in response.text


def test_article_page_reuses_its_cached_parts(client, django_assert_num_queries):
    """Once one address of an article rendered, another (a page the page cache does not hold,
    e.g. with a tracking parameter) reads the article with its tags, its main column, comment
    list, related posts and navigation back from the cache: no query is left (the
    breaking-news bar and the most-read lists are cached fragments too)."""
    article = build_site(1)["article"]
    with django_assert_num_queries(EXPECTED["article"]):
        cold = client.get(article.get_absolute_url())
    with django_assert_num_queries(ARTICLE_WITH_CACHED_PARTS):
        warm = client.get(article.get_absolute_url() + "?utm_source=wa")
    assert cold.status_code == warm.status_code == 200
    assert cold.context["related_articles"] == warm.context["related_articles"] != []
    assert 'class="related__title"' in warm.text and 'class="site-nav"' in warm.text
