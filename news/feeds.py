"""RSS 2.0 feeds: the whole site, each archive, and each article's comments."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed, rfc3339_date
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from . import archives
from .models import WRITER_LINKS, Article


class FullTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each article's whole body in `<content:encoded>`, as WordPress sent it,
    one `<dc:creator>` per writer, and `<atom:updated>` when a correction or an edit changed
    the article (RSS itself has no such element)."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for writer in item["writers"]:
            handler.addQuickElement("dc:creator", writer)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content_encoded"])


class LatestArticlesFeed(Feed):
    """The newest published articles of the whole site."""

    feed_type = FullTextRssFeed
    description = _("Police news from Jakarta and across Indonesia.")

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("news:home")

    def items(self, obj):
        articles = list(self.articles(obj)[: settings.FEED_ITEMS])
        # The co-writers of the articles that have some, in one query.
        prefetch_related_objects([item for item in articles if item.has_co_writers], WRITER_LINKS)
        return articles

    def articles(self, obj):
        return Article.objects.published().for_feed()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers take a description as HTML; the excerpt is plain text.
        return escape(item.excerpt)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_categories(self, item):
        return [item.category.name, *(tag.name for tag in item.tags.all())]

    def item_extra_kwargs(self, item):
        # The body was sanitised when it was saved.
        return {
            "content_encoded": item.body,
            "writers": [writer.name for writer in item.writers],
        }


class ArchiveFeed(LatestArticlesFeed):
    """The newest published articles of one category, tag or author: `kind` says which."""

    kind = None  # an archives.ArchiveKind

    def get_object(self, request, slug):
        return self.kind.get(slug)

    def articles(self, obj):
        articles = super().articles(obj)
        if (keys := self.kind.keys(obj)) is not None:  # the newest keys, read apart (a tag's)
            return articles.filter(pk__in=keys[: settings.FEED_ITEMS])
        return self.kind.articles(articles, obj)

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def description(self, obj):
        return self.kind.feed_description % {"name": obj.name}

    def link(self, obj):
        return self.kind.url(obj)


class CategoryFeed(ArchiveFeed):
    kind = archives.CATEGORY


class TagFeed(ArchiveFeed):
    kind = archives.TAG


class AuthorFeed(ArchiveFeed):
    kind = archives.AUTHOR


class ArticleCommentsFeed(Feed):
    """The newest approved comments on one published article; never an email or IP address."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, obj):
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def description(self, obj):
        return _("The newest comments on “%(title)s” – %(site)s.") % {
            "title": obj.title,
            "site": settings.SITE_NAME,
        }

    def link(self, obj):
        return obj.get_absolute_url() + "#komentar"

    def items(self, obj):
        # Through the article's related manager each comment knows its article without a query.
        return obj.comments.approved().order_by("-created_at", "-pk")[: settings.FEED_ITEMS]

    def item_title(self, item):
        return _("Comment by %(name)s") % {"name": item.name}

    def item_description(self, item):
        return linebreaks(item.body, autoescape=True)

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.name
