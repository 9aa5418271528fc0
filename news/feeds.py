"""RSS 2.0 feeds: the whole site, each archive, and each article's comments."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Category, Tag, with_published_articles


class FullTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each article's whole body in `<content:encoded>`, as WordPress sent it."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
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
        return self.articles(obj)[: settings.FEED_ITEMS]

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
        return item.updated_at

    def item_author_name(self, item):
        return item.author.name

    def item_categories(self, item):
        return [item.category.name, *(tag.name for tag in item.tags.all())]

    def item_extra_kwargs(self, item):
        # The body was sanitised when it was saved.
        return {"content_encoded": item.body}


class ArchiveFeed(LatestArticlesFeed):
    """The newest published articles of one category, tag or author."""

    archive_model = None
    article_filter = None
    archive_url_name = None
    description_format = None

    def get_object(self, request, slug):
        return get_object_or_404(
            with_published_articles(self.archive_model, self.article_filter), slug=slug
        )

    def articles(self, obj):
        return super().articles(obj).filter(**{self.article_filter: obj})

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def description(self, obj):
        return self.description_format % {"name": obj.name}

    def link(self, obj):
        return reverse(self.archive_url_name, kwargs={"slug": obj.slug})


class CategoryFeed(ArchiveFeed):
    archive_model = Category
    article_filter = "category"
    archive_url_name = "news:category"
    description_format = _("The newest articles in the category %(name)s.")


class TagFeed(ArchiveFeed):
    archive_model = Tag
    article_filter = "tags"
    archive_url_name = "news:tag"
    description_format = _("The newest articles tagged %(name)s.")


class AuthorFeed(ArchiveFeed):
    archive_model = Author
    article_filter = "author"
    archive_url_name = "news:author"
    description_format = _("The newest articles by %(name)s.")


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
