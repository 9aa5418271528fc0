from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from comments.forms import CommentForm
from comments.services import own_comment_ids
from comments.threads import build_threads

from .models import Article, Author, Category, Tag


class ArticleListView(ListView):
    """The front page: the newest published articles."""

    paginate_by = settings.ARTICLES_PER_PAGE
    template_name = "news/article_list.html"

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArchiveView(ArticleListView):
    """Published articles of one category, tag or author."""

    archive_model = None
    article_filter = None

    def get_queryset(self):
        self.archive = get_object_or_404(self.archive_model, slug=self.kwargs["slug"])
        return super().get_queryset().filter(**{self.article_filter: self.archive})

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=self.archive, **kwargs)


class CategoryArchiveView(ArchiveView):
    template_name = "news/category_archive.html"
    archive_model = Category
    article_filter = "category"


class TagArchiveView(ArchiveView):
    template_name = "news/tag_archive.html"
    archive_model = Tag
    article_filter = "tags"


class AuthorArchiveView(ArchiveView):
    template_name = "news/author_archive.html"
    archive_model = Author
    article_filter = "author"


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("category", "author").with_comment_count()

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
