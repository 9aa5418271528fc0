"""What the article body shows beyond its text: "Baca juga" cards, YouTube videos that load only
on request, galleries of adjacent figures (news/body.py)."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from news.sanitize import clean_html

from .factories import ArticleFactory
from .test_queries import ARTICLE_WITH_CACHED_PARTS

pytestmark = pytest.mark.django_db

VIDEO = "dQw4w9WgXcQ"


def body_of(response):
    html = response.text
    return html[html.index('<div class="article__body">') : html.index("js/video.js")]


def read_also(article):
    return (
        f'<aside data-read-also="{article.pk}">'
        f'<a href="{article.get_absolute_url()}">{article.title}</a></aside>'
    )


class TestReadAlso:
    def test_a_reference_shows_the_articles_current_title_and_address(self, client):
        target = ArticleFactory(title="Operasi Zebra dimulai")
        article = ArticleFactory(body=f"<p>Satu.</p>{read_also(target)}<p>Dua.</p>")
        target.title, target.slug = "Operasi Zebra Jaya dimulai Senin", "operasi-zebra-jaya"
        target.save()

        body = body_of(client.get(article.get_absolute_url()))
        assert (
            '<p class="read-also"><span class="read-also__label">Baca juga</span> '
            '<a class="read-also__link" href="/berita/operasi-zebra-jaya/">'
            "Operasi Zebra Jaya dimulai Senin</a></p>"
        ) in body
        assert body.index("Satu.") < body.index("read-also") < body.index("Dua.")
        assert "Operasi Zebra dimulai<" not in body and "data-read-also" not in body

    def test_a_reference_to_an_article_readers_cannot_see_disappears(self, client):
        draft = ArticleFactory(title="Rencana rahasia", status=Article.Status.DRAFT)
        article = ArticleFactory(body=f"<p>Satu.</p>{read_also(draft)}")
        body = body_of(client.get(article.get_absolute_url()))
        assert "Rencana rahasia" not in body and "read-also" not in body
        assert "Satu." in body

    def test_the_card_changes_when_the_target_is_renamed_with_the_page_cache_on(self, client):
        target = ArticleFactory(title="Judul lama")
        article = ArticleFactory(body=read_also(target))
        assert "Judul lama" in client.get(article.get_absolute_url()).text
        target.title = "Judul baru"
        target.save()
        response = client.get(article.get_absolute_url())
        assert "Judul baru" in response.text and "Judul lama" not in response.text

    def test_the_editor_may_only_store_a_numeric_reference(self):
        stored = clean_html(
            '<aside data-read-also="12" onclick="steal()" class="x" data-other="1">'
            '<a href="/a/">A</a></aside><aside data-read-also="12 or 1=1">B</aside>'
        )
        assert stored.startswith('<aside data-read-also="12"><a href="/a/"')
        assert "onclick" not in stored and "data-other" not in stored and "class" not in stored
        assert "<aside>B</aside>" in stored


class TestAutomaticReadAlso:
    def paragraphs(self, count):
        return "".join(f"<p>Paragraf {n}.</p>" for n in range(1, count + 1))

    def test_after_the_third_paragraph_the_first_related_post(self, client):
        related = ArticleFactory(title="Razia knalpot bising", tags=["razia"])
        article = ArticleFactory(body=self.paragraphs(5), tags=["razia"])
        body = body_of(client.get(article.get_absolute_url()))
        card = body.index("Razia knalpot bising")
        assert body.index("Paragraf 3.") < card < body.index("Paragraf 4.")
        assert related.get_absolute_url() in body

    def test_not_when_the_body_ends_there_or_refers_itself(self, client):
        ArticleFactory(title="Razia knalpot bising", tags=["razia"])
        other = ArticleFactory(title="Patroli malam")
        short = ArticleFactory(body=self.paragraphs(3), tags=["razia"])
        chosen = ArticleFactory(body=self.paragraphs(5) + read_also(other), tags=["razia"])
        assert "read-also" not in body_of(client.get(short.get_absolute_url()))
        body = body_of(client.get(chosen.get_absolute_url()))
        assert body.count('class="read-also"') == 1 and "Patroli malam" in body

    def test_a_setting_turns_it_off(self, client, settings):
        settings.READ_ALSO_AUTOMATIC = False
        ArticleFactory(title="Razia knalpot bising", tags=["razia"])
        article = ArticleFactory(body=self.paragraphs(5), tags=["razia"])
        assert "read-also" not in body_of(client.get(article.get_absolute_url()))


class TestVideo:
    @pytest.mark.parametrize(
        "url",
        [
            f"https://www.youtube.com/watch?v={VIDEO}&amp;t=30s",
            f"https://youtu.be/{VIDEO}",
            f"https://m.youtube.com/shorts/{VIDEO}",
        ],
    )
    def test_a_paragraph_with_only_a_youtube_link_is_a_click_to_load_player(self, client, url):
        article = ArticleFactory(
            body=f'<p>Pengantar.</p><p><a href="{url}">Konferensi pers</a></p>'
        )
        response = client.get(article.get_absolute_url())
        body = body_of(response)
        assert (
            f'<a class="video__link" href="https://www.youtube.com/watch?v={VIDEO}" '
            f'data-youtube="{VIDEO}" data-title="Konferensi pers">'
        ) in body
        assert '<span class="video__title">Konferensi pers</span>' in body
        assert "Putar (memuat YouTube)" in body
        # Nothing from YouTube loads until the reader asks: no frame, no thumbnail.
        assert "<iframe" not in response.text and "ytimg" not in response.text
        assert "js/video.js" in response.text
        assert "frame-src https://www.youtube-nocookie.com" in response["Content-Security-Policy"]

    def test_a_bare_address_gets_a_title_and_other_links_stay_links(self, client):
        bare = f"https://youtu.be/{VIDEO}"
        article = ArticleFactory(
            body=f'<p><a href="{bare}">{bare}</a></p>'
            f'<p><a href="https://evil.example/watch?v={VIDEO}">Bukan YouTube</a></p>'
            f'<p>Lihat <a href="{bare}">video ini</a> juga.</p>'
        )
        body = body_of(client.get(article.get_absolute_url()))
        assert body.count("data-youtube=") == 1
        assert '<span class="video__title">Video YouTube</span>' in body
        assert "Bukan YouTube</a></p>" in body and "video ini</a> juga.</p>" in body

    def test_a_title_cannot_break_out_of_its_attribute(self, client):
        article = ArticleFactory(
            body=f'<p><a href="https://youtu.be/{VIDEO}">&quot; onmouseover=&quot;x()</a></p>'
        )
        body = body_of(client.get(article.get_absolute_url()))
        assert 'data-title="&quot; onmouseover=&quot;x()"' in body


class TestGallery:
    def figure(self, name):
        return (
            f'<figure class="figure"><img src="/media/{name}.jpg" alt="{name}" width="960"'
            f' height="540"><figcaption>Foto {name}</figcaption></figure>'
        )

    def test_figures_in_a_row_become_a_gallery_and_a_lone_one_does_not(self, client):
        article = ArticleFactory(
            body=f"<p>Satu.</p>{self.figure('a')}\n{self.figure('b')}{self.figure('c')}"
            f"<p>Dua.</p>{self.figure('d')}"
        )
        body = body_of(client.get(article.get_absolute_url()))
        gallery = re.search(r'<div class="gallery" role="group" aria-label="([^"]+)">', body)
        assert gallery and gallery[1] == "Galeri 3 foto"
        inside = body[gallery.end() : body.index("</div>", gallery.end())]
        assert [f"Foto {n}" in inside for n in "abcd"] == [True, True, True, False]
        assert body.count('class="gallery"') == 1 and "Foto d" in body

    def test_body_images_load_lazily(self, client):
        article = ArticleFactory(body=self.figure("a"))
        body = body_of(client.get(article.get_absolute_url()))
        assert '<img loading="lazy" decoding="async" src="/media/a.jpg"' in body


def test_a_preview_shows_the_draft_body_as_it_is_now(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT, body="<p>Versi satu.</p>")
    url = reverse("admin:news_article_preview", args=[article.pk])
    assert "Versi satu." in admin_client.get(url).text
    Article.objects.filter(pk=article.pk).update(body="<p>Versi dua.</p>")
    assert "Versi dua." in admin_client.get(url).text


def test_the_rendered_body_costs_one_query_only_when_it_refers_to_articles(client, settings):
    """Rendered from cold, an article that refers to others costs one query more than the
    same page without; once its rendered body is cached, none more."""
    target = ArticleFactory()
    plain, referring = ArticleFactory(), ArticleFactory(body=read_also(target))

    def queries(url):
        caches[settings.PAGE_CACHE_ALIAS].clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    without = queries(plain.get_absolute_url())
    assert queries(referring.get_absolute_url()) == without + 1
    with CaptureQueriesContext(connection) as captured:
        client.get(referring.get_absolute_url() + "?utm_source=wa")
    assert "data-read-also" not in str(captured.captured_queries)
    assert len(captured) == ARTICLE_WITH_CACHED_PARTS


class TestArticlePicker:
    def test_editors_pick_among_published_articles_by_title_words(self, editor_client):
        ArticleFactory(title="Operasi Zebra Jaya dimulai")
        ArticleFactory(title="Operasi Ketupat berakhir")
        ArticleFactory(title="Operasi Zebra rahasia", status=Article.Status.DRAFT)
        response = editor_client.get(reverse("article_picker"), {"q": "zebra operasi"})
        assert response.status_code == 200
        assert 'data-title="Operasi Zebra Jaya dimulai"' in response.text
        assert "Ketupat" not in response.text and "rahasia" not in response.text

    def test_reporters_pick_too(self, reporter_client):
        ArticleFactory(title="Operasi Zebra Jaya dimulai")
        response = reporter_client.get(reverse("article_picker"))
        assert response.status_code == 200 and "Operasi Zebra Jaya dimulai" in response.text

    def test_moderators_cannot(self, moderator_client):
        assert moderator_client.get(reverse("article_picker")).status_code == 403

    def test_readers_are_sent_to_the_login(self, client):
        response = client.get(reverse("article_picker"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
