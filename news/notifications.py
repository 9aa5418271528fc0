"""E-mail to a reporter whose article an editor sent back."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _


def notify_sent_back(article, *, base_url):
    """Tell the article's reporter why it came back, with a link to edit it."""
    reporter = article.created_by
    if reporter is None or not reporter.email:
        return
    context = {
        "article": article,
        "edit_url": base_url.rstrip("/") + reverse("admin:news_article_change", args=[article.pk]),
    }
    subject = _("Sent back for changes: %(title)s") % {"title": article.title}
    body = render_to_string("news/email/sent_back.txt", context)
    send_mail(subject, body, None, [reporter.email])
