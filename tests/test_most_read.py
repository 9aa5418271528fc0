"""Most read (Terpopuler): a beacon counts views in the cache, a fold writes them into the
database, and the lists (24 hours, 7 days) appear on the front page and article pages."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news import popularity
from news.models import Article, HourlyViews

from . import test_cache
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


@pytest.fixture
def fold_not_due():
    """The fold lock already taken, as between two folds: a beacon only counts."""
    cache.add(popularity.FOLD_LOCK_KEY, 1, timeout=popularity.FOLD_SECONDS)


def beacon(article_id, client=None, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return (client or Client()).post(reverse("news:count_view"), {"id": article_id}, **headers)


def counter(article):
    return cache.get(popularity.counter_key(popularity.hour_of(timezone.now()), article.pk))


def test_the_beacon_counts_in_the_cache_without_writing_to_the_database(
    fold_not_due, django_assert_num_queries
):
    """204, no cookie; the second view costs no query at all."""
    article = ArticleFactory()
    first = beacon(article.pk)
    with django_assert_num_queries(0):
        second = beacon(article.pk)
    assert first.status_code == second.status_code == 204
    assert not first.cookies and not second.cookies
    assert counter(article) == 2
    assert not HourlyViews.objects.exists()


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 crawler",
        "Baiduspider",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_bots_are_not_counted(fold_not_due, user_agent):
    article = ArticleFactory()
    assert beacon(article.pk, HTTP_USER_AGENT=user_agent).status_code == 204
    assert counter(article) is None


def test_only_a_post_from_this_site_counts(fold_not_due):
    article = ArticleFactory()
    client = Client()
    assert client.get(reverse("news:count_view")).status_code == 405
    assert client.head(reverse("news:count_view")).status_code == 405
    assert beacon(article.pk, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert beacon(article.pk, HTTP_ORIGIN="http://testserver").status_code == 204
    assert counter(article) == 1


@pytest.mark.parametrize(
    "article_id", ["", "abc", "-1", "99999999", "9" * 30, "²", "1e3", "１", "x" * 500]
)
def test_unknown_ids_are_refused(fold_not_due, article_id):
    ArticleFactory()
    assert beacon(article_id).status_code == 400


def test_unpublished_articles_are_not_counted(fold_not_due):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert beacon(draft.pk).status_code == beacon(scheduled.pk).status_code == 400
    assert counter(draft) is None and counter(scheduled) is None


def test_the_beacon_enqueues_the_fold_once_in_a_while(django_capture_on_commit_callbacks):
    """The first view folds (the immediate task backend of tests runs it at once); the next
    ones wait for the next FOLD_SECONDS."""
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        beacon(article.pk)
    assert HourlyViews.objects.get(article=article).count == 1
    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        beacon(article.pk)
        beacon(article.pk)
    assert enqueued == []
    assert HourlyViews.objects.get(article=article).count == 1
    assert counter(article) == 3
    call_command("fold_views", verbosity=0)
    assert HourlyViews.objects.get(article=article).count == 3


def test_folding_is_idempotent(fold_not_due):
    """Each fold writes the counters' values: folding again adds nothing."""
    article = ArticleFactory()
    for _ in range(4):
        beacon(article.pk)
    popularity.fold()
    popularity.fold()
    row = HourlyViews.objects.get()
    assert (row.article, row.count) == (article, 4)
    assert row.hour.minute == row.hour.second == 0


def test_fold_keeps_earlier_hours_and_deletes_old_counts(fold_not_due):
    article = ArticleFactory()
    now = timezone.now()
    popularity.count_view(article.pk, now=now - timedelta(hours=1))
    popularity.count_view(article.pk, now=now)
    HourlyViews.objects.create(article=article, hour=now - timedelta(days=9), count=7)
    popularity.fold()
    assert sorted(HourlyViews.objects.values_list("count", flat=True)) == [1, 1]


def views(article, hours_ago, count):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours_ago)
    HourlyViews.objects.create(article=article, hour=hour, count=count)


def test_lists_rank_published_articles_by_window():
    today, this_week, long_ago = ArticleFactory(), ArticleFactory(), ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT)
    views(today, 1, 30)
    views(this_week, 1, 5)
    views(this_week, 72, 100)
    views(long_ago, 24 * 9, 1000)
    views(draft, 1, 5000)
    lists = popularity.lists()
    assert lists["day"] == [today, this_week]
    assert lists["week"] == [this_week, today]
    assert (lists["week"][0].week, lists["week"][0].day) == (105, 5)


def test_front_page_and_articles_show_the_lists(client):
    first, second = ArticleFactory(title="Paling Dibaca"), ArticleFactory(title="Kedua Dibaca")
    views(first, 2, 50)
    views(second, 30, 80)
    for url in [reverse("news:home"), second.get_absolute_url()]:
        html = Client().get(url).text
        assert 'aria-labelledby="most-read-heading"' in html and "Terpopuler" in html, url
        day, week = html.split('id="most-read-heading"')[1].split("7 hari terakhir")
        assert "24 jam terakhir" in day and "Paling Dibaca" in day and "Kedua Dibaca" not in day
        assert week.index("Kedua Dibaca") < week.index("Paling Dibaca")
    assert (
        'src="/static/js/most-read-beacon.js" defer' in Client().get(second.get_absolute_url()).text
    )


def test_no_list_without_views(client):
    assert "Terpopuler" not in client.get(reverse("news:home")).text


def test_a_fold_that_changes_the_lists_refreshes_cached_pages(
    fold_not_due, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Pages cached before the fold show the new lists after it; the CDN purges `most-read`.
    A fold that changes nothing leaves the cached pages be."""
    settings.PAGE_CACHE_PURGE = "tests.test_cache.record_purge"
    test_cache.purges.clear()
    article = ArticleFactory(title="Naik Daun")
    front = reverse("news:home")
    assert "Terpopuler" not in Client().get(front).text
    for url, shows_lists in [
        (front, True),
        (article.get_absolute_url(), True),
        (article.category.get_absolute_url(), False),
    ]:
        assert ("most-read" in Client().get(url).headers["Cache-Tag"].split()) == shows_lists
    beacon(article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        popularity.fold()
    assert test_cache.purges == [["most-read"]]
    html = Client().get(front).text
    assert "Terpopuler" in html and "Naik Daun" in html
    beacon(article.pk)  # more views, same order: the lists did not change
    popularity.fold()
    with django_assert_num_queries(0):
        assert Client().get(front).text == html


def test_an_unpublished_article_leaves_the_lists(client):
    article = ArticleFactory(title="Ditarik Redaksi")
    views(article, 1, 10)
    assert "Ditarik Redaksi" in client.get(reverse("news:home")).text
    article.unpublish()
    article.save()
    assert "Ditarik Redaksi" not in client.get(reverse("news:home")).text


def test_the_lists_cost_no_query_once_cached(client, django_assert_num_queries):
    """Another address of the front page reads the lists from their cached fragment."""
    article = ArticleFactory(title="Terbaca")
    views(article, 1, 3)
    client.get(reverse("news:home"))
    # count and page of articles: the navigation, footer, bar and lists are cached fragments.
    with django_assert_num_queries(2):
        html = client.get(reverse("news:home") + "?utm_source=wa").text
    assert "Terbaca" in html.split("Terpopuler")[1]
