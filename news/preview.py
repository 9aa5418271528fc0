"""Signed links that let someone without an account read an article before it is published.

A link names the article and expires after PREVIEW_LINK_MAX_AGE seconds. Nothing is stored:
changing SECRET_KEY revokes every link.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "news.preview"


def preview_url(article):
    return reverse("news:preview", kwargs={"token": signing.dumps(article.pk, salt=SALT)})


def article_pk(token):
    """The article a link names. Raises SignatureExpired when too old, BadSignature if forged."""
    return signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
