from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.generic import DetailView, ListView, TemplateView, dates

from comments.forms import CommentForm
from comments.services import own_comment_ids
from comments.threads import build_threads

from . import preview
from .forms import SearchForm
from .models import Article, Author, Category, Page, Redirect, Tag

# WordPress addresses that name an item by id in the query string of the front page.
WORDPRESS_ID_PARAMETERS = ["p", "page_id"]


class ArticleListView(ListView):
    """The front page: the newest published articles."""

    paginate_by = settings.ARTICLES_PER_PAGE
    template_name = "news/article_list.html"

    def get(self, request, *args, **kwargs):
        if "s" in request.GET:  # a WordPress search address: /?s=…
            query = urlencode({"q": request.GET["s"]})
            return redirect(f"{reverse('news:search')}?{query}", permanent=True)
        for name in WORDPRESS_ID_PARAMETERS:  # /?p=123, /?page_id=45: see news.Redirect
            if name in request.GET:
                old_path = f"/?{name}={request.GET[name]}"
                if moved := Redirect.objects.filter(old_path=old_path).first():
                    return redirect(moved.new_path, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().for_listing().headlines_first()


class ArchiveView(ArticleListView):
    """Published articles of one category, tag or author."""

    archive_model = None
    article_filter = None

    def get_queryset(self):
        self.archive = get_object_or_404(self.archive_model, slug=self.kwargs["slug"])
        return self.articles().filter(**{self.article_filter: self.archive})

    def articles(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=self.archive, **kwargs)


class CategoryArchiveView(ArchiveView):
    """A category's articles and those of the categories below it, under its breadcrumbs.

    The categories are read once (the navigation uses the same list).
    """

    template_name = "news/category_archive.html"

    def get_queryset(self):
        self.tree = Category.objects.tree()
        self.archive = self.tree.get(self.kwargs["slug"])
        if self.archive is None:
            raise Http404
        return self.articles().filter(category__in=self.tree.with_descendants(self.archive))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category_tree=self.tree, ancestors=self.tree.ancestors(self.archive), **kwargs
        )


class TagArchiveView(ArchiveView):
    template_name = "news/tag_archive.html"
    archive_model = Tag
    article_filter = "tags"


class AuthorArchiveView(ArchiveView):
    template_name = "news/author_archive.html"
    archive_model = Author
    article_filter = "author"


class DateArchiveMixin:
    """Published articles of one year or month, newest first, ten a page."""

    date_field = "published_at"
    allow_future = False
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class YearArchiveView(DateArchiveMixin, dates.YearArchiveView):
    template_name = "news/year_archive.html"
    make_object_list = True


class MonthArchiveView(DateArchiveMixin, dates.MonthArchiveView):
    template_name = "news/month_archive.html"
    month_format = "%m"


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("category", "author")
            .defer("search_vector")
            .with_comment_count()
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A published article renamed since: its old address moves permanently.
            moved = Article.objects.published().filter(old_slugs__slug=kwargs["slug"]).first()
            if moved is None:
                raise
            return redirect(moved, permanent=True)

    def get_context_data(self, **kwargs):
        article = self.object
        comments = article.comments.visible_to(own_comment_ids(self.request.session))
        if "comment_form" not in kwargs and article.comments_are_open:
            kwargs["comment_form"] = CommentForm.for_reader(self.request, article)
        return super().get_context_data(
            tags=article.tags.all(),
            related_articles=Article.objects.related_to(
                article, limit=settings.RELATED_ARTICLES_COUNT
            ),
            comment_threads=build_threads(comments),
            **kwargs,
        )


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
    """Published articles matching the reader's words, best match first."""

    paginate_by = settings.ARTICLES_PER_PAGE
    template_name = "news/search.html"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        response = super().get(request, *args, **kwargs)
        response.headers["X-Robots-Tag"] = "noindex"  # endless, thin pages for search engines
        return response

    def get_queryset(self):
        if not self.query:
            return Article.objects.none()
        return Article.objects.published().for_listing().search(self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, query=self.query, **kwargs)


class PreviewMixin:
    """Any article, whatever its state, on the readers' page, marked as a preview.

    The page asks search engines not to index it and caches not to keep it.
    """

    @method_decorator(cache_control(private=True, no_store=True))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.select_related("category", "author").with_comment_count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, comment_form=None, **kwargs)


class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    """Staff preview, by primary key; ArticleAdmin checks who may see which article."""


class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """Preview through a signed link: it expires, and leads to the article once published."""

    def get(self, request, *args, **kwargs):
        try:
            self.kwargs["pk"] = preview.article_pk(kwargs["token"])
        except signing.SignatureExpired:
            return TemplateResponse(request, "news/preview_expired.html", status=410)
        except signing.BadSignature as error:
            raise Http404 from error
        self.object = self.get_object()
        if self.object.is_published:
            return redirect(self.object)
        return self.render_to_response(self.get_context_data(object=self.object))


class ImagePickerView(PermissionRequiredMixin, ListView):
    """The body editor's "Browse" window: pick one of the site's article images.

    Opened by django-prose-editor's figure dialog; the chosen image's 960-wide rendition is
    handed back through the CKEditor-style callback the dialog listens for.
    """

    permission_required = "news.change_article"
    template_name = "admin/news/image_picker.html"
    paginate_by = 48

    def get_queryset(self):
        return (
            Article.objects.exclude(featured_image="")
            .exclude(image_renditions={})
            .only("title", "featured_image", "image_alt", "image_caption", "image_renditions")
            .order_by("-updated_at", "-pk")
        )
