"""Sitemaps for search engines: every published article and archive, and Google News."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from . import archives
from .models import Article
from .pagination import KeyRangePaginator


class KeyRangeSitemap(Sitemap):
    """A section paged by primary-key ranges of `limit` keys, so no page costs more than the
    first and the index needs no count (news.pagination.KeyRangePaginator)."""

    limit = 1000

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)


class ArticleSitemap(KeyRangeSitemap):
    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One walk down the updated_at index instead of the framework's walk through every page.
        newest = Article.objects.published().order_by("-updated_at")
        return newest.values_list("updated_at", flat=True).first()


class ArchiveSitemap(KeyRangeSitemap):
    """The categories, tags or authors that have at least one published article."""

    kind = None  # an archives.ArchiveKind

    def items(self):
        return self.kind.with_published_articles().order_by("pk")

    def location(self, item):
        return self.kind.url(item)


class CategorySitemap(ArchiveSitemap):
    kind = archives.CATEGORY


class TagSitemap(ArchiveSitemap):
    kind = archives.TAG


class AuthorSitemap(ArchiveSitemap):
    kind = archives.AUTHOR


class NewsSitemap(Sitemap):
    """Articles published in the last two days, the window Google News reads."""

    limit = 1000  # Google News reads at most a thousand addresses per sitemap.

    def items(self):
        since = timezone.now() - timedelta(hours=settings.NEWS_SITEMAP_HOURS)
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("title", "slug", "published_at")
            .order_by("-published_at", "-pk")[: self.limit]
        )


SECTIONS = {
    "berita": ArticleSitemap,
    "kategori": CategorySitemap,
    "tag": TagSitemap,
    "penulis": AuthorSitemap,
}
