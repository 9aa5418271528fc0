"""Posting and moderating comments: the write paths, each in one place."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Comment
from .moderation import Moderator, Submission
from .notifications import notify_moderators

OWN_COMMENTS_SESSION_KEY = "own_comment_ids"
OWN_COMMENTS_REMEMBERED = 20
# Long enough to outlast simultaneous requests; later duplicates are found in the database.
DUPLICATE_CLAIM_SECONDS = 60


class CommentRefused(Exception):
    """A comment that is not stored; the reader sees `message` and keeps their text."""

    def __init__(self, message, status_code):
        super().__init__(message)
        self.message = message
        self.status_code = status_code


def post_comment(*, article, form, ip_address, user_agent, base_url, moderator=None):
    """Store a valid comment with the status the moderation policy gives it; return it.

    Sending the same form twice (a double click, a retry) returns the first comment instead of
    storing a second one. Raises CommentRefused for flooding and duplicates.
    """
    if existing := Comment.objects.filter(form_token=form.nonce).first():
        return existing
    comment = form.save(commit=False)
    comment.article = article
    comment.parent = form.cleaned_data["parent"]
    comment.ip_address = ip_address or None
    comment.user_agent = user_agent[:500]
    comment.form_token = form.nonce
    refuse_flood(comment)
    refuse_duplicate(comment)
    submission = Submission(comment, form.honeypot_filled, form.seconds_to_submit)
    verdict = (moderator or Moderator()).judge(submission)
    comment.status = verdict.status
    comment.moderation_reason = verdict.reason
    comment.moderation_detail = verdict.detail[:200]
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        return Comment.objects.get(form_token=form.nonce)
    if comment.is_pending:
        transaction.on_commit(lambda: notify_moderators(comment, base_url=base_url))
    return comment


def refuse_flood(comment):
    """Refuse a second comment from one address within COMMENTS_FLOOD_SECONDS.

    The cache claim comes first because it is atomic: of simultaneous posts only one gets it,
    where all of them would pass the database check before any is saved.
    """
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if not seconds or not comment.ip_address:
        return
    recent = Comment.objects.filter(
        ip_address=comment.ip_address,
        created_at__gte=timezone.now() - timedelta(seconds=seconds),
    ).exclude(form_token=comment.form_token)
    if not claim(f"comments:flood:{comment.ip_address}", comment, seconds) or recent.exists():
        raise CommentRefused(
            _("You are posting comments too quickly. Please wait a moment and send it again."),
            status_code=429,
        )


def refuse_duplicate(comment):
    if not settings.COMMENTS_REFUSE_DUPLICATES:
        return
    same = Comment.objects.filter(
        Q(name__iexact=comment.name) | Q(email=comment.email),
        article=comment.article,
        body=comment.body,
    ).exclude(form_token=comment.form_token)
    claims = [
        claim(f"comments:duplicate:{digest(comment.article_id, author, comment.body)}", comment)
        for author in (comment.name.lower(), comment.email)
    ]
    if not all(claims) or same.exists():
        raise CommentRefused(_("You have already sent the same comment."), status_code=409)


def claim(key, comment, seconds=DUPLICATE_CLAIM_SECONDS):
    """Whether `comment` holds `key` in the cache: it took it now or its form took it before.

    `cache.add` is atomic (in memory and in Redis), so two simultaneous requests cannot both
    take a key. A resent form keeps its claim; storing it twice is prevented by its token.
    """
    return cache.add(key, comment.form_token, seconds) or cache.get(key) == comment.form_token


def digest(*parts):
    return hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()


def moderate(comments, status, moderator):
    """Give `comments` (a queryset) `status`, recording who decided and when."""
    return comments.update(status=status, moderated_by=moderator, moderated_at=timezone.now())


def remember_own_comment(session, comment):
    """Let this browser see its own comment while it awaits moderation."""
    ids = [*own_comment_ids(session), comment.pk]
    session[OWN_COMMENTS_SESSION_KEY] = ids[-OWN_COMMENTS_REMEMBERED:]


def own_comment_ids(session):
    return session.get(OWN_COMMENTS_SESSION_KEY, [])
