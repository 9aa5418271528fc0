from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag as TaggitTag

from comments.models import Comment

from .forms import ArticleAdminForm, TagMergeForm
from .models import Article, Author, Category, Tag

# news.Tag replaces taggit's own tag model (see migration 0003).
admin.site.unregister(TaggitTag)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user", "article_count"]
    ordering = ["name"]  # explicit: the annotation's GROUP BY drops Meta.ordering
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, author):
        return author.article_total


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    ordering = ["name"]  # explicit: the annotation's GROUP BY drops Meta.ordering
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, category):
        return category.article_total


@admin.action(description=_("Merge selected tags"), permissions=["change", "delete"])
def merge_tags(modeladmin, request, queryset):
    """Ask where the tags go, then move their articles there and delete them."""
    form = TagMergeForm(request.POST if "apply" in request.POST else None, tags=queryset)
    if form.is_valid():
        target, merged = form.save()
        message = ngettext(
            "%(count)d tag merged into “%(tag)s”.",
            "%(count)d tags merged into “%(tag)s”.",
            merged,
        )
        modeladmin.message_user(request, message % {"count": merged, "tag": target})
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge tags"),
        "opts": modeladmin.model._meta,
        "form": form,
        "tags": queryset,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/news/tag/merge.html", context)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    ordering = ["name"]
    actions = [merge_tags]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, tag):
        return tag.article_total


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status",
        "category",
        "author",
        "published_at",
        "approved_comments",
        "pending_comments",
    ]
    list_filter = ["status", "category", "author", "comments_open"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "excerpt", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "author", "related_excluded"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "excerpt", "body"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "image_alt", "image_caption", "image_credit"]},
        ),
        (_("Classification"), {"fields": ["category", "author", "tags"]}),
        (_("Related posts"), {"fields": ["pinned_articles", "related_excluded"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "comments_open", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("body")
            .annotate(
                approved_total=Comment.objects.approved().count_per_article(),
                pending_total=Comment.objects.pending().count_per_article(),
            )
        )

    @admin.display(description=_("approved comments"), ordering="approved_total")
    def approved_comments(self, article):
        return article.approved_total

    @admin.display(description=_("pending comments"), ordering="pending_total")
    def pending_comments(self, article):
        return article.pending_total
