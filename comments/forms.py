import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import Comment, normalize_email

TOKEN_SALT = "comments.form-token"


def make_form_token(article, issued_at=None):
    """A signed token naming the article, a one-off nonce and the time the form was shown."""
    payload = {"a": article.pk, "n": secrets.token_hex(16), "t": issued_at or time.time()}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


class CommentForm(forms.ModelForm):
    """The Leave a Comment form.

    `homepage` is a honeypot: it is hidden from people, so only bots fill it in. `token` tells
    when the form was shown, and lets a double submission of one form count once.
    """

    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body"]
        labels = {"body": _("Comment")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"email": _("Never published.")}

    @classmethod
    def for_reader(cls, request, article):
        """An empty form, answering the comment of the reply link (?balas=) if any.

        The same for every reader, so the page can be shared by caches: the remember-me
        details are filled in by the browser (static/js/remember-commenter.js).
        """
        initial = {}
        reply_to = request.GET.get("balas", "")
        if reply_to.isdigit():
            initial["parent"] = int(reply_to)
        return cls(article=article, initial=initial)

    @cached_property
    def reply_to(self):
        """The approved comment this form answers, if any."""
        if self.is_bound:
            return self.cleaned_data.get("parent") if hasattr(self, "cleaned_data") else None
        parent_id = self.initial.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.approved().filter(article=self.article, pk=parent_id).first()
        return parent if parent and parent.accepts_replies else None

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["token"].initial = make_form_token(article)

    def clean_name(self):
        """Readers cannot sign as the newsroom: its replies are written in the admin."""
        name = self.cleaned_data["name"]
        if name.strip().casefold() == settings.COMMENTS_NEWSROOM_NAME.casefold():
            raise forms.ValidationError(_("This name is kept for the newsroom's replies."))
        return name

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean_token(self):
        """Check the token; an expired or damaged one gets a fresh token and a request to resend.

        Returns (nonce, seconds since the form was shown).
        """
        try:
            payload = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT)
            age = time.time() - float(payload["t"])
            valid = payload["a"] == self.article.pk and age >= 0
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            valid = False
        if not valid or age > settings.COMMENTS_FORM_MAX_AGE:
            self.renew_token()
            raise forms.ValidationError(
                _("This form has expired. Please check your comment and send it again."),
                code="expired",
            )
        return payload["n"], age

    def clean_parent(self):
        """A reply must answer an approved comment of this article that still takes replies."""
        parent_id = self.cleaned_data["parent"]
        if parent_id is None:
            return None
        parent = (
            Comment.objects.approved()
            .filter(article=self.article, pk=parent_id)
            .select_related("article")
            .first()
        )
        if parent is None or not parent.accepts_replies:
            raise forms.ValidationError(_("You can no longer reply to this comment."))
        return parent

    def renew_token(self):
        data = self.data.copy()
        data[self.add_prefix("token")] = make_form_token(self.article)
        self.data = data

    @property
    def nonce(self):
        """Identifies one submission: the form's nonce with what was written in it.

        Every reader of a cached page gets the same form token, so the nonce alone cannot tell
        two readers apart; sending one filled-in form twice still gives the same value.
        """
        parent = self.cleaned_data.get("parent")
        parts = [
            self.cleaned_data["token"][0],
            self.cleaned_data.get("email", ""),
            self.cleaned_data.get("body", ""),
            str(parent.pk if parent else ""),
        ]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]

    @property
    def seconds_to_submit(self):
        return self.cleaned_data["token"][1]

    @property
    def honeypot_filled(self):
        return bool(self.cleaned_data.get("homepage"))
