"""Sitemaps for search engines: every published article and archive, and Google News."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from . import archives
from .models import Article


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of the framework's walk through every article.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ArchiveSitemap(Sitemap):
    """The categories, tags or authors that have at least one published article."""

    kind = None  # an archives.ArchiveKind

    def items(self):
        return self.kind.with_published_articles().order_by("name")

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
        )


SECTIONS = {
    "berita": ArticleSitemap,
    "kategori": CategorySitemap,
    "tag": TagSitemap,
    "penulis": AuthorSitemap,
}
