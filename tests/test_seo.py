"""What search engines and social networks read: canonical, OpenGraph, JSON-LD, sharing."""

import json
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from .factories import ArticleFactory, CategoryFactory
from .test_views import article_with_image

pytestmark = pytest.mark.django_db

SHARE_HOSTS = {"wa.me", "www.facebook.com", "x.com", "t.me"}


class Page(HTMLParser):
    """The parts of a page that machines read: meta tags, links, anchors, inputs, JSON-LD."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.anchors, self.inputs = {}, {}, [], []
        self.scripts, self.json_ld, self._in_json_ld = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs["content"])
        elif tag == "link":
            self.links.setdefault(attrs["rel"], []).append(attrs["href"])
        elif tag == "a":
            self.anchors.append(attrs)
        elif tag == "input":
            self.inputs.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)
            self._in_json_ld = attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def one(self, key):
        (value,) = self.meta[key]
        return value

    def share_links(self):
        return {
            urlsplit(anchor["href"]).hostname: anchor
            for anchor in self.anchors
            if urlsplit(anchor.get("href", "")).hostname in SHARE_HOSTS
        }


def absolute(path):
    return f"http://testserver{path}"


def get_page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return Page(response.text)


class TestCanonical:
    def test_article_page_has_absolute_canonical(self, client):
        """The article page names its own absolute address as canonical."""
        article = ArticleFactory()
        page = get_page(client, article.get_absolute_url(), data={"utm_source": "wa"})
        assert page.links["canonical"] == [absolute(article.get_absolute_url())]

    def test_follows_the_request_scheme(self, client):
        """Over HTTPS the canonical address is an HTTPS one."""
        article = ArticleFactory()
        page = get_page(client, article.get_absolute_url(), secure=True)
        assert page.links["canonical"] == [f"https://testserver{article.get_absolute_url()}"]

    def test_list_pages_keep_their_page_number_only(self, client):
        """Page two of a list is its own canonical page; other query strings are dropped."""
        category = CategoryFactory()
        ArticleFactory.create_batch(11, category=category)
        url = category.get_absolute_url()
        first = get_page(client, url, data={"ref": "menu"})
        second = get_page(client, url, data={"page": 2, "ref": "menu"})
        assert first.links["canonical"] == [absolute(url)]
        assert second.links["canonical"] == [absolute(url + "?page=2")]

    def test_not_found_page_has_no_canonical(self, client):
        """A 404 page does not claim a canonical address."""
        response = client.get("/tidak-ada/")
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.text
        assert "canonical" not in Page(response.text).links


class TestArticleMeta:
    def test_description_and_opengraph_from_the_article(self, client):
        """Meta description and OpenGraph come from the article's title, excerpt and dates."""
        article = ArticleFactory(
            title="Polisi & Warga", excerpt="Ringkasan untuk mesin pencari.", tags=["narkoba"]
        )
        page = get_page(client, article.get_absolute_url())
        assert page.one("description") == "Ringkasan untuk mesin pencari."
        assert page.one("og:type") == "article"
        assert page.one("og:title") == "Polisi & Warga"
        assert page.one("og:description") == "Ringkasan untuk mesin pencari."
        assert page.one("og:url") == absolute(article.get_absolute_url())
        assert page.one("og:site_name") == "Berita Polisi"
        assert page.one("og:locale") == "id_ID"
        assert datetime.fromisoformat(page.one("article:published_time")) == article.published_at
        assert datetime.fromisoformat(page.one("article:modified_time")) == article.updated_at
        assert page.one("article:author") == absolute(article.author.get_absolute_url())
        assert page.one("article:section") == article.category.name

    def test_one_article_tag_per_tag(self, client):
        """Each of the article's tags is an article:tag."""
        article = ArticleFactory(tags=["narkoba", "Lalu Lintas"])
        page = get_page(client, article.get_absolute_url())
        assert sorted(page.meta["article:tag"]) == ["Lalu Lintas", "narkoba"]

    def test_image_tags_when_the_article_has_an_image(self, client):
        """With an image: the absolute 1200×630 rendition with its size and alt, large card."""
        article = article_with_image()
        page = get_page(client, article.get_absolute_url())
        assert page.one("og:image") == absolute(article.social_image_url)
        assert "/renditions/" in page.one("og:image")
        assert page.one("og:image:width") == "1200"
        assert page.one("og:image:height") == "630"
        assert page.one("og:image:alt") == "Foto kegiatan"
        assert page.one("twitter:card") == "summary_large_image"

    def test_no_image_tags_without_an_image(self, client):
        """Without an image: no og:image and a plain summary card."""
        article = ArticleFactory()
        page = get_page(client, article.get_absolute_url())
        assert "og:image" not in page.meta
        assert page.one("twitter:card") == "summary"


class TestDefaultMeta:
    def test_front_page_describes_the_site(self, client):
        """The front page carries the site's description and OpenGraph as a website."""
        ArticleFactory()
        page = get_page(client, reverse("news:home"))
        assert page.one("description") == "Berita kepolisian dari Jakarta dan seluruh Indonesia."
        assert page.one("og:type") == "website"
        assert page.one("og:title") == "Berita Polisi"
        assert page.one("og:url") == absolute(reverse("news:home"))
        assert page.one("og:locale") == "id_ID"
        assert page.one("twitter:card") == "summary"
        assert page.json_ld == []

    def test_archive_page_is_titled_by_its_archive(self, client):
        """An archive page shares under the archive's name."""
        category = CategoryFactory(name="Lalu Lintas")
        ArticleFactory(category=category)
        page = get_page(client, category.get_absolute_url())
        assert page.one("og:title") == "Lalu Lintas"
        assert page.one("og:url") == absolute(category.get_absolute_url())


class TestJsonLd:
    def test_news_article_structured_data(self, client):
        """The article page describes itself as a schema.org NewsArticle."""
        article = article_with_image(title="Kapolda Audiensi", excerpt="Ringkasan.")
        (data,) = get_page(client, article.get_absolute_url()).json_ld
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == "Kapolda Audiensi"
        assert data["description"] == "Ringkasan."
        assert datetime.fromisoformat(data["datePublished"]) == article.published_at
        assert datetime.fromisoformat(data["dateModified"]) == article.updated_at
        assert data["author"] == [
            {
                "@type": "Person",
                "name": article.author.name,
                "url": absolute(article.author.get_absolute_url()),
            }
        ]
        assert data["publisher"]["@type"] == "Organization"
        assert data["publisher"]["name"] == "Berita Polisi"
        assert data["mainEntityOfPage"]["@id"] == absolute(article.get_absolute_url())
        assert data["image"]["url"] == absolute(article.social_image_url)
        assert (data["image"]["width"], data["image"]["height"]) == (1200, 630)

    def test_no_image_without_a_featured_image(self, client):
        """Structured data names no image when the article has none."""
        article = ArticleFactory()
        (data,) = get_page(client, article.get_absolute_url()).json_ld
        assert data["headline"] == article.title
        assert "image" not in data

    def test_title_cannot_break_out_of_the_script(self, client):
        """A title holding `</script>` stays inside the JSON-LD and reads back intact."""
        title = 'Awas </script><script>alert("x")</script> & kawan'
        article = ArticleFactory(title=title)
        response = client.get(article.get_absolute_url())
        assert "<script>alert" not in response.text
        (data,) = Page(response.text).json_ld
        assert data["headline"] == title


class TestShareLinks:
    def test_links_to_whatsapp_facebook_x_and_telegram(self, client):
        """Each network's link carries the article's absolute address (and title)."""
        article = ArticleFactory(title="Polisi & Warga")
        url = absolute(article.get_absolute_url())
        links = get_page(client, article.get_absolute_url()).share_links()
        query = {host: parse_qs(urlsplit(link["href"]).query) for host, link in links.items()}
        assert query["wa.me"] == {"text": [f"Polisi & Warga {url}"]}
        assert query["www.facebook.com"] == {"u": [url]}
        assert query["x.com"] == {"text": ["Polisi & Warga"], "url": [url]}
        assert query["t.me"] == {"url": [url], "text": ["Polisi & Warga"]}
        assert links["wa.me"]["href"].startswith("https://wa.me/?text=Polisi%20%26%20Warga%20")

    def test_plain_links_without_opener_access_or_scripts(self, client):
        """Share links are plain links with rel="noopener"; no third-party script is loaded."""
        article = ArticleFactory()
        page = get_page(client, article.get_absolute_url())
        assert {link["rel"] for link in page.share_links().values()} == {"noopener"}
        sources = [script["src"] for script in page.scripts if "src" in script]
        assert all(source.startswith("/static/") for source in sources), sources

    def test_copy_field_holds_the_canonical_address(self, client):
        """A read-only field holds the article's address, to copy without JavaScript."""
        article = ArticleFactory()
        page = get_page(client, article.get_absolute_url())
        (field,) = [field for field in page.inputs if field.get("id") == "share-url"]
        assert field["value"] == absolute(article.get_absolute_url())
        assert "readonly" in field

    def test_share_heading_is_indonesian(self, client):
        """The share box speaks Indonesian."""
        article = ArticleFactory()
        html = client.get(article.get_absolute_url()).text
        assert "Bagikan artikel ini" in html and "Salin tautan" in html
