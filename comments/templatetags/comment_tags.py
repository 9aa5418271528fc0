import hashlib

from django import template
from django.utils.html import format_html

from comments.models import Comment, normalize_email

register = template.Library()

AVATAR_COLOURS = 12


@register.simple_tag
def avatar(comment):
    """Initials on a colour derived from the email: no request to an avatar service.

    Only a colour number (one of twelve) depends on the email, so nothing of it leaks.
    """
    words = comment.name.split()
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    digest = hashlib.sha256(normalize_email(comment.email).encode()).digest()
    return format_html(
        '<span class="avatar avatar--{}" aria-hidden="true">{}</span>',
        digest[0] % AVATAR_COLOURS,
        initials,
    )


@register.simple_tag
def pending_comment_count():
    """The size of the moderation queue, for the admin index."""
    return Comment.objects.pending().count()
