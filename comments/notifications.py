"""E-mail to the moderators when a comment waits for them, sent by a task after commit."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from beritapolisi.tasks import enqueue_on_commit, send_or_retry

from .models import Comment


def moderator_emails():
    """Whoever was given the right to moderate comments, through a group or directly."""
    moderate = Permission.objects.filter(
        content_type__app_label="comments", codename="change_comment"
    )
    users = get_user_model().objects.filter(
        Q(groups__permissions__in=moderate) | Q(user_permissions__in=moderate), is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def notify_moderators(comment, *, base_url):
    """Once committed, mail every moderator with links to approve, mark as spam or edit."""
    enqueue_on_commit(send_moderation_notice, comment.pk, base_url)


@task()
def send_moderation_notice(comment_id, base_url, attempt=1):
    """The moderators' message about a comment still pending (see beritapolisi.tasks)."""
    comment = Comment.objects.pending().select_related("article").filter(pk=comment_id).first()
    recipients = moderator_emails()
    if comment is None or not recipients:
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
    message = EmailMessage(subject, body, to=recipients)
    send_or_retry(message, send_moderation_notice, comment_id, base_url, attempt=attempt)
