"""Signed links that let someone without an account read an article before it is published.

A link names the article and its `preview_version`, and expires after PREVIEW_LINK_MAX_AGE
seconds. Raising the version (the change form's "Revoke preview links" button, or
unpublishing) kills every link made before; changing SECRET_KEY kills all links.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "news.preview"
IMAGES_SESSION_KEY = "news_previewed_articles"
MAX_PREVIEWS_PER_SESSION = 20


def preview_url(article):
    token = signing.dumps([article.pk, article.preview_version], salt=SALT)
    return reverse("news:preview", kwargs={"token": token})


def read_token(token):
    """The article pk and preview version a link names.

    Raises SignatureExpired when too old, BadSignature if forged or in an older format.
    """
    payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    if not (isinstance(payload, list) and len(payload) == 2):
        raise signing.BadSignature("Not a preview link.")
    return payload


def allow_images(session, article):
    """Let this session see the images of `article`, whose shared preview it opened."""
    allowed = [pk for pk in session.get(IMAGES_SESSION_KEY, []) if pk != article.pk]
    session[IMAGES_SESSION_KEY] = [*allowed, article.pk][-MAX_PREVIEWS_PER_SESSION:]


def images_allowed(session, article):
    return article.pk in session.get(IMAGES_SESSION_KEY, [])
