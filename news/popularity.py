"""Most read (Terpopuler): counted in the cache per view, folded into the database in batches.

Pages stay shared by the page cache, so the server never sees a reader open a cached page. A
small script (static/js/most-read-beacon.js) posts the article's id after the page loaded;
`count_view()` adds one to a counter in the cache for that article and hour (`cache.add` then
`cache.incr`: atomic, so several server processes sharing one Redis count into the same key).
The first view of an article in an hour also takes the next slot of the hour's list of counted
articles, so a fold knows which counters to read without listing the cache's keys.

`fold()` writes the counters of the last FOLD_HOURS hours into `HourlyViews` (each as its
absolute value: folding twice, or in two processes at once, gives the same rows), then works
out the lists anew; when they changed, the pages showing them are invalidated. The beacon
enqueues the fold task at most once every FOLD_SECONDS (a lock taken with `cache.add`);
`manage.py fold_views` runs it too. No cookie, address or other personal data is kept: only
article ids and counts.
"""

import re
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone

from .cache import CacheTag, content_changed
from .models import Article, HourlyViews

FOLD_SECONDS = 5 * 60  # the most often the beacon enqueues a fold
FOLD_HOURS = 3  # the hours whose counters a fold reads: the current one and those before
COUNTER_SECONDS = (FOLD_HOURS + 1) * 3600  # a counter outlives the hours a fold reads it in
LIST_LENGTH = 5
WINDOWS = {"day": timedelta(hours=24), "week": timedelta(days=7)}
KEPT = timedelta(days=8)  # older hourly counts are deleted by the fold
MOST_READ = CacheTag("most-read")  # the Cache-Tag of pages showing the lists
FOLD_LOCK_KEY = "views:fold-lock"
LISTS_KEY = "views:lists"  # the lists' article ids as the last fold found them

# Crawlers, link previewers, monitors and command-line clients name themselves in User-Agent.
BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|scan|curl|wget|python|java/|http|headless",
    re.IGNORECASE,
)


def is_bot(user_agent):
    return not user_agent or bool(BOT_AGENT.search(user_agent))


def hour_of(moment):
    """The number of the hour `moment` is in (hours since the epoch)."""
    return int(moment.timestamp() // 3600)


def counter_key(hour, article_id):
    return f"views:{hour}:{article_id}"


def count_view(article_id, now=None):
    """One more view of the article in this hour, in the (shared) cache; no database write."""
    hour = hour_of(now or timezone.now())
    key = counter_key(hour, article_id)
    if cache.add(key, 0, timeout=COUNTER_SECONDS):  # the article's first view this hour
        cache.add(f"views:{hour}:slots", 0, timeout=COUNTER_SECONDS)
        slot = cache.incr(f"views:{hour}:slots")
        cache.set(f"views:{hour}:slot:{slot}", article_id, timeout=COUNTER_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr: start again
        cache.add(key, 1, timeout=COUNTER_SECONDS)


def fold_is_due():
    """True once every FOLD_SECONDS, whichever process asks first."""
    return cache.add(FOLD_LOCK_KEY, 1, timeout=FOLD_SECONDS)


def counted(hour):
    """{article id: views} counted in the cache for `hour`."""
    slots = cache.get(f"views:{hour}:slots") or 0
    ids = cache.get_many([f"views:{hour}:slot:{n}" for n in range(1, slots + 1)]).values()
    counts = cache.get_many([counter_key(hour, pk) for pk in ids])
    return {int(key.rsplit(":", 1)[1]): value for key, value in counts.items() if value}


def fold(now=None):
    """Write the cache's counters into HourlyViews; invalidate the lists if they changed."""
    current = hour_of(now or timezone.now())
    rows = [
        HourlyViews(article_id=pk, hour=datetime.fromtimestamp(hour * 3600, UTC), count=count)
        for hour in range(current - FOLD_HOURS + 1, current + 1)
        for pk, count in counted(hour).items()
    ]
    # An article deleted since it was counted is left out.
    ids = {row.article_id for row in rows}
    existing = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
    HourlyViews.objects.bulk_create(
        [row for row in rows if row.article_id in existing],
        update_conflicts=True,
        unique_fields=["article", "hour"],
        update_fields=["count"],
    )
    HourlyViews.objects.filter(hour__lt=(now or timezone.now()) - KEPT).delete()
    found = {name: [article.pk for article in articles] for name, articles in lists(now).items()}
    if found != cache.get(LISTS_KEY):
        cache.set(LISTS_KEY, found, timeout=None)
        content_changed(MOST_READ)
    return len(rows)


def lists(now=None):
    """The published articles most viewed in the last 24 hours and 7 days, most first:
    {"day": [...], "week": [...]}, each article with its `day` and `week` views. One query:
    each list's ids are ranked in a subquery, then their articles are read with both sums."""
    now = now or timezone.now()
    # An hour's count is kept at the hour's start: the hour `since` falls in counts too.
    since = {name: now - window - timedelta(hours=1) for name, window in WINDOWS.items()}
    published = Article.objects.published()
    tops = [
        Article.objects.filter(
            pk__in=published.filter(hourly_views__hour__gt=since[name])
            .annotate(views=Sum("hourly_views__count"))
            .order_by("-views", "-published_at", "-pk")
            .values("pk")[:LIST_LENGTH]
        )
        .order_by()
        .values("pk")
        for name in WINDOWS
    ]
    views = {
        name: Sum("hourly_views__count", filter=Q(hourly_views__hour__gt=since[name]), default=0)
        for name in WINDOWS
    }
    articles = list(
        published.filter(pk__in=tops[0].union(*tops[1:], all=True))
        .annotate(**views)
        .only("title", "slug", "published_at")
    )
    return {
        name: sorted(
            (article for article in articles if getattr(article, name)),
            key=lambda article, name=name: (
                -getattr(article, name),
                -article.published_at.timestamp(),
                -article.pk,
            ),
        )[:LIST_LENGTH]
        for name in WINDOWS
    }
