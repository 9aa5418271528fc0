"""`/healthz`: whether this instance can reach its database and its cache.

For load balancers and uptime monitors. It names the failing check and nothing else: no
versions, hosts or error texts, which go to the log instead.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
CACHE_KEY = "healthz"


def database_reachable():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_reachable():
    cache.set(CACHE_KEY, "ok", 10)
    return cache.get(CACHE_KEY) == "ok"


CHECKS = {"database": database_reachable, "cache": cache_reachable}


def passes(name, check):
    try:
        return check()
    except Exception:  # any failure of a backend means "not healthy", whatever its class
        logger.exception("Health check %s failed", name)
        return False


@never_cache
@require_safe
def healthz(request):
    failed = [name for name, check in CHECKS.items() if not passes(name, check)]
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
