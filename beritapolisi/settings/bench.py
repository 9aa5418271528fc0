"""The benchmark's server (scripts/benchmark.py): production settings over plain HTTP on
127.0.0.1, with a bare view to compare every page with. Never used to serve readers.

Every page is rendered for every request, as when the page cache misses (its fragments
stay cached), unless BENCH_PAGE_CACHE=1: then pages come from the page cache.
"""

import os

from .prod import *  # noqa: F403

ROOT_URLCONF = "beritapolisi.bench_urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
if os.environ.get("BENCH_PAGE_CACHE") != "1":
    PAGE_CACHE_NAMESPACES = []
