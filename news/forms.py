from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article
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


class ArticleAdminForm(forms.ModelForm):
    """The article form, plus the workflow buttons: submit for review and send back.

    A button sets the status; sending back needs a note telling the reporter what to change.
    ArticleAdmin builds the form's fields for each role.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.sent_back:
            if not cleaned_data.get("review_note"):
                self.add_error(
                    "review_note", _("Tell the reporter what to change before sending it back.")
                )
            cleaned_data["status"] = Article.Status.DRAFT
        elif SUBMIT_FOR_REVIEW in self.data:
            cleaned_data["status"] = Article.Status.REVIEW
        return cleaned_data

    @property
    def changed_data(self):
        # A button sets the status while the status field is unchanged: still a change, for the
        # history and the revision comment.
        changed = super().changed_data
        status = getattr(self, "cleaned_data", {}).get("status")
        if status and status != self.initial.get("status") and "status" not in changed:
            return [*changed, "status"]
        return changed

    @property
    def sent_back(self):
        # Only editors' forms carry the note, so only an editor can send an article back.
        return SEND_BACK in self.data and "review_note" in self.fields
