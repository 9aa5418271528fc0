from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
