"""The breaking-news bar: on every public page until its end time, then gone from the page
cache and the cached fragments without any cron; editors only."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import BreakingNews

from . import test_cache
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

BAR_TEXT = "Gempa M6,1 guncang Garut: ikuti perkembangan"


@pytest.fixture
def article():
    return ArticleFactory(title="Gempa Garut", tags=["Gempa"])


@pytest.fixture
def bar(article):
    return BreakingNews.objects.create(
        text=BAR_TEXT, url=article.get_absolute_url(), ends_at=timezone.now() + timedelta(minutes=2)
    )


def shows_bar(response):
    return BAR_TEXT in response.text


def test_every_public_page_shows_the_bar(article, bar):
    """Front page, article, archives, search: a labelled region whose link text is the line."""
    published = timezone.localtime(article.published_at)
    for url in [
        reverse("news:home"),
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        article.author.get_absolute_url(),
        reverse("news:year", args=[published.year]),
        reverse("news:search") + "?q=gempa",
    ]:
        response = Client().get(url)
        assert response.status_code == 200, url
        assert (
            '<div class="breaking-bar" role="region" aria-label="Berita terkini">' in response.text
        ), url
        assert (
            f'<a class="breaking-bar__link" href="{article.get_absolute_url()}">{BAR_TEXT}</a>'
            in (response.text)
        ), url


def test_no_bar_without_one(article):
    assert "breaking-bar" not in Client().get(reverse("news:home")).text


def test_the_bar_is_dropped_at_its_end_time_from_cached_pages(
    article, bar, django_assert_num_queries
):
    """A page cached while the bar ran is not served once its end time has come, and a page
    rendered then does not take the bar from a cached fragment either."""
    front, page = reverse("news:home"), article.get_absolute_url()
    assert shows_bar(Client().get(front)) and shows_bar(Client().get(page))
    with django_assert_num_queries(0):  # served by the page cache
        assert shows_bar(Client().get(front))
    later = timezone.now() + timedelta(minutes=3)  # within PAGE_CACHE_SECONDS of rendering
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert not shows_bar(Client().get(front))
        assert not shows_bar(Client().get(page))
        assert not shows_bar(Client().get(page + "?utm_source=wa"))  # not in the page cache


def test_the_end_time_is_kept_beside_the_schedule(article, bar):
    """No cron: the bar's end is the next time pages change by themselves (news.cache)."""
    from news.cache import next_publication_time

    assert next_publication_time() == bar.ends_at.timestamp()
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(minutes=1))
    assert next_publication_time() == scheduled.published_at.timestamp()


def test_changing_the_bar_refreshes_cached_pages_and_purges_the_site(
    article, bar, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_PURGE = "tests.test_cache.record_purge"
    test_cache.purges.clear()
    Client().get(reverse("news:home"))
    with django_capture_on_commit_callbacks(execute=True):
        bar.text = "Gempa Garut: 12 rumah rusak"
        bar.save()
    assert "Gempa Garut: 12 rumah rusak" in Client().get(reverse("news:home")).text
    assert test_cache.purges == [["site"]]
    bar.delete()
    assert "breaking-bar" not in Client().get(reverse("news:home")).text


def test_a_new_bar_replaces_a_running_one(article, bar):
    BreakingNews.objects.create(
        text="Banjir Bekasi", url="https://example.com/banjir", ends_at=bar.ends_at
    )
    html = Client().get(reverse("news:home")).text
    assert "Banjir Bekasi" in html and BAR_TEXT not in html


def test_editors_set_the_bar_in_the_admin(editor_client, article):
    ends = timezone.localtime() + timedelta(hours=1)
    response = editor_client.post(
        reverse("admin:news_breakingnews_add"),
        {
            "text": "Siaga banjir Jakarta",
            "url": "javascript:alert(1)",
            "ends_at_0": ends.strftime("%Y-%m-%d"),
            "ends_at_1": ends.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200  # the form again, the message by the field
    assert "Masukkan alamat yang diawali https://" in response.text
    assert not BreakingNews.objects.exists()
    response = editor_client.post(
        reverse("admin:news_breakingnews_add"),
        {
            "text": "Siaga banjir Jakarta",
            "url": article.get_absolute_url(),
            "ends_at_0": ends.strftime("%Y-%m-%d"),
            "ends_at_1": ends.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    assert "Siaga banjir Jakarta" in Client().get(reverse("news:home")).text


def test_reporters_and_moderators_cannot_set_the_bar(client, staff_user):
    for role in ["Reporter", "Moderator"]:
        client.force_login(staff_user(role))
        assert client.get(reverse("admin:news_breakingnews_add")).status_code == 403
        assert client.get(reverse("admin:news_breakingnews_changelist")).status_code == 403
