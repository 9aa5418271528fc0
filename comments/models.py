from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


def normalize_email(email):
    """A commenter's e-mail address as it is stored and compared: stripped, lower-case."""
    return email.strip().lower()


def normalize_keyword(keyword):
    """A moderation keyword as it is stored and matched: stripped, lower-case."""
    return keyword.strip().lower()


class CommentQuerySet(models.QuerySet):
    def count_per_article(self):
        """A subquery expression: how many of these comments the outer article has."""
        counts = (
            self.filter(article=models.OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(total=models.Count("pk"))
            .values("total")
        )
        return Coalesce(models.Subquery(counts), models.Value(0))

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def by_same_commenter(self):
        """Other comments written with the outer comment's email address (stored lower-case)."""
        return self.filter(email=models.OuterRef("email")).exclude(pk=models.OuterRef("pk"))

    def count_per_commenter(self):
        """A subquery expression: how many of these the outer comment's author wrote before."""
        counts = (
            self.by_same_commenter()
            .filter(created_at__lt=models.OuterRef("created_at"))
            .order_by()
            .annotate(total=models.Func(models.F("pk"), function="COUNT"))
            .values("total")
        )
        return Coalesce(models.Subquery(counts), models.Value(0))

    def visible_to(self, own_comment_ids=()):
        """Approved comments, plus the reader's own comments still awaiting moderation."""
        return self.filter(
            Q(status=Comment.Status.APPROVED)
            | Q(status=Comment.Status.PENDING, pk__in=list(own_comment_ids))
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    class Reason(models.TextChoices):
        """Why a new comment got its status, recorded when it arrives."""

        EVERYTHING_MODERATED = "moderated", _("every comment is moderated")
        KNOWN_AUTHOR = "known_author", _("author has an approved comment")
        TOO_MANY_LINKS = "links", _("too many links")
        MODERATION_KEYWORD = "moderation_keyword", _("moderation keyword")
        BLOCKED_KEYWORD = "blocked_keyword", _("block list")
        HONEYPOT = "honeypot", _("hidden field filled in (bot)")
        TOO_FAST = "too_fast", _("sent too fast after the form was shown (bot)")
        IMPORTED = "imported", _("imported")
        NEWSROOM = "newsroom", _("reply from the newsroom")

    # The app asks no more of an article than `get_absolute_url()`, `comments_are_open` and
    # `title`, and names its model only here, so comments never imports the news app.
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    name = models.CharField(_("name"), max_length=245)
    email = models.EmailField(_("email"), max_length=100)
    website = models.URLField(_("website"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=65525)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    # A default rather than auto_now_add, so imported comments keep their original date.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    form_token = models.CharField(
        _("form token"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Identifies the form it was sent from, so a double submission counts once."),
    )
    moderation_reason = models.CharField(
        _("reason"), max_length=20, choices=Reason.choices, blank=True, editable=False
    )
    moderation_detail = models.CharField(
        _("reason detail"), max_length=200, blank=True, editable=False
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    is_newsroom_reply = models.BooleanField(
        _("newsroom reply"),
        default=False,
        editable=False,
        help_text=_("Written in the admin by the newsroom; shown with a Newsroom badge."),
    )
    # The comment's id on the WordPress site it was imported from (news' import_wordpress).
    wp_id = models.PositiveBigIntegerField(
        _("WordPress id"), null=True, blank=True, unique=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_idx"),
            models.Index(fields=["email"], name="comment_email_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).words(8)}"

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#komentar-{self.pk}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def accepts_replies(self):
        return (
            self.status == self.Status.APPROVED
            and self.depth + 1 < settings.COMMENTS_MAX_DEPTH
            and self.article.comments_are_open
        )

    @property
    def accepts_newsroom_reply(self):
        """Whether the newsroom may answer it from the admin: not spam, not removed."""
        return self.status in (self.Status.PENDING, self.Status.APPROVED)

    @property
    def reason_text(self):
        """The recorded reason, with its detail: `moderation keyword: "judi" (comment)`."""
        if not self.moderation_reason:
            return ""
        label = self.get_moderation_reason_display()
        return f"{label}: {self.moderation_detail}" if self.moderation_detail else label


class KeywordRuleQuerySet(models.QuerySet):
    def active(self):
        """Rules moderation applies: those without an expiry date, or not yet expired."""
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def renew(self):
        """Keep these rules for another COMMENTS_BLOCK_DAYS; return how many."""
        return self.filter(expires_at__isnull=False).update(expires_at=block_expiry())


def block_expiry():
    return timezone.now() + timedelta(days=settings.COMMENTS_BLOCK_DAYS)


def is_personal_data(keyword):
    """Whether a keyword names a person: an email or IP address (a word or URL does not)."""
    try:
        validate_ipv46_address(keyword)
    except ValidationError:
        return "@" in keyword
    return True


class KeywordRule(models.Model):
    """A word, email, IP address or URL that holds or blocks new comments.

    Like WordPress's discussion lists, a keyword matches anywhere in the name, email, website,
    comment, IP address or user agent, ignoring case. A rule for an email or IP address is
    personal data: it expires after COMMENTS_BLOCK_DAYS unless a moderator renews it.
    """

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for moderation")
        SPAM = "spam", _("Mark as spam (block list)")

    keyword = models.CharField(
        _("keyword"),
        max_length=200,
        help_text=_("A word, email address, IP address or URL (part of one is enough)."),
    )
    action = models.CharField(_("action"), max_length=4, choices=Action.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Rules for an email or IP address stop applying then and are deleted, unless "
            "renewed. Rules for words and URLs never expire."
        ),
    )

    objects = KeywordRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("keyword rule")
        verbose_name_plural = _("keyword rules")
        ordering = ["action", "keyword"]
        constraints = [
            models.UniqueConstraint(
                fields=["keyword", "action"],
                name="unique_keyword_rule",
                violation_error_message=_("This keyword already has a rule with this action."),
            )
        ]

    def __str__(self):
        return f"{self.keyword} ({self.get_action_display()})"

    def save(self, *args, **kwargs):
        self.keyword = normalize_keyword(self.keyword)
        if self.expires_at is None and is_personal_data(self.keyword):
            self.expires_at = block_expiry()
        super().save(*args, **kwargs)

    def clean(self):
        # Normalise before validation, so the unique check sees the keyword save() stores.
        self.keyword = normalize_keyword(self.keyword)
