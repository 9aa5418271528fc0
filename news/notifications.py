"""E-mail about the review of articles, sent by a task after commit: to a reporter whose article
an editor sent back, and to the editors when an article is submitted for review."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from beritapolisi.tasks import enqueue_on_commit, send_or_retry

from . import roles
from .models import Article


def notify_sent_back(article, *, base_url):
    """Once committed, tell the article's reporter why it came back, with a link to edit it."""
    enqueue_on_commit(send_sent_back_notice, article.pk, base_url)


@task()
def send_sent_back_notice(article_id, base_url, attempt=1):
    """The reporter's message about their article sent back (see beritapolisi.tasks)."""
    article = Article.objects.select_related("created_by").filter(pk=article_id).first()
    reporter = article and article.created_by
    if reporter is None or not reporter.email:
        return
    context = {
        "article": article,
        "edit_url": base_url.rstrip("/") + reverse("admin:news_article_change", args=[article.pk]),
    }
    subject = _("Sent back for changes: %(title)s") % {"title": article.title}
    body = render_to_string("news/email/sent_back.txt", context)
    message = EmailMessage(subject, body, to=[reporter.email])
    send_or_retry(message, send_sent_back_notice, article_id, base_url, attempt=attempt)


def notify_submitted(article, *, base_url):
    """Once committed, tell the editors an article waits for their review, with a link."""
    enqueue_on_commit(send_submitted_notice, article.pk, base_url)


@task()
def send_submitted_notice(article_id, base_url, attempt=1):
    """The editors' message about an article submitted for review (see beritapolisi.tasks);
    nothing once it is no longer in review."""
    article = (
        Article.objects.select_related("submitted_by")
        .filter(pk=article_id, status=Article.Status.REVIEW)
        .first()
    )
    if article is None:
        return
    submitter = article.submitted_by
    recipients = [
        email for email in roles.editor_emails() if not submitter or email != submitter.email
    ]
    if not recipients:
        return
    context = {
        "article": article,
        "submitter": submitter and (submitter.get_full_name() or submitter.get_username()),
        "submitted_at": article.submitted_at
        and date_format(timezone.localtime(article.submitted_at), "j M Y H.i T"),
        "review_url": base_url.rstrip("/")
        + reverse("admin:news_article_change", args=[article.pk]),
    }
    subject = _("Submitted for review: %(title)s") % {"title": article.title}
    body = render_to_string("news/email/submitted.txt", context)
    message = EmailMessage(subject, body, bcc=recipients)
    send_or_retry(message, send_submitted_notice, article_id, base_url, attempt=attempt)
