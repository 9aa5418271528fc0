"""The site's addresses plus a bare view: what Django and the middleware cost by themselves.

Only the benchmark's settings (beritapolisi.settings.bench) use this module.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("beritapolisi.urls")),
]
