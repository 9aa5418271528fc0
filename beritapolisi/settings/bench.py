"""The benchmark's server (scripts/benchmark.py): production settings over plain HTTP on
127.0.0.1, with a bare view to compare every page with. Never used to serve readers."""

from .prod import *  # noqa: F403

ROOT_URLCONF = "beritapolisi.bench_urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
