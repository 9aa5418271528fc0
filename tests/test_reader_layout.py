"""The reader's pages as HTML: the header's section menu, a refused comment's summary, the
lead image, related posts, the copy button and comment counts."""

import re

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from news import images
from news.demo import draw_image
from news.models import Article

from .factories import ArticleFactory, CategoryFactory, CommentFactory, comment_form_data

pytestmark = pytest.mark.django_db


def header(html):
    return html.split('<header class="site-header">')[1].split("</header>")[0]


def marked_sections(html):
    """The navigation's links marked current, as (name, aria-current) pairs."""
    return re.findall(r'<a href="[^"]+" aria-current="(\w+)">([^<]+)</a>', header(html))


class TestSectionMenu:
    def test_the_menu_is_a_details_element_holding_the_sections_and_search(self, client):
        """The phone's menu opens without JavaScript and holds the sections and the search."""
        ArticleFactory(category=CategoryFactory(name="Kamtibmas"))
        html = header(client.get(reverse("news:home")).text)
        assert '<details class="site-menu">' in html
        assert '<summary class="site-menu__toggle">Menu</summary>' in html
        assert ">Kamtibmas</a>" in html and 'role="search"' in html

    def test_the_current_section_is_marked_on_its_pages_only(self, client):
        """Each archive and article marks its own section; the kept navigation never carries
        one page's mark to another."""
        lalu_lintas = CategoryFactory(name="Lalu Lintas")
        kamtibmas = CategoryFactory(name="Kamtibmas")
        patroli = CategoryFactory(name="Patroli", parent=kamtibmas)
        ArticleFactory(category=lalu_lintas)
        in_patroli = ArticleFactory(category=patroli)
        in_lalu_lintas = ArticleFactory(category=lalu_lintas)
        visits = [
            (lalu_lintas.get_absolute_url(), [("page", "Lalu Lintas")]),
            (reverse("news:home"), []),
            (kamtibmas.get_absolute_url(), [("page", "Kamtibmas")]),
            (patroli.get_absolute_url(), [("true", "Kamtibmas")]),
            (in_patroli.get_absolute_url(), [("true", "Kamtibmas")]),
            (in_lalu_lintas.get_absolute_url(), [("true", "Lalu Lintas")]),
            (reverse("news:search"), []),
            (lalu_lintas.get_absolute_url() + "?utm_source=wa", [("page", "Lalu Lintas")]),
        ]
        for url, expected in visits:
            response = client.get(url)
            assert response.status_code == 200
            assert marked_sections(response.text) == expected, url


class TestRefusedComment:
    def post(self, client, article, **overrides):
        return client.post(article.get_absolute_url(), comment_form_data(article, **overrides))

    def test_a_bad_email_reopens_the_page_on_an_error_summary(self, client):
        """The form's address (#tinggalkan-komentar) now names the error summary, so the
        browser scrolls to it and focuses it; it is announced and lists the error, linked to
        the field; the title says there is an error; the typed input stays; no cache keeps
        the page."""
        article = ArticleFactory(title="Operasi Zebra")
        response = self.post(client, article, email="bukan-email", body="Tetap di sini.")
        assert response.status_code == 200
        html = response.text
        assert re.search(r"<title>Kesalahan: Operasi Zebra – ", html)
        assert html.count('id="tinggalkan-komentar"') == 1
        summary = html.split('<form class="comment-form" method="post"')[1].split("</div>")[0]
        assert '<div class="form-errors" id="tinggalkan-komentar" role="alert" tabindex="-1"' in (
            summary
        )
        assert "Komentar Anda belum terkirim:" in summary
        assert '<a href="#id_email">Email: ' in summary
        assert 'action="' + article.get_absolute_url() + '#tinggalkan-komentar"' in html
        assert 'value="bukan-email"' in html and "Tetap di sini.</textarea>" in html
        assert 'id="id_email_error"' in html  # the message beside the field as well
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]

    def test_the_flood_limit_is_summarised_too(self, client):
        """A refusal by the service (too soon after the last comment) shows in the summary."""
        article = ArticleFactory()
        assert self.post(client, article, body="Pertama.").status_code == 302
        response = self.post(client, article, body="Kedua.")
        assert response.status_code == 429
        summary = response.text.split('class="form-errors" id="tinggalkan-komentar"')[1]
        assert "<li>" in summary.split("</ul>")[0]
        assert "no-store" in response.headers["Cache-Control"]
        assert "<title>Kesalahan: " in response.text

    def test_an_article_page_without_errors_has_neither(self, client):
        """A plain article page has no summary and no error in its title; the anchor is the
        form."""
        html = client.get(ArticleFactory(title="Operasi Lilin").get_absolute_url()).text
        assert "<title>Operasi Lilin – " in html and "form-errors" not in html
        assert '<form class="comment-form" id="tinggalkan-komentar"' in html


@pytest.fixture
def pictured(settings, tmp_path):
    """Make published articles with an image and its renditions."""
    settings.MEDIA_ROOT = tmp_path

    def make(count, **fields):
        articles = ArticleFactory.create_batch(count, image_alt="Foto", **fields)
        for article in articles:
            article.featured_image.save("foto.jpg", draw_image(article.title))
            images.sync_renditions(article)  # the task runs after commit; tests never commit
        return articles

    return make


def images_in(html):
    return re.findall(r"<img [^>]*>", html)


def test_only_the_lead_image_loads_first(client, pictured):
    """The front page's lead image is fetched at once with high priority and sized for its
    ~640px column; every other card waits until it is near."""
    pictured(3)
    found = images_in(client.get(reverse("news:home")).text)
    assert len(found) == 3
    lead, *others = found
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
    assert 'sizes="(min-width: 72rem) 40rem, (min-width: 48rem) calc(60vw - 3rem)' in lead
    assert all('loading="lazy"' in img and "fetchpriority" not in img for img in others)


def test_related_posts_show_a_picture_the_author_and_the_date(client, pictured):
    """Each related post has a lazy thumbnail, its author and its publication date."""
    category = CategoryFactory()
    article, *_ = pictured(3, category=category)
    html = client.get(article.get_absolute_url()).text
    related = html.split('class="related"')[1].split("</section>")[0]
    assert related.count('class="related__image"') == 2
    assert related.count('loading="lazy"') == 2 and "fetchpriority" not in related
    for other in Article.objects.exclude(pk=article.pk):
        assert other.author.name in related
        assert f'<time datetime="{localtime(other.published_at).isoformat()}">' in related


def test_the_copy_button_waits_for_javascript(client):
    """The share block's copy button is hidden until its script shows it; the box stays."""
    html = client.get(ArticleFactory().get_absolute_url()).text
    share = html.split('class="share"')[1].split("</section>")[0]
    assert 'id="share-url" type="url"' in share and "readonly" in share
    assert re.search(
        r'<button type="button" class="share__button"[^>]* hidden>Salin</button>', share
    )
    assert 'data-copied="Tautan disalin"' in share
    assert 'role="status" aria-live="polite"' in share
    assert re.search(r'<script src="/static/js/copy-link[^"]*\.js" defer></script>', html)


def test_a_comment_count_stays_on_one_line(client):
    """ "1 komentar" is one unbreakable piece of a card's meta line."""
    CommentFactory(article=ArticleFactory())
    html = client.get(reverse("news:home")).text
    assert '<span class="meta__comments">1 komentar</span>' in html
