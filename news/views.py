import hashlib
import posixpath
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core import signing
from django.db.models import CharField, Value
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView, dates
from django.views.static import serve

from beritapolisi.clientip import client_ip
from beritapolisi.tasks import enqueue_on_commit
from comments.forms import CommentForm
from comments.models import Comment
from comments.origin import refuse_cross_site_posts, sent_from_this_site
from comments.remember import update_remembered_commenter
from comments.services import CommentRefused, own_comment_ids, own_comment_url, post_comment
from comments.threads import build_threads

from . import archives, images, popularity, preview, roles, search, tasks
from .cache import cached_for_content
from .forms import SearchForm
from .models import (
    Article,
    ArticleNote,
    ArticleWriter,
    Category,
    LiveEntry,
    Page,
    Redirect,
    RightOfReply,
)
from .pagination import CappedPaginator, KeysFirstPaginator, MergedListsPaginator

# WordPress addresses that name an item by id in the query string of the front page.
WORDPRESS_ID_PARAMETERS = ["p", "page_id"]


class ArticleListView(ListView):
    """The front page: the newest published articles."""

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = KeysFirstPaginator
    template_name = "news/article_list.html"
    shows_most_read = True

    def get(self, request, *args, **kwargs):
        if "s" in request.GET:  # a WordPress search address: /?s=…
            query = urlencode({"q": request.GET["s"]})
            return redirect(f"{reverse('news:search')}?{query}", permanent=True)
        for name in WORDPRESS_ID_PARAMETERS:  # /?p=123, /?page_id=45: see news.Redirect
            if request.GET.get(name, "").isdigit():
                old_path = f"/?{name}={request.GET[name]}"
                if moved := Redirect.objects.filter(old_path=old_path).first():
                    return redirect(moved.new_path, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().for_listing().headlines_first()

    def get_context_data(self, **kwargs):
        if self.shows_most_read:  # named in the Cache-Tag header, purged when the lists change
            kwargs["most_read_tag"] = popularity.MOST_READ
        return super().get_context_data(**kwargs)


class ArchiveView(ArticleListView):
    """Published articles of one category, tag or author: the archive `kind` says which."""

    kind = None  # an archives.ArchiveKind
    shows_most_read = False

    def get_queryset(self):
        self.archive = self.kind.get(self.kwargs["slug"])
        return self.kind.articles(self.articles(), self.archive)

    def articles(self):
        return Article.objects.published().for_listing()

    def get_template_names(self):
        return [self.kind.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=self.archive, **kwargs)


class CategoryArchiveView(ArchiveView):
    """A category's articles and those of the categories below it, under its breadcrumbs.

    The categories are read once (the navigation uses the same list). A category with no
    published article, in it or below it, does not exist for readers.
    """

    kind = archives.CATEGORY

    def get_queryset(self):
        self.tree = Category.objects.tree()
        self.archive = self.tree.get(self.kwargs["slug"])
        if self.archive is None or not self.tree.has_published_articles(self.archive):
            raise Http404
        self.categories = self.tree.with_descendants(self.archive)
        return self.articles().filter(category__in=self.categories)

    def get_paginator(self, queryset, per_page, **kwargs):
        parts = [self.articles().filter(category=pk) for pk in self.categories]
        return MergedListsPaginator(queryset, per_page, parts=parts, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category_tree=self.tree, ancestors=self.tree.ancestors(self.archive), **kwargs
        )


class TagArchiveView(ArchiveView):
    """A tag's articles: the paginator takes the page's keys from the tag's links
    (archives.TAG.keys()), then reads those articles by key, as any list's page."""

    kind = archives.TAG

    def get_queryset(self):
        self.archive = self.kind.get(self.kwargs["slug"])
        return self.articles()  # the keys choose the tag's articles

    def get_paginator(self, queryset, per_page, **kwargs):
        keys = self.kind.keys(self.archive)
        return super().get_paginator(queryset, per_page, keys=keys, **kwargs)


class AuthorArchiveView(ArchiveView):
    """An author's articles, as lead writer and as co-writer: two lists the paginator merges
    (MergedListsPaginator), each along an index of its own."""

    kind = archives.AUTHOR

    def get_paginator(self, queryset, per_page, **kwargs):
        co_written = ArticleWriter.objects.filter(author=self.archive).values("article")
        articles = self.articles()  # each list on its own: the page's filter would hide its index
        led = articles.filter(author=self.archive)
        parts = [led, articles.filter(pk__in=co_written).exclude(author=self.archive)]
        return MergedListsPaginator(queryset, per_page, parts=parts, **kwargs)


class DateArchiveMixin:
    """Published articles of one year or month, newest first, ten a page."""

    date_field = "published_at"
    allow_future = False
    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        """Published articles, without published()'s "until now": allow_future = False adds it
        to every query of a date view, after the period's bounds. SQLite seeks an index with
        the first bound on each side only, so the period's come first; otherwise an old year
        would be reached by reading every newer article."""
        return Article.objects.filter(status=Article.Status.PUBLISHED).for_listing()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except OverflowError as error:  # /0001/: the period before year 1 is not a date
            raise Http404 from error

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """The year page's months with articles; month pages list no days.

        Django's own list (dates()) reads every article of the period. The months are looked
        up in all published articles, not in `queryset`, whose bounds of the year would give
        each month's lookup a second range on the same column.
        """
        if self.get_date_list_period() == "month":
            return Article.objects.published().months_with_articles(int(self.get_year()))
        return []


class YearArchiveView(DateArchiveMixin, dates.YearArchiveView):
    template_name = "news/year_archive.html"
    make_object_list = True


class MonthArchiveView(DateArchiveMixin, dates.MonthArchiveView):
    template_name = "news/month_archive.html"
    month_format = "%m"


@method_decorator(refuse_cross_site_posts, name="dispatch")
class ArticleDetailView(DetailView):
    """An article with its comments; the comment form posts back to this page."""

    context_object_name = "article"
    fragment_seconds = 3600  # the page's cached fragments; a new content version drops them

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("category", "author")
            .defer("search_vector")
            .with_byline()
            .prefetch_related("tags")
        )

    def get_object(self, queryset=None):
        """The article with its tags, kept under the content version like the page's fragments
        (whatever its page shows is part of that version); a comment is posted to the article
        as the database has it."""
        if self.request.method == "POST" or not self.fragment_seconds:
            return super().get_object(queryset)
        address = hashlib.sha256(self.kwargs["slug"].encode()).hexdigest()  # any length
        return cached_for_content(self.request, f"article:{address}", super().get_object)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            # A published article renamed since: its old address moves permanently (a comment
            # sent to it follows with a 308, which keeps the method and the form).
            slug = kwargs.get("slug")
            moved = slug and Article.objects.published().filter(old_slugs__slug=slug).first()
            if not moved:
                raise
            return redirect(moved, permanent=True, preserve_request=request.method == "POST")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.own_comments:  # this reader's own pending comment: not for caches
            patch_cache_control(response, private=True, no_store=True)
        return response

    def post(self, request, *args, **kwargs):
        """A reader's comment, through the comments service; then back here (POST/redirect/GET).

        Refused or invalid input re-renders this page with the reader's text and the message
        beside the field or above the form.
        """
        self.object = article = self.get_object()
        if not article.comments_are_open:
            return TemplateResponse(
                request, "comments/closed.html", {"article": article}, status=403
            )
        form = CommentForm(request.POST, article=article)
        if not form.is_valid():
            return self.render_comment_form(form, status=200)
        try:
            comment = post_comment(
                article=article,
                form=form,
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                base_url=request.build_absolute_uri("/"),
            )
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render_comment_form(form, status=refusal.status_code)
        response = redirect(own_comment_url(comment))
        update_remembered_commenter(response, form)
        return response

    def render_comment_form(self, form, status):
        """The page with the refused form: the reader's own input, for no cache to keep."""
        context = self.get_context_data(comment_form=form)
        response = self.render_to_response(context, status=status)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        if "comment_form" not in kwargs and article.comments_are_open:
            kwargs["comment_form"] = CommentForm.for_reader(self.request, article)
        return super().get_context_data(
            fragment_seconds=self.fragment_seconds,
            tags=article.tags.all(),
            writers=article.writers,
            related_articles=cached_for_content(
                self.request,
                f"related-articles:{article.pk}",
                lambda: list(
                    Article.objects.related_to(article, limit=settings.RELATED_ARTICLES_COUNT)
                ),
            ),
            own_comments=self.own_comments,
            live_entries=list(article.live_entries.all()) if article.has_live_coverage else [],
            most_read_tag=popularity.MOST_READ,
            **kwargs,
        )

    @cached_property
    def own_comments(self):
        """The ids of this reader's comments awaiting moderation (from a signed cookie)."""
        return sorted(own_comment_ids(self.request))

    # The comments, read by the page's comment list only when that cached fragment is missing
    # (comments/comments.html).

    @cached_property
    def comments(self):
        """The approved comments, and this reader's own awaiting moderation, oldest first."""
        return list(self.object.comments.visible_to(self.own_comments))

    @cached_property
    def comment_threads(self):
        return build_threads(self.comments)

    @cached_property
    def comment_count(self):
        """How many approved comments the article has (the reader's own pending ones aside)."""
        return sum(comment.status == Comment.Status.APPROVED for comment in self.comments)


class LiveEntriesView(DetailView):
    """Just the entries of an article's live coverage: the fragment its page's script fetches
    every 30 seconds (shared by the page cache like the page, dropped with it on a change)."""

    template_name = "news/live_entries.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().exclude(live_status=Article.LiveStatus.NONE)

    def get_context_data(self, **kwargs):
        return super().get_context_data(live_entries=self.object.live_entries.all(), **kwargs)


@csrf_exempt  # a cached page carries no token; the Origin check below stands in for it
@require_POST
def count_view(request):
    """The most-read beacon: one view of a published article, counted in the cache (204).

    Obvious bots are not counted; a post from another site is refused (403), an unknown or
    unpublished article is a 400. Enqueues the fold into the database when it is due.
    """
    if not sent_from_this_site(request):
        return HttpResponseForbidden("Sent from another site.", content_type="text/plain")
    if popularity.is_bot(request.headers.get("User-Agent", "")):
        return HttpResponse(status=204)
    article_id = request.POST.get("id", "")
    if not re.fullmatch(r"[0-9]{1,18}", article_id) or not is_countable(request, int(article_id)):
        return HttpResponseBadRequest("Unknown article.", content_type="text/plain")
    popularity.count_view(int(article_id))
    if popularity.fold_is_due():
        enqueue_on_commit(tasks.fold_views)
    return HttpResponse(status=204)


def is_countable(request, article_id):
    """Whether the article is published, asked of the database once per content version."""
    return cached_for_content(
        request,
        f"countable:{article_id}",
        lambda: Article.objects.published().filter(pk=article_id).exists(),
    )


# The kind of a right of reply in CorrectionListView's list (the notes' kinds are their own).
REPLY_ENTRY = "hak_jawab"


class CorrectionListView(ListView):
    """Every correction, clarification and right of reply on a published article, newest
    first, each linking to its article (Pedoman Pemberitaan Media Siber)."""

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = CappedPaginator
    template_name = "news/corrections.html"

    def get_queryset(self):
        """(kind, pk, date) of notes and replies, one list: a page is one query."""
        notes = ArticleNote.objects.listed().values_list("kind", "pk", "published_at")
        replies = RightOfReply.objects.listed().values_list(
            Value(REPLY_ENTRY, output_field=CharField()), "pk", "published_at"
        )
        return notes.order_by().union(replies.order_by(), all=True).order_by("-published_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = entries_of(context["object_list"])
        return context


def entries_of(rows):
    """The notes and replies named by `rows` of (kind, pk, date), in that order: two queries."""
    rows = list(rows)
    replies = RightOfReply.objects.select_related("article").in_bulk(
        [pk for kind, pk, _date in rows if kind == REPLY_ENTRY]
    )
    notes = ArticleNote.objects.select_related("article").in_bulk(
        [pk for kind, pk, _date in rows if kind != REPLY_ENTRY]
    )
    found = [(replies if kind == REPLY_ENTRY else notes).get(pk) for kind, pk, _date in rows]
    return [entry for entry in found if entry is not None]  # None: deleted in between


def comment_form_moved(request, slug):
    """The comment form's old address: a page rendered before the form posted to the article
    sends its comment on there (307 keeps the method and the form data)."""
    return redirect("news:article", slug=slug, preserve_request=True)


class PageView(DetailView):
    """A page such as Tentang Kami or Redaksi."""

    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()


class RobotsView(TemplateView):
    """robots.txt: keep crawlers out of the admin and point them to both sitemaps."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        absolute = self.request.build_absolute_uri
        return super().get_context_data(
            sitemap_url=absolute(reverse("news:sitemap")),
            news_sitemap_url=absolute(reverse("news:news_sitemap")),
            **kwargs,
        )


class SearchView(ListView):
    """Published articles matching the reader's words, best match or newest first.

    Above the results, a link to each section the query names; without results, the sections
    and the newest articles to go on from.
    """

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = CappedPaginator
    template_name = "news/search.html"
    NEWEST = "terbaru"  # ?urut=terbaru; any other value: best match first
    NEWEST_SHOWN = 5

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        self.newest_first = request.GET.get("urut") == self.NEWEST
        response = super().get(request, *args, **kwargs)
        response.headers["X-Robots-Tag"] = "noindex"  # endless, thin pages for search engines
        return response

    def get_queryset(self):
        if not self.query:
            return Article.objects.none()
        found = Article.objects.published().for_listing().search(self.query)
        return found.order_by("-published_at", "-pk") if self.newest_first else found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            form=self.form, query=self.query, newest_first=self.newest_first, **kwargs
        )
        if self.query:
            context.update(self.guidance(found=context["paginator"].count > 0))
        return context

    def guidance(self, found):
        """The sections the query names; without results, every section and the newest news."""
        tree = Category.objects.tree()
        with_articles = [c for c in tree.categories if tree.has_published_articles(c)]
        context = {
            "category_tree": tree,
            "named_sections": search.sections_named(self.query, with_articles),
        }
        if not found:
            newest = Article.objects.published().for_listing().order_by("-published_at", "-pk")
            context["sections"] = [c for c in tree.top_level() if c in with_articles]
            context["newest_articles"] = newest[: self.NEWEST_SHOWN]
        return context


class PreviewMixin:
    """Any article, whatever its state, on the readers' page, marked as a preview.

    The page asks search engines not to index it and caches not to keep it.
    """

    http_method_names = ["get", "head", "options"]  # no comments on a preview
    fragment_seconds = 0  # a preview is rendered afresh for the editor, fragments included

    @method_decorator(cache_control(private=True, no_store=True))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.select_related("category", "author")

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, comment_form=None, **kwargs)


class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    """Staff preview, by primary key; ArticleAdmin checks who may see which article."""


class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """Preview through a signed link: it expires, can be revoked, and leads to the article once
    published."""

    def get(self, request, *args, **kwargs):
        try:
            self.kwargs["pk"], version = preview.read_token(kwargs["token"])
        except signing.SignatureExpired:
            return TemplateResponse(request, "news/preview_expired.html", status=410)
        except signing.BadSignature as error:
            raise Http404 from error
        self.object = self.get_object()
        if self.object.is_published:
            return redirect(self.object)
        if self.object.preview_version != version:  # revoked, or unpublished since
            return TemplateResponse(request, "news/preview_expired.html", status=410)
        preview.allow_images(request.session, self.object)
        return self.render_to_response(self.get_context_data(object=self.object))


class ImagePickerView(PermissionRequiredMixin, ListView):
    """The body editor's "Browse" window: pick an image of an article the user may open, or
    of a published one (news.roles.image_sources).

    Opened by django-prose-editor's figure dialog; the chosen image's 960-wide rendition is
    handed back through the CKEditor-style callback the dialog listens for.
    """

    permission_required = "news.change_article"
    template_name = "admin/news/image_picker.html"
    paginate_by = 48

    def get_queryset(self):
        return (
            roles.image_sources(self.request.user)
            .exclude(featured_image="")
            .exclude(image_renditions={})
            .only("title", "featured_image", "image_alt", "image_caption", "image_renditions")
            .order_by("-updated_at", "-pk")
        )


class ArticlePickerView(PermissionRequiredMixin, ListView):
    """The body editor's "Baca juga" window: pick a published article, newest first, or find
    one by words of its title; the choice goes back to the editor (static/news/admin/read-also.js).
    """

    permission_required = "news.change_article"
    template_name = "admin/news/article_picker.html"
    paginate_by = 20
    paginator_class = CappedPaginator

    def get_queryset(self):
        articles = Article.objects.published().only("pk", "slug", "title", "published_at")
        for word in self.request.GET.get("q", "").split()[:8]:
            articles = articles.filter(title__icontains=word)
        return articles.order_by("-published_at", "-pk")


def media(request, path):
    """Serve an uploaded file; an article's image and renditions only to those who may see it.

    Readers see them once the article is published. Before, only staff who may open the
    article and whoever opened its shared preview link in this session do. The original
    upload is for staff only, unless pages show it because the renditions are not made yet.
    Other uploads (authors' photos) are public.
    """
    path = posixpath.normpath(path).lstrip("/")  # as serve() will: no way round the check
    article = None
    if (prefix := images.image_name_prefix(path)) is not None:
        candidates = Article.objects.filter(featured_image__startswith=prefix)
        article = next(
            (a for a in candidates if images.owns_file(a.featured_image.name, path)), None
        )
        if article is None or not may_see_image(request, article, original=prefix == path):
            raise Http404
    elif path.startswith("live/"):  # a live entry's image: public with its article
        entry = LiveEntry.objects.select_related("article").filter(image=path).first()
        article = entry and entry.article
        if article is None or not may_see_image(request, article):
            raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # e.g. a name longer than the file system allows
        raise Http404 from error
    if article and not article.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


def may_see_image(request, article, original=False):
    # Pages show the original only while its renditions are not made yet.
    if article.is_published and (not original or not images.has_renditions(article)):
        return True
    if not original and preview.images_allowed(request.session, article):
        return True
    user = request.user
    return user.is_staff and roles.visible_articles(user).filter(pk=article.pk).exists()
