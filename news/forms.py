from django import forms
from django.utils.translation import gettext_lazy as _

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
