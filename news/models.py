import re
from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import ItemBase, NaturalKeyManager, TagBase

from . import images
from .fields import StoredSizeImageField
from .sanitize import EDITOR_EXTENSIONS, clean_html
from .search import backend_for, query_words

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
                .values_list("content_object", flat=True)
                .distinct()
            )
            TaggedArticle.objects.bulk_create(
                TaggedArticle(tag=target, content_object_id=pk) for pk in moving
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


@reversion.register()
class TaggedArticle(ItemBase):
    """Explicit through model, so tag queries join a real, indexed foreign key."""

    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.CASCADE, related_name="tagged_articles"
    )
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [models.Index(fields=["tag", "content_object"])]


# Related posts' candidates: see ArticleQuerySet.related_to().
RELATED_TAGS_COMPARED = 6
RELATED_CANDIDATES_PER_TAG = 50


class ArticleQuerySet(models.QuerySet):
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
        """What a feed item needs: the article with its category and author, then its tags."""
        return self.select_related("category", "author").prefetch_related("tags")

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
        if not query_words(query):
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


@reversion.register(follow=["tagged_items"], exclude=["search_vector"])
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
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="articles"
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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug})

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

    def submit_for_review(self):
        """Hand the draft to the editors."""
        self.status = self.Status.REVIEW

    def publish(self, at=None):
        """Publish at `at` (a past time back-dates, a future one schedules), or else now.

        Without `at`, a publication time still to come was chosen by an editor and is kept;
        a past one is only when the draft was begun, so readers see the article dated now.
        """
        self.status = self.Status.PUBLISHED
        self.published_at = at if at is not None else max(self.published_at, timezone.now())

    def schedule(self, at):
        """Publish at `at`, a time still to come; until then readers do not see the article."""
        if at <= timezone.now():
            raise ValueError("A schedule needs a time still to come; use publish(at=…).")
        self.publish(at=at)

    def unpublish(self):
        """Back to a draft: off the site, or out of the review queue."""
        self.status = self.Status.DRAFT
        self.revoke_preview_links()

    def send_back(self, note):
        """Return the article to its reporter as a draft, with `note` saying what to change."""
        if not note.strip():
            raise ValueError("Sending back needs a note for the reporter.")
        self.review_note = note
        self.unpublish()

    def revoke_preview_links(self):
        """Kill every shared preview link made so far (saved with the article)."""
        self.preview_version += 1


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
