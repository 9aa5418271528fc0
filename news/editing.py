"""Two editors on one article: who is editing it now (the edit lock, kept in the cache) and
what each editor last typed (the autosave, kept in the database).

The change form claims the lock when it opens and its script (static/news/admin/edit-lock.js)
renews it every HEARTBEAT seconds; without renewal it expires after LOCK_TIMEOUT seconds.
Another editor sees who holds it and may take it over: the first editor's next heartbeat
learns they lost it. Saving an article opened on an older version is refused by the form
(ArticleAdminForm.clean_version), whoever held the lock.
"""

from django.core.cache import cache
from django.utils import timezone

from .models import ArticleAutosave

HEARTBEAT = 30  # seconds between two renewals of the lock, and between two autosaves
LOCK_TIMEOUT = 120  # seconds a lock lives without renewal
# The fields an autosave keeps: the text an editor types.
AUTOSAVED_FIELDS = [
    "title",
    "slug",
    "excerpt",
    "body",
    "image_alt",
    "image_caption",
    "image_credit",
    "review_note",
]


def lock_key(article):
    return f"news:edit-lock:{article.pk}"


def lock_of(article):
    """The article's lock: {"user_id", "name", "since"}, or None when no one holds it."""
    return cache.get(lock_key(article))


def take_lock(article, user, since=None):
    """Make `user` the article's holder (since now, or since they first took it)."""
    lock = {
        "user_id": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "since": since or timezone.now(),
    }
    cache.set(lock_key(article), lock, LOCK_TIMEOUT)
    return lock


def claim_lock(article, user):
    """Take or renew the lock unless another editor holds it; return that editor's lock,
    or None when `user` holds it now."""
    lock = lock_of(article)
    if lock and lock["user_id"] != user.pk:
        return lock
    take_lock(article, user, since=lock and lock["since"])
    return None


def autosave(article, user, data, editable):
    """Keep the autosaved fields of `data` (a form's POST) among the `editable` field names
    as the user's autosave."""
    fields = {name: data[name] for name in AUTOSAVED_FIELDS if name in data and name in editable}
    saved, _created = ArticleAutosave.objects.update_or_create(
        article=article, user=user, defaults={"data": fields}
    )
    return saved


def newer_autosave(article, user):
    """The user's autosave of the article if saved after the article, else None."""
    return ArticleAutosave.objects.filter(
        article=article, user=user, saved_at__gt=article.updated_at
    ).first()


def discard_autosave(article, user):
    ArticleAutosave.objects.filter(article=article, user=user).delete()
