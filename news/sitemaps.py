"""Sitemaps for search engines: every published article and archive, and Google News."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse
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


@x_robots_tag
def index(request):
    """/sitemap.xml: every page of every section, as `django.contrib.sitemaps.views.index`
    lists them, with each section's latest change formatted once instead of once per page.

    A section has one page per `limit` addresses: at 100,000 articles the index has a hundred
    entries, and formatting a date in the template for each was most of its time.
    """
    entries = []
    for section, sitemap_class in SECTIONS.items():
        sitemap = sitemap_class()
        location = request.build_absolute_uri(reverse("news:sitemap_section", args=[section]))
        lastmod = sitemap.get_latest_lastmod()
        lastmod = lastmod and timezone.localtime(lastmod).isoformat()
        entries.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "news/sitemap_index.xml", {"entries": entries}, content_type="application/xml"
    )
