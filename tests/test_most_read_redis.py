"""Most-read counting with several server processes: each gunicorn worker counts into the same
Redis keys, so no view is lost and the fold sees them all."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from news import popularity
from news.models import HourlyViews

from .factories import ArticleFactory
from .test_cache_redis import redis_cache, redis_url  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PROJECT = Path(__file__).resolve().parent.parent
VIEWS_PER_WORKER = 300
WORKER = """
import sys
import django
django.setup()
from news import popularity
for _ in range(int(sys.argv[2])):
    popularity.count_view(int(sys.argv[1]))
"""


def test_two_workers_count_into_the_same_keys(redis_url):  # noqa: F811
    """Two processes, each with its own connection to Redis, count views of one article at the
    same time; the fold writes every one of them into the database."""
    article = ArticleFactory()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "beritapolisi.settings.dev",
        "REDIS_URL": redis_url,
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(article.pk), str(VIEWS_PER_WORKER)],
            cwd=PROJECT,
            env=environment,
        )
        for _ in range(2)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    popularity.fold()
    total = sum(HourlyViews.objects.filter(article=article).values_list("count", flat=True))
    assert total == 2 * VIEWS_PER_WORKER


def test_the_beacon_counts_in_redis(redis_cache):  # noqa: F811
    """The counter and the hour's list of counted articles live in the Redis server."""
    article = ArticleFactory()
    popularity.fold_is_due()  # taken: the beacon only counts
    response = Client().post(
        reverse("news:count_view"), {"id": article.pk}, HTTP_USER_AGENT="Mozilla/5.0 Firefox/133.0"
    )
    assert response.status_code == 204
    keys = {key.decode() for key in redis_cache.keys("beritapolisi:*views:*")}
    assert any(key.endswith(f":{article.pk}") for key in keys)
    assert any(key.endswith(":slot:1") for key in keys)
