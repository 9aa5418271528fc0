"""The admin index as a newsroom dashboard: what waits for the signed-in role, and a chart."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from comments.models import Comment
from news.models import Article

from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:news_article_changelist")


def counts(html):
    """{link: number} of the dashboard's counts."""
    found = re.findall(r'<a href="([^"]+)"><span class="dashboard-count">(\d+)</span>', html)
    return {href.replace("&amp;", "&"): int(number) for href, number in found}


def build(reporter, other, scale=1):
    """Articles in every state, half of them the reporter's, and comments."""
    for owner in [reporter, other] * scale:
        ArticleFactory(status=Status.DRAFT, created_by=owner)
        ArticleFactory(status=Status.REVIEW, created_by=owner)
        ArticleFactory(created_by=owner, published_at=timezone.now() + timedelta(days=1))
        CommentFactory(article=ArticleFactory(created_by=owner))
        CommentFactory(status=Comment.Status.PENDING)


@pytest.fixture
def newsroom(staff_user):
    reporter, other = staff_user("Reporter"), staff_user("Reporter", username="reporter2")
    build(reporter, other)
    return reporter


def test_editor_sees_own_drafts_and_everyones_review_and_schedule(client, staff_user, newsroom):
    """Editors: their drafts, every article awaiting review or scheduled, no comment queue."""
    editor = staff_user("Editor")
    ArticleFactory(status=Status.DRAFT, created_by=editor)
    client.force_login(editor)
    html = client.get(reverse("admin:index")).text
    assert counts(html) == {
        f"{CHANGELIST}?state=draft&created_by__exact={editor.pk}": 1,
        f"{CHANGELIST}?state=review": 2,
        f"{CHANGELIST}?state=scheduled": 2,
    }
    assert "moderation-queue" not in html


def test_reporter_counts_only_their_own_articles(client, newsroom):
    """Reporters: the counts match their own change list."""
    client.force_login(newsroom)
    assert counts(client.get(reverse("admin:index")).text) == {
        f"{CHANGELIST}?state=draft&created_by__exact={newsroom.pk}": 1,
        f"{CHANGELIST}?state=review": 1,
        f"{CHANGELIST}?state=scheduled": 1,
    }
    listed = client.get(CHANGELIST, {"state": "review"}).context["cl"].result_list
    assert len(listed) == 1


def test_moderator_keeps_the_moderation_queue(moderator_client, newsroom):
    """Moderators see the pending comments, linked to the queue, and no article counts."""
    html = moderator_client.get(reverse("admin:index")).text
    assert counts(html) == {}
    queue = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    assert f'<li class="moderation-queue">\n        <a href="{queue}">' in html
    assert "2 komentar menunggu moderasi" in html


class TestChart:
    def test_chart_is_inline_svg_with_a_text_alternative(self, editor_client):
        """An accessible SVG: role, title and description, and a table of every day."""
        html = editor_client.get(reverse("admin:index")).text
        svg = re.search(r"<svg viewBox[^>]*>", html)[0]
        assert 'role="img"' in svg and 'aria-labelledby="activity-title activity-desc"' in svg
        assert '<title id="activity-title">' in html and '<desc id="activity-desc">' in html
        table = html.split('<table class="visually-hidden">')[1].split("</table>")[0]
        assert table.count('<th scope="row">') == 30
        assert "<script" not in html.split("newsroom-dashboard")[1].split("</section>")[0]

    def test_counts_publications_and_approvals_by_day(self, editor_client):
        """Published articles count on their day, comments on the day they were approved."""
        today = timezone.localtime()
        three_days_ago = today - timedelta(days=3)
        ArticleFactory.create_batch(2, published_at=today - timedelta(minutes=5))
        ArticleFactory(published_at=today + timedelta(hours=1))  # scheduled: not yet
        ArticleFactory(status=Status.DRAFT, published_at=today - timedelta(minutes=5))
        old = ArticleFactory(published_at=today - timedelta(days=60))
        approved_later = CommentFactory(article=old, moderated_at=three_days_ago)
        Comment.objects.filter(pk=approved_later.pk).update(created_at=today - timedelta(days=9))
        CommentFactory(article=old, status=Comment.Status.PENDING)
        chart = editor_client.get(reverse("admin:index")).context["chart"]
        by_date = {day.date: (day.articles, day.comments) for day in chart.days}
        assert by_date[today.date()] == (2, 0)
        assert by_date[three_days_ago.date()] == (0, 1)
        assert chart.totals == (2, 1)
        html = editor_client.get(reverse("admin:index")).text
        label = date_format(today.date(), "j F Y")
        assert f'<tr><th scope="row">{label}</th><td>2</td><td>0</td></tr>' in html


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1, 10])
# Editors read the review queue, reporters their drafts sent back: one query each.
@pytest.mark.parametrize(("role", "queries"), [("Editor", 11), ("Reporter", 11), ("Moderator", 8)])
def test_dashboard_costs_a_fixed_number_of_queries(
    client, staff_user, django_assert_max_num_queries, scale, role, queries
):
    """The same pinned number of queries with ten times the articles and comments."""
    build(staff_user("Reporter", username="a"), staff_user("Reporter", username="b"), scale)
    client.force_login(staff_user(role))
    with django_assert_max_num_queries(queries):
        assert client.get(reverse("admin:index")).status_code == 200
