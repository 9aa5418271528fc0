from django.contrib import admin, messages
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Comment


def set_status(modeladmin, request, queryset, status):
    updated = queryset.update(status=status)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d comment marked as %(status)s.",
            "%(count)d comments marked as %(status)s.",
            updated,
        )
        % {"count": updated, "status": Comment.Status(status).label},
        messages.SUCCESS,
    )


@admin.action(description=_("Approve selected comments"), permissions=["change"])
def approve(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Comment.Status.APPROVED)


@admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
def mark_spam(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Comment.Status.SPAM)


@admin.action(description=_("Remove selected comments"), permissions=["change"])
def remove(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Comment.Status.REMOVED)


PENDING_FIRST = Case(
    When(status=Comment.Status.PENDING, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
).asc()


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "excerpt", "article_link", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "article__title"]
    date_hierarchy = "created_at"
    actions = [approve, mark_spam, remove]
    fields = [
        "article",
        "name",
        "email",
        "website",
        "body",
        "status",
        "ip_address",
        "user_agent",
        "created_at",
    ]
    readonly_fields = ["article", "ip_address", "user_agent", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    ordering = [PENDING_FIRST, "-created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).words(15)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.article.get_absolute_url(), comment.article.title
        )
