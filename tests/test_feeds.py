"""RSS feeds of the site, its archives and each article's comments, read as a feed reader would."""

import calendar
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from comments.models import Comment
from news.models import Article

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db

CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    ET.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def absolute(path):
    return f"http://testserver{path}"


def archive_feeds(article):
    """Every article feed that `article` belongs to."""
    return {
        "site": reverse("news:feed"),
        "category": reverse("news:category_feed", args=[article.category.slug]),
        "tag": reverse("news:tag_feed", args=["narkoba"]),
        "author": reverse("news:author_feed", args=[article.author.slug]),
    }


class TestSiteFeed:
    def test_keeps_the_address_wordpress_used(self):
        """Subscribers of the old WordPress site keep reading /feed/."""
        assert reverse("news:feed") == "/feed/"

    def test_lists_the_twenty_newest_published_articles(self, client):
        """The site feed holds the twenty newest articles, newest first, in Indonesian."""
        articles = ArticleFactory.create_batch(22)
        feed = read_feed(client, reverse("news:feed"))
        assert [entry.link for entry in feed.entries] == [
            absolute(article.get_absolute_url()) for article in articles[:20]
        ]
        assert feed.feed.title == "Berita Polisi"
        assert feed.feed.link == absolute(reverse("news:home"))
        assert feed.feed.language == "id"
        assert feed.feed.subtitle == "Berita kepolisian dari Jakarta dan seluruh Indonesia."

    def test_entry_carries_everything_a_reader_needs(self, client):
        """Title, absolute link, date, author, category and tags, excerpt and full body."""
        article = ArticleFactory(
            title="Polisi & Warga Bersih-bersih",
            excerpt="Ringkasan untuk pembaca.",
            body="<p>Paragraf pertama.</p><p>Paragraf <strong>kedua</strong>.</p>",
            tags=["narkoba", "Lalu Lintas"],
        )
        entry = read_feed(client, reverse("news:feed")).entries[0]
        assert entry.title == "Polisi & Warga Bersih-bersih"
        assert entry.link == absolute(article.get_absolute_url())
        assert entry.id == entry.link
        assert calendar.timegm(entry.published_parsed) == int(article.published_at.timestamp())
        assert entry.author == article.author.name
        assert {tag.term for tag in entry.tags} == {article.category.name, "narkoba", "Lalu Lintas"}
        assert entry.summary == "Ringkasan untuk pembaca."
        assert entry.content[0].value == article.body

    def test_body_is_in_content_encoded(self, client):
        """The full body travels in the content namespace, escaped once as XML text."""
        article = ArticleFactory(body="<p>Isi <em>lengkap</em>.</p>")
        root = ET.fromstring(client.get(reverse("news:feed")).content)
        assert root.find(f"channel/item/{CONTENT_NS}encoded").text == article.body

    def test_excerpt_is_escaped_as_html(self, client):
        """A plain-text excerpt reaches readers as written, never as markup."""
        ArticleFactory(excerpt="Tersangka <b> & rekan")
        entry = read_feed(client, reverse("news:feed")).entries[0]
        assert entry.summary == escape("Tersangka <b> & rekan")

    def test_https_requests_get_https_links(self, client):
        """Links follow the scheme the feed was requested with."""
        article = ArticleFactory()
        response = client.get(reverse("news:feed"), secure=True)
        entry = feedparser.parse(response.content).entries[0]
        assert entry.link == f"https://testserver{article.get_absolute_url()}"


class TestArchiveFeeds:
    def test_category_feed_lists_only_its_articles(self, client):
        """A category's feed holds that category's articles and nothing else."""
        category = CategoryFactory(name="Lalu Lintas")
        mine = ArticleFactory(category=category)
        ArticleFactory()
        feed = read_feed(client, reverse("news:category_feed", args=[category.slug]))
        assert [entry.link for entry in feed.entries] == [absolute(mine.get_absolute_url())]
        assert feed.feed.link == absolute(category.get_absolute_url())
        assert "Lalu Lintas" in feed.feed.title

    def test_tag_feed_lists_only_tagged_articles(self, client):
        """A tag's feed holds the articles carrying the tag."""
        tagged = ArticleFactory(tags=["narkoba"])
        ArticleFactory(tags=["lalulintas"])
        feed = read_feed(client, reverse("news:tag_feed", args=["narkoba"]))
        assert [entry.link for entry in feed.entries] == [absolute(tagged.get_absolute_url())]
        assert feed.feed.link == absolute(reverse("news:tag", args=["narkoba"]))

    def test_author_feed_lists_only_their_articles(self, client):
        """An author's feed holds that author's articles."""
        author = AuthorFactory(name="Khoirul Amin")
        theirs = ArticleFactory.create_batch(2, author=author)
        ArticleFactory()
        feed = read_feed(client, reverse("news:author_feed", args=[author.slug]))
        assert [entry.link for entry in feed.entries] == [
            absolute(article.get_absolute_url()) for article in theirs
        ]
        assert {entry.author for entry in feed.entries} == {"Khoirul Amin"}

    def test_archive_feed_keeps_the_twenty_newest(self, client):
        """Archive feeds stop at twenty items too."""
        category = CategoryFactory()
        ArticleFactory.create_batch(21, category=category)
        feed = read_feed(client, reverse("news:category_feed", args=[category.slug]))
        assert len(feed.entries) == 20

    @pytest.mark.parametrize(
        "name",
        ["news:category_feed", "news:tag_feed", "news:author_feed", "news:article_comments_feed"],
    )
    def test_unknown_archive_feed_is_404(self, client, name):
        """A feed for something that does not exist is a 404."""
        assert client.get(reverse(name, args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize(
    "kwargs",
    [{"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(hours=2)}],
    ids=["draft", "scheduled"],
)
@pytest.mark.parametrize("feed", ["site", "category", "tag", "author"])
def test_unpublished_articles_never_reach_a_feed(client, kwargs, feed):
    """Drafts and scheduled articles are in no feed, though they share its archive."""
    published = ArticleFactory(tags=["narkoba"])
    hidden = ArticleFactory(
        category=published.category, author=published.author, tags=["narkoba"], **kwargs
    )
    response = client.get(archive_feeds(published)[feed])
    links = [entry.link for entry in feedparser.parse(response.content).entries]
    assert links == [absolute(published.get_absolute_url())]
    assert hidden.slug not in response.text


class TestCommentsFeed:
    def test_lists_approved_comments_newest_first(self, client):
        """An article's comment feed has its approved comments only, newest first."""
        article = ArticleFactory(title="Kapolda Audiensi")
        older = CommentFactory(article=article, name="Budi", body="Komentar pertama.")
        newer = CommentFactory(article=article, name="Sari", body="Komentar kedua.")
        CommentFactory(article=article, body="Menunggu", status=Comment.Status.PENDING)
        CommentFactory(article=article, body="Iklan", status=Comment.Status.SPAM)
        CommentFactory(body="Di artikel lain.")
        feed = read_feed(client, reverse("news:article_comments_feed", args=[article.slug]))
        assert [entry.author for entry in feed.entries] == ["Sari", "Budi"]
        assert feed.entries[0].link == absolute(f"{article.get_absolute_url()}#komentar-{newer.pk}")
        assert feed.entries[1].summary == "<p>Komentar pertama.</p>"
        assert calendar.timegm(feed.entries[1].published_parsed) == int(
            older.created_at.timestamp()
        )
        assert feed.entries[0].title == "Komentar oleh Sari"
        assert feed.feed.title == "Komentar pada “Kapolda Audiensi”"
        for hidden in ["Menunggu", "Iklan", "Di artikel lain."]:
            assert hidden not in str(feed)

    def test_never_shows_email_or_ip_address(self, client):
        """The commenter's email and IP address stay out of the feed."""
        article = ArticleFactory()
        comment = CommentFactory(
            article=article, email="rahasia@example.com", ip_address="203.0.113.9"
        )
        response = client.get(reverse("news:article_comments_feed", args=[article.slug]))
        assert comment.name in response.text and comment.body in response.text
        assert "rahasia@example.com" not in response.text
        assert "203.0.113.9" not in response.text

    def test_comment_markup_is_shown_as_text(self, client):
        """A comment's text is escaped, so readers never run markup a commenter typed."""
        article = ArticleFactory()
        CommentFactory(article=article, body="Halo <script>alert(1)</script>")
        response = client.get(reverse("news:article_comments_feed", args=[article.slug]))
        entry = feedparser.parse(response.content).entries[0]
        assert entry.summary == "<p>Halo &lt;script&gt;alert(1)&lt;/script&gt;</p>"

    @pytest.mark.parametrize(
        "kwargs",
        [{"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(hours=2)}],
        ids=["draft", "scheduled"],
    )
    def test_unpublished_article_has_no_comment_feed(self, client, kwargs):
        """Drafts and scheduled articles have no comment feed yet."""
        article = ArticleFactory(**kwargs)
        CommentFactory(article=article)
        url = reverse("news:article_comments_feed", args=[article.slug])
        assert client.get(url).status_code == 404


class TestFeedDiscovery:
    def alternates(self, html):
        return [line.strip() for line in html.splitlines() if "application/rss+xml" in line]

    def test_every_page_links_the_site_feed(self, client):
        """Pages announce the site feed in their head, so browsers and readers find it."""
        article = ArticleFactory()
        for url in [reverse("news:home"), article.get_absolute_url()]:
            html = client.get(url).text
            assert f'href="{reverse("news:feed")}"' in html

    @pytest.mark.parametrize(
        "archive, feed_name",
        [("category", "news:category_feed"), ("author", "news:author_feed")],
    )
    def test_archive_pages_link_their_own_feed(self, client, archive, feed_name):
        """Category and author pages announce their own feed besides the site feed."""
        article = ArticleFactory()
        owner = getattr(article, archive)
        html = client.get(owner.get_absolute_url()).text
        links = self.alternates(html)
        assert len(links) == 2
        assert f'href="{reverse(feed_name, args=[owner.slug])}"' in links[1]

    def test_tag_page_links_its_own_feed(self, client):
        """A tag page announces the tag's feed."""
        ArticleFactory(tags=["narkoba"])
        html = client.get(reverse("news:tag", args=["narkoba"])).text
        assert f'href="{reverse("news:tag_feed", args=["narkoba"])}"' in html

    def test_article_page_links_its_comment_feed(self, client):
        """An article page announces its comment feed."""
        article = ArticleFactory()
        html = client.get(article.get_absolute_url()).text
        assert f'href="{reverse("news:article_comments_feed", args=[article.slug])}"' in html
