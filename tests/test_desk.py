"""The editor's desk: the article change list by role, the review hand-over (who submitted, who
sent back, when) on the dashboard and by e-mail."""

import re

import pytest
from django.urls import reverse

from news.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGE_LIST = reverse("admin:news_article_changelist")


def filter_panel(response):
    """The filter sidebar's HTML."""
    return re.search(r'<nav id="changelist-filter".*?</nav>', response.text, re.S).group()


class TestChangeListByRole:
    def test_reporter_gets_no_filter_they_cannot_use(self, reporter_client, reporter):
        """A reporter, who never schedules nor chooses the headline and sees only their own
        articles, is offered neither "scheduled", nor the headline, nor the author filter."""
        ArticleFactory.create_batch(2, created_by=reporter, status=Article.Status.DRAFT)
        response = reporter_client.get(CHANGE_LIST)
        assert response.status_code == 200
        panel = filter_panel(response)
        assert "Menunggu tinjauan" in panel and "Draf" in panel and "Terbit" in panel
        assert "Terjadwal" not in panel
        assert "berita utama" not in panel and "penulis" not in panel
        assert [spec.title for spec in response.context["cl"].filter_specs] == [
            "keadaan",
            "kategori",
            "komentar dibuka",
        ]

    def test_editor_gets_every_filter(self, editor_client):
        """Editors schedule and curate: every state and every filter."""
        ArticleFactory.create_batch(2)
        response = editor_client.get(CHANGE_LIST)
        assert response.status_code == 200
        panel = filter_panel(response)
        assert "Terjadwal" in panel and "berita utama" in panel
        titles = [spec.title for spec in response.context["cl"].filter_specs]
        assert "penulis" in titles and "berita utama" in titles

    def test_headline_links_keep_the_filters(self, editor_client):
        """Each headline opens its article, and the way back keeps the list's filter."""
        article = ArticleFactory(title="Operasi <Zebra>", status=Article.Status.DRAFT)
        response = editor_client.get(CHANGE_LIST, {"state": "draft"})
        change_url = reverse("admin:news_article_change", args=[article.pk])
        assert response.status_code == 200
        assert (
            f'<a class="article-headline" href="{change_url}?_changelist_filters=state%3Ddraft">'
            "Operasi &lt;Zebra&gt;</a>"
        ) in response.text
        assert "<Zebra>" not in response.text
