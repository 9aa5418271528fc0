import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comments.models import Comment, normalize_email

register = template.Library()

AVATAR_COLOURS = 12
TOKEN_PLACEHOLDER = "comment-form-token-placeholder"


@register.simple_tag
def comment_form(form):
    """The comment form. A blank form's HTML is the same for every reader of an article but for
    its token, and costs more to render than the rest of the page: it is rendered once per
    article address and language, kept in the cache for PAGE_CACHE_SECONDS (like the pages it
    is part of), and each rendering gets its own fresh token. A form with input, errors or a
    reply to answer is rendered as it is."""

    def html_of():
        return render_to_string("comments/form.html", {"form": form, "article": form.article})

    if form.is_bound or form.initial:
        return html_of()
    token = form.fields["token"].initial
    article = form.article
    key = f"comment-form:{article.pk}:{article.get_absolute_url()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        form.fields["token"].initial = TOKEN_PLACEHOLDER
        html = html_of()
        form.fields["token"].initial = token
        cache.set(key, html, timeout=settings.PAGE_CACHE_SECONDS)
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, token))


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
