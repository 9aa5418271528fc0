"""Mail and image renditions run as tasks after commit; an SMTP outage costs nobody their work."""

import socket
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from comments.notifications import send_moderation_notice
from news.models import Article

from .conftest import ensure_permissions
from .factories import (
    ArticleFactory,
    CommentFactory,
    UserFactory,
    admin_form_data,
    comment_form_data,
)
from .test_images import image_bytes, post_article, upload

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unreachable_smtp(settings):
    """The real SMTP backend, pointed at a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2


# Real commits, so the mail task runs inside the request as it does on a live site. No
# serialized rollback (it clashes with the migration test's flush): each test makes what it
# needs, and a superuser stands in for the editor.
@pytest.mark.django_db(transaction=True)
class TestSmtpOutage:
    def test_comment_is_stored_and_the_reader_redirected(self, client, unreachable_smtp, caplog):
        """With SMTP down, a pending comment is kept and the reader gets the usual 302."""
        ensure_permissions()
        moderate = Permission.objects.get(codename="change_comment")
        UserFactory(username="moderator", is_staff=True).user_permissions.add(moderate)
        article = ArticleFactory()
        response = client.post(article.get_absolute_url(), comment_form_data(article))
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert response.url.startswith(f"{article.get_absolute_url()}?komentar=")
        assert response.url.endswith(f"#komentar-{comment.pk}")
        assert comment.status == Comment.Status.PENDING
        assert "Komentar baru menunggu moderasi" in caplog.text
        assert "giving up" in caplog.text

    def test_send_back_keeps_the_editors_edits(self, client, unreachable_smtp, caplog):
        """With SMTP down, sending an article back still saves the editor's changes."""
        client.force_login(UserFactory(username="redaktur", is_staff=True, is_superuser=True))
        reporter = UserFactory(username="wartawan", is_staff=True)
        article = ArticleFactory(status=Article.Status.REVIEW, created_by=reporter)
        data = admin_form_data(
            article, title="Judul Diperbaiki", review_note="Tambah sumber.", _send_back="1"
        )
        response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        assert (article.title, article.review_note) == ("Judul Diperbaiki", "Tambah sumber.")
        assert "Dikembalikan untuk diperbaiki: Judul Diperbaiki" in caplog.text
        assert "giving up" in caplog.text

    def test_submission_is_kept_without_the_editors_mail(self, client, unreachable_smtp, caplog):
        """With SMTP down, a reporter's submission still hands the article to the editors."""
        UserFactory(username="redaktur", is_staff=True, is_superuser=True)
        reporter = UserFactory(username="wartawan", is_staff=True)
        reporter.user_permissions.add(*Permission.objects.filter(codename="change_article"))
        client.force_login(reporter)
        article = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
        data = admin_form_data(article, title="Laporan Siap", _submit_for_review="1")
        response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.status, article.submitted_by) == (Article.Status.REVIEW, reporter)
        assert "Menunggu tinjauan: Laporan Siap" in caplog.text
        assert "giving up" in caplog.text


@pytest.mark.django_db
class TestMailRetries:
    def test_failed_mail_is_queued_again_for_later(self, settings, unreachable_smtp, staff_user):
        """On a queue that can wait, a failed mail is enqueued again after the first delay."""
        settings.TASKS = DATABASE_QUEUE
        staff_user("Moderator")
        comment = CommentFactory(status=Comment.Status.PENDING)
        send_moderation_notice.call(comment.pk, "http://testserver/")
        retry = DBTaskResult.objects.get()
        assert retry.task_path == "comments.notifications.send_moderation_notice"
        assert retry.args_kwargs == {
            "args": [comment.pk, "http://testserver/"],
            "kwargs": {"attempt": 2},
        }
        first_delay = timedelta(seconds=settings.MAIL_RETRY_DELAYS[0])
        assert retry.run_after > timezone.now() + first_delay - timedelta(seconds=5)

    def test_last_attempt_gives_up(self, settings, unreachable_smtp, staff_user, caplog):
        """After the last delay the mail is dropped with an error in the log."""
        settings.TASKS = DATABASE_QUEUE
        staff_user("Moderator")
        comment = CommentFactory(status=Comment.Status.PENDING)
        last = len(settings.MAIL_RETRY_DELAYS) + 1
        send_moderation_notice.call(comment.pk, "http://testserver/", attempt=last)
        assert not DBTaskResult.objects.exists()
        assert "giving up after 4 attempt(s)" in caplog.text

    def test_comment_decided_meanwhile_sends_nothing(self, staff_user, mailoutbox):
        """A retry for a comment a moderator already decided on mails nobody."""
        staff_user("Moderator")
        comment = CommentFactory(status=Comment.Status.APPROVED)
        send_moderation_notice.call(comment.pk, "http://testserver/")
        assert mailoutbox == []


@pytest.mark.django_db
def test_renditions_wait_for_the_worker_in_production(
    settings,
    editor_client,
    media,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    """With the database queue the admin save only enqueues; `db_worker` makes the renditions."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        response = post_article(editor_client, image=upload(image_bytes()), image_alt="Foto")
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.image_renditions == {}
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "news.tasks.make_renditions",
        [article.pk],
    )
    assert article.card_picture is None  # pages show the original meanwhile

    # The worker's connection housekeeping would end the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    article.refresh_from_db()
    assert set(article.image_renditions["sizes"]) == {"thumb", "medium", "large", "social"}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
