"""The "remember me" cookie: set only when the reader ticks the consent box."""

import json

from django.conf import settings

COOKIE_NAME = "komentar_pembaca"
COOKIE_SALT = "comments.remember"
REMEMBERED_FIELDS = ["name", "email", "website"]


def remembered_commenter(request):
    """The name, email and website this browser asked to be remembered, or {}."""
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    try:
        data = json.loads(value) if value else {}
    except ValueError:
        return {}
    return {field: str(data.get(field, "")) for field in REMEMBERED_FIELDS} if data else {}


def update_remembered_commenter(response, form):
    """Store the reader's details if they consented; otherwise forget any stored ones."""
    if not form.cleaned_data.get("remember"):
        response.delete_cookie(COOKIE_NAME)
        return
    data = {field: form.cleaned_data.get(field) or "" for field in REMEMBERED_FIELDS}
    response.set_signed_cookie(
        COOKIE_NAME,
        json.dumps(data),
        salt=COOKIE_SALT,
        max_age=settings.COMMENTS_REMEMBER_COOKIE_DAYS * 24 * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
