"""The page cache on a real Redis server (Django's RedisCache backend, used when REDIS_URL is
set): shared pages, invalidation, 304 and one rendering under a stampede."""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from news import cache as page_cache

from . import test_cache
from .factories import ArticleFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throwaway redis-server. Required in CI; skipped elsewhere if it is not installed."""
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: apt-get install -y redis-server")
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(autouse=True)
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "beritapolisi",
        }
    }
    cache.clear()
    return redis.Redis.from_url(redis_url)


def test_the_backend_is_redis(redis_cache):
    """Pages and the content version live in the Redis server."""
    article = ArticleFactory(title="Disimpan di Redis")
    Client().get(article.get_absolute_url())
    keys = {key.decode() for key in redis_cache.keys("beritapolisi:*")}
    assert f"beritapolisi:1:{page_cache.VERSION_KEY}" in keys
    assert any(key.startswith("beritapolisi:1:page:id:") for key in keys)


def test_a_page_is_shared_and_invalidated(django_assert_num_queries):
    """The second reader costs no query; an edit shows on the next request."""
    article = ArticleFactory(title="Judul Lama")
    first = Client().get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = Client().get(article.get_absolute_url())
        not_modified = Client().get(
            article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"]
        )
    assert second.content == first.content
    assert not_modified.status_code == 304
    article.title = "Judul Baru"
    article.save()
    assert "Judul Baru" in Client().get(article.get_absolute_url()).text


class TestStampedeOnRedis(test_cache.TestStampede):
    """The 64-reader stampede, with the lock and the pages in Redis."""
