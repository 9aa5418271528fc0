"""Pages shared by caches: no cookie, identical bytes, exact invalidation, one rendering under a
stampede, 304 without the database, and private pages for signed-in staff."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from comments.forms import TOKEN_SALT
from comments.models import Comment
from comments.services import moderate
from comments.templatetags.comment_tags import TOKEN_PLACEHOLDER
from news import cache as page_cache
from news.models import Article, Page, Redirect, Tag

from .factories import ArticleFactory, CommentFactory, UserFactory, comment_form_data

pytestmark = pytest.mark.django_db

purges = []


def record_purge(tags):
    """A stand-in CDN purge (PAGE_CACHE_PURGE) that remembers what it was asked to purge."""
    purges.append(tags)


@pytest.fixture
def site():
    """Eleven articles (two front pages), the newest with a tag and an approved comment."""
    older = [ArticleFactory() for _ in range(10)]
    article = ArticleFactory(
        title="Operasi Ketupat Dimulai",
        published_at=timezone.now() - timedelta(minutes=5),
        category=older[0].category,
        author=older[0].author,
        tags=["Mudik Aman"],
    )
    CommentFactory(article=article, body="Semoga lancar.")
    return article


def public_pages(article):
    published = timezone.localtime(article.published_at)
    tag = article.tags.get()
    return [
        reverse("news:home"),
        reverse("news:home") + "?page=2",
        article.get_absolute_url(),
        article.get_absolute_url() + "?balas=1",
        article.category.get_absolute_url(),
        tag.get_absolute_url(),
        article.author.get_absolute_url(),
        reverse("news:year", args=[published.year]),
        reverse("news:month", args=[published.year, f"{published.month:02}"]),
        reverse("news:search") + "?q=ketupat",
        reverse("news:feed"),
        reverse("news:category_feed", args=[article.category.slug]),
        reverse("news:tag_feed", args=[tag.slug]),
        reverse("news:author_feed", args=[article.author.slug]),
        reverse("news:article_comments_feed", args=[article.slug]),
        reverse("news:sitemap"),
        reverse("news:news_sitemap"),
        reverse("news:sitemap_section", args=["berita"]),
        reverse("news:robots"),
        reverse("news:corrections"),
    ]


def cache_control(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


def test_public_pages_are_shareable(site):
    """Every public page: no cookie, the same bytes for two readers, public caching headers."""
    for url in public_pages(site):
        first = Client().get(url)
        other_reader = Client()
        other_reader.cookies["komentar_pembaca"] = "%7B%22name%22%3A%20%22Budi%22%7D"
        second = other_reader.get(url)
        assert first.status_code == second.status_code == 200, url
        assert not first.cookies and not second.cookies, url
        assert "Set-Cookie" not in first.headers, url
        assert first.content == second.content, url
        assert cache_control(first) == {
            "public",
            "max-age=60",
            "s-maxage=600",
            "stale-while-revalidate=60",
        }, url
        assert first.headers["Vary"] == "Cookie", url
        assert "site" in first.headers["Cache-Tag"].split(), url


def test_no_form_carries_a_per_reader_token(client, site):
    """Neither the comment form nor the language switch needs a CSRF token."""
    html = client.get(site.get_absolute_url()).text
    assert "csrfmiddlewaretoken" not in html
    assert 'class="language-switch" action="/i18n/setlang/" method="get"' in html
    assert "js/remember-commenter.js" in html


def test_cache_tags_name_what_the_page_shows(client, site):
    """The article page names the article, its category, author and tags, and related posts."""
    tag = site.tags.get()
    tags = set(client.get(site.get_absolute_url()).headers["Cache-Tag"].split())
    related = site.__class__.objects.exclude(pk=site.pk).first()
    assert {
        f"article-{site.pk}",
        f"category-{site.category_id}",
        f"author-{site.author_id}",
        f"tag-{tag.pk}",
        f"article-{related.pk}",
    } <= tags
    feed_tags = client.get(reverse("news:feed")).headers["Cache-Tag"].split()
    assert feed_tags == ["feeds", "site"]


def test_a_cached_page_costs_no_query(client, site, django_assert_num_queries):
    """The second reader of a page is served from the cache without the database."""
    first = client.get(site.get_absolute_url())
    with django_assert_num_queries(0):
        second = Client().get(site.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content


def test_conditional_requests_answer_304_without_a_query(client, site, django_assert_num_queries):
    """A reader who has the page gets 304 Not Modified by ETag or by date, with no SQL."""
    first = client.get(site.get_absolute_url())
    with django_assert_num_queries(0):
        by_etag = client.get(site.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])
        by_date = client.get(
            site.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"]
        )
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    changed = client.get(site.get_absolute_url(), HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_head_is_served_from_the_cache(client, site, django_assert_num_queries):
    """HEAD uses the page GET stored."""
    client.get(reverse("news:home"))
    with django_assert_num_queries(0):
        response = client.head(reverse("news:home"))
    assert response.status_code == 200
    assert "public" in cache_control(response)


class TestInvalidation:
    """Each change shows on the next request, on every page it affects."""

    def see(self, url):
        return Client().get(url).text

    def test_publishing_an_article(self, site):
        draft = ArticleFactory(title="Razia Knalpot Brong", status=Article.Status.DRAFT)
        assert "Razia Knalpot Brong" not in self.see(reverse("news:home"))
        assert "Razia Knalpot Brong" not in self.see(site.category.get_absolute_url())
        draft.publish()
        draft.save()
        assert "Razia Knalpot Brong" in self.see(reverse("news:home"))
        assert "Razia Knalpot Brong" in self.see(reverse("news:feed"))
        assert Client().get(draft.get_absolute_url()).status_code == 200

    def test_editing_an_article(self, site):
        assert "Operasi Ketupat Dimulai" in self.see(reverse("news:home"))
        self.see(site.get_absolute_url())
        site.title = "Operasi Ketupat Resmi Dimulai"
        site.save()
        assert "Operasi Ketupat Resmi Dimulai" in self.see(reverse("news:home"))
        assert "Operasi Ketupat Resmi Dimulai" in self.see(site.get_absolute_url())

    def test_unpublishing_an_article(self, site):
        assert Client().get(site.get_absolute_url()).status_code == 200
        assert "Operasi Ketupat Dimulai" in self.see(reverse("news:home"))
        site.unpublish()
        site.save()
        assert Client().get(site.get_absolute_url()).status_code == 404
        assert "Operasi Ketupat Dimulai" not in self.see(reverse("news:home"))

    def test_a_scheduled_article_appears_when_its_time_comes(self, site, monkeypatch):
        """No save, no cron: the cached front page expires at the publication time."""
        publication = timezone.now() + timedelta(hours=1)
        ArticleFactory(title="Jumpa Pers Kapolri", published_at=publication)
        assert "Jumpa Pers Kapolri" not in self.see(reverse("news:home"))
        assert "Jumpa Pers Kapolri" not in self.see(reverse("news:home"))
        monkeypatch.setattr(timezone, "now", lambda: publication + timedelta(seconds=1))
        assert "Jumpa Pers Kapolri" in self.see(reverse("news:home"))
        assert "Jumpa Pers Kapolri" in self.see(reverse("news:feed"))

    def test_approving_and_removing_a_comment(self, site):
        comment = CommentFactory(
            article=site, body="Menunggu persetujuan.", status=Comment.Status.PENDING
        )
        assert "Menunggu persetujuan." not in self.see(site.get_absolute_url())
        assert "1 komentar" in self.see(reverse("news:home"))
        moderator = UserFactory()
        moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED, moderator)
        assert "Menunggu persetujuan." in self.see(site.get_absolute_url())
        assert "2 komentar" in self.see(reverse("news:home"))
        assert "Menunggu persetujuan." in self.see(
            reverse("news:article_comments_feed", args=[site.slug])
        )
        moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.REMOVED, moderator)
        assert "Menunggu persetujuan." not in self.see(site.get_absolute_url())

    def test_renaming_a_tag(self, site):
        tag = site.tags.get()
        assert "#mudikaman" in self.see(site.get_absolute_url())
        tag.name, tag.slug = "Mudik Lancar", "mudiklancar"
        tag.save()
        assert "#mudiklancar" in self.see(site.get_absolute_url())

    def test_merging_tags(self, site):
        target = Tag.objects.create(name="Lebaran")
        assert "#lebaran" not in self.see(site.get_absolute_url())
        Tag.objects.filter(name="Mudik Aman").merge_into(target)
        html = self.see(site.get_absolute_url())
        assert "#lebaran" in html
        assert "#mudikaman" not in html

    def test_renaming_a_category(self, site):
        assert site.category.name in self.see(reverse("news:home"))
        site.category.name = "Lalu Lintas"
        site.category.save()
        assert "Lalu Lintas" in self.see(reverse("news:home"))
        assert "Lalu Lintas" in self.see(site.get_absolute_url())

    def test_renaming_an_author(self, site):
        assert site.author.name in self.see(site.get_absolute_url())
        site.author.name = "Rina Kartika"
        site.author.save()
        assert "Rina Kartika" in self.see(site.get_absolute_url())
        assert "Rina Kartika" in self.see(reverse("news:home"))

    def test_publishing_a_page_links_it_from_every_footer(self, site):
        assert "Redaksi" not in self.see(site.get_absolute_url())
        Page.objects.create(title="Redaksi", slug="redaksi", body="<p>Tim kami.</p>")
        assert "Redaksi" in self.see(site.get_absolute_url())
        assert "Redaksi" in self.see(reverse("news:home"))

    def test_adding_a_redirect_turns_a_cached_404_around(self, site):
        assert Client().get("/lama/alamat/").status_code == 404
        Redirect.objects.create(old_path="/lama/alamat/", new_path=site.get_absolute_url())
        response = Client().get("/lama/alamat/")
        assert response.status_code == 301
        assert response.headers["Location"] == site.get_absolute_url()

    def test_a_cdn_is_asked_to_purge_after_commit(
        self, site, settings, django_capture_on_commit_callbacks
    ):
        """The PAGE_CACHE_PURGE hook gets the Cache-Tag names of what changed."""
        settings.PAGE_CACHE_PURGE = "tests.test_cache.record_purge"
        purges.clear()
        with django_capture_on_commit_callbacks(execute=True):
            CommentFactory(article=site)
        assert purges == [[f"article-{site.pk}", "feeds"]]
        purges.clear()
        with django_capture_on_commit_callbacks(execute=True):
            site.author.save()
        assert purges == [[f"author-{site.author_id}"]]


class TestPrivatePages:
    def test_signed_in_staff_get_fresh_private_pages(self, client, site, staff_user):
        """An editor sees every change at once and no shared cache keeps their page."""
        Client().get(reverse("news:home"))
        client.force_login(staff_user("Editor"))
        Article.objects.filter(pk=site.pk).update(title="Diubah Tanpa Sinyal")
        response = client.get(reverse("news:home"))
        assert "Diubah Tanpa Sinyal" in response.text
        assert "private" in cache_control(response)
        assert "public" not in cache_control(response)

    def test_a_reader_with_a_session_is_not_served_shared_pages(self, client, site):
        client.get(reverse("news:home"))
        client.cookies["sessionid"] = "anything"
        Article.objects.filter(pk=site.pk).update(title="Diubah Tanpa Sinyal")
        response = client.get(reverse("news:home"))
        assert "Diubah Tanpa Sinyal" in response.text
        assert cache_control(response) == {"private"}

    def test_languages_are_cached_apart(self, site):
        """A reader who chose English gets the English page, not the cached Indonesian one."""
        assert "Tinggalkan Komentar" in Client().get(site.get_absolute_url()).text
        english = Client()
        english.cookies["django_language"] = "en"
        assert "Leave a Comment" in english.get(site.get_absolute_url()).text

    def test_a_preview_is_never_cached(self, editor_client, site):
        response = editor_client.get(reverse("admin:news_article_preview", args=[site.pk]))
        assert "no-store" in cache_control(response)


class TestStampede:
    """64 readers ask for one page at the same moment: it is rendered once."""

    READERS = 64

    def middleware(self, render):
        return page_cache.PageCacheMiddleware(render)

    def request(self):
        request = RequestFactory().get(reverse("news:home"))
        request.LANGUAGE_CODE = "id"
        return request

    def stampede(self, middleware):
        with ThreadPoolExecutor(self.READERS) as pool:
            futures = [pool.submit(middleware, self.request()) for _ in range(self.READERS)]
            return [future.result(timeout=30) for future in futures]

    @pytest.fixture(autouse=True)
    def known_schedule(self):
        """Nothing scheduled: the threads need no database."""
        cache.set(page_cache.NEXT_PUBLICATION_KEY, page_cache.NO_PUBLICATION, timeout=None)

    def test_a_missing_page_is_rendered_once_while_the_others_wait(self, monkeypatch):
        renders, waiting = [], []
        everyone_waits = threading.Condition()
        wait_for_page = page_cache.wait_for_page

        def counted_wait(lookup):
            with everyone_waits:
                waiting.append(1)
                everyone_waits.notify_all()
            return wait_for_page(lookup)

        def render(request):
            renders.append(1)
            with everyone_waits:  # hold the rendering until all other readers queue up
                everyone_waits.wait_for(lambda: len(waiting) == self.READERS - 1, timeout=20)
            return HttpResponse("Berita terbaru")

        monkeypatch.setattr(page_cache, "wait_for_page", counted_wait)
        responses = self.stampede(self.middleware(render))
        assert len(renders) == 1
        assert len(waiting) == self.READERS - 1
        assert {response.status_code for response in responses} == {200}
        assert {response.content for response in responses} == {b"Berita terbaru"}

    def test_an_expired_page_is_rendered_once_while_the_others_get_it_stale(self, monkeypatch):
        renders, served = [], []
        served_all = threading.Condition()
        self.middleware(lambda request: HttpResponse("Edisi pagi"))(self.request())
        later = timezone.now() + timedelta(seconds=settings.PAGE_CACHE_SECONDS + 1)
        monkeypatch.setattr(timezone, "now", lambda: later)

        def render(request):
            renders.append(1)
            with served_all:  # hold the rendering until all other readers were served
                served_all.wait_for(lambda: len(served) == self.READERS - 1, timeout=20)
            return HttpResponse("Edisi siang")

        middleware = self.middleware(render)

        def read(request):
            response = middleware(request)
            if response.content == b"Edisi pagi":
                with served_all:
                    served.append(1)
                    served_all.notify_all()
            return response

        responses = self.stampede(read)
        assert len(renders) == 1
        contents = sorted(response.content for response in responses)
        assert contents == [b"Edisi pagi"] * (self.READERS - 1) + [b"Edisi siang"]
        assert self.middleware(render)(self.request()).content == b"Edisi siang"


def test_cached_parts_of_a_page_change_with_the_content(client, site):
    """The related posts and the navigation, kept apart from pages, are never older than them:
    a change shows on an address that was never rendered before as on the others."""
    other = ArticleFactory(category=site.category, tags=["Mudik Aman"], title="Arus Balik Lancar")
    assert "Arus Balik Lancar" in client.get(site.get_absolute_url()).text
    other.title = "Arus Balik Padat"
    other.save()
    site.category.name = "Lalu Lintas Mudik"
    site.category.save()
    page = client.get(site.get_absolute_url() + "?utm_source=wa").text
    assert "Arus Balik Padat" in page and "Arus Balik Lancar" not in page
    assert '<a href="' + site.category.get_absolute_url() + '" aria-current="true">' in page
    assert ">Lalu Lintas Mudik</a></li>" in page  # the navigation's link to its section


def test_the_article_and_its_comments_change_on_every_address(client, site):
    """The article's main column and comment list, kept apart from pages and shared by every
    address of the article, show an edit and a newly approved comment on an address never
    rendered before."""
    assert "Semoga lancar." in client.get(site.get_absolute_url()).text
    site.body = "<p>Operasi berlangsung empat belas hari.</p>"
    site.save()
    comment = CommentFactory(article=site, body="Hati-hati di jalan.", status="pending")
    moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED, UserFactory())
    page = client.get(site.get_absolute_url() + "?utm_source=wa").text
    assert "Operasi berlangsung empat belas hari." in page
    assert "Hati-hati di jalan." in page and "2 komentar" in page


def test_a_readers_own_pending_comment_shows_beside_the_shared_comment_list(client, site):
    """The comment list every reader shares is cached; the reader who has just commented gets
    a list with their comment awaiting moderation, which no one else sees."""
    assert "Semoga lancar." in Client().get(site.get_absolute_url()).text
    sent = client.post(site.get_absolute_url(), comment_form_data(site, body="Sampai kapan?"))
    own_page = client.get(sent.url).text
    assert "Sampai kapan?" in own_page and "Komentar Anda menunggu moderasi." in own_page
    assert "Semoga lancar." in own_page and "1 komentar" in own_page
    assert "Sampai kapan?" not in Client().get(site.get_absolute_url() + "?utm_source=wa").text


def test_a_preview_renders_the_article_afresh(editor_client, site):
    """A preview keeps no fragment: it shows the article as it is in the database now, even
    after a change that made no new content version."""
    preview = reverse("admin:news_article_preview", args=[site.pk])
    heading = '<h1 class="article__title">{}</h1>'
    assert heading.format("Operasi Ketupat Dimulai") in editor_client.get(preview).text
    Article.objects.filter(pk=site.pk).update(title="Operasi Ketupat Diperpanjang")
    assert heading.format("Operasi Ketupat Diperpanjang") in editor_client.get(preview).text


def test_a_kept_comment_form_gets_a_fresh_token_each_time(client, site):
    """The blank comment form's HTML is kept in the cache, but each rendering of a page gets
    its own signed token for its own article, never the placeholder."""
    pages = [client.get(site.get_absolute_url() + f"?utm_source={n}").text for n in range(2)]
    tokens = [re.search(r'name="token" value="([^"]+)"', page).group(1) for page in pages]
    assert tokens[0] != tokens[1]
    for token in tokens:
        assert signing.loads(token, salt=TOKEN_SALT)["a"] == site.pk
    assert TOKEN_PLACEHOLDER not in pages[1]
    assert 'action="' + site.get_absolute_url() + '#tinggalkan-komentar"' in pages[1]
