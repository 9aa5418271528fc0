from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .models import Comment, KeywordRule, normalize_keyword
from .services import moderate, reply_as_newsroom

Status = Comment.Status
# What a moderator can decide with one click in the queue; the notification e-mail offers the
# first two.
DECISIONS = {"approve": Status.APPROVED, "spam": Status.SPAM, "remove": Status.REMOVED}
EMAIL_DECISIONS = {decision: DECISIONS[decision] for decision in ["approve", "spam"]}
ALL_STATUSES = "all"


def decision_message(count, status):
    return ngettext(
        "%(count)d comment marked as %(status)s.",
        "%(count)d comments marked as %(status)s.",
        count,
    ) % {"count": count, "status": Status(status).label}


def set_status(modeladmin, request, queryset, status):
    updated = moderate(queryset, status, request.user)
    modeladmin.message_user(request, decision_message(updated, status), messages.SUCCESS)


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
    """Filter by status, with the number of comments in each.

    The queue opens on the comments waiting for a decision (the admin's menu and index link to
    the bare list); "All" (`?status__exact=all`) shows every comment.
    """

    title = _("status")
    parameter_name = "status__exact"

    def value(self):
        return super().value() or Status.PENDING

    def lookups(self, request, model_admin):
        counts = dict(Comment.objects.order_by().values_list("status").annotate(total=Count("pk")))
        return [(value, f"{label} ({counts.get(value, 0)})") for value, label in Status.choices]

    def choices(self, changelist):
        yield {
            "selected": self.value() == ALL_STATUSES,
            "query_string": changelist.get_query_string({self.parameter_name: ALL_STATUSES}),
            "display": _("All"),
        }
        for value, title in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == ALL_STATUSES:
            return queryset
        return queryset.filter(status=self.value())


class NewsroomReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"),
        max_length=Comment._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 8, "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            'Published at once under the comment, signed "%(name)s".'
        ) % {"name": settings.COMMENTS_NEWSROOM_NAME}


PENDING_FIRST = Case(
    When(status=Status.PENDING, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
).asc()


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # Article, reason, history, date and decision are folded under the comment, so the queue
    # fits a laptop beside the admin's menu and filters.
    list_display = ["name", "summary", "status", "decide"]
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
    change_list_template = "admin/comments/comment/change_list.html"

    def get_list_display(self, request):
        if self.has_change_permission(request):
            return self.list_display
        return [column for column in self.list_display if column != "decide"]

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
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/moderate/<str:decision>/",
                view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            path(
                "<int:pk>/decide/<str:decision>/",
                view(require_POST(self.decide_view)),
                name="comments_comment_decide",
            ),
            path("<int:pk>/reply/", view(self.reply_view), name="comments_comment_reply"),
            *super().get_urls(),
        ]

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
            return redirect(self.queue_url(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "comment": comment,
            "decision": decision,
            "decision_label": Status(EMAIL_DECISIONS[decision]).label,
            "title": _("Moderate comment"),
        }
        return TemplateResponse(request, "admin/comments/comment/moderate.html", context)

    def decide_view(self, request, pk, decision):
        """One click in the queue: approve, mark as spam or remove one comment.

        A script asking for JSON gets the new status and the message to announce; a plain form
        returns to the list it was sent from.
        """
        if decision not in DECISIONS or not self.has_change_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        status = DECISIONS[decision]
        message = decision_message(
            moderate(Comment.objects.filter(pk=comment.pk), status, request.user), status
        )
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(
                {"status": status, "label": Status(status).label, "message": message}
            )
        self.message_user(request, message, messages.SUCCESS)
        return redirect(self.queue_url(request))

    def reply_view(self, request, pk):
        """Reply as the newsroom: published at once, threaded under the comment."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        if not comment.accepts_newsroom_reply:
            raise Http404(_("Spam and removed comments cannot be answered."))
        form = NewsroomReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reply = reply_as_newsroom(
                parent=comment, body=form.cleaned_data["body"], user=request.user
            )
            self.log_addition(request, reply, [{"added": {}}])
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The newsroom's reply is published."),
                    reply.get_absolute_url(),
                    _("See it on the site"),
                ),
                messages.SUCCESS,
            )
            return redirect(self.queue_url(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "comment": comment,
            "form": form,
            # Back to the list (or the comment) the moderator came from.
            "next": self.queue_url(request, default=request.headers.get("Referer")),
            "title": _("Reply as the newsroom"),
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    def queue_url(self, request, default=None):
        """Where a decision returns: the queue as the moderator filtered it, else pending."""
        next_url = request.POST.get("next") or request.GET.get("next") or default or ""
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:comments_comment_changelist") + "?status__exact=pending"

    @admin.display(description=_("comment"), ordering="created_at")
    def summary(self, comment):
        """The comment's start, then its article, date, reason, history and decision."""
        return render_to_string(
            "admin/comments/comment/summary.html",
            {
                "comment": comment,
                "excerpt": Truncator(comment.body).words(30),
                "created": date_format(timezone.localtime(comment.created_at), "DATETIME_FORMAT"),
                "reason": self.reason(comment),
                "moderated": self.moderated(comment),
            },
        )

    @admin.display(description=_("why"), ordering="moderation_reason")
    def reason(self, comment):
        return comment.reason_text or "-"

    @admin.display(description=_("decided by"), ordering="moderated_at")
    def moderated(self, comment):
        if not comment.moderated_by:
            return "-"
        when = date_format(timezone.localtime(comment.moderated_at), "DATETIME_FORMAT")
        return f"{comment.moderated_by} ({when})"

    @admin.display(description=_("decide"))
    def decide(self, comment):
        """One-click buttons; each submits the list's decision form (a form cannot nest)."""
        decisions = [
            ("approve", Status.APPROVED, _("Approve"), "a"),
            ("spam", Status.SPAM, Status.SPAM.label, "s"),
            ("remove", Status.REMOVED, _("Remove"), "d"),
        ]
        return render_to_string(
            "admin/comments/comment/decide.html", {"comment": comment, "decisions": decisions}
        )

    def changelist_view(self, request, extra_context=None):
        showing = request.GET.get(StatusFilter.parameter_name) or Status.PENDING
        return super().changelist_view(request, {"showing": showing, **(extra_context or {})})


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
