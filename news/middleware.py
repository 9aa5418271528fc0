from django.http import HttpResponsePermanentRedirect

from .models import Redirect


class RedirectFallbackMiddleware:
    """Old addresses (news.Redirect): an address nothing else answers moves permanently.

    Like django.contrib.redirects' middleware, it looks only at 404 responses, so pages that
    exist cost no query. The path is matched with and without its trailing slash, and with
    its query string when it has one (/?p=123 is answered by the front page view).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        path = request.path
        other = path[:-1] if path.endswith("/") else f"{path}/"
        query = request.META.get("QUERY_STRING", "")
        candidates = [f"{path}?{query}", path, other] if query else [path, other]
        found = dict(
            Redirect.objects.filter(old_path__in=candidates).values_list("old_path", "new_path")
        )
        for candidate in candidates:
            if candidate in found:
                return HttpResponsePermanentRedirect(found[candidate])
        return response
