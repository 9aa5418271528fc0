"""The archive kinds (category, tag, author), each described once.

An archive page (`views.ArchiveView`), its feed (`feeds.ArchiveFeed`) and its sitemap section
(`sitemaps.ArchiveSitemap`) take the same description as their `kind`: which model the slug
names, how published articles are filtered by it, where its page is, and how its feed
describes it.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleWriter, Author, Category, Tag, TaggedArticle


@dataclass(frozen=True)
class ArchiveKind:
    model: type[models.Model]
    article_filter: str  # the Article field (or lookup) that names the archive
    url_name: str  # the archive's page, reversed with its slug
    template_name: str
    feed_description: str  # with %(name)s

    def get(self, slug):
        """The archive with this slug, or 404 unless it has a published article."""
        return get_object_or_404(self.with_published_articles(), slug=slug)

    def with_published_articles(self):
        """The categories, tags or authors with at least one published article.

        An archive of only drafts or scheduled articles does not exist for readers: its address
        would reveal the tag, category or author before publication.
        """
        published = Article.objects.published().filter(**{self.article_filter: OuterRef("pk")})
        return self.model.objects.filter(Exists(published))

    def articles(self, queryset, archive):
        """The articles of `queryset` that belong to `archive`."""
        return queryset.filter(**{self.article_filter: archive})

    def keys(self, archive):
        """The archive's article keys in the list's order, when read apart from the articles
        (see TagArchiveKind); None: the list's own."""
        return None

    def url(self, archive):
        return reverse(self.url_name, kwargs={"slug": archive.slug})


class WriterArchiveKind(ArchiveKind):
    """An author's archive: the articles they wrote, as lead writer or as a co-writer."""

    def with_published_articles(self):
        published = Article.objects.published()
        lead = published.filter(author=OuterRef("pk"))
        co_written = ArticleWriter.objects.filter(author=OuterRef("pk"), article__in=published)
        return self.model.objects.filter(Exists(lead) | Exists(co_written))

    def articles(self, queryset, archive):
        return queryset.by_writer(archive)


class TagArchiveKind(ArchiveKind):
    """A tag's archive, read from the tag's links: its page's keys are one index range of
    `news_taggedarticle` (TaggedArticleQuerySet.listed()), whatever the tag's size, where a
    join would read every article of a common tag and sort them."""

    def keys(self, archive):
        return TaggedArticle.objects.listed(archive).values_list("content_object", flat=True)

    def articles(self, queryset, archive):
        return queryset.filter(pk__in=self.keys(archive))


CATEGORY = ArchiveKind(
    model=Category,
    article_filter="category",
    url_name="news:category",
    template_name="news/category_archive.html",
    feed_description=_("The newest articles in the category %(name)s."),
)
TAG = TagArchiveKind(
    model=Tag,
    article_filter="tags",
    url_name="news:tag",
    template_name="news/tag_archive.html",
    feed_description=_("The newest articles tagged %(name)s."),
)
AUTHOR = WriterArchiveKind(
    model=Author,
    article_filter="author",
    url_name="news:author",
    template_name="news/author_archive.html",
    feed_description=_("The newest articles by %(name)s."),
)
