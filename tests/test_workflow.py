"""Draft, in review, published: how an article moves through the newsroom in the admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, admin_form_data

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


class TestReporter:
    def test_new_article_is_the_reporters_draft_under_their_byline(self, reporter_client, reporter):
        """Adding records who created the article; the form starts with their author profile."""
        own_author = AuthorFactory(user=reporter)
        form = reporter_client.get(reverse("admin:news_article_add")).context["adminform"].form
        assert form.initial["author"] == own_author.pk
        data = admin_form_data(
            Article(title="Laporan Baru", slug="laporan-baru", body="<p>Isi</p>", status="draft"),
            category=CategoryFactory().pk,
            author=own_author.pk,
        )
        assert reporter_client.post(reverse("admin:news_article_add"), data).status_code == 302
        article = Article.objects.get(slug="laporan-baru")
        assert (article.created_by, article.status, article.author) == (
            reporter,
            Status.DRAFT,
            own_author,
        )

    def test_submit_for_review_button(self, reporter_client, reporter):
        """The button sends the draft to the editors; the reporter can no longer change it."""
        article = ArticleFactory(status=Status.DRAFT, created_by=reporter)
        response = reporter_client.post(
            change_url(article), admin_form_data(article, _submit_for_review="1")
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.REVIEW
        assert "Status" in LogEntry.objects.get(object_id=str(article.pk)).change_message
        retry = reporter_client.post(change_url(article), admin_form_data(article, title="x"))
        assert retry.status_code == 403

    def test_reporter_cannot_schedule(self, reporter_client, reporter):
        """A publication time sent by a reporter is ignored."""
        article = ArticleFactory(status=Status.DRAFT, created_by=reporter)
        before = article.published_at
        future = timezone.localtime() + timedelta(days=3)
        reporter_client.post(
            change_url(article),
            admin_form_data(article, published_at_0=future.date().isoformat()),
        )
        article.refresh_from_db()
        assert article.published_at == before


class TestEditor:
    @pytest.fixture
    def in_review(self, staff_user):
        reporter = staff_user("Reporter", username="wartawan")
        return ArticleFactory(status=Status.REVIEW, created_by=reporter, title="Laporan")

    def test_send_back_with_a_note(
        self, editor_client, in_review, django_capture_on_commit_callbacks
    ):
        """Sending back makes it a draft again, keeps the note and e-mails the reporter."""
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                change_url(in_review),
                admin_form_data(in_review, review_note="Sumber kedua belum ada.", _send_back="1"),
            )
        assert response.status_code == 302
        in_review.refresh_from_db()
        assert in_review.status == Status.DRAFT
        assert in_review.review_note == "Sumber kedua belum ada."
        [message] = mail.outbox
        assert message.to == ["wartawan@example.com"]
        assert "Laporan" in message.subject and "Sumber kedua belum ada." in message.body
        assert change_url(in_review) in message.body
        assert "Status" in LogEntry.objects.get(object_id=str(in_review.pk)).change_message

    def test_sending_back_needs_a_note(self, editor_client, in_review):
        """Without a note the form asks for one and nothing changes."""
        response = editor_client.post(
            change_url(in_review), admin_form_data(in_review, _send_back="1")
        )
        assert response.status_code == 200
        assert "review_note" in response.context["adminform"].form.errors
        in_review.refresh_from_db()
        assert in_review.status == Status.REVIEW
        assert mail.outbox == []

    def test_note_is_shown_prominently_to_the_reporter(self, client, in_review):
        """The reporter finds the editor's note at the top of their draft."""
        Article.objects.filter(pk=in_review.pk).update(
            status=Status.DRAFT, review_note="Periksa <nama> saksi."
        )
        client.force_login(in_review.created_by)
        html = client.get(change_url(in_review)).text
        assert 'class="review-note" role="alert"' in html
        assert "Periksa &lt;nama&gt; saksi." in html

    def test_editor_publishes_and_schedules_by_form(self, editor_client, in_review):
        """Published with a future time is scheduled: not public yet."""
        future = timezone.localtime() + timedelta(days=1)
        editor_client.post(
            change_url(in_review),
            admin_form_data(
                in_review,
                status=Status.PUBLISHED,
                published_at_0=future.date().isoformat(),
                published_at_1=future.strftime("%H:%M:%S"),
            ),
        )
        in_review.refresh_from_db()
        assert in_review.status == Status.PUBLISHED
        assert in_review.state == Article.State.SCHEDULED
        assert not Article.objects.published().exists()


class TestChangeList:
    @pytest.fixture
    def articles(self):
        future = timezone.now() + timedelta(days=2)
        return {
            "draft": ArticleFactory(status=Status.DRAFT, title="Satu draf"),
            "review": ArticleFactory(status=Status.REVIEW, title="Satu tinjauan"),
            "scheduled": ArticleFactory(published_at=future, title="Satu terjadwal"),
            "published": ArticleFactory(title="Satu terbit"),
        }

    def test_state_column_labels(self, editor_client, articles):
        """Each row says its state, with "Scheduled" for a published article still to come."""
        response = editor_client.get(reverse("admin:news_article_changelist"))
        rows = re.findall(r'">(Satu \w+)</a></th>.*?class="field-state">([^<]+)<', response.text)
        assert dict(rows) == {
            "Satu draf": "Draf",
            "Satu tinjauan": "Menunggu tinjauan",
            "Satu terjadwal": "Terjadwal",
            "Satu terbit": "Terbit",
        }

    @pytest.mark.parametrize("state", ["draft", "review", "scheduled", "published"])
    def test_filter_by_state(self, editor_client, articles, state):
        """The state filter, scheduled included, keeps just the matching articles."""
        response = editor_client.get(reverse("admin:news_article_changelist"), {"state": state})
        assert list(response.context["cl"].result_list) == [articles[state]]

    def test_bulk_publish_and_unpublish(self, editor_client, articles):
        """Publishing dates a draft now and keeps a future time; unpublishing makes a draft."""
        url = reverse("admin:news_article_changelist")
        draft, scheduled = articles["draft"], articles["scheduled"]
        future = scheduled.published_at
        response = editor_client.post(
            url, {"action": "publish", "_selected_action": [draft.pk, scheduled.pk], "index": 0}
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        scheduled.refresh_from_db()
        assert draft.is_published and draft.published_at > timezone.now() - timedelta(minutes=1)
        assert scheduled.published_at == future
        assert LogEntry.objects.filter(object_id=str(draft.pk)).exists()

        published = articles["published"]
        editor_client.post(
            url, {"action": "unpublish", "_selected_action": [published.pk], "index": 0}
        )
        published.refresh_from_db()
        assert published.status == Status.DRAFT
