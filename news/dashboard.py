"""The newsroom dashboard on the admin index: work waiting for the signed-in user (counts, the
articles waiting for an editor's review, a reporter's articles sent back), and a chart of the
last days' activity drawn as inline SVG (no JavaScript, nothing downloaded)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from comments.models import Comment

from . import roles
from .models import Article

CHART_DAYS = 30
CHART_WIDTH, CHART_HEIGHT = 620, 180
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT = 12, 150, 32, 600  # room for scale and dates
REVIEW_LIST_LENGTH = 10


def article_counts(user):
    """{state: count} of the articles `user` works on: own drafts, in review, scheduled."""
    articles = roles.visible_articles(user)
    return {
        "my_drafts": articles.filter(created_by=user, status=Article.Status.DRAFT).count(),
        "review": articles.in_state(Article.State.REVIEW).count(),
        "scheduled": articles.in_state(Article.State.SCHEDULED).count(),
    }


def awaiting_review(user):
    """For editors: the articles in review, longest waiting first, with who submitted them."""
    if not roles.can_publish(user):
        return []
    articles = Article.objects.in_state(Article.State.REVIEW).select_related("submitted_by")
    articles = articles.defer("body", "search_vector")
    return list(
        articles.order_by(F("submitted_at").asc(nulls_first=True), "pk")[:REVIEW_LIST_LENGTH]
    )


def sent_back_to(user):
    """For reporters (editors never submit): their drafts an editor sent back with a note,
    newest first, with who sent each back."""
    if roles.can_publish(user):
        return []
    drafts = roles.visible_articles(user).filter(created_by=user, status=Article.Status.DRAFT)
    drafts = drafts.exclude(review_note="").select_related("sent_back_by")
    drafts = drafts.defer("body", "search_vector")
    return list(
        drafts.order_by(F("sent_back_at").desc(nulls_last=True), "-pk")[:REVIEW_LIST_LENGTH]
    )


def per_day(queryset, field):
    """{date: count} of `queryset`, by the local date of `field`."""
    days = queryset.annotate(day=TruncDate(field)).order_by().values("day")
    return dict(days.annotate(total=Count("pk")).values_list("day", "total"))


@dataclass
class Day:
    date: object
    articles: int
    comments: int
    x: float = 0
    comment_x: float = 0  # also the middle of the day's pair of bars
    article_height: float = 0
    comment_height: float = 0

    @property
    def article_y(self):
        return PLOT_BOTTOM - self.article_height

    @property
    def comment_y(self):
        return PLOT_BOTTOM - self.comment_height


@dataclass
class Chart:
    days: list
    maximum: int
    bar_width: float
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT

    @property
    def labelled_days(self):
        """The first, middle and last day carry a date under the axis."""
        return [self.days[0], self.days[len(self.days) // 2], self.days[-1]]

    @property
    def totals(self):
        return sum(d.articles for d in self.days), sum(d.comments for d in self.days)


def activity_chart(days=CHART_DAYS):
    """Articles published and comments approved per day, the last `days` days up to today.

    A comment counts on the day a moderator approved it, or the day it arrived when it was
    approved on arrival. Two queries whatever the amount of data.
    """
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    published = per_day(Article.objects.published().filter(published_at__gte=since), "published_at")
    approved = (
        Comment.objects.approved()
        .annotate(approved_at=Coalesce("moderated_at", "created_at"))
        .filter(approved_at__gte=since)
    )
    approved = per_day(approved, "approved_at")
    dates = [first + timedelta(days=n) for n in range(days)]
    series = [Day(date, published.get(date, 0), approved.get(date, 0)) for date in dates]
    maximum = max([1, *(max(d.articles, d.comments) for d in series)])
    slot = (PLOT_RIGHT - PLOT_LEFT) / days
    scale = (PLOT_BOTTOM - PLOT_TOP) / maximum
    for number, day in enumerate(series):
        day.x = round(PLOT_LEFT + number * slot + slot * 0.1, 1)
        day.comment_x = round(day.x + slot * 0.4, 1)
        day.article_height = round(day.articles * scale, 1)
        day.comment_height = round(day.comments * scale, 1)
    return Chart(series, maximum, bar_width=round(slot * 0.4, 1))
