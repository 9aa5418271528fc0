"""The moderation policy: which status a new comment gets, and why.

Checks run in a fixed order and the first one that has an opinion decides. Each check is a
small method returning a `Verdict` or None, so a policy can be adjusted by overriding one.
Every verdict carries its reason, which the moderation queue shows.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from .models import Comment, KeywordRule, normalize_keyword

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
Status = Comment.Status
Reason = Comment.Reason


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Submission:
    """A new comment, not yet saved, and what is known about how it was sent."""

    comment: Comment
    honeypot_filled: bool
    seconds_to_submit: float


class Moderator:
    def judge(self, submission):
        checks = [
            self.honeypot,
            self.too_fast,
            self.blocked_keyword,
            self.moderation_keyword,
            self.too_many_links,
            self.known_author,
        ]
        for check in checks:
            if verdict := check(submission):
                return verdict
        return Verdict(Status.PENDING, Reason.EVERYTHING_MODERATED)

    def honeypot(self, submission):
        if settings.COMMENTS_HONEYPOT and submission.honeypot_filled:
            return Verdict(Status.SPAM, Reason.HONEYPOT)
        return None

    def too_fast(self, submission):
        if submission.seconds_to_submit < settings.COMMENTS_MIN_SECONDS:
            seconds = f"{submission.seconds_to_submit:.1f} s"
            return Verdict(Status.SPAM, Reason.TOO_FAST, seconds)
        return None

    def blocked_keyword(self, submission):
        return self.keyword_verdict(
            submission, KeywordRule.Action.SPAM, Status.SPAM, Reason.BLOCKED_KEYWORD
        )

    def moderation_keyword(self, submission):
        return self.keyword_verdict(
            submission, KeywordRule.Action.HOLD, Status.PENDING, Reason.MODERATION_KEYWORD
        )

    def too_many_links(self, submission):
        limit = settings.COMMENTS_MAX_LINKS
        links = len(LINK.findall(submission.comment.body))
        if limit is not None and links > limit:
            return Verdict(Status.PENDING, Reason.TOO_MANY_LINKS, str(links))
        return None

    def known_author(self, submission):
        comment = submission.comment
        if settings.COMMENTS_AUTO_APPROVE_KNOWN_AUTHORS and (
            Comment.objects.approved()
            .filter(email=comment.email, name__iexact=comment.name)
            .exists()
        ):
            return Verdict(Status.APPROVED, Reason.KNOWN_AUTHOR)
        return None

    def keyword_verdict(self, submission, action, status, reason):
        for keyword in self.keywords(action):
            if field := matching_field(submission.comment, keyword):
                return Verdict(status, reason, f'"{keyword}" ({field})')
        return None

    def keywords(self, action):
        from_settings = {
            KeywordRule.Action.SPAM: settings.COMMENTS_BLOCKED_KEYWORDS,
            KeywordRule.Action.HOLD: settings.COMMENTS_MODERATION_KEYWORDS,
        }[action]
        from_admin = (
            KeywordRule.objects.active().filter(action=action).values_list("keyword", flat=True)
        )
        keywords = [normalize_keyword(keyword) for keyword in [*from_settings, *from_admin]]
        return [keyword for keyword in keywords if keyword]


def matching_field(comment, keyword):
    """The name of the first field of `comment` containing `keyword`, or None.

    An IP address must match whole: blocking 1.2.3.4 must not block 11.2.3.45.
    """
    if keyword == str(comment.ip_address or ""):
        return "IP"
    fields = {
        "name": comment.name,
        "email": comment.email,
        "website": comment.website,
        "comment": comment.body,
        "user agent": comment.user_agent,
    }
    for field, value in fields.items():
        if keyword in value.lower():
            return field
    return None
