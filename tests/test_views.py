from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from news.demo import draw_image
from news.images import sync_renditions
from news.models import Article

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def article_with_image(**kwargs):
    article = ArticleFactory(image_alt="Foto kegiatan", image_caption="Foto: Humas", **kwargs)
    article.featured_image.save("foto.jpg", draw_image(article.title))
    sync_renditions(article)  # what the task queue does once the save commits
    return article


class TestFrontPage:
    def test_lists_newest_published_articles_ten_per_page(self, client):
        """The front page shows the ten newest published articles, newest first."""
        articles = ArticleFactory.create_batch(12)  # each one older than the one before
        response = client.get(reverse("news:home"))
        assert response.status_code == 200
        assert list(response.context["article_list"]) == articles[:10]
        second = client.get(reverse("news:home"), {"page": 2})
        assert list(second.context["article_list"]) == articles[10:]
        assert 'rel="next"' in response.text and 'rel="prev"' in second.text

    def test_card_shows_label_title_excerpt_author_indonesian_date(self, client):
        """Each card: category label, title, excerpt, author and a date in Indonesian."""
        article = ArticleFactory(
            title="Polisi Amankan Pelaku",
            excerpt="Ringkasan singkat.",
            published_at=datetime(2026, 11, 27, 10, 0, tzinfo=JAKARTA),
        )
        html = client.get(reverse("news:home")).text
        for text in [
            article.category.name,
            "Polisi Amankan Pelaku",
            "Ringkasan singkat.",
            article.author.name,
            "27 November 2026",
            article.get_absolute_url(),
        ]:
            assert text in html

    def test_indonesian_month_names(self, client):
        """Dates use Indonesian month names."""
        ArticleFactory(published_at=datetime(2026, 8, 17, 9, 0, tzinfo=JAKARTA))
        assert "17 Agustus 2026" in client.get(reverse("news:home")).text

    def test_thumbnail_only_when_article_has_image(self, client):
        """A card shows the article's thumbnail with its alt text; no image, no img tag."""
        article = article_with_image()
        ArticleFactory()
        html = client.get(reverse("news:home")).text
        assert html.count("<img ") == 1
        assert f'src="{article.card_picture["src"]}"' in html
        assert 'alt="Foto kegiatan"' in html

    def test_drafts_and_scheduled_articles_are_not_listed(self, client):
        """Drafts and articles dated in the future stay off the front page."""
        ArticleFactory(title="Draf rahasia", status=Article.Status.DRAFT)
        ArticleFactory(title="Terjadwal", published_at=timezone.now() + timedelta(hours=1))
        visible = ArticleFactory()
        html = client.get(reverse("news:home")).text
        assert visible.title in html
        assert "Draf rahasia" not in html and "Terjadwal" not in html

    def test_page_out_of_range_is_404(self, client):
        """A page number past the end is a 404, not an error."""
        ArticleFactory()
        assert client.get(reverse("news:home"), {"page": 5}).status_code == 404


class TestArticlePage:
    def test_shows_everything_a_reader_expects(self, client):
        """Label, title, byline, image with caption, body, hashtags, related posts, comments."""
        article = article_with_image(
            title="Kapolda Audiensi",
            body="<p>Paragraf pertama.</p><p>Paragraf kedua.</p>",
            published_at=datetime(2026, 11, 26, 9, 0, tzinfo=JAKARTA),
            tags=["kapoldametrojaya"],
        )
        related = ArticleFactory(tags=["kapoldametrojaya"], title="Berita Terkait Satu")
        CommentFactory(article=article, body="Komentar yang disetujui.")
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        html = response.text
        for text in [
            article.category.name,
            '<h1 class="article__title">Kapolda Audiensi</h1>',
            article.author.name,
            "26 November 2026",
            f'src="{article.page_picture["src"]}"',
            "<figcaption>Foto: Humas</figcaption>",
            "<p>Paragraf pertama.</p><p>Paragraf kedua.</p>",
            "#kapoldametrojaya",
            reverse("news:tag", args=["kapoldametrojaya"]),
            "Berita Terkait",
            "Berita Terkait Satu",
            related.author.name,
            "Komentar yang disetujui.",
            "Tinggalkan Komentar",
        ]:
            assert text in html, text

    def test_related_posts_box_has_three_articles_with_authors(self, client):
        """Related posts lists three articles, each with its link and author."""
        article = ArticleFactory(tags=["a"])
        others = [ArticleFactory(tags=["a"], author=AuthorFactory()) for _ in range(4)]
        response = client.get(article.get_absolute_url())
        related = list(response.context["related_articles"])
        assert related == others[:3]
        for other in related:
            assert other.get_absolute_url() in response.text
            assert other.author.name in response.text

    def test_pending_and_spam_comments_are_not_shown(self, client):
        """Only approved comments appear for readers."""
        article = ArticleFactory()
        CommentFactory(article=article, body="Menunggu", status=Comment.Status.PENDING)
        CommentFactory(article=article, body="Iklan", status=Comment.Status.SPAM)
        CommentFactory(article=article, body="Komentar yang disetujui.")
        html = client.get(article.get_absolute_url()).text
        assert "Komentar yang disetujui." in html
        assert "Menunggu" not in html and "Iklan" not in html

    def test_comment_emails_and_ips_are_never_shown(self, client):
        """The commenter's email and IP address do not appear in the page source."""
        article = ArticleFactory()
        comment = CommentFactory(
            article=article, email="rahasia@example.com", ip_address="203.0.113.9"
        )
        html = client.get(article.get_absolute_url()).text
        assert comment.name in html and comment.body in html
        assert "rahasia@example.com" not in html and "203.0.113.9" not in html

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"status": Article.Status.DRAFT},
            {"published_at": timezone.now() + timedelta(days=1)},
        ],
        ids=["draft", "scheduled"],
    )
    def test_unpublished_article_is_a_proper_404(self, client, kwargs):
        """Drafts and future articles give the site's own 404 page."""
        article = ArticleFactory(**kwargs)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.text

    def test_unknown_url_is_a_proper_404(self, client):
        """Unknown addresses give the site's own 404 page."""
        response = client.get("/tidak-ada/")
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.text


class TestArchives:
    def test_category_archive_lists_its_published_articles(self, client):
        """A category page lists the category's published articles only."""
        category = CategoryFactory(name="Lalu Lintas", description="Berita lalu lintas.")
        mine = ArticleFactory(category=category)
        ArticleFactory(category=category, status=Article.Status.DRAFT)
        ArticleFactory()
        response = client.get(category.get_absolute_url())
        assert response.status_code == 200
        assert list(response.context["article_list"]) == [mine]
        assert "Lalu Lintas" in response.text and "Berita lalu lintas." in response.text

    def test_tag_archive_lists_tagged_articles(self, client):
        """A tag page lists the articles carrying the tag, with the tag as a hashtag."""
        tagged = ArticleFactory(tags=["narkoba"])
        ArticleFactory(tags=["lalulintas"])
        response = client.get(reverse("news:tag", args=["narkoba"]))
        assert list(response.context["article_list"]) == [tagged]
        assert "#narkoba" in response.text

    def test_author_archive_lists_author_articles(self, client):
        """An author page lists the author's articles and shows the biography."""
        author = AuthorFactory(name="Khoirul Amin", bio="Wartawan kepolisian.")
        theirs = ArticleFactory.create_batch(2, author=author)
        ArticleFactory()
        response = client.get(author.get_absolute_url())
        assert list(response.context["article_list"]) == theirs
        assert "Wartawan kepolisian." in response.text

    def test_archives_paginate(self, client):
        """Archives show ten articles a page, like the front page."""
        category = CategoryFactory()
        ArticleFactory.create_batch(11, category=category)
        second = client.get(category.get_absolute_url(), {"page": 2})
        assert len(second.context["article_list"]) == 1

    @pytest.mark.parametrize("name", ["news:category", "news:tag", "news:author"])
    def test_unknown_archive_is_404(self, client, name):
        """An archive for something that does not exist is a 404."""
        assert client.get(reverse(name, args=["tidak-ada"])).status_code == 404


class TestStaticFiles:
    def test_stylesheet_is_local(self, client):
        """The page loads its own stylesheet and nothing from another host."""
        ArticleFactory()
        html = client.get(reverse("news:home")).text
        assert "/static/css/site.css" in html
        assert "http://" not in html.replace("http://testserver", "")
        assert "https://" not in html


def test_image_upload_is_stored_with_dimensions():
    """The image's size is stored on upload, so pages never open the file to lay it out."""
    article = ArticleFactory()
    article.featured_image.save("a.jpg", ContentFile(draw_image("Judul").read()))
    article.refresh_from_db()
    assert (article.featured_image_width, article.featured_image_height) == (1200, 675)


class TestLanguage:
    def test_indonesian_even_when_the_browser_asks_for_english(self, client):
        """The site is Indonesian first, whatever the browser's language."""
        article = ArticleFactory()
        response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en")
        assert 'lang="id"' in response.text
        assert "Tinggalkan Komentar" in response.text
        assert response.headers["Content-Language"] == "id"

    def test_the_language_switch_sets_the_cookie_and_goes_back(self, client):
        """The footer's GET form stores the choice and returns to the page, uncached."""
        article = ArticleFactory()
        response = client.get(
            reverse("set_language"), {"language": "en", "next": article.get_absolute_url()}
        )
        assert response.status_code == 302
        assert response.url == article.get_absolute_url()
        assert response.cookies["django_language"].value == "en"
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "Leave a Comment" in client.get(article.get_absolute_url()).text

    def test_the_language_switch_stays_on_this_site(self, client):
        """A `next` address on another site leads to the front page instead."""
        response = client.get(
            reverse("set_language"), {"language": "xx", "next": "https://evil.example/"}
        )
        assert response.url == "/"
        assert "django_language" not in response.cookies

    def test_a_reader_who_chose_english_gets_english(self, client):
        """The language cookie (set by Django's set_language) switches to English."""
        article = ArticleFactory(published_at=datetime(2026, 8, 17, 9, 0, tzinfo=JAKARTA))
        client.cookies["django_language"] = "en"
        html = client.get(article.get_absolute_url()).text
        assert 'lang="en"' in html
        assert "Leave a Comment" in html
        assert "17 August 2026" in html
