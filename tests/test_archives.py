"""One description per archive kind: its page, feed and sitemap section agree on it."""

import feedparser
import pytest
from django.urls import reverse

from news import archives, feeds, sitemaps, views

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "category": (archives.CATEGORY, "kategori", lambda article: article.category),
    "tag": (archives.TAG, "tag", lambda article: article.tags.get()),
    "author": (archives.AUTHOR, "penulis", lambda article: article.author),
}
CLASSES = {
    "category": (views.CategoryArchiveView, feeds.CategoryFeed, sitemaps.CategorySitemap),
    "tag": (views.TagArchiveView, feeds.TagFeed, sitemaps.TagSitemap),
    "author": (views.AuthorArchiveView, feeds.AuthorFeed, sitemaps.AuthorSitemap),
}


@pytest.mark.parametrize("name", KINDS)
def test_page_feed_and_sitemap_share_one_kind(name):
    """The view, the feed and the sitemap section of an archive read the same description."""
    kind = KINDS[name][0]
    assert all(cls.kind is kind for cls in CLASSES[name])


@pytest.mark.parametrize("name", KINDS)
def test_page_feed_and_sitemap_point_to_the_same_address(client, name):
    """The archive's page lists the article; its feed and sitemap entry link to that page."""
    kind, section, archive_of = KINDS[name]
    article = ArticleFactory(title="Operasi Ketupat Dimulai", tags=["Mudik"])
    archive = archive_of(article)
    url = kind.url(archive)

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["archive"] == archive
    assert "Operasi Ketupat Dimulai" in page.text
    assert page.templates[0].name == kind.template_name

    feed = feedparser.parse(client.get(reverse(f"news:{name}_feed", args=[archive.slug])).content)
    assert feed.feed.link == f"http://testserver{url}"
    assert [entry.title for entry in feed.entries] == ["Operasi Ketupat Dimulai"]

    sitemap = client.get(reverse("news:sitemap_section", args=[section])).text
    assert f"<loc>http://testserver{url}</loc>" in sitemap
