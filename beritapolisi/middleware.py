import codecs

from django import forms
from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from js_asset import Media


class SiteLanguageMiddleware:
    """Serve the site in Indonesian unless the reader chose another language.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: many
    Indonesian readers' phones are set to English, and the site is Indonesian first. A choice
    stored in the language cookie (`beritapolisi.views.set_language`) still wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])  # the language cookie
        return response


class RejectNullCharacterPathMiddleware:
    """Answer 404 to an address with a NUL character: no page has one, and PostgreSQL refuses
    to compare text containing it (a database error, a 500, otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseNotFound(
                _("There is no page at this address."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class RejectUndecodableBodyMiddleware:
    """Answer 400 to a request body in a character set Django cannot or will not decode.

    Django refuses a form body (`application/x-www-form-urlencoded`) in any charset but UTF-8
    with BadRequest, and an unknown charset with LookupError. Raised inside the CSRF check,
    the first would fail again while rendering the error page, and the second is a 500; both
    are answered here, before anything reads the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_type else None
        if charset and not self.acceptable(request.content_type, charset):
            return HttpResponseBadRequest(
                _("The request body must be UTF-8."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)

    @staticmethod
    def acceptable(content_type, charset):
        try:
            name = codecs.lookup(charset).name
        except LookupError:
            return False
        return content_type != "application/x-www-form-urlencoded" or name == "utf-8"


class AdminMediaNonceMiddleware:
    """Give the form media of admin pages this request's CSP nonce.

    The rich-text editor's media include an inline import map, which a nonce-based policy
    runs only with the nonce. Only admin pages (never cached) get it; public pages have no
    inline scripts, so no per-request value ends up in shared cached HTML.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        media = (response.context_data or {}).get("media")
        in_admin = request.path.startswith(reverse("admin:index"))
        if in_admin and isinstance(media, forms.Media) and hasattr(request, "csp_nonce"):
            response.context_data["media"] = Media.from_media(media, nonce=request.csp_nonce)
        return response
