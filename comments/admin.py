from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Comment, KeywordRule, normalize_keyword
from .services import moderate

Status = Comment.Status
# The two decisions a moderator can take from the notification e-mail.
EMAIL_DECISIONS = {"approve": Status.APPROVED, "spam": Status.SPAM}


def set_status(modeladmin, request, queryset, status):
    updated = moderate(queryset, status, request.user)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d comment marked as %(status)s.",
            "%(count)d comments marked as %(status)s.",
            updated,
        )
        % {"count": updated, "status": Status(status).label},
        messages.SUCCESS,
    )


@admin.action(description=_("Approve selected comments"), permissions=["change"])
def approve(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Status.APPROVED)


@admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
def mark_spam(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Status.SPAM)


@admin.action(
    description=_("Mark as spam and block their email and IP address"),
    permissions=["change", "block"],
)
def mark_spam_and_block(modeladmin, request, queryset):
    keywords = {keyword for row in queryset.values_list("email", "ip_address") for keyword in row}
    for keyword in sorted(filter(None, keywords)):
        KeywordRule.objects.get_or_create(
            keyword=normalize_keyword(keyword),
            action=KeywordRule.Action.SPAM,
            defaults={"note": _("Blocked from the moderation queue")},
        )
    # Blocking an address again renews a rule that was about to expire.
    KeywordRule.objects.filter(keyword__in=keywords, action=KeywordRule.Action.SPAM).renew()
    set_status(modeladmin, request, queryset, Status.SPAM)


@admin.action(description=_("Remove selected comments"), permissions=["change"])
def remove(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Status.REMOVED)


class StatusFilter(admin.SimpleListFilter):
    """Filter by status, with the number of comments in each."""

    title = _("status")
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        counts = dict(Comment.objects.order_by().values_list("status").annotate(total=Count("pk")))
        return [(value, f"{label} ({counts.get(value, 0)})") for value, label in Status.choices]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


PENDING_FIRST = Case(
    When(status=Status.PENDING, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
).asc()


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "excerpt",
        "article_link",
        "status",
        "reason",
        "history",
        "created_at",
        "moderated",
    ]
    list_filter = [StatusFilter, "moderation_reason", "created_at"]
    list_select_related = ["article", "moderated_by"]
    search_fields = ["name", "email", "body", "article__title", "ip_address"]
    date_hierarchy = "created_at"
    ordering = [PENDING_FIRST, "-created_at"]
    actions = [approve, mark_spam, mark_spam_and_block, remove]
    fields = [
        "article",
        "parent",
        "name",
        "email",
        "website",
        "body",
        "status",
        "reason",
        "moderated",
        "ip_address",
        "user_agent",
        "created_at",
    ]
    readonly_fields = [
        "article",
        "parent",
        "reason",
        "moderated",
        "ip_address",
        "user_agent",
        "created_at",
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_form_template = "admin/comments/comment/change_form.html"

    def get_queryset(self, request):
        earlier = Comment.objects.all()
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_before=earlier.approved().count_per_commenter(),
                spam_before=earlier.filter(status=Status.SPAM).count_per_commenter(),
            )
        )

    def get_urls(self):
        moderate_url = path(
            "<int:pk>/moderate/<str:decision>/",
            self.admin_site.admin_view(self.moderate_view),
            name="comments_comment_moderate",
        )
        return [moderate_url, *super().get_urls()]

    def has_add_permission(self, request):
        return False

    def has_block_permission(self, request):
        return request.user.has_perm("comments.add_keywordrule")

    def save_model(self, request, obj, form, change):
        decision = next((s for s in EMAIL_DECISIONS if f"_{s}" in request.POST), None)
        if decision:
            obj.status = EMAIL_DECISIONS[decision]
        super().save_model(request, obj, form, change)
        if decision or "status" in form.changed_data:
            moderate(Comment.objects.filter(pk=obj.pk), obj.status, request.user)

    def moderate_view(self, request, pk, decision):
        """Approve or mark as spam from a link in the notification e-mail, after confirming."""
        if decision not in EMAIL_DECISIONS or not self.has_change_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        if request.method == "POST":
            set_status(self, request, Comment.objects.filter(pk=pk), EMAIL_DECISIONS[decision])
            return redirect(reverse("admin:comments_comment_changelist") + "?status__exact=pending")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "comment": comment,
            "decision": decision,
            "decision_label": Status(EMAIL_DECISIONS[decision]).label,
            "title": _("Moderate comment"),
        }
        return TemplateResponse(request, "admin/comments/comment/moderate.html", context)

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).words(15)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.article.get_absolute_url(), comment.article.title
        )

    @admin.display(description=_("why"), ordering="moderation_reason")
    def reason(self, comment):
        return comment.reason_text or "-"

    @admin.display(description=_("earlier comments: approved / spam"))
    def history(self, comment):
        return f"{comment.approved_before} / {comment.spam_before}"

    @admin.display(description=_("decided by"), ordering="moderated_at")
    def moderated(self, comment):
        if not comment.moderated_by:
            return "-"
        when = date_format(timezone.localtime(comment.moderated_at), "DATETIME_FORMAT")
        return f"{comment.moderated_by} ({when})"


@admin.action(description=_("Renew selected rules"), permissions=["change"])
def renew(modeladmin, request, queryset):
    count = queryset.renew()
    modeladmin.message_user(
        request,
        ngettext("%(count)d rule renewed.", "%(count)d rules renewed.", count) % {"count": count},
        messages.SUCCESS,
    )


@admin.register(KeywordRule)
class KeywordRuleAdmin(admin.ModelAdmin):
    list_display = ["keyword", "action", "note", "created_at", "expires_at"]
    list_filter = ["action"]
    search_fields = ["keyword", "note"]
    readonly_fields = ["expires_at"]
    actions = [renew]
