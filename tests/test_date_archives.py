"""Year and month archives: /YYYY/ and /YYYY/MM/, the addresses WordPress used."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def on(year, month, day, hour=9, **kwargs):
    return ArticleFactory(published_at=datetime(year, month, day, hour, tzinfo=JAKARTA), **kwargs)


def month_url(year, month):
    return reverse("news:month", args=[f"{year:04d}", f"{month:02d}"])


def year_url(year):
    return reverse("news:year", args=[f"{year:04d}"])


class TestMonthArchive:
    def test_lists_the_month_newest_first_under_an_indonesian_heading(self, client):
        """A month page lists that month's published articles, headed by the Indonesian month."""
        older, newer = on(2025, 8, 1), on(2025, 8, 17)
        on(2025, 7, 31)
        on(2025, 9, 1)
        response = client.get(month_url(2025, 8))
        assert response.status_code == 200
        assert list(response.context["article_list"]) == [newer, older]
        assert '<h1 class="page-title">Agustus 2025</h1>' in response.text
        assert "<title>Arsip Agustus 2025 – Berita Polisi</title>" in response.text

    def test_months_follow_jakarta_time(self, client):
        """An article published just after midnight WIB on 1 September belongs to September."""
        early = on(2025, 9, 1, hour=0)
        august = client.get(month_url(2025, 8))
        assert august.status_code == 404
        assert list(client.get(month_url(2025, 9)).context["article_list"]) == [early]

    def test_paginates_ten_a_page(self, client):
        """Month archives show ten articles a page, like other archives."""
        for day in range(1, 12):
            on(2025, 8, day)
        first = client.get(month_url(2025, 8))
        second = client.get(month_url(2025, 8), {"page": 2})
        assert len(first.context["article_list"]) == 10
        assert len(second.context["article_list"]) == 1
        assert 'rel="next"' in first.text

    def test_links_to_neighbouring_months_with_articles(self, client):
        """The month page links the nearest earlier and later months that have articles."""
        on(2025, 5, 2)
        on(2025, 8, 17)
        on(2025, 11, 3)
        html = client.get(month_url(2025, 8)).text
        assert f'href="{month_url(2025, 5)}"' in html and "Mei 2025" in html
        assert f'href="{month_url(2025, 11)}"' in html and "November 2025" in html
        assert f'href="{year_url(2025)}"' in html

    @pytest.mark.parametrize("month", ["13", "00"])
    def test_invalid_month_is_404(self, client, month):
        """A month that does not exist is a 404."""
        on(2025, 8, 17)
        assert client.get(f"{year_url(2025)}{month}/").status_code == 404

    def test_month_without_articles_is_404(self, client):
        """A month with no published article is a 404."""
        on(2025, 8, 17)
        assert client.get(month_url(2025, 9)).status_code == 404


class TestYearArchive:
    def test_lists_the_year_and_links_its_months(self, client):
        """A year page lists the year's articles and links each month that has one."""
        august, march = on(2025, 8, 17), on(2025, 3, 5)
        on(2024, 12, 31)
        response = client.get(year_url(2025))
        assert response.status_code == 200
        assert list(response.context["article_list"]) == [august, march]
        assert '<h1 class="page-title">2025</h1>' in response.text
        for month, name in [(3, "Maret"), (8, "Agustus")]:
            assert f'<a href="{month_url(2025, month)}">{name}</a>' in response.text
        assert month_url(2025, 4) not in response.text

    def test_paginates_ten_a_page(self, client):
        """Year archives show ten articles a page."""
        for day in range(1, 12):
            on(2025, 1, day)
        second = client.get(year_url(2025), {"page": 2})
        assert len(second.context["article_list"]) == 1

    def test_year_without_articles_is_404(self, client):
        """A year with no published article is a 404."""
        on(2025, 8, 17)
        assert client.get(year_url(2023)).status_code == 404


@pytest.mark.parametrize(
    "kwargs",
    [{"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_unpublished_articles_are_not_archived(client, kwargs):
    """Drafts and scheduled articles never appear; a month holding only them is a 404."""
    hidden = ArticleFactory(**kwargs)
    when = timezone.localtime(hidden.published_at)
    assert client.get(month_url(when.year, when.month)).status_code == 404
    assert client.get(year_url(when.year)).status_code == 404
    published = ArticleFactory(published_at=timezone.now() - timedelta(seconds=1))
    now = timezone.localtime()
    response = client.get(month_url(now.year, now.month))
    assert hidden not in response.context["article_list"]
    assert published in response.context["article_list"]
