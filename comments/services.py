"""Posting a comment: the one write path for readers' comments."""

from .models import Comment


def post_comment(*, article, form, ip_address, user_agent):
    """Store a valid comment for moderation and return it.

    A comment from a bot (the honeypot was filled in) is kept as spam, so it never reaches the
    page, while the bot is told nothing different.
    """
    comment = form.save(commit=False)
    comment.article = article
    comment.ip_address = ip_address or None
    comment.user_agent = user_agent[:500]
    comment.status = Comment.Status.SPAM if form.is_from_bot else Comment.Status.PENDING
    comment.save()
    return comment


OWN_COMMENTS_SESSION_KEY = "own_comment_ids"
OWN_COMMENTS_REMEMBERED = 20


def remember_own_comment(session, comment):
    """Let this browser see its own comment while it awaits moderation."""
    ids = [*own_comment_ids(session), comment.pk]
    session[OWN_COMMENTS_SESSION_KEY] = ids[-OWN_COMMENTS_REMEMBERED:]


def own_comment_ids(session):
    return session.get(OWN_COMMENTS_SESSION_KEY, [])
