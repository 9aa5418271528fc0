"""Sitemaps, the Google News sitemap and robots.txt, as a search engine reads them."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.contrib.sitemaps import views as sitemap_views
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.sitemaps import SECTIONS, ArticleSitemap

from .factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
UNPUBLISHED = [
    {"status": Article.Status.DRAFT},
    {"published_at": timezone.now() + timedelta(hours=2)},
]


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iterfind(".//s:loc", NS)]


def absolute(path):
    return f"http://testserver{path}"


def section_url(section):
    return reverse("news:sitemap_section", args=[section])


class TestSitemapIndex:
    def test_index_lists_every_section(self, client):
        """/sitemap.xml points to the article, category, tag and author sitemaps."""
        ArticleFactory()
        root = read_xml(client, reverse("news:sitemap"))
        assert root.tag == f"{{{NS['s']}}}sitemapindex"
        assert locations(root) == [
            absolute(section_url(section)) for section in ["berita", "kategori", "tag", "penulis"]
        ]

    def test_article_section_lastmod_is_the_latest_update(self, client):
        """The index tells when the newest change to a published article happened."""
        article = ArticleFactory()
        root = read_xml(client, reverse("news:sitemap"))
        lastmod = root.find("s:sitemap/s:lastmod", NS).text
        assert datetime.fromisoformat(lastmod) == article.updated_at

    def test_long_sections_are_split_into_pages(self, client, monkeypatch):
        """Past the per-file limit the framework adds numbered pages to the index."""
        monkeypatch.setattr(ArticleSitemap, "limit", 2)
        articles = ArticleFactory.create_batch(3)
        index = locations(read_xml(client, reverse("news:sitemap")))
        assert absolute(section_url("berita")) + "?p=2" in index
        first = read_xml(client, section_url("berita"))
        second = read_xml(client, section_url("berita") + "?p=2")
        assert locations(first) == [absolute(a.get_absolute_url()) for a in articles[:2]]
        assert locations(second) == [absolute(articles[2].get_absolute_url())]

    def test_lists_what_djangos_own_index_lists(self, client, monkeypatch):
        """The index is Django's (`django.contrib.sitemaps.views.index`) made cheaper per
        entry: the same entries in the same order, with the same dates, and no indexing."""
        monkeypatch.setattr(ArticleSitemap, "limit", 2)
        ArticleFactory.create_batch(5)
        url = reverse("news:sitemap")
        djangos = sitemap_views.index(
            RequestFactory().get(url), SECTIONS, sitemap_url_name="news:sitemap_section"
        ).render()
        ours = client.get(url)

        def entries(content):
            return [
                [node.text for node in entry]
                for entry in ET.fromstring(content).iterfind("s:sitemap", NS)
            ]

        assert entries(ours.content) == entries(djangos.content)
        assert len(entries(ours.content)) == 6  # three article pages, three other sections
        assert ours["X-Robots-Tag"] == djangos["X-Robots-Tag"]

    def test_unknown_section_is_404(self, client):
        """A sitemap section that does not exist is a 404."""
        assert client.get(section_url("tidak-ada")).status_code == 404


class TestSections:
    def test_articles_with_last_modification_date(self, client):
        """The article sitemap lists each published article with its last change."""
        articles = ArticleFactory.create_batch(2)
        root = read_xml(client, section_url("berita"))
        assert locations(root) == [absolute(article.get_absolute_url()) for article in articles]
        lastmods = [node.text for node in root.iterfind("s:url/s:lastmod", NS)]
        assert lastmods == [
            timezone.localdate(article.updated_at).isoformat() for article in articles
        ]

    def test_archives_with_published_articles(self, client):
        """Category, tag and author sitemaps list archives that have a published article."""
        article = ArticleFactory(tags=["narkoba"])
        CategoryFactory(slug="kosong")
        AuthorFactory(slug="tanpa-artikel")
        expected = {
            "kategori": [article.category.get_absolute_url()],
            "tag": [reverse("news:tag", args=["narkoba"])],
            "penulis": [article.author.get_absolute_url()],
        }
        for section, paths in expected.items():
            assert locations(read_xml(client, section_url(section))) == [
                absolute(path) for path in paths
            ]

    @pytest.mark.parametrize("kwargs", UNPUBLISHED, ids=["draft", "scheduled"])
    def test_unpublished_articles_and_their_archives_are_left_out(self, client, kwargs):
        """Drafts and scheduled articles, and archives holding only them, are in no sitemap."""
        hidden = ArticleFactory(tags=["rahasia"], **kwargs)
        for section in ["berita", "kategori", "tag", "penulis"]:
            assert locations(read_xml(client, section_url(section))) == []
        response = client.get(reverse("news:news_sitemap"))
        assert response.status_code == 200 and "<urlset" in response.text
        assert hidden.slug not in response.text

    def test_https_requests_get_https_addresses(self, client):
        """Addresses follow the scheme the sitemap was requested with."""
        article = ArticleFactory()
        response = client.get(section_url("berita"), secure=True)
        assert f"https://testserver{article.get_absolute_url()}" in response.text


class TestNewsSitemap:
    def test_lists_articles_of_the_last_two_days(self, client):
        """The Google News sitemap holds articles published in the last 48 hours only."""
        recent = ArticleFactory(published_at=timezone.now() - timedelta(hours=47))
        ArticleFactory(published_at=timezone.now() - timedelta(hours=49))
        root = read_xml(client, reverse("news:news_sitemap"))
        assert locations(root) == [absolute(recent.get_absolute_url())]

    def test_each_entry_names_publication_language_date_and_title(self, client):
        """Each entry carries the news: publication name and language, date and title."""
        article = ArticleFactory(
            title="Polisi & Warga Bersih-bersih", published_at=timezone.now() - timedelta(hours=3)
        )
        root = read_xml(client, reverse("news:news_sitemap"))
        news = root.find("s:url/news:news", NS)
        assert news.find("news:publication/news:name", NS).text == "Berita Polisi"
        assert news.find("news:publication/news:language", NS).text == "id"
        assert news.find("news:title", NS).text == "Polisi & Warga Bersih-bersih"
        published = datetime.fromisoformat(news.find("news:publication_date", NS).text)
        assert published == article.published_at
        assert published.utcoffset() == timedelta(hours=7)

    @pytest.mark.parametrize("kwargs", UNPUBLISHED, ids=["draft", "scheduled"])
    def test_unpublished_articles_are_left_out(self, client, kwargs):
        """Drafts and scheduled articles never reach Google News."""
        ArticleFactory(**kwargs)
        assert locations(read_xml(client, reverse("news:news_sitemap"))) == []


class TestRobots:
    def test_points_to_both_sitemaps_and_keeps_crawlers_out_of_admin(self, client):
        """robots.txt disallows the admin and gives both sitemaps as absolute addresses."""
        response = client.get(reverse("news:robots"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.text.splitlines()
        assert "User-agent: *" in lines
        assert f"Disallow: {reverse('admin:index')}" in lines
        assert f"Sitemap: {absolute(reverse('news:sitemap'))}" in lines
        assert f"Sitemap: {absolute(reverse('news:news_sitemap'))}" in lines


def test_well_known_addresses():
    """Crawlers look for /robots.txt and /sitemap.xml at the site root, nowhere else."""
    assert reverse("news:robots") == "/robots.txt"
    assert reverse("news:sitemap") == "/sitemap.xml"
