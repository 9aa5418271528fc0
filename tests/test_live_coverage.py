"""Live coverage (Laporan langsung): entries added from the admin, shown newest first with
pinned ones on top, a cacheable entries fragment, LiveBlogPosting data, and a frozen page once
the coverage has ended."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from news.models import Article, LiveEntry

from . import test_cache
from .factories import ArticleFactory
from .test_images import image_bytes, jpeg_with_camera_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_article():
    """A published article in live coverage with three entries, the oldest pinned."""
    article = ArticleFactory(title="Operasi Ketupat Hari Pertama", live_status="live")
    now = timezone.now()
    LiveEntry.objects.create(
        article=article, text="Posko dibuka.", pinned=True, created_at=now - timedelta(hours=2)
    )
    LiveEntry.objects.create(
        article=article, text="Arus mulai padat.", created_at=now - timedelta(hours=1)
    )
    LiveEntry.objects.create(article=article, text="Jalur satu arah diberlakukan.", created_at=now)
    return article


def fragment_url(article):
    return reverse("news:live_entries", args=[article.slug])


def entry_texts(html):
    return re.findall(r'<p class="live-entry__text">([^<]*)</p>', html)


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def test_article_page_shows_entries_pinned_first_then_newest(client, live_article):
    """The label, then the pinned entry, then the others newest first, each with an anchor and
    its time in WIB; the page fetches new ones with a deferred static script."""
    response = client.get(live_article.get_absolute_url())
    html = response.text
    assert response.status_code == 200
    assert re.search(r'class="live__label">.*</span>Laporan langsung</h2>', html)
    assert entry_texts(html) == [
        "Posko dibuka.",
        "Jalur satu arah diberlakukan.",
        "Arus mulai padat.",
    ]
    newest = live_article.live_entries.get(text__startswith="Jalur")
    local = timezone.localtime(newest.created_at)
    assert f'id="entri-{newest.pk}"' in html and f'href="#entri-{newest.pk}"' in html
    assert f"{local:%H:%M} WIB" in html
    assert f'data-live-url="{fragment_url(live_article)}"' in html
    assert 'src="/static/js/live-coverage.js" defer' in html
    assert 'aria-live="polite"' in html


def test_an_article_without_live_coverage_shows_none(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).text
    assert "live-entry" not in html and "live-coverage.js" not in html
    assert client.get(fragment_url(article)).status_code == 404


def test_fragment_is_only_the_entries_and_shared_by_caches(client, live_article):
    """The fragment: the list alone, public caching headers and the article's Cache-Tag."""
    response = client.get(fragment_url(live_article))
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<ol class="live__entries" data-status="live">')
    assert "<html" not in response.text and "<header" not in response.text
    assert entry_texts(response.text)[0] == "Posko dibuka."
    assert "public" in test_cache.cache_control(response)
    assert f"article-{live_article.pk}" in response.headers["Cache-Tag"].split()
    assert not response.cookies


def test_json_ld_is_a_live_blog_posting(client, live_article):
    """LiveBlogPosting with its start time and one BlogPosting per entry; no end time yet."""
    data = json_ld(client.get(live_article.get_absolute_url()).text)
    assert data["@type"] == "LiveBlogPosting"
    assert data["headline"] == live_article.title
    assert data["coverageStartTime"].startswith(str(timezone.localdate()))
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [update["articleBody"] for update in updates] == [
        "Posko dibuka.",
        "Jalur satu arah diberlakukan.",
        "Arus mulai padat.",
    ]
    assert updates[0]["@type"] == "BlogPosting"
    assert re.fullmatch(r"http://testserver/berita/.+/#entri-\d+", updates[0]["url"])


def test_ended_coverage_freezes_the_page(client, live_article):
    """Ended: labelled so, no polling, an end time in JSON-LD; the entries stay."""
    live_article.live_status = Article.LiveStatus.ENDED
    live_article.save()
    html = client.get(live_article.get_absolute_url()).text
    assert 'class="live__label">Laporan langsung berakhir</h2>' in html
    assert "data-live-url" not in html and "live-coverage.js" not in html
    assert len(entry_texts(html)) == 3
    assert "coverageEndTime" in json_ld(html)
    assert 'data-status="ended"' in Client().get(fragment_url(live_article)).text


def test_a_new_entry_refreshes_the_cached_page_and_fragment(
    client, live_article, settings, django_capture_on_commit_callbacks
):
    """Both addresses are served from the page cache, then show an entry as soon as it is
    added, edited or removed; the CDN is asked to purge the article."""
    settings.PAGE_CACHE_PURGE = "tests.test_cache.record_purge"
    test_cache.purges.clear()
    page, fragment = live_article.get_absolute_url(), fragment_url(live_article)
    client.get(page), client.get(fragment)
    with django_capture_on_commit_callbacks(execute=True):
        entry = LiveEntry.objects.create(article=live_article, text="Tol Cikampek macet.")
    assert "Tol Cikampek macet." in Client().get(page).text
    assert "Tol Cikampek macet." in Client().get(fragment).text
    assert test_cache.purges == [[f"article-{live_article.pk}"]]
    entry.text = "Tol Cikampek ramai lancar."
    entry.save()
    assert "Tol Cikampek ramai lancar." in Client().get(fragment).text
    entry.delete()
    assert "Tol Cikampek" not in Client().get(page).text
    assert "Tol Cikampek" not in Client().get(fragment).text


def test_live_article_page_costs_one_query_more(client, live_article, django_assert_num_queries):
    """The entries are read once, for the page and its JSON-LD."""
    from .test_queries import EXPECTED

    with django_assert_num_queries(EXPECTED["article"] + 1):
        response = client.get(live_article.get_absolute_url())
    assert response.status_code == 200


# The admin: a compact form on the article's change page, editors only.


def add_url(article):
    return reverse("admin:news_article_add_live_entry", args=[article.pk])


def change_url(article, entry):
    return reverse("admin:news_article_change_live_entry", args=[article.pk, entry.pk])


def test_change_page_has_the_entry_form_and_the_entries(editor_client, live_article):
    html = editor_client.get(reverse("admin:news_article_change", args=[live_article.pk])).text
    assert f'action="{add_url(live_article)}"' in html
    assert 'name="text"' in html and "Tambah entri" in html
    assert html.count('name="action" value="delete"') == 3
    assert 'name="action" value="unpin"' in html


def test_editor_adds_an_entry_as_plain_text(editor_client, live_article):
    """The entry is saved with its markup removed and shown escaped."""
    response = editor_client.post(
        add_url(live_article), {"text": "Kapolri <b>tiba</b> <script>alert(1)</script>di posko."}
    )
    entry = live_article.live_entries.order_by("-created_at").first()
    assert response.status_code == 302
    assert response.url.endswith(f"#{entry.anchor}")
    assert entry.text == "Kapolri tiba alert(1)di posko."
    html = Client().get(live_article.get_absolute_url()).text
    assert entry_texts(html)[1] == "Kapolri tiba alert(1)di posko."


def test_an_empty_entry_is_refused_with_a_message(editor_client, live_article):
    response = editor_client.post(add_url(live_article), {"text": "  "}, follow=True)
    assert response.status_code == 200
    assert "Entri laporan langsung tidak ditambahkan" in response.text
    assert live_article.live_entries.count() == 3


def test_no_entry_is_accepted_once_ended(editor_client, live_article):
    live_article.live_status = Article.LiveStatus.ENDED
    live_article.save()
    response = editor_client.post(add_url(live_article), {"text": "Terlambat."}, follow=True)
    assert "tidak sedang berjalan" in response.text
    assert not live_article.live_entries.filter(text="Terlambat.").exists()


def test_editor_pins_unpins_and_deletes_entries(editor_client, live_article):
    newest = live_article.live_entries.get(text__startswith="Jalur")
    assert (
        editor_client.post(change_url(live_article, newest), {"action": "pin"}).status_code == 302
    )
    newest.refresh_from_db()
    assert newest.pinned
    editor_client.post(change_url(live_article, newest), {"action": "unpin"})
    newest.refresh_from_db()
    assert not newest.pinned
    assert editor_client.post(change_url(live_article, newest), {"action": "x"}).status_code == 400
    editor_client.post(change_url(live_article, newest), {"action": "delete"})
    assert not LiveEntry.objects.filter(pk=newest.pk).exists()


def test_another_articles_entry_is_not_found(editor_client, live_article):
    other = ArticleFactory(live_status="live")
    entry = live_article.live_entries.first()
    response = editor_client.post(change_url(other, entry), {"action": "delete"})
    assert response.status_code == 404
    assert LiveEntry.objects.filter(pk=entry.pk).exists()


def test_reporters_cannot_add_or_change_entries(reporter_client, reporter, live_article):
    """Least privilege: an entry reaches readers at once, so only editors (who publish) post."""
    live_article.created_by = reporter
    live_article.save()
    assert (
        reporter_client.post(add_url(live_article), {"text": "Dari reporter."}).status_code == 403
    )
    entry = live_article.live_entries.first()
    assert (
        reporter_client.post(change_url(live_article, entry), {"action": "delete"}).status_code
        == 403
    )
    assert live_article.live_entries.count() == 3


def test_the_entry_form_needs_the_csrf_token(staff_user, live_article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user("Editor"))
    assert client.post(add_url(live_article), {"text": "Tanpa token."}).status_code == 403
    assert client.get(add_url(live_article)).status_code == 405


def test_coverage_times_follow_the_status(live_article):
    assert live_article.coverage_started_at is not None and live_article.coverage_ended_at is None
    live_article.live_status = Article.LiveStatus.ENDED
    live_article.save()
    assert live_article.coverage_ended_at >= live_article.coverage_started_at
    live_article.live_status = Article.LiveStatus.NONE
    live_article.save()
    assert live_article.coverage_started_at is None and live_article.coverage_ended_at is None


class TestEntryImage:
    """A live entry may carry one image: checked and stripped like an article's, alt text
    required, public only with its article, removed with its entry."""

    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"
        return settings.MEDIA_ROOT

    def post(self, client, article, image, alt="Petugas mengatur lalu lintas."):
        return client.post(
            add_url(article),
            {"text": "Situasi di gerbang tol.", "image": image, "image_alt": alt},
            follow=True,
        )

    def stored_files(self, media):
        return [path for path in media.rglob("*") if path.is_file()]

    def test_shown_with_its_size_and_alt_text_and_without_camera_data(
        self, editor_client, live_article, media
    ):
        self.post(editor_client, live_article, upload(jpeg_with_camera_data(), "foto.jpg"))
        entry = live_article.live_entries.get(text="Situasi di gerbang tol.")
        assert (entry.image_width, entry.image_height) == (900, 1600)  # orientation applied
        with Image.open(entry.image.path) as stored:
            assert not stored.getexif() and "comment" not in stored.info
        html = Client().get(fragment_url(live_article)).text
        assert (
            f'<img class="live-entry__image" src="{entry.image.url}" '
            'alt="Petugas mengatur lalu lintas." width="900" height="1600" loading="lazy"'
        ) in html
        assert Client().get(entry.image.url).status_code == 200

    @pytest.mark.parametrize(
        ("image", "alt", "message"),
        [
            (b"not an image", "Foto", "bukan gambar yang dapat dipakai"),
            (None, "", "Jelaskan gambar bagi pembaca yang tidak dapat melihatnya"),
        ],
        ids=["not an image", "no alt text"],
    )
    def test_refused_with_a_message_and_nothing_stored(
        self, editor_client, live_article, media, image, alt, message
    ):
        content = image if image is not None else image_bytes()
        response = self.post(editor_client, live_article, upload(content, "foto.jpg"), alt=alt)
        assert message in response.text
        assert not live_article.live_entries.filter(text="Situasi di gerbang tol.").exists()
        assert self.stored_files(media) == []

    def test_private_until_the_article_is_published(self, editor_client, media):
        draft = ArticleFactory(status=Article.Status.DRAFT, live_status="live")
        self.post(editor_client, draft, upload(image_bytes(), "foto.jpg"))
        url = draft.live_entries.get().image.url
        assert Client().get(url).status_code == 404
        assert editor_client.get(url).status_code == 200
        draft.publish()
        draft.save()
        assert Client().get(url).status_code == 200

    def test_deleting_the_entry_removes_the_file(
        self, editor_client, live_article, media, django_capture_on_commit_callbacks
    ):
        self.post(editor_client, live_article, upload(image_bytes(), "foto.jpg"))
        entry = live_article.live_entries.get(text="Situasi di gerbang tol.")
        assert len(self.stored_files(media)) == 1
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(change_url(live_article, entry), {"action": "delete"})
        assert self.stored_files(media) == []
