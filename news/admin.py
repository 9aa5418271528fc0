from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from taggit.models import Tag as TaggitTag

from comments.models import Comment

from . import editing, revisions, roles
from .forms import (
    DESK_BUTTONS,
    PUBLISH,
    SAVE_DRAFT,
    SCHEDULE,
    SEND_BACK,
    SUBMIT_FOR_REVIEW,
    UNPUBLISH,
    ArticleAdminForm,
    LiveEntryForm,
    TagMergeForm,
    desk_buttons,
)
from .models import (
    Article,
    ArticleNote,
    ArticleWriter,
    Author,
    BreakingNews,
    Category,
    LiveEntry,
    Page,
    Redirect,
    RightOfReply,
    Tag,
)
from .notifications import notify_sent_back, notify_submitted
from .preview import preview_url
from .views import ArticlePreviewView

# news.Tag replaces taggit's own tag model (see migration 0006).
admin.site.unregister(TaggitTag)


class ArticleCountMixin:
    """An "articles" column: each row's number of articles, counted in the list's one query."""

    article_relation = "articles"  # the relation counted
    ordering = ["name"]  # explicit: the annotation's GROUP BY drops Meta.ordering

    def get_queryset(self, request):
        articles = Count(self.article_relation)
        return super().get_queryset(request).annotate(article_total=articles)

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Author)
class AuthorAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "user", "article_count"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(Category)
class CategoryAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "article_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


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
class TagAdmin(ArticleCountMixin, admin.ModelAdmin):
    article_relation = "tagged_articles"
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    actions = [merge_tags]


def change_each(modeladmin, request, queryset, change, message):
    """Apply `change` to each article, keeping a revision and a history entry for each."""
    changed = 0
    for article in Article.objects.filter(pk__in=queryset.values("pk")):
        with modeladmin.create_revision(request):
            change(article)
            article.save()
            modeladmin.log_change(request, article, str(message))
        changed += 1
    return changed


@admin.action(description=_("Publish selected articles"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    drafts = queryset.exclude(status=Article.Status.PUBLISHED)
    count = change_each(
        modeladmin,
        request,
        drafts,
        lambda article: article.publish(by=request.user),
        _("Published."),
    )
    modeladmin.message_user(
        request,
        ngettext("%(count)d article published.", "%(count)d articles published.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    published = queryset.filter(status=Article.Status.PUBLISHED)
    count = change_each(modeladmin, request, published, Article.unpublish, _("Unpublished."))
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d article unpublished, back to draft.",
            "%(count)d articles unpublished, back to draft.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class StateFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled (published, time to come) or published (readers see it).

    Only editors schedule: a reporter is not offered "scheduled".
    """

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        if roles.can_publish(request.user):
            return Article.State.choices
        return [(state.value, state.label) for state in Article.State if state != state.SCHEDULED]

    def queryset(self, request, queryset):
        return queryset.in_state(self.value()) if self.value() else queryset


def local_moment(moment):
    """`moment` as the desk panel says it: "5 Des 08.00 WIB", with the year if not this one."""
    local = timezone.localtime(moment)
    day = "j M" if local.year == timezone.localtime().year else "j M Y"
    return f"{date_format(local, day)} {time_format(local, 'H.i')} {local.tzname()}"


class ArticleChangeList(ChangeList):
    """The list needs no body; which articles it shows: ArticleAdmin.get_search_results."""

    def __init__(self, request, *args, **kwargs):
        # The headline column draws its own link (ArticleAdmin.headline): each row's address,
        # keeping the list's filters as Django's own link does.
        super().__init__(request, *args, **kwargs)
        context = {"preserved_filters": self.preserved_filters, "opts": self.opts}
        for article in self.result_list:
            article.change_url = add_preserved_filters(context, self.url_for_result(article))

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("body")


class RoleInlineMixin:
    """An inline of the article form whose rights a news.roles predicate gives."""

    allowed = None  # e.g. staticmethod(roles.can_edit): (user, article) -> bool

    def has_view_permission(self, request, obj=None):
        return self.allowed(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return self.allowed(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return self.allowed(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.allowed(request.user, obj)


class WriterInline(RoleInlineMixin, admin.TabularInline):
    """The co-writers, named after the lead writer (the Author field) in the byline."""

    model = ArticleWriter
    fields = ["author", "position"]
    extra = 0
    allowed = staticmethod(roles.can_edit)


class ArticleNoteInline(RoleInlineMixin, admin.StackedInline):
    model = ArticleNote
    fields = [("kind", "priority", "published_at"), "text"]
    extra = 0
    allowed = staticmethod(roles.can_add_notes)


class RightOfReplyForm(forms.ModelForm):
    """A reply readers have seen is shown, not changed or deleted: a new reply corrects it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_public:
            for field in self.fields.values():
                field.disabled = True


class RightOfReplyFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields and form.instance.is_public:
            form.fields["DELETE"].disabled = True


class RightOfReplyInline(RoleInlineMixin, admin.StackedInline):
    model = RightOfReply
    fk_name = "article"
    form = RightOfReplyForm
    formset = RightOfReplyFormSet
    fields = [("party", "published_at"), "text", "reply_article"]
    autocomplete_fields = ["reply_article"]
    extra = 0
    allowed = staticmethod(roles.can_add_notes)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")  # for is_public


# The history and each revision's comment name the changed fields by their English labels and
# translate them when shown (LogEntry.get_change_message): these labels, for the catalogue.
CHANGED_FIELD_LABELS = [
    gettext_noop("Title"),
    gettext_noop("Slug"),
    gettext_noop("Excerpt"),
    gettext_noop("Body"),
    gettext_noop("Image alt text"),
    gettext_noop("Image caption"),
    gettext_noop("Image credit"),
    gettext_noop("Status"),
    gettext_noop("Publication time"),
    gettext_noop("Comments open"),
    gettext_noop("Headline"),
    gettext_noop("Excluded from related posts"),
    gettext_noop("Note to the reporter"),
]


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    # A wide headline with its category, byline and creator under it, so the list fits a
    # laptop; below 768 px the other columns fold under it too (news/admin/article-list.css).
    list_display = ["headline", "publication", "comments"]
    list_display_links = None  # the headline is the link (see ArticleChangeList)
    list_filter = [StateFilter, "category", "author", "comments_open", "is_sticky"]
    # Reporters see only their own articles and never choose the headline.
    EDITOR_ONLY_FILTERS = {"author", "is_sticky"}
    list_select_related = ["category", "author", "created_by"]
    # The unfiltered total would count other reporters' articles too, with one more query.
    show_full_result_count = False
    search_fields = ["title", "excerpt", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "author", "editor", "related_excluded"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "excerpt", "body"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "image_alt", "image_caption", "image_credit"]},
        ),
        (_("Classification"), {"fields": ["category", "author", "editor", "tags"]}),
        (_("Related posts"), {"fields": ["pinned_articles", "related_excluded"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "comments_open",
                    "is_sticky",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (_("Review"), {"fields": ["review_note"]}),
        (_("Live coverage"), {"fields": ["live_status"]}),
    ]
    inlines = [WriterInline, ArticleNoteInline, RightOfReplyInline]
    actions = [publish, unpublish]
    change_list_template = "admin/news/article/change_list.html"
    object_history_template = "admin/news/article/object_history.html"
    history_latest_first = True

    # Permissions: news.roles decides.

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return roles.can_edit(request.user, obj)

    def get_search_results(self, request, queryset, search_term):
        # Every list of articles passes here: the change list and each autocomplete box that
        # offers articles (related posts, a comment's article). None shows what the user may
        # not open.
        queryset = roles.visible_articles(request.user, queryset)
        return super().get_search_results(request, queryset, search_term)

    def get_queryset(self, request):
        # Selected here rather than by the change list alone: the change form shows the creator.
        return (
            super()
            .get_queryset(request)
            .defer("search_vector")
            .select_related(*self.list_select_related)
            .annotate(
                approved_total=Comment.objects.approved().count_per_article(),
                pending_total=Comment.objects.pending().count_per_article(),
            )
        )

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_list_filter(self, request):
        if self.has_publish_permission(request):
            return self.list_filter
        return [name for name in self.list_filter if name not in self.EDITOR_ONLY_FILTERS]

    def changelist_view(self, request, extra_context=None):
        # Only editors get the link to deleted articles (recoverlist_view).
        context = {"can_publish": self.has_publish_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    # The form, by role: reporters choose between draft and review, cannot date the article,
    # do not curate related posts and do not see the editor's note field (it is shown to them
    # above the form).

    EDITOR_ONLY_FIELDS = {"review_note", "pinned_articles", "related_excluded", "live_status"}

    def get_fieldsets(self, request, obj=None):
        if self.has_publish_permission(request):
            return self.fieldsets
        return [
            (name, opts)
            for name, opts in self.fieldsets
            if not self.EDITOR_ONLY_FIELDS.intersection(opts["fields"])
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # the workflow buttons each need their role
        form.autosaved = None
        if obj is not None and request.GET.get("autosave") == "restore":
            autosave = editing.newer_autosave(obj, request.user)
            form.autosaved = autosave and autosave.data
        if not self.has_publish_permission(request):
            # Declared on the form, so not dropped with the fieldset: remove it by hand.
            form.base_fields.pop("pinned_articles", None)
            self.limit_bylines(form.base_fields.get("author"), request.user, obj)
        return form

    @staticmethod
    def limit_bylines(field, user, article):
        """A reporter files under their own author profile (or keeps the byline an editor
        chose); another byline is refused by the field."""
        if field is None:
            return
        current = article.author_id if article is not None else None
        field.queryset = field.queryset.filter(Q(user=user) | Q(pk=current))
        field.error_messages["invalid_choice"] = _(
            "You file under your own byline. If your name is missing, ask an editor to link "
            "your account to your author profile."
        )

    def get_readonly_fields(self, request, obj=None):
        if self.has_publish_permission(request):
            return self.readonly_fields
        return [*self.readonly_fields, "published_at", "is_sticky", "editor"]

    def get_autocomplete_fields(self, request):
        # Autocomplete needs the right to view authors and categories, which reporters lack.
        return self.autocomplete_fields if self.has_publish_permission(request) else []

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # The desk panel's buttons move the article; the status is kept as it was shown,
            # for what posts it directly (a script, an older form).
            kwargs["widget"] = forms.HiddenInput
            if not self.has_publish_permission(request):
                kwargs["choices"] = [
                    (status.value, status.label)
                    for status in [Article.Status.DRAFT, Article.Status.REVIEW]
                ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own_author = Author.objects.filter(user=request.user).first()
        if own_author and "author" not in initial:
            initial["author"] = own_author.pk
        return initial

    def get_view_on_site_url(self, obj=None):
        # Only what readers can see: a draft's or a scheduled article's address is a 404.
        return super().get_view_on_site_url(obj) if obj and obj.is_published else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            desk_state=self.desk_state(obj),
            desk_buttons=self.desk_buttons(request, obj),
            desk_state_name=obj.state if obj is not None else Article.State.DRAFT,
            schedule=SCHEDULE,
            share_url=request.build_absolute_uri(preview_url(obj))
            if obj is not None and not obj.is_published
            else None,
            share_hours=settings.PREVIEW_LINK_MAX_AGE // 3600,
            time_zone=timezone.localtime().tzname(),
        )
        if change and self.has_change_permission(request, obj):
            context.update(self.editing_context(request, obj))
        if change and obj.has_live_coverage and roles.can_report_live(request.user, obj):
            context.update(live_form=LiveEntryForm(), live_entries=obj.live_entries.all())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editing_context(self, request, article):
        """Who else edits the article (the lock is claimed when free), and the editor's newer
        autosave, if any; the settings of the form's script."""
        other_lock = editing.claim_lock(article, request.user)
        return {
            "edit_lock": other_lock,
            "edit_lock_since": other_lock and time_format(timezone.localtime(other_lock["since"])),
            "autosave": editing.newer_autosave(article, request.user),
            "heartbeat_seconds": editing.HEARTBEAT,
            "autosaved_fields": " ".join(editing.AUTOSAVED_FIELDS),
        }

    # The desk panel: the article's state, the buttons that move it, a message for each.

    DESK_LABELS = {
        SAVE_DRAFT: _("Save draft"),
        SUBMIT_FOR_REVIEW: _("Submit for review"),
        PUBLISH: _("Publish"),
        SCHEDULE: _("Schedule…"),
        UNPUBLISH: _("Take off the site"),
        SEND_BACK: _("Send back to the reporter"),
    }

    def desk_buttons(self, request, article):
        """The panel's buttons: name and label of each the user may press."""
        if not self.has_change_permission(request, article):
            return []
        labels = dict(self.DESK_LABELS)
        if article is not None and article.status != Article.Status.DRAFT:
            labels[SAVE_DRAFT] = _("Save changes")
        if article is not None and article.state == Article.State.SCHEDULED:
            labels[PUBLISH] = _("Publish now")
        primary = {PUBLISH, SUBMIT_FOR_REVIEW}
        return [
            {"name": name, "label": labels[name], "primary": name in primary}
            for name in desk_buttons(request.user, article)
        ]

    @staticmethod
    def desk_state(article):
        """The state badge's text: "Draft", "Scheduled: 5 Dec 08.00 WIB"..."""
        if article is None:
            return Article.State.DRAFT.label
        if article.state == Article.State.SCHEDULED:
            return _("Scheduled: %(time)s") % {"time": local_moment(article.published_at)}
        if article.state == Article.State.PUBLISHED:
            return _("Published: %(time)s") % {"time": local_moment(article.published_at)}
        return article.state.label

    @staticmethod
    def transition_message(transition, article):
        if transition in {PUBLISH, SCHEDULE} and article.state == Article.State.SCHEDULED:
            return _("Article scheduled for %(time)s.") % {
                "time": local_moment(article.published_at)
            }
        if transition == SAVE_DRAFT and article.status != Article.Status.DRAFT:
            return _("Changes saved.")
        return {
            SAVE_DRAFT: _("Draft saved."),
            SUBMIT_FOR_REVIEW: _("Sent for review."),
            PUBLISH: _("Article published."),
            UNPUBLISH: _("Taken off the site."),
            SEND_BACK: _("Sent back to the reporter."),
        }[transition]

    def response_add(self, request, obj, post_url_continue=None):
        return self.desk_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.desk_response(request, obj) or super().response_change(request, obj)

    def desk_response(self, request, obj):
        """After a desk button, back to the article (its message was given on saving)."""
        if IS_POPUP_VAR in request.POST or not any(name in request.POST for name in DESK_BUTTONS):
            return None
        return redirect("admin:news_article_change", obj.pk)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change:
            editing.discard_autosave(obj, request.user)
        if form.transition:
            message = self.transition_message(form.transition, obj)
            self.message_user(request, message, messages.SUCCESS)
        if form.sent_back:
            base_url = request.build_absolute_uri("/")
            transaction.on_commit(lambda: notify_sent_back(obj, base_url=base_url))
        if obj.status == Article.Status.REVIEW and "status" in form.changed_data:
            notify_submitted(obj, base_url=request.build_absolute_uri("/"))

    # Preview, revisions.

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="news_article_preview",
            ),
            path(
                "<path:object_id>/revoke-preview/",
                self.admin_site.admin_view(self.revoke_preview_view),
                name="news_article_revoke_preview",
            ),
            path(
                "<path:object_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="news_article_compare",
            ),
            path(
                "<path:object_id>/edit-lock/",
                self.admin_site.admin_view(self.heartbeat_view),
                name="news_article_heartbeat",
            ),
            path(
                "<path:object_id>/take-over/",
                self.admin_site.admin_view(self.take_over_view),
                name="news_article_take_over",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="news_article_autosave",
            ),
            path(
                "<path:object_id>/discard-autosave/",
                self.admin_site.admin_view(self.discard_autosave_view),
                name="news_article_discard_autosave",
            ),
            path(
                "<path:object_id>/live-entries/",
                self.admin_site.admin_view(self.add_live_entry_view),
                name="news_article_add_live_entry",
            ),
            path(
                "<path:object_id>/live-entries/<int:entry_id>/",
                self.admin_site.admin_view(self.change_live_entry_view),
                name="news_article_change_live_entry",
            ),
        ]
        return urls + super().get_urls()

    def get_visible_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, object_id):
        """The article on the readers' page, whatever its state."""
        article = self.get_visible_article(request, object_id)
        return ArticlePreviewView.as_view()(request, pk=article.pk)

    @method_decorator(require_POST)
    def revoke_preview_view(self, request, object_id):
        """Kill the article's shared preview links; a new link is shown on the change form."""
        article = self.get_editable_article(request, object_id)
        article.revoke_preview_links()
        article.save(update_fields=["preview_version"])
        self.log_change(request, article, str(_("Preview links revoked.")))
        self.message_user(request, _("Preview links revoked."), messages.SUCCESS)
        return redirect("admin:news_article_change", article.pk)

    def get_editable_article(self, request, object_id):
        article = self.get_visible_article(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    @method_decorator(require_POST)
    def heartbeat_view(self, request, object_id):
        """Renew the editor's lock, if still theirs: {"held": true}; else who took it over."""
        article = self.get_editable_article(request, object_id)
        other_lock = editing.claim_lock(article, request.user)
        if other_lock is None:
            return JsonResponse({"held": True})
        message = _("%(user)s took over editing this article at %(time)s.") % {
            "user": other_lock["name"],
            "time": time_format(timezone.localtime(other_lock["since"])),
        }
        return JsonResponse({"held": False, "message": message})

    @method_decorator(require_POST)
    def take_over_view(self, request, object_id):
        """Make the editor the article's holder, whoever held it."""
        article = self.get_editable_article(request, object_id)
        editing.take_lock(article, request.user)
        return redirect("admin:news_article_change", article.pk)

    @method_decorator(require_POST)
    def autosave_view(self, request, object_id):
        """Keep the form's fields (those the editor may change) as their autosave."""
        article = self.get_editable_article(request, object_id)
        editable = flatten_fieldsets(self.get_fieldsets(request, article))
        saved = editing.autosave(article, request.user, request.POST, editable)
        message = _("Draft autosaved at %(time)s.") % {
            "time": time_format(timezone.localtime(saved.saved_at))
        }
        return JsonResponse({"saved": True, "message": message})

    @method_decorator(require_POST)
    def discard_autosave_view(self, request, object_id):
        article = self.get_editable_article(request, object_id)
        editing.discard_autosave(article, request.user)
        return redirect("admin:news_article_change", article.pk)

    # Live coverage: entries are added, pinned and removed from the article's change page.

    def get_live_article(self, request, object_id):
        article = self.get_visible_article(request, object_id)
        if not roles.can_report_live(request.user, article):
            raise PermissionDenied
        return article

    @method_decorator(require_POST)
    def add_live_entry_view(self, request, object_id):
        """Add the entry typed in the live coverage form, while the coverage is live."""
        article = self.get_live_article(request, object_id)
        form = LiveEntryForm(request.POST, request.FILES, instance=LiveEntry(article=article))
        if not article.is_live:
            self.message_user(
                request, _("The live coverage is not running: no entry added."), messages.ERROR
            )
        elif form.is_valid():
            entry = form.save()
            self.log_change(request, article, str(_("Live entry added.")))
            self.message_user(request, _("Live entry added."), messages.SUCCESS)
            return redirect(
                f"{reverse('admin:news_article_change', args=[article.pk])}#{entry.anchor}"
            )
        else:
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(
                        request, _("Live entry not added: %s") % error, messages.ERROR
                    )
        return redirect("admin:news_article_change", article.pk)

    @method_decorator(require_POST)
    def change_live_entry_view(self, request, object_id, entry_id):
        """Pin, unpin or delete one of the article's live entries (the button pressed)."""
        article = self.get_live_article(request, object_id)
        entry = get_object_or_404(article.live_entries, pk=entry_id)
        action = request.POST.get("action")
        if action == "delete":
            entry.delete()
        elif action in ("pin", "unpin"):
            entry.pinned = action == "pin"
            entry.save(update_fields=["pinned"])
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        self.log_change(request, article, str(_("Live entry changed.")))
        return redirect("admin:news_article_change", article.pk)

    def compare_view(self, request, object_id):
        """The article's revisions, and what changed between the two chosen."""
        article = self.get_visible_article(request, object_id)
        versions = list(revisions.versions_of(article))
        old, new = revisions.chosen(versions, request.GET.get("old"), request.GET.get("new"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Compare revisions of %(title)s") % {"title": article.title},
            "versions": versions,
            "old": old,
            "new": new,
            "changes": revisions.compare(old, new) if old and new else None,
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/news/article/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring is a change of the article as it is now, not only as it was then.
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # Columns.

    @admin.display(description=_("title"), ordering="title")
    def headline(self, article):
        creator = article.created_by
        return format_html(
            '<a class="article-headline" href="{}">{}</a>'
            '<span class="article-meta">{} · {}{}'
            '<span class="article-meta-folded"> · {} · {}</span></span>',
            article.change_url,
            article.title,
            article.category,
            article.author,
            format_html(" · {} {}", _("created by"), creator.get_username()) if creator else "",
            self.publication(article),
            self.comments(article),
        )

    @admin.display(description=_("state and time"), ordering="published_at")
    def publication(self, article):
        local = timezone.localtime(article.published_at)
        return format_html(
            '<span class="article-state">{}</span> <time class="article-time" datetime="{}">{}'
            "</time>",
            article.state.label,
            local.isoformat(),
            date_format(local, "DATETIME_FORMAT"),
        )

    @admin.display(description=_("comments"), ordering="approved_total")
    def comments(self, article):
        approved = ngettext("%(count)d comment", "%(count)d comments", article.approved_total) % {
            "count": article.approved_total
        }
        pending = article.pending_total and _("%(count)d pending") % {
            "count": article.pending_total
        }
        return format_html(
            '<span class="article-comments">{}</span>{}',
            approved,
            format_html(' <span class="article-pending">({})</span>', pending) if pending else "",
        )


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    """The bar on every public page; the Editor group holds its permissions (migration 0011)."""

    list_display = ["text", "url", "ends_at", "is_running"]
    search_fields = ["text"]
    date_hierarchy = "ends_at"

    @admin.display(description=_("running"), boolean=True)
    def is_running(self, bar):
        return bar.ends_at > timezone.now()
