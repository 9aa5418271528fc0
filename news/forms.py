from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import images, revisions, roles
from .models import Article, LiveEntry, OldSlug, RelatedPin, Tag
from .search import query_words

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the news"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Please use at most %(limit_value)d characters."),
        },
        widget=forms.SearchInput,
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if query and not query_words(query):
            raise forms.ValidationError(
                _("Type at least one word: letters or numbers."), code="no_words"
            )
        return query


# Names of the workflow buttons on the article change form.
SUBMIT_FOR_REVIEW = "_submit_for_review"
SEND_BACK = "_send_back"
SAVE_DRAFT = "_save_draft"  # saves, whatever the state; the article stays where it is
PUBLISH = "_publish"
SCHEDULE = "_schedule"
UNPUBLISH = "_unpublish"
# In the order of the desk panel; the first is what Enter in a text field presses.
DESK_BUTTONS = [SAVE_DRAFT, SUBMIT_FOR_REVIEW, PUBLISH, SCHEDULE, UNPUBLISH, SEND_BACK]
# Titles: search results show about the first 60 characters; the site's headlines and share
# cards take up to 110 in full (the model allows longer, e.g. imported titles).
TITLE_SEO_LENGTH = 60
TITLE_LENGTH = 110
# What a workflow method may change besides the fields the form sets.
WORKFLOW_FIELDS = ["status", "published_at", "editor"]


def desk_buttons(user, article=None):
    """The workflow buttons `user` may press on `article` (None: a new one), in panel order.

    The change form shows these and only these; the form honours only these.
    """
    state = Article.State.DRAFT if article is None or article.pk is None else article.state
    allowed = {
        SAVE_DRAFT: roles.can_edit(user, article),
        SUBMIT_FOR_REVIEW: roles.can_submit_for_review(user, article),
        PUBLISH: roles.can_publish(user) and state != Article.State.PUBLISHED,
        SCHEDULE: roles.can_publish(user) and state != Article.State.PUBLISHED,
        UNPUBLISH: roles.can_publish(user)
        and state in {Article.State.PUBLISHED, Article.State.SCHEDULED},
        SEND_BACK: roles.can_send_back(user, article),
    }
    return [name for name in DESK_BUTTONS if allowed[name]]


class FeaturedImageField(forms.ImageField):
    """An image upload checked by news.images (format, bytes, pixels, proportions) instead of
    Django's, and stored without its metadata (EXIF, XMP, GPS)."""

    default_validators = [FileExtensionValidator(images.ALLOWED_EXTENSIONS)]

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            images.check_upload(upload)
            upload = images.without_metadata(upload)
        return upload


class TagAutocompleteWidget(forms.SelectMultiple):
    """Tags as removable chips: existing tags are suggested while typing (the admin's own
    autocomplete view and Select2, served locally); Enter or a comma adds a new one."""

    template_name = "django/forms/widgets/select.html"

    def __init__(self, attrs=None):
        attrs = {
            "class": "tag-autocomplete",
            "data-url": reverse_lazy("admin:autocomplete"),
            "data-app-label": "news",
            "data-model-name": "article",
            "data-field-name": "tags",
            **(attrs or {}),
        }
        super().__init__(attrs)

    @property
    def media(self):
        return forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.js",
                "admin/js/vendor/select2/select2.full.js",
                "admin/js/jquery.init.js",
                "news/admin/tag-autocomplete.js",
            ],
            css={"screen": ["admin/css/vendor/select2/select2.css", "admin/css/autocomplete.css"]},
        )

    def format_value(self, value):
        return [str(name) for name in value or []]

    def optgroups(self, name, value, attrs=None):
        # Only the article's own tags are options; the rest come from the autocomplete view.
        return [
            (None, [self.create_option(name, tag, tag, True, index)], index)
            for index, tag in enumerate(value)
        ]

    def value_from_datadict(self, data, files, name):
        return data.getlist(name)


class TagNamesField(forms.Field):
    """A list of tag names, each kept once whatever its capitalisation; commas separate names."""

    widget = TagAutocompleteWidget

    def prepare_value(self, value):
        return [tag.name if isinstance(tag, Tag) else tag for tag in value or []]

    def to_python(self, value):
        names = []
        for name in (part for item in value or [] for part in str(item).split(",")):
            name = " ".join(name.split())
            if name and name.lower() not in {known.lower() for known in names}:
                names.append(name)
        return names

    def has_changed(self, initial, data):
        """Changed only when the set of names differs, whatever the order or capitalisation
        (the initial value holds Tag objects, the data names)."""
        names = [self.to_python(self.prepare_value(initial)), self.to_python(data)]
        old, new = ({name.lower() for name in each} for each in names)
        return old != new

    def validate(self, value):
        super().validate(value)
        max_length = Tag._meta.get_field("name").max_length
        for name in value:
            if len(name) > max_length:
                raise ValidationError(
                    _("Tag names have at most %(limit)s characters: %(name)s"),
                    code="max_length",
                    params={"limit": max_length, "name": name},
                )


class OrderedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """The admin's autocomplete box, showing the chosen items in the order they were chosen."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        order = {str(item): index for index, item in enumerate(value)}
        for _group, options, _index in groups:
            options.sort(key=lambda option: order.get(str(option["value"]), len(order)))
        return groups


class OrderedArticlesField(forms.ModelMultipleChoiceField):
    """Articles as a list, in the order the editor chose them."""

    def clean(self, value):
        chosen = {str(article.pk): article for article in super().clean(value)}
        return [chosen[str(pk)] for pk in dict.fromkeys(value or []) if str(pk) in chosen]


class ArticleAdminForm(forms.ModelForm):
    """The article form: its own fields (tags, pinned related posts) and the workflow.

    The admin adds the other fields from its fieldsets, for each role. On save, the status
    chosen or the button pressed becomes a call of the article's workflow method (see
    move_in_workflow); sending back needs a note telling the reporter what to change.
    """

    user = None  # who submits: ArticleAdmin.get_form sets it, for the workflow's rules
    autosaved = None  # fields to show instead of the stored ones: ArticleAdmin.get_form
    # The desk button pressed, if the user may press it (else SAVE_DRAFT: nothing moves).
    transition = None
    sent_back = submitted = False  # the buttons pressed, by someone allowed to press them
    moved = ()  # the fields the workflow method changed

    tags = TagNamesField(
        label=_("Tags"),
        required=False,
        help_text=Article._meta.get_field("tags").help_text,
    )
    # Not the model field itself: the admin cannot edit a many-to-many with its own model.
    pinned_articles = OrderedArticlesField(
        label=_("Pinned related posts"),
        queryset=Article.objects.all(),
        required=False,
        widget=OrderedAutocompleteSelectMultiple(
            Article._meta.get_field("related_pinned"), admin.site
        ),
        help_text=_(
            "Shown first in the related posts, in this order, while published; the other "
            "places are filled automatically."
        ),
    )

    # The time the "Schedule…" button publishes at, typed in the site's time zone.
    schedule_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    # The article's version the form was opened on (its updated_at, to the microsecond),
    # rendered by the change form's template. Absent (a script posting without it): not checked.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "pinned_articles" in self.fields:
            pins = self.instance.related_pins.values_list("pinned_id", flat=True)
            self.fields["pinned_articles"].initial = list(pins)
        if self.instance.pk:
            self.initial["version"] = self.stored_version
        if self.autosaved and not self.is_bound:
            self.initial.update(self.autosaved)
        zone = {"zone": timezone.localtime().tzname()}
        self.fields["schedule_at"].label = _("Publication time (%(zone)s)") % zone
        if "title" in self.fields:
            self.describe_title_lengths(self.fields["title"])
        if "published_at" in self.fields:  # the date and the time box each need a name
            published_at = self.fields["published_at"]
            published_at.help_text = (
                f"{published_at.help_text} {_('Times are in %(zone)s.') % zone}"
            )
            date, time = published_at.widget.widgets
            date.attrs["aria-label"] = _("Publication date")
            time.attrs["aria-label"] = _("Publication time")

    @staticmethod
    def describe_title_lengths(field):
        """The title's help text and the settings of its counter (news/admin/title-counter.js)."""
        lengths = {"seo": TITLE_SEO_LENGTH, "limit": TITLE_LENGTH}
        field.help_text = (
            _("Search results show about %(seo)s characters of a title; keep it under %(limit)s.")
            % lengths
        )
        field.widget.attrs.update(
            {
                "class": "vTextField desk-title",
                "data-seo-length": TITLE_SEO_LENGTH,
                "data-length": TITLE_LENGTH,
            }
        )

    @property
    def stored_version(self):
        return self.instance.updated_at.isoformat()

    def clean_version(self):
        """Refuse a save based on an older version of the article: someone saved it since.

        The form is shown again with what the editor typed, now carrying the stored
        version: saving again (after reviewing the other changes) overwrites them.
        """
        version = self.cleaned_data["version"]
        if self.instance.pk and version and version != self.stored_version:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = self.stored_version
            # Above the form: the field is hidden.
            self.add_error(None, ValidationError(self.changed_since_message(), code="stale"))
        return version

    def changed_since_message(self):
        latest = revisions.versions_of(self.instance).first()
        user = latest and latest.revision.user
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Changed by %(user)s at %(time)s — review their changes before saving again.")
            % {
                "user": (user.get_full_name() or user.get_username()) if user else _("someone"),
                "time": time_format(timezone.localtime(self.instance.updated_at)),
            },
            reverse("admin:news_article_compare", args=[self.instance.pk]),
            _("Compare revisions"),
        )

    class Media:
        css = {"all": ["news/admin/article-form.css"]}
        js = [
            "news/admin/edit-lock.js",
            "news/admin/title-counter.js",
            "news/admin/editor-menu-i18n.js",
            "news/admin/field-names.js",
        ]

    class Meta:
        model = Article
        fields = ["slug", "status", "featured_image", "image_alt"]
        field_classes = {"featured_image": FeaturedImageField}

    def save(self, commit=True):
        """Save; a published article whose slug changed keeps its old address as a redirect."""
        before = {name: getattr(self.instance, name) for name in WORKFLOW_FIELDS}
        self.move_in_workflow()
        self.moved = [name for name, old in before.items() if getattr(self.instance, name) != old]
        was_published = self.initial.get("status") == Article.Status.PUBLISHED
        article = super().save(commit=commit)
        if "slug" in self.changed_data:
            OldSlug.objects.record(article, self.initial.get("slug") if was_published else None)
        return article

    def _save_m2m(self):
        super()._save_m2m()
        if "pinned_articles" in self.cleaned_data:
            self.instance.related_pins.all().delete()
            RelatedPin.objects.bulk_create(
                RelatedPin(article=self.instance, pinned=pinned, position=position)
                for position, pinned in enumerate(self.cleaned_data["pinned_articles"])
            )

    def clean(self):
        # The instance is still the article as stored: the rules look at its state.
        pressed = next((name for name in DESK_BUTTONS if name in self.data), None)
        if pressed:
            allowed = desk_buttons(self.user, self.instance)
            self.transition = pressed if pressed in allowed else SAVE_DRAFT
        self.sent_back = self.transition == SEND_BACK
        self.submitted = self.transition == SUBMIT_FOR_REVIEW
        cleaned_data = super().clean()
        if self.sent_back and not cleaned_data.get("review_note"):
            self.add_error(
                "review_note", _("Tell the reporter what to change before sending it back.")
            )
        if self.transition == SCHEDULE:
            self.check_schedule_time(cleaned_data.get("schedule_at"))
        return cleaned_data

    def check_schedule_time(self, at):
        if "schedule_at" in self.errors:
            return
        if at is None:
            self.add_error("schedule_at", _("Choose when readers will see the article."))
        elif at <= timezone.now():
            self.add_error(
                "schedule_at",
                _("Choose a time still to come; to publish now, press “Publish”."),
            )

    def move_in_workflow(self):
        """Call the article's workflow method for the button pressed or the status chosen.

        Publishing dates the article now (a scheduled one too), unless the editor changed the
        publication time: a time to come schedules it, a past one is kept as chosen.
        """
        article, was = self.instance, self.initial.get("status")
        chosen_time = "published_at" in self.changed_data
        if self.sent_back:
            article.send_back(self.cleaned_data["review_note"], by=self.user)
        elif self.submitted:
            article.submit_for_review(by=self.user)
        elif self.transition == SCHEDULE:
            article.schedule(self.cleaned_data["schedule_at"], by=self.user)
        elif self.transition == UNPUBLISH:
            article.unpublish()
        elif self.transition == PUBLISH or (
            article.status == Article.Status.PUBLISHED and (was != article.status or chosen_time)
        ):
            at = self.cleaned_data["published_at"] if chosen_time else None
            publish_now = self.transition == PUBLISH and article.state == Article.State.SCHEDULED
            if at and at > timezone.now() and not publish_now:
                article.schedule(at, by=self.user)
            else:
                article.publish(
                    at=timezone.now() if at is None and publish_now else at, by=self.user
                )
        elif article.status == Article.Status.REVIEW and was != article.status:
            article.submit_for_review(by=self.user)
        elif article.status == Article.Status.DRAFT and was != article.status:
            article.unpublish()

    @property
    def changed_data(self):
        # A button or publishing changes the status or the time while their fields are
        # unchanged: still a change, for the history and the revision comment.
        # The version and the schedule box are the form's own, not the article's.
        own = {"version", "schedule_at"}
        changed = [name for name in super().changed_data if name not in own]
        return [*changed, *(name for name in self.moved if name not in changed)]


class TagMergeForm(forms.Form):
    """Where the selected tags go: one of them, or a tag named here."""

    target = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Tag.objects.none(), required=False, empty_label=None
    )
    new_name = forms.CharField(
        label=_("or into a tag named"),
        max_length=100,
        required=False,
        help_text=_("An existing tag of that name is used; otherwise it is created."),
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = tags
        self.fields["target"].queryset = tags

    def clean(self):
        data = super().clean()
        data["new_name"] = " ".join(data.get("new_name", "").split())
        if not data["new_name"] and not data.get("target"):
            raise ValidationError(_("Choose a tag or type a name."), code="required")
        return data

    def save(self):
        """Merge the tags; return the tag they were merged into and how many went."""
        name = self.cleaned_data["new_name"]
        target = Tag.objects.for_name(name) if name else self.cleaned_data["target"]
        return target, self.tags.merge_into(target)


class LiveEntryForm(forms.ModelForm):
    """The compact form on an article's admin page that adds one live entry, with an optional
    image checked and stripped as an article's is."""

    class Meta:
        model = LiveEntry
        fields = ["text", "image", "image_alt"]
        field_classes = {"image": FeaturedImageField}
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}
        labels = {"text": _("New live entry")}

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("image") and not cleaned_data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Describe the image for readers who cannot see it."))
        return cleaned_data
