"""Scheduling: a published article with a future time goes live by itself, everywhere at once.

No job runs: every reader-facing listing starts from ArticleQuerySet.published(), which compares
the publication time with the clock at query time.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """A live article and, sharing its category, tag and author, one of each hidden state."""
    category, author = CategoryFactory(), AuthorFactory()
    shared = {"category": category, "author": author, "tags": ["razia"]}
    live = ArticleFactory(title="Sudah tayang", **shared)
    hidden = {
        "scheduled": ArticleFactory(
            title="Tayang nanti", published_at=timezone.now() + timedelta(hours=2), **shared
        ),
        "draft": ArticleFactory(title="Masih draf", status=Article.Status.DRAFT, **shared),
        "review": ArticleFactory(title="Sedang ditinjau", status=Article.Status.REVIEW, **shared),
    }
    return {"live": live, "category": category, "author": author, **hidden}


def listings(site):
    """Every page that lists articles to readers."""
    return {
        "front page": reverse("news:home"),
        "category": site["category"].get_absolute_url(),
        "tag": reverse("news:tag", args=["razia"]),
        "author": site["author"].get_absolute_url(),
    }


def titles(response):
    return [article.title for article in response.context["article_list"]]


def go_live(article):
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(days=1))


@pytest.mark.parametrize("state", ["scheduled", "draft", "review"])
def test_nothing_unpublished_reaches_readers(client, site, state):
    """Front page, archives, related posts and the article page all leave it out."""
    hidden = site[state]
    for page, url in listings(site).items():
        listed = titles(client.get(url))
        assert site["live"].title in listed, page
        assert hidden.title not in listed, page
    live_page = client.get(site["live"].get_absolute_url())
    assert site["live"].title in live_page.text
    related = live_page.context["related_articles"]
    assert hidden not in list(related)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_everywhere_when_its_time_comes(client, site):
    """Once the time has passed, every listing, related posts and its page show it."""
    scheduled = site["scheduled"]
    go_live(scheduled)
    for page, url in listings(site).items():
        assert scheduled.title in titles(client.get(url)), page
    related = client.get(site["live"].get_absolute_url()).context["related_articles"]
    assert scheduled in list(related)
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_scheduled_article_counts_nowhere_before_its_time(client, site):
    """Page totals agree with the lists: only the live article is counted."""
    for page, url in listings(site).items():
        assert client.get(url).context["paginator"].count == 1, page
