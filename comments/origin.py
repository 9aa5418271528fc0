"""The comment form's protection against cross-site posts, without a per-reader token.

The comment form sits on pages that caches share between readers, so it cannot carry Django's
CSRF token (a cookie and a token per reader). It needs none: a comment is not an action taken
in the reader's name (there is no account), its signed form token ties it to one article and
a time (comments.forms), and a browser always names the page a form was sent from in `Origin`
(or at least `Referer`). A post from another site's page is refused.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt


def sent_from_this_site(request):
    """True unless the Origin (or, without it, the Referer) header names another site."""
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    if origin := request.headers.get("Origin"):
        return origin in allowed
    if referer := request.headers.get("Referer"):
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in allowed
    return True  # no browser sends a form from another site without both headers


def refuse_cross_site_posts(view):
    """Exempt `view` from CSRF tokens and refuse (403) a POST sent from another site.

    Wraps a view function, or a class-based view's `dispatch` through `method_decorator`.
    """

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and not sent_from_this_site(request):
            return render(request, "comments/cross_site.html", status=403)
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)
