"""E-mail to a reporter whose article an editor sent back, sent by a task after commit."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from beritapolisi.tasks import enqueue_on_commit, send_or_retry

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
