"""Posting and moderating comments: the write paths, each in one place."""

import hashlib
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Comment
from .moderation import Moderator, Submission
from .notifications import notify_moderators
from .signals import comments_moderated

OWN_COMMENT_PARAMETER = "komentar"
OWN_COMMENT_SALT = "comments.own-comment"
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
        notify_moderators(comment, base_url=base_url)  # mailed by a task once committed
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
    take a key. A resent form keeps its claim; storing it twice is prevented by its token. A
    key gone when it is read (expired meanwhile, or a cache that cannot be reached) is no claim
    against it: the database checks still apply.
    """
    taken = cache.add(key, comment.form_token, seconds)
    return taken or cache.get(key) in (None, comment.form_token)


def digest(*parts):
    return hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()


def moderate(comments, status, moderator):
    """Give `comments` (a queryset) `status`, recording who decided and when."""
    article_ids = set(comments.values_list("article_id", flat=True))
    updated = comments.update(status=status, moderated_by=moderator, moderated_at=timezone.now())
    comments_moderated.send(sender=Comment, article_ids=article_ids)
    return updated


def reply_as_newsroom(*, parent, body, user):
    """Publish `body` at once under `parent`, signed by the newsroom; return the reply.

    Answering a comment still pending approves it first, so the reply is not shown without
    the comment it answers. Saving an approved comment empties the article's cached pages.
    """
    with transaction.atomic():
        if parent.is_pending:
            moderate(Comment.objects.filter(pk=parent.pk), Comment.Status.APPROVED, user)
        return Comment.objects.create(
            article=parent.article,
            parent=parent,
            name=settings.COMMENTS_NEWSROOM_NAME,
            email="",
            body=body,
            status=Comment.Status.APPROVED,
            is_newsroom_reply=True,
            moderation_reason=Comment.Reason.NEWSROOM,
            moderated_by=user,
            moderated_at=timezone.now(),
        )


def own_comment_url(comment):
    """The article's address that shows `comment` to its author while it awaits moderation.

    A signed `?komentar=` parameter instead of a session: no cookie, and the article's address
    without it stays the same page for every reader. The page with it is never cached.
    """
    signed = signing.dumps(comment.pk, salt=OWN_COMMENT_SALT)
    query = urlencode({OWN_COMMENT_PARAMETER: signed})
    return f"{comment.article.get_absolute_url()}?{query}#komentar-{comment.pk}"


def erase_commenter(email):
    """Anonymise every comment written with `email` (any capitalisation); return how many.

    Name, email address, website, IP address and user agent go, also from the admin's history
    titles; the text and its place in the discussion stay, so the replies still make sense.
    """
    comments = Comment.objects.filter(email__iexact=email.strip())
    pks = [str(pk) for pk in comments.values_list("pk", flat=True)]
    anonymous = str(_("Anonymous"))
    with transaction.atomic():
        count = comments.update(
            name=anonymous, email="", website="", ip_address=None, user_agent=""
        )
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Comment), object_id__in=pks
        ).update(object_repr=anonymous)
    return count


def own_comment_ids(request):
    """The comment the address names as the reader's own (`own_comment_url`), as a list."""
    try:
        pk = signing.loads(
            request.GET.get(OWN_COMMENT_PARAMETER, ""),
            salt=OWN_COMMENT_SALT,
            max_age=settings.COMMENTS_OWN_COMMENT_LINK_MAX_AGE,
        )
    except signing.BadSignature:
        return []
    return [pk] if isinstance(pk, int) else []
