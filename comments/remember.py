"""The "remember me" cookie: set only when the reader ticks the consent box.

Only the reader's browser reads it: static/js/remember-commenter.js fills the form from it (the
cookie name is written there too), so the server sends every reader the same page. It holds
JSON, percent-encoded, and is readable by scripts like WordPress's comment cookies: it only
holds what the reader typed into a public form. Without JavaScript the reader types again.
"""

import json
from urllib.parse import quote

from django.conf import settings

COOKIE_NAME = "komentar_pembaca"
REMEMBERED_FIELDS = ["name", "email", "website"]


def update_remembered_commenter(response, form):
    """Store the reader's details if they consented; otherwise forget any stored ones."""
    if not form.cleaned_data.get("remember"):
        response.delete_cookie(COOKIE_NAME)
        return
    data = {field: form.cleaned_data.get(field) or "" for field in REMEMBERED_FIELDS}
    response.set_cookie(
        COOKIE_NAME,
        quote(json.dumps(data), safe=""),
        max_age=settings.COMMENTS_REMEMBER_COOKIE_DAYS * 24 * 60 * 60,
        httponly=False,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
