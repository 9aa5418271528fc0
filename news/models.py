import re
from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import ItemBase, NaturalKeyManager, TagBase

from . import images
from .fields import StoredSizeImageField
from .sanitize import EDITOR_EXTENSIONS, clean_html
from .search import backend_for, search_terms

# Line breaks, tabs and other control characters, with the spaces around them.
LINE_BREAKS = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def single_line(text):
    """`text` on one line: each run of line breaks, tabs and other control characters becomes
    one space. Everything else is kept exactly, zero-width and direction marks included."""
    return LINE_BREAKS.sub(" ", text).strip()


def WordPressIdField():  # noqa: N802 (a field factory, used like a field class)
    """The id the row had on the WordPress site it was imported from (manage.py
    import_wordpress), so a second import updates it instead of adding a copy."""
    return models.PositiveBigIntegerField(
        _("WordPress id"), null=True, blank=True, unique=True, editable=False
    )


class Author(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("The staff account this author signs in with, if any."),
    )
    email = models.EmailField(_("email"), blank=True)
    wp_id = WordPressIdField()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:author", kwargs={"slug": self.slug})


class CategoryQuerySet(models.QuerySet):
    def tree(self):
        """All these categories, loaded once, with their hierarchy (see CategoryTree), each
        knowing whether it has a published article of its own."""
        published = Article.objects.published().filter(category=OuterRef("pk"))
        return CategoryTree(self.annotate(has_published=Exists(published)).order_by("name"))


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Its archive also lists the articles of this category."),
    )
    wp_id = WordPressIdField()

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.slug})

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A category cannot be inside itself.")}, code="cycle"
                )
            ancestor = ancestor.parent


class CategoryTree:
    """Every category, from one query: the navigation, breadcrumbs and archives read it.

    Walks stop at a category already seen, so a cycle someone made in the database cannot
    loop forever.
    """

    def __init__(self, categories):
        self.categories = list(categories)
        self.by_id = {category.pk: category for category in self.categories}

    def top_level(self):
        return [category for category in self.categories if category.parent_id is None]

    def get(self, slug):
        return next((category for category in self.categories if category.slug == slug), None)

    def ancestors(self, category):
        """The categories above `category`, outermost first."""
        found, parent = [], self.by_id.get(category.parent_id)
        while parent is not None and parent not in found and parent.pk != category.pk:
            found.insert(0, parent)
            parent = self.by_id.get(parent.parent_id)
        return found

    def has_published_articles(self, category):
        """Whether readers find an article in `category` or in a category below it."""
        return any(self.by_id[pk].has_published for pk in self.with_descendants(category))

    def with_descendants(self, category):
        """The primary keys of `category` and of every category below it."""
        found, todo = {category.pk}, [category.pk]
        while todo:
            parent = todo.pop()
            for child in self.categories:
                if child.parent_id == parent and child.pk not in found:
                    found.add(child.pk)
                    todo.append(child.pk)
        return found


class TagQuerySet(models.QuerySet):
    def for_name(self, name):
        """The tag called `name`, whatever its capitalisation, created if there is none."""
        return self.filter(name__iexact=name).first() or self.create(name=name)

    def merge_into(self, target):
        """Move every article of these tags to `target`, then delete them.

        An article carrying several of the tags ends up with `target` once. Returns the number
        of tags merged away.
        """
        sources = self.exclude(pk=target.pk)
        already_tagged = TaggedArticle.objects.filter(tag=target).values("content_object")
        with transaction.atomic():
            moving = (
                TaggedArticle.objects.filter(tag__in=sources)
                .exclude(content_object__in=already_tagged)
                .values_list("content_object", "listed_at")
                .distinct()
            )
            TaggedArticle.objects.bulk_create(
                TaggedArticle(tag=target, content_object_id=pk, listed_at=listed_at)
                for pk, listed_at in moving
            )
            merged = sources.count()
            sources.delete()
        return merged


class Tag(TagBase):
    """A tag whose slug is its hashtag: "Polda Metro Jaya" is #poldametrojaya.

    Names are unique whatever their capitalisation (TAGGIT_CASE_INSENSITIVE makes taggit
    reuse "Polri" when an editor types "polri").
    """

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Letters and digits only, filled in from the name: e.g. poldametrojaya."),
    )
    wp_id = WordPressIdField()

    objects = NaturalKeyManager.from_queryset(TagQuerySet)()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="unique_tag_name_any_case",
                violation_error_message=_("A tag with this name already exists."),
            )
        ]

    def get_absolute_url(self):
        return reverse("news:tag", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        """ASCII letters and digits only, so the slug reads as a hashtag."""
        slug = slugify(tag).replace("-", "").replace("_", "") or "tag"
        return slug if i is None else f"{slug}{i}"


class TaggedArticleQuerySet(models.QuerySet):
    def listed(self, tag):
        """The links of `tag` whose article readers see, newest first: the tag archive's order.

        One range of `tagged_listed_idx`, however many articles carry the tag; a scheduled
        article joins when its time comes, as `listed_at` is its publication time.
        """
        return self.filter(tag=tag, listed_at__lte=timezone.now()).order_by(
            "-listed_at", "-content_object"
        )

    def relist(self):
        """Copy each link's `listed_at` from its article as stored, in one UPDATE: for writes
        that bypass `Article.save()` and `TaggedArticle.save()` (a revision restored)."""
        article = Article.objects.filter(
            pk=OuterRef("content_object"), status=Article.Status.PUBLISHED
        )
        return self.update(listed_at=Subquery(article.values("published_at")[:1]))


# listed_at follows the article (see Article.save()): a restored revision must not bring back
# an old one.
@reversion.register(exclude=["listed_at"])
class TaggedArticle(ItemBase):
    """Explicit through model, so tag queries join a real, indexed foreign key.

    `listed_at` copies the article's `Article.listed_at`, so a tag's archive reads its keys
    from the links alone (`TaggedArticleQuerySet.listed()`) instead of joining every article
    of the tag and sorting them. Article.save() keeps it; a new link takes it from its article.
    """

    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.CASCADE, related_name="tagged_articles"
    )
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    listed_at = models.DateTimeField(_("listed at"), null=True, editable=False)

    objects = TaggedArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [
            models.Index(fields=["tag", "content_object"]),
            models.Index(fields=["tag", "-listed_at", "-content_object"], name="tagged_listed_idx"),
        ]

    def save(self, *args, **kwargs):
        if self._state.adding:  # taggit's add() passes the article itself: no query
            self.listed_at = self.content_object.listed_at
        super().save(*args, **kwargs)


# An article whose stored listing time was not read (see Article.listing_changed()).
UNKNOWN = object()

# Related posts' candidates: see ArticleQuerySet.related_to().
RELATED_TAGS_COMPARED = 6
RELATED_CANDIDATES_PER_TAG = 50


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Also the tag links' `listed_at` when the status or publication time changes."""
        if not {"status", "published_at"} & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            keys = list(self.values_list("pk", flat=True))  # the filter may not match after
            updated = super().update(**kwargs)
            TaggedArticle.objects.filter(content_object__in=keys).relist()
        return updated

    def published(self):
        """Articles readers may see: published, with a publication time that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published articles whose publication time is still to come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def in_state(self, state):
        """Articles in one of the states the newsroom sees (`Article.State`)."""
        if state == Article.State.SCHEDULED:
            return self.scheduled()
        if state == Article.State.PUBLISHED:
            return self.published()
        return self.filter(status=state)

    def headlines_first(self):
        """Headlines (`is_sticky`) on top, then the newest: the front page's order."""
        return self.order_by("-is_sticky", "-published_at", "-pk")

    def for_listing(self):
        """What a list of article cards needs, in one query."""
        return (
            self.select_related("category", "author")
            .defer("body", "search_vector")
            .with_comment_count()
        )

    def for_feed(self):
        """What a feed item needs: the article with its category and author, then its tags;
        whether it has co-writers and when its newest note was added (see with_byline())."""
        return self.select_related("category", "author").prefetch_related("tags").with_byline()

    def with_byline(self):
        """Annotated with what the byline and the notes need, so an article without co-writers,
        notes or replies costs no query for them (see Article.writers, Article.shown_notes and
        Article.reply_links): `has_co_writers`, `last_note_at`, `has_reply_links`."""
        newest_note = ArticleNote.objects.filter(article=OuterRef("pk")).order_by("-published_at")
        reply_links = RightOfReply.objects.filter(
            Q(article=OuterRef("pk")) | Q(reply_article=OuterRef("pk"))
        )
        return self.select_related("editor").annotate(
            has_co_writers=Exists(ArticleWriter.objects.filter(article=OuterRef("pk"))),
            last_note_at=Subquery(newest_note.values("published_at")[:1]),
            has_reply_links=Exists(reply_links),
        )

    def by_writer(self, author):
        """The articles `author` wrote, as lead writer or as a co-writer."""
        return self.filter(writer_filter(author))

    def with_comment_count(self):
        from comments.models import Comment

        return self.annotate(comment_count=Comment.objects.approved().count_per_article())

    def months_with_articles(self, year):
        """The first moment of each month of `year` (local time) that has one of these articles.

        One query of twelve index lookups, where dates() would read every article of the year:
        for each month, the first article from its start on, which is in that month or not.
        Each lookup has one lower bound only; given two on one column, SQLite may seek with the
        other and read every article up to the month.
        """
        zone = timezone.get_current_timezone()
        starts = [
            datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone) for month in range(13)
        ]
        firsts = {
            f"m{n}": Subquery(
                self.filter(published_at__gte=start)
                .order_by("published_at")
                .values("published_at")[:1]
            )
            for n, start in enumerate(starts[:12])
        }
        found = self.order_by().annotate(**firsts).values(*firsts)[:1]
        first = found[0] if found else {}
        return [
            start
            for n, start in enumerate(starts[:12])
            if first.get(f"m{n}") and first[f"m{n}"] < starts[n + 1]
        ]

    def search(self, query):
        """These articles matching `query`, best match first, each with a `snippet` of its body.

        The snippet is plain text with markers around the hits, for news.search.highlight().
        How each database searches: see news.search.
        """
        if not search_terms(query).phrases:
            return self.none()
        found = backend_for(self.db).search(self, query)
        return found.order_by("-relevance", "-published_at", "-pk")

    def related_to(self, article, limit=3):
        """The published articles most related to `article`, in one query.

        Articles an editor pinned come first, in their pinned order; articles an editor
        excluded never appear. The other places are ranked by the number of tags shared with
        `article`, then same category first, then newest. Only pinned articles, the newest
        `RELATED_CANDIDATES_PER_TAG` articles of each of its first `RELATED_TAGS_COMPARED`
        tags, and the newest of its category or of the site are candidates: each is an index
        range, so the ranking costs the same whether a tag is on ten articles or on a third of
        the site. "Newest" goes by primary key here, the order articles were added in.
        """
        pins = RelatedPin.objects.filter(article_id=article.pk)
        excluded = Article.related_excluded.through.objects.filter(
            from_article_id=article.pk
        ).values("to_article_id")
        article_tags = TaggedArticle.objects.filter(content_object_id=article.pk).values("tag_id")
        published = (
            Article.objects.published()
            .exclude(pk=article.pk)
            .exclude(pk__in=excluded)
            .order_by("-published_at")
        )
        # One list of candidate ids (a UNION ALL), so the database looks them up by key
        # instead of testing every article against several lists. Each bounded part is wrapped
        # in an unbounded one: SQLite allows no LIMIT inside a compound statement.
        parts = [
            pins.order_by().values("pinned_id"),
            Article.objects.filter(
                pk__in=published.filter(category_id=article.category_id).values("pk")[:limit]
            )
            .order_by()
            .values("pk"),
            Article.objects.filter(pk__in=published.values("pk")[:limit]).order_by().values("pk"),
        ]
        for position in range(RELATED_TAGS_COMPARED):
            # An uncorrelated subquery: the database reads it once, then ranges over the index.
            tag = article_tags.order_by("tag_id")[position : position + 1]
            newest = (
                TaggedArticle.objects.filter(tag_id=tag)
                .order_by("-content_object_id")
                .values("pk")[:RELATED_CANDIDATES_PER_TAG]
            )
            parts.append(TaggedArticle.objects.filter(pk__in=newest).values("content_object_id"))
        candidates = parts[0].union(*parts[1:], all=True)
        shared_tags = (
            TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=article_tags)
            .order_by()
            .values("content_object")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return (
            self.published()
            .exclude(pk=article.pk)
            .exclude(pk__in=excluded)
            .filter(pk__in=candidates)
            .annotate(
                pin_position=Subquery(pins.filter(pinned_id=OuterRef("pk")).values("position")[:1]),
                shared_tags=Coalesce(Subquery(shared_tags), Value(0)),
                same_category=models.Case(
                    models.When(category_id=article.category_id, then=Value(1)),
                    default=Value(0),
                ),
            )
            .select_related("author")
            .defer("body", "search_vector")
            .order_by(
                F("pin_position").asc(nulls_last=True),
                "-shared_tags",
                "-same_category",
                "-published_at",
                "-pk",
            )[:limit]
        )


# The review hand-over fields record the workflow, not the text: restoring a revision keeps them.
@reversion.register(
    follow=["tagged_items", "writer_links"],
    exclude=["search_vector", "submitted_at", "submitted_by", "sent_back_at", "sent_back_by"],
)
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    class State(models.TextChoices):
        """What the newsroom sees: the status, with published split by publication time."""

        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    class LiveStatus(models.TextChoices):
        NONE = "none", _("No live coverage")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the article's address. Filled in from the title."),
    )
    excerpt = models.TextField(
        _("excerpt"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown in article lists and search engines."),
    )
    body = ProseEditorField(
        _("body"),
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=clean_html,
        help_text=_(
            "Headings, bold, italic, links, lists, quotes and images. Anything else, such as "
            "scripts or embedded frames, is removed on save."
        ),
    )
    featured_image = StoredSizeImageField(
        _("featured image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="featured_image_width",
        height_field="featured_image_height",
        help_text=_("JPEG, PNG, WebP or GIF, at most 10 MB and 40 megapixels."),
    )
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image alt text"),
        max_length=250,
        blank=True,
        help_text=_("Describes the image for readers who cannot see it."),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(
        _("image credit"),
        max_length=200,
        blank=True,
        help_text=_("Who made the image, e.g. “Foto: Humas Polda Metro Jaya”."),
    )
    # Written by news.images when the image changes; see news.signals.
    image_renditions = models.JSONField(
        _("image renditions"), default=dict, blank=True, editable=False
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("The lead writer, named first in the byline; add co-writers below."),
    )
    editor = models.ForeignKey(
        Author,
        verbose_name=_("editor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edited_articles",
        help_text=_(
            "Named in the byline. Filled in with the author profile of the editor who "
            "publishes the article, if it is empty."
        ),
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        through=TaggedArticle,
        blank=True,
        help_text=_("Type to find a tag; Enter or a comma adds a new one."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A published article with a time in the future appears at that time."),
    )
    review_note = models.TextField(
        _("note to the reporter"),
        blank=True,
        help_text=_("Why the article was sent back and what to change. The reporter sees it."),
    )
    # Who handed the article to the editors and when, and who sent it back and when: shown on
    # the dashboard and with the note (news.dashboard). Set by the workflow methods below.
    submitted_at = models.DateTimeField(
        _("submitted for review"), null=True, blank=True, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    sent_back_at = models.DateTimeField(_("sent back"), null=True, blank=True, editable=False)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    # Part of every shared preview link; raising it kills the links made before (news.preview).
    preview_version = models.PositiveIntegerField(
        _("preview link version"), default=0, editable=False
    )
    is_sticky = models.BooleanField(
        _("headline"),
        default=False,
        help_text=_("Pinned to the top of the front page while it is published."),
    )
    live_status = models.CharField(
        _("live coverage"),
        max_length=5,
        choices=LiveStatus.choices,
        default=LiveStatus.NONE,
        help_text=_(
            "Live: editors add short timestamped entries and readers' pages fetch new ones. "
            "Ended: the page is frozen and takes no new entries."
        ),
    )
    coverage_started_at = models.DateTimeField(
        _("live coverage started"), null=True, blank=True, editable=False
    )
    coverage_ended_at = models.DateTimeField(
        _("live coverage ended"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    related_pinned = models.ManyToManyField(
        "self",
        verbose_name=_("pinned related posts"),
        through="RelatedPin",
        through_fields=("article", "pinned"),
        symmetrical=False,
        blank=True,
        related_name="pinned_in",
    )
    related_excluded = models.ManyToManyField(
        "self",
        verbose_name=_("excluded from related posts"),
        symmetrical=False,
        blank=True,
        related_name="excluded_in",
        help_text=_("These articles never appear in this article's related posts."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Filled on every save (news.search.update_index). Used on PostgreSQL only; on SQLite the
    # column exists but stays empty, the FTS5 table news_article_fts takes its place.
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    wp_id = WordPressIdField()

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", _("Can publish articles"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            models.Index(
                fields=["category", "status", "-published_at"], name="article_category_idx"
            ),
            models.Index(fields=["author", "status", "-published_at"], name="article_author_idx"),
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # The sitemaps' latest change: published articles, newest change first, with the
            # publication time at hand to skip scheduled ones.
            models.Index(
                fields=["status", "-updated_at", "published_at"],
                name="article_published_updated_idx",
            ),
            models.Index(
                fields=["status", "-is_sticky", "-published_at"], name="article_front_page_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The body field sanitises in forms (full_clean); this covers every other write (the
        # demo loader, the shell, imports). nh3 is idempotent, so the admin's second pass is
        # harmless.
        self.body = clean_html(self.body)
        # A line break in a title would break every e-mail whose subject names the article.
        self.title = single_line(self.title)
        self.date_live_coverage()
        relisted = self.listing_changed(kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        if relisted:
            self.tagged_items.update(listed_at=self.listed_at)
        self._stored_listed_at = self.listed_at

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        if "status" in field_names and "published_at" in field_names:
            article._stored_listed_at = article.listed_at  # see listing_changed()
        return article

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("_stored_listed_at", None)  # unknown again: the next save writes it

    @property
    def listed_at(self):
        """When readers' lists show the article: its publication time once published (a time
        to come schedules it), None otherwise. Each tag link keeps a copy (TaggedArticle)."""
        return self.published_at if self.status == self.Status.PUBLISHED else None

    def listing_changed(self, update_fields=None):
        """Whether saving changes `listed_at` in the database, so the tag links need it too.

        Known without a query for an article read in full (from_db() notes the stored value);
        a new article has no links yet.
        """
        if self._state.adding:
            return False
        if update_fields is not None and not {"status", "published_at"} & set(update_fields):
            return False
        return getattr(self, "_stored_listed_at", UNKNOWN) != self.listed_at

    def date_live_coverage(self):
        """Note when live coverage started and ended, from its status."""
        if self.live_status == self.LiveStatus.NONE:
            self.coverage_started_at = self.coverage_ended_at = None
            return
        self.coverage_started_at = self.coverage_started_at or timezone.now()
        if self.live_status == self.LiveStatus.ENDED:
            self.coverage_ended_at = self.coverage_ended_at or timezone.now()
        else:
            self.coverage_ended_at = None

    @property
    def is_live(self):
        """Live coverage is running: entries are taken and readers' pages fetch new ones."""
        return self.live_status == self.LiveStatus.LIVE

    @property
    def has_live_coverage(self):
        """Live now or ended: the page shows the entries (frozen once ended)."""
        return self.live_status != self.LiveStatus.NONE

    def clean(self):
        if self.featured_image and not self.image_alt.strip():
            raise ValidationError(
                {
                    "image_alt": _(
                        "Alt text is required when the article has an image: describe the "
                        "image for readers who cannot see it."
                    )
                },
                code="required",
            )

    @property
    def comments_are_open(self):
        """Open unless switched off, or older than COMMENTS_CLOSE_AFTER_DAYS (when set)."""
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        too_old = days is not None and self.published_at < timezone.now() - timedelta(days=days)
        return self.comments_open and not too_old

    @property
    def card_picture(self):
        """The list thumbnail's sources (480 and 960 wide), or None without renditions."""
        return images.picture_sources(self, ["thumb", "medium"])

    @property
    def page_picture(self):
        """The article page's image sources (960 and 1440 wide), or None without renditions."""
        return images.picture_sources(self, ["medium", "large"])

    @property
    def social_image_url(self):
        """The link-preview image's URL (see social_image), or "" without an image."""
        return self.social_image["url"] if self.social_image else ""

    @cached_property
    def social_image(self):
        """URL, width and height of the link-preview image: the 1200×630 rendition, or the
        original image when it has no renditions yet; None without an image."""
        if picture := images.picture_sources(self, ["social"]):
            return {"url": picture["src"], "width": picture["width"], "height": picture["height"]}
        if self.featured_image:
            return {
                "url": self.featured_image.url,
                "width": self.featured_image_width,
                "height": self.featured_image_height,
            }
        return None

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def state(self):
        if self.status == self.Status.PUBLISHED and not self.is_published:
            return self.State.SCHEDULED
        return self.State(self.status)

    # The editorial workflow: the one way every entry point (the admin's form and bulk actions,
    # imports) moves an article. Each method changes the article; the caller saves it.

    def submit_for_review(self, by=None):
        """Hand the draft to the editors; `by`, the user handing it, is shown to them."""
        self.status = self.Status.REVIEW
        self.submitted_at, self.submitted_by = timezone.now(), by

    def publish(self, at=None, by=None):
        """Publish at `at` (a past time back-dates, a future one schedules), or else now.

        Without `at`, a publication time still to come was chosen by an editor and is kept;
        a past one is only when the draft was begun, so readers see the article dated now.
        The user `by` who publishes becomes the byline's editor through their author profile,
        unless an editor is named already.
        """
        self.status = self.Status.PUBLISHED
        self.published_at = at if at is not None else max(self.published_at, timezone.now())
        if self.editor_id is None and by is not None:
            self.editor = Author.objects.filter(user=by).first()

    def schedule(self, at, by=None):
        """Publish at `at`, a time still to come; until then readers do not see the article."""
        if at <= timezone.now():
            raise ValueError("A schedule needs a time still to come; use publish(at=…).")
        self.publish(at=at, by=by)

    def unpublish(self):
        """Back to a draft: off the site, or out of the review queue."""
        self.status = self.Status.DRAFT
        self.revoke_preview_links()

    def send_back(self, note, by=None):
        """Return the article to its reporter as a draft, with `note` saying what to change;
        `by`, the editor sending it back, is shown with the note."""
        if not note.strip():
            raise ValueError("Sending back needs a note for the reporter.")
        self.review_note = note
        self.sent_back_at, self.sent_back_by = timezone.now(), by
        self.unpublish()

    def revoke_preview_links(self):
        """Kill every shared preview link made so far (saved with the article)."""
        self.preview_version += 1

    # The byline, the notes and the replies. Each reads the database only when the article
    # has some, if its query was annotated by ArticleQuerySet.with_byline(); otherwise always.

    @cached_property
    def writers(self):
        """The authors in the byline: the lead writer (`author`), then the co-writers."""
        if getattr(self, "has_co_writers", True):
            if "writer_links" not in getattr(self, "_prefetched_objects_cache", {}):
                models.prefetch_related_objects([self], WRITER_LINKS)
            return [self.author, *(link.author for link in self.writer_links.all())]
        return [self.author]

    @cached_property
    def shown_notes(self):
        """The corrections, clarifications and updates, newest first."""
        if getattr(self, "last_note_at", True) is None:
            return []
        return list(self.notes.all())

    @property
    def notes_above(self):
        return [note for note in self.shown_notes if note.priority == ArticleNote.Priority.HIGH]

    @property
    def notes_below(self):
        return [note for note in self.shown_notes if note.priority != ArticleNote.Priority.HIGH]

    @property
    def corrections(self):
        return [note for note in self.shown_notes if note.kind == ArticleNote.Kind.CORRECTION]

    @cached_property
    def updated_on_page(self):
        """The time readers see as "Updated": when the newest note was added, or None."""
        if hasattr(self, "last_note_at"):
            return self.last_note_at
        return self.shown_notes[0].published_at if self.shown_notes else None

    @property
    def modified_at(self):
        """The last change readers could notice: an edit or a note."""
        return max(filter(None, [self.updated_at, self.updated_on_page]))

    @cached_property
    def reply_links(self):
        """The rights of reply given on this article, or carried by it, in one query."""
        if not getattr(self, "has_reply_links", True):
            return []
        return list(
            RightOfReply.objects.filter(Q(article=self) | Q(reply_article=self)).select_related(
                "article", "reply_article"
            )
        )

    @property
    def replies(self):
        """The rights of reply given on this article, newest first."""
        return [reply for reply in self.reply_links if reply.article_id == self.pk]

    @property
    def replied_articles(self):
        """The published articles this article is the right of reply to."""
        return [
            reply.article
            for reply in self.reply_links
            if reply.reply_article_id == self.pk and reply.article.is_published
        ]


class RelatedPin(models.Model):
    """An article an editor pinned to another article's related posts, at a position."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="related_pins"
    )
    pinned = models.ForeignKey(
        Article, verbose_name=_("pinned article"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("pinned related post")
        verbose_name_plural = _("pinned related posts")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "pinned"], name="unique_related_pin")
        ]

    def __str__(self):
        return f"{self.article} → {self.pinned}"


@reversion.register()
class ArticleWriter(models.Model):
    """A co-writer of an article, named after its lead writer (`Article.author`)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="writer_links"
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("co-writer"),
        on_delete=models.PROTECT,
        related_name="co_writer_links",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers are named first.")
    )

    class Meta:
        verbose_name = _("co-writer")
        verbose_name_plural = _("co-writers")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_writer")
        ]
        indexes = [models.Index(fields=["author", "article"])]

    def __str__(self):
        return f"{self.article} – {self.author}"


WRITER_LINKS = Prefetch("writer_links", queryset=ArticleWriter.objects.select_related("author"))


def writer_filter(author):
    """A filter of articles that `author` (an Author, a key or an OuterRef) wrote or co-wrote."""
    co_written = ArticleWriter.objects.filter(article=OuterRef("pk"), author=author)
    return Q(author=author) | Exists(co_written)


def refuse_future_date(note):
    """A note or reply is dated when it is given: readers see it at once (no schedule)."""
    if note.published_at and note.published_at > timezone.now():
        message = _("The date cannot be in the future.")
        raise ValidationError({"published_at": ValidationError(message, code="future")})


class DatedArticleNoticeQuerySet(models.QuerySet):
    def listed(self):
        """The notices of published articles: those the /ralat/ page lists."""
        return self.filter(article__in=Article.objects.published())


def dated_notice_indexes(prefix):
    """A notice model's indexes: its article's notices by date, and all of them by date."""
    return [
        models.Index(fields=["article", "-published_at"], name=f"{prefix}_article_idx"),
        models.Index(fields=["-published_at"], name=f"{prefix}_published_idx"),
    ]


class DatedArticleNotice(models.Model):
    """What a correction note and a right of reply share: a date readers see (never in the
    future), newest first, and a place on the /ralat/ page while the article is published.

    Each subclass has its `article` foreign key (their related names differ) and sets
    `indexes = dated_notice_indexes("<prefix>")` in its Meta.
    """

    published_at = models.DateTimeField(_("date"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DatedArticleNoticeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-pk"]

    def clean(self):
        refuse_future_date(self)


class ArticleNoteQuerySet(DatedArticleNoticeQuerySet):
    def listed(self):
        """Corrections and clarifications of published articles: the /ralat/ page's notes."""
        return (
            super()
            .listed()
            .filter(kind__in=[ArticleNote.Kind.CORRECTION, ArticleNote.Kind.CLARIFICATION])
        )


class ArticleNote(DatedArticleNotice):
    """A dated correction, clarification or update attached to an article."""

    class Kind(models.TextChoices):
        CORRECTION = "ralat", _("Correction")
        CLARIFICATION = "klarifikasi", _("Clarification")
        UPDATE = "pembaruan", _("Update")

    class Priority(models.TextChoices):
        HIGH = "high", _("High: shown above the article")
        NORMAL = "normal", _("Normal: shown below the article")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    priority = models.CharField(
        _("priority"), max_length=6, choices=Priority.choices, default=Priority.NORMAL
    )
    text = models.TextField(
        _("text"), help_text=_("Plain text: what was wrong and what is right, or what is new.")
    )
    published_at = models.DateTimeField(  # the shared field, with help for the editor
        _("date"),
        default=timezone.now,
        help_text=_("Shown with the note; the article shows it as updated at this time."),
    )

    objects = ArticleNoteQuerySet.as_manager()

    class Meta(DatedArticleNotice.Meta):
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = dated_notice_indexes("note")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"


class RightOfReply(DatedArticleNotice):
    """A reply (hak jawab) from a party named in an article, shown in a box on that article.

    Once readers see it, it is not changed: a change is a new, dated reply (ArticleAdmin).
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="replies_given"
    )
    party = models.CharField(
        _("party"), max_length=200, help_text=_("Who replies: a person, an office, a company.")
    )
    text = models.TextField(_("text"), help_text=_("The reply, as plain text."))
    reply_article = models.ForeignKey(
        Article,
        verbose_name=_("reply article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies_carried",
        help_text=_("A separate article carrying the reply, if there is one: linked both ways."),
    )

    class Meta(DatedArticleNotice.Meta):
        verbose_name = _("right of reply")
        verbose_name_plural = _("rights of reply")
        indexes = dated_notice_indexes("reply")

    def __str__(self):
        return f"{self.party}: {self.article}"

    def clean(self):
        super().clean()
        if self.reply_article_id is not None and self.reply_article_id == self.article_id:
            message = _("The reply article must be another article.")
            raise ValidationError({"reply_article": ValidationError(message, code="same_article")})

    @property
    def is_public(self):
        """Stored on a published article: readers see it, so it is no longer changed."""
        return self.pk is not None and self.article.is_published


class OldSlugQuerySet(models.QuerySet):
    def record(self, article, previous_slug=None):
        """Keep `previous_slug` leading to `article`; the article's current slug is live again.

        Every old slug points straight at its article, so a chain of renames (A → B → C)
        redirects in one step, and a slug taken back by any article stops redirecting.
        """
        self.filter(slug=article.slug).delete()
        if previous_slug and previous_slug != article.slug:
            self.update_or_create(slug=previous_slug, defaults={"article": article})


class OldSlug(models.Model):
    """An address a published article had before its slug changed; it redirects there."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="old_slugs"
    )
    slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    objects = OldSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.slug


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Page(models.Model):
    """A page that is not news: Tentang Kami, Redaksi, Pedoman Media Siber, Kontak…"""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The page's address is /halaman/<slug>/."),
    )
    body = ProseEditorField(
        _("body"), config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html, blank=True
    )
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Readers see the page and the footer links it.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    wp_id = WordPressIdField()

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)  # as for articles: every write path is sanitised
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:page", kwargs={"slug": self.slug})


class Redirect(models.Model):
    """An old address of the site (e.g. from WordPress) that moves permanently to a new one.

    Like django.contrib.redirects, consulted only when nothing else answers the address.
    """

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_(
            "The path, with its query string if it has one: /2013/01/11/judul/ or /?p=123."
        ),
    )
    new_path = models.CharField(
        _("new address"), max_length=500, help_text=_("A path such as /berita/judul/.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


class ArticleAutosave(models.Model):
    """What an editor last typed in an article's change form, saved every 30 seconds by the
    form's script: one per article and editor, offered for restoring when newer than the
    article, deleted when they save the article."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="autosaves"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE
    )
    data = models.JSONField(_("fields"), default=dict)
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_autosave_per_editor")
        ]

    def __str__(self):
        return f"{self.article} ({self.user})"


class LiveEntry(models.Model):
    """A short, timestamped entry of an article's live coverage (Laporan langsung)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="live_entries"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    text = models.TextField(_("text"), max_length=1000)
    # Checked and stripped of its metadata like an article's image (news.forms.LiveEntryForm);
    # served only once readers may see the article (news.views.media).
    image = models.ImageField(
        _("image"),
        upload_to="live/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("image alt text"), max_length=200, blank=True)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned entries stay on top of the others.")
    )

    class Meta:
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        ordering = ["-pinned", "-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        # Plain text only: any markup pasted in is dropped, and pages escape the rest.
        self.text = strip_tags(self.text).strip()
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"entri-{self.pk}"


class BreakingNewsQuerySet(models.QuerySet):
    def current(self):
        """The bar readers see now: the newest one whose end time is still to come."""
        return self.filter(ends_at__gt=timezone.now()).order_by("-created_at", "-pk").first()

    def next_end(self):
        """When the next bar shown now ends, or None."""
        return self.filter(ends_at__gt=timezone.now()).aggregate(first=Min("ends_at"))["first"]


class BreakingNews(models.Model):
    """A short line at the top of every public page until its end time, linking to a story."""

    text = models.CharField(_("text"), max_length=160)
    url = models.CharField(
        _("link"),
        max_length=500,
        validators=[
            RegexValidator(
                r"^(https?://\S+|/\S*)$",
                _("Enter an address starting with https:// or a path starting with /."),
            )
        ],
        help_text=_("Where the bar leads: a path on this site (/berita/…) or https://…"),
    )
    ends_at = models.DateTimeField(
        _("end time"), help_text=_("Pages stop showing the bar at this time.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("breaking news bar")
        verbose_name_plural = _("breaking news bars")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text


class HourlyViews(models.Model):
    """How many readers' browsers reported viewing an article in one hour (news.popularity)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="hourly_views"
    )
    hour = models.DateTimeField(_("hour"))
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("hourly views")
        verbose_name_plural = _("hourly views")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_count_per_article_hour")
        ]
        indexes = [models.Index(fields=["hour", "article"], name="views_hour_idx")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour}: {self.count}"
