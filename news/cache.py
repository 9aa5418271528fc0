"""The full-page cache: an anonymous reader's page is rendered once and shared.

`PageCacheMiddleware` keeps the public pages (the `news` URL namespace) that an anonymous GET
rendered with status 200, no cookie and no Cache-Control of their own, in the cache named by
PAGE_CACHE_ALIAS (Redis when REDIS_URL is set, see the settings). A page is keyed by its
absolute address and language, and remembers the *content version* it was rendered under.

Invalidation is exact and immediate. `content_changed()`, called by the receivers in
`news.invalidation` on every change a reader could see, bumps the version, so no page rendered
before the change is served again. A scheduled article needs no cron: the time of the next
scheduled publication is kept beside the version, and a page rendered before that time is
stale once it has come. The breaking-news bar's end time is kept the same way.

When many readers ask for one page that is missing or stale at once, one renders it (a lock
taken with `cache.add`); the others serve the expired copy if only its time ran out
(PAGE_CACHE_STALE_SECONDS), or wait for the new one if the content changed. A page answers
conditional requests (ETag, Last-Modified) with 304, without touching the database.

Each page names what it shows in a Cache-Tag header (`site`, `article-12`, `category-3`,
`tag-5`, `author-2`, `feeds`, `corrections`); on every change, after commit, the callable named by
PAGE_CACHE_PURGE receives the names to purge from a CDN.
"""

import functools
import hashlib
import logging
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Min, QuerySet
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
NEXT_PUBLICATION_KEY = "page-cache:next-publication"
NO_PUBLICATION = 0  # stored as the next publication time when nothing is scheduled
POLL_SECONDS = 0.02
WHOLE_SITE = "site"
FEEDS = "feeds"
CORRECTIONS = "corrections"  # the /ralat/ page


class CachedPage(NamedTuple):
    version: int
    created: float  # when its rendering started
    status: int
    headers: list
    content: bytes

    def is_current(self, version, next_publication, now):
        """Rendered under this content version, and not before a publication that has come."""
        scheduled_since = NO_PUBLICATION < next_publication <= now
        return self.version == version and not (scheduled_since and self.created < next_publication)

    def is_fresh(self, now):
        return now < self.created + settings.PAGE_CACHE_SECONDS

    def response(self, request):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return get_conditional_response(
            request,
            etag=response.headers["ETag"],
            last_modified=int(self.created),
            response=response,
        )


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def content_changed(*tags, schedule_changed=False):
    """Something readers see changed: no page rendered before is served again.

    The version is bumped now, so this process's next request sees the change even inside the
    transaction (as in tests), and again after commit, so a page another reader rendered from
    the old rows in between is not kept. `schedule_changed` (an article changed) also notes
    the time of the next scheduled publication anew. After commit, a CDN is asked to purge
    `tags`.
    """
    forget_pages(schedule_changed)

    def after_commit():
        forget_pages(schedule_changed)
        purge(sorted(set(tags)))

    transaction.on_commit(after_commit)


def forget_pages(schedule_changed=False):
    cache = page_cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (yet, or evicted): any new value invalidates every page
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    if schedule_changed:
        cache.set(NEXT_PUBLICATION_KEY, next_publication_time(), timeout=None)


def fragment_key(version, next_publication, now):
    """The part of a cached template fragment's key that changes with the content.

    It changes whenever the pages' content version does, and as soon as a scheduled article's
    time has come (before any request has moved the version on), so a fragment is exactly as
    fresh as the pages it is part of.
    """
    came = NO_PUBLICATION < next_publication <= now
    return f"{version}-{next_publication if came else NO_PUBLICATION}"


def content_version(request):
    """`fragment_key()` for this request: from the page cache's lookup, or read from the cache."""
    if version := getattr(request, "content_version", None):
        return version
    cache = page_cache()
    found = cache.get_many([VERSION_KEY, NEXT_PUBLICATION_KEY])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    next_publication = found.get(NEXT_PUBLICATION_KEY)
    if next_publication is None:
        next_publication = next_publication_time()
        cache.add(NEXT_PUBLICATION_KEY, next_publication, timeout=None)
    request.content_version = fragment_key(version, next_publication, timezone.now().timestamp())
    return request.content_version


def cached_for_content(request, name, compute):
    """`compute()`, kept in the page cache until the content version changes (at the latest
    after PAGE_CACHE_SECONDS): for what a page shows that costs more than reading it back."""
    key = f"content:{name}:{content_version(request)}"
    return page_cache().get_or_set(key, compute, timeout=settings.PAGE_CACHE_SECONDS)


def purge(tags):
    """Hand the Cache-Tag names to purge to the PAGE_CACHE_PURGE callable, if there is one."""
    if not settings.PAGE_CACHE_PURGE or not tags:
        return
    try:
        import_string(settings.PAGE_CACHE_PURGE)(tags)
    except Exception:  # a CDN that is down must not break the newsroom's save
        logger.exception("Purging %s from the CDN failed", tags)


def next_publication_time():
    """When pages next change by time alone (a timestamp), or NO_PUBLICATION: the next
    scheduled article appears, or the breaking-news bar shown now ends."""
    from .models import Article, BreakingNews

    article = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    times = [when.timestamp() for when in (article, BreakingNews.objects.next_end()) if when]
    return min(times, default=NO_PUBLICATION)


class CacheTag(str):
    """A Cache-Tag name put in a page's context for a part of it no model stands for
    (e.g. the most-read list)."""


def tags_of(value):
    """The Cache-Tag names of an article, category, tag, author, note or reply, or of a list
    of them."""
    from .models import Article, ArticleNote, Author, Category, RightOfReply, Tag

    if isinstance(value, CacheTag):
        return {str(value)}
    if isinstance(value, Article):
        return {f"article-{value.pk}", f"category-{value.category_id}", f"author-{value.author_id}"}
    if isinstance(value, ArticleNote | RightOfReply):
        reply_article = getattr(value, "reply_article_id", None)
        linked = {f"article-{reply_article}"} if reply_article else set()
        return {CORRECTIONS, f"article-{value.article_id}", *linked}
    for model, prefix in ((Category, "category"), (Tag, "tag"), (Author, "author")):
        if isinstance(value, model):
            return {f"{prefix}-{value.pk}"}
    if isinstance(value, Page):
        value = value.object_list
    if isinstance(value, QuerySet):
        value = value._result_cache or []  # only what the page showed: never a new query
    if isinstance(value, list | tuple):
        return set().union(*(tags_of(item) for item in value))
    return set()


def cache_tags(response):
    """What a response shows, from its template context; a feed shows lists of many things."""
    context = getattr(response, "context_data", None)
    if context is None:
        return {WHOLE_SITE, FEEDS}
    return {WHOLE_SITE}.union(*(tags_of(value) for value in context.values()))


class PageLookup:
    """One request's view of the cache: the content version, the schedule and its page."""

    def __init__(self, request):
        self.cache = page_cache()
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        address = hashlib.sha256(address.encode()).hexdigest()
        self.key = f"page:{request.LANGUAGE_CODE}:{address}"
        self.lock_key = f"{self.key}:lock"
        self.read()

    def read(self):
        found = self.cache.get_many([VERSION_KEY, NEXT_PUBLICATION_KEY, self.key])
        self.now = timezone.now().timestamp()
        self.version = found.get(VERSION_KEY)
        if self.version is None:
            self.cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            self.version = self.cache.get(VERSION_KEY)
        self.next_publication = found.get(NEXT_PUBLICATION_KEY)
        if self.next_publication is None:
            self.next_publication = next_publication_time()
            self.cache.add(NEXT_PUBLICATION_KEY, self.next_publication, timeout=None)
        elif NO_PUBLICATION < self.next_publication <= self.now:
            self.publication_came()
        self.page = found.get(self.key)

    def publication_came(self):
        """A scheduled article appeared: one request moves the schedule on for everyone."""
        if self.cache.add(f"{NEXT_PUBLICATION_KEY}:{self.next_publication}", 1, timeout=60):
            forget_pages(schedule_changed=True)

    @cached_property
    def current(self):
        if self.page and self.page.is_current(self.version, self.next_publication, self.now):
            return self.page
        return None

    def fresh(self):
        return self.current if self.current and self.current.is_fresh(self.now) else None

    def lock(self):
        return self.cache.add(self.lock_key, 1, timeout=settings.PAGE_CACHE_LOCK_SECONDS)

    def unlock(self):
        self.cache.delete(self.lock_key)

    def store(self, response, rendering_started):
        page = CachedPage(
            version=self.version,
            created=rendering_started,
            status=response.status_code,
            headers=list(response.headers.items()),
            content=response.content,
        )
        timeout = settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_STALE_SECONDS
        self.cache.set(self.key, page, timeout=timeout)
        return page


def wait_for_page(lookup):
    """Wait while another request renders this page; return it, or None if that one gave up."""
    deadline = time.monotonic() + settings.PAGE_CACHE_LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = lookup.cache.get_many([lookup.key, lookup.lock_key])
        page = found.get(lookup.key)
        if page and page.is_current(lookup.version, lookup.next_publication, lookup.now):
            return page
        if lookup.lock_key not in found:
            return None
    return None


@functools.lru_cache(maxsize=4096)
def is_public_path(path, urlconf=None):
    """Whether the page at `path` belongs to a URL namespace whose pages may be shared."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return match.namespace in settings.PAGE_CACHE_NAMESPACES


class PageCacheMiddleware:
    """Serve anonymous readers' public pages from the page cache (see the module docstring).

    Goes after SessionMiddleware and SiteLanguageMiddleware (the page's language is part of
    its key) and before the middleware whose headers belong in the stored page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.private(self.get_response(request))
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        if request.method not in ("GET", "HEAD") or not is_public_path(request.path_info, urlconf):
            return self.get_response(request)
        lookup = PageLookup(request)
        request.content_version = fragment_key(lookup.version, lookup.next_publication, lookup.now)
        if page := lookup.fresh():
            return page.response(request)
        if request.method == "HEAD":
            return self.get_response(request)
        if lookup.version is None:  # the cache cannot be reached: nobody to wait for
            return self.render(request, lookup)
        if lookup.lock():
            try:
                return self.render(request, lookup)
            finally:
                lookup.unlock()
        if lookup.current:  # only its time ran out: serve it while another request renders
            return lookup.current.response(request)
        if page := wait_for_page(lookup):
            return page.response(request)
        return self.render(request, lookup)

    def render(self, request, lookup):
        started = timezone.now().timestamp()
        response = self.get_response(request)
        if not self.is_shareable(response):
            return response
        self.make_public(response, started)
        return lookup.store(response, started).response(request)

    @staticmethod
    def is_shareable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )

    @staticmethod
    def make_public(response, rendered_at):
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=settings.PAGE_CACHE_SECONDS,
            stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
        )
        response.headers["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
        response.headers["Last-Modified"] = http_date(rendered_at)
        response.headers[settings.PAGE_CACHE_TAG_HEADER] = " ".join(sorted(cache_tags(response)))

    @staticmethod
    def private(response):
        """A signed-in (or session-holding) reader's page: no shared cache may keep it."""
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response
