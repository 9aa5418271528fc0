"""E-mail to the moderators when a comment waits for them."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from news.roles import MODERATOR as MODERATOR_GROUP


def moderator_emails():
    users = get_user_model().objects.filter(groups__name=MODERATOR_GROUP, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def notify_moderators(comment, *, base_url):
    """Send one message to every moderator, with links to approve, mark as spam or edit."""
    recipients = moderator_emails()
    if not recipients:
        return

    def admin_link(name, *args):
        return base_url.rstrip("/") + reverse(name, args=[comment.pk, *args])

    context = {
        "comment": comment,
        "article": comment.article,
        "approve_url": admin_link("admin:comments_comment_moderate", "approve"),
        "spam_url": admin_link("admin:comments_comment_moderate", "spam"),
        "edit_url": admin_link("admin:comments_comment_change"),
    }
    subject = _("New comment awaiting moderation: %(title)s") % {"title": comment.article.title}
    body = render_to_string("comments/email/moderation_notice.txt", context)
    send_mail(subject, body, None, recipients)
