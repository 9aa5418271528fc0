from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


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

    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(_("name"), max_length=245)
    email = models.EmailField(_("email"), max_length=100)
    website = models.URLField(_("website"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=65525)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).words(8)}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#komentar-{self.pk}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
