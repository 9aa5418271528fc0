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

from beritapolisi import cache as backend
from comments.models import Comment
from news import cache as page_cache

from . import test_cache, test_comments, test_most_read
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


class TestRedisUnreachable:
    """While Redis cannot be reached the cache is an empty one: readers, commenters and the
    most-read beacon are served, each page rendered afresh; once Redis answers again, pages
    are shared again."""

    @pytest.fixture
    def dead_redis(self, settings, monkeypatch):
        monkeypatch.setattr(backend, "RETRY_SECONDS", 0)  # try Redis on every call
        settings.CACHES = caches_with_redis(f"redis://127.0.0.1:{free_port()}/0")

    def test_pages_are_rendered_for_every_reader(self, dead_redis, caplog):
        article = ArticleFactory(title="Redis sedang mati")
        first, second = Client().get(article.get_absolute_url()), Client().get("/")
        assert first.status_code == second.status_code == 200
        assert "Redis sedang mati" in first.text and "Redis sedang mati" in second.text
        assert "Redis unreachable" in caplog.text
        article.title = "Judul diperbarui"
        article.save()
        assert "Judul diperbarui" in Client().get(article.get_absolute_url()).text

    def test_comments_and_the_beacon_still_work(self, dead_redis):
        article = ArticleFactory()
        assert test_comments.post(Client(), article).status_code == 302
        assert article.comments.get().status == Comment.Status.PENDING
        assert test_most_read.beacon(article.pk).status_code == 204

    def test_the_cache_is_used_again_once_redis_answers(self):
        """One failure makes the process leave Redis alone for a while, then try it again."""
        client = cache._cache
        client.unreachable_until = time.monotonic() + 60  # as after a failure
        assert cache.add("key", 1) is False and cache.get("key") is None
        client.unreachable_until = 0
        assert cache.add("key", 1) is True and cache.get("key") == 1
