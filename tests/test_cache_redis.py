"""The page cache on a real Redis server (Django's RedisCache backend with one client per
connection pool, beritapolisi.cache, used when REDIS_URL is set): shared pages, invalidation,
304 and one rendering under a stampede."""

import importlib
import os
import shutil
import socket
import subprocess
import time
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from news import cache as page_cache

from . import test_cache
from .factories import ArticleFactory

real_init = redis.Redis.__init__

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


def caches_with_redis(redis_url):
    """CACHES as the settings make them when REDIS_URL is set."""
    base = importlib.import_module("beritapolisi.settings.base")
    try:
        with mock.patch.dict(os.environ, REDIS_URL=redis_url):
            return importlib.reload(base).CACHES
    finally:
        importlib.reload(base)


@pytest.fixture(autouse=True)
def redis_cache(settings, redis_url):
    settings.CACHES = caches_with_redis(redis_url)
    cache.clear()
    return redis.Redis.from_url(redis_url)


def test_the_backend_is_redis(redis_cache):
    """Pages and the content version live in the Redis server."""
    article = ArticleFactory(title="Disimpan di Redis")
    Client().get(article.get_absolute_url())
    keys = {key.decode() for key in redis_cache.keys("beritapolisi:*")}
    assert f"beritapolisi:1:{page_cache.VERSION_KEY}" in keys
    assert any(key.startswith("beritapolisi:1:page:id:") for key in keys)


def test_one_redis_client_serves_every_cache_call(redis_cache):
    """The backend makes its redis-py client once (Django's makes one per call, whose table
    of response callbacks costs more than a page-cache hit), and it keeps working."""
    made = []

    def counted_init(client, **kwargs):
        made.append(client)
        real_init(client, **kwargs)

    with mock.patch.object(redis.Redis, "__init__", autospec=True, side_effect=counted_init):
        cache.set("one", 1)
        assert cache.get_many(["one", "two"]) == {"one": 1}
        assert cache.incr("one") == 2
        Client().get(ArticleFactory().get_absolute_url())
    assert len(made) <= 1


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
