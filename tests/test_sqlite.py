"""SQLite as configured for the site: concurrent writers wait for each other instead of failing."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings only"),
]

WRITERS = 20


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A database file opened with the site's SQLite options, as a connection alias."""
    alias = "concurrency"
    django_db_blocker.unblock()
    connections.settings[alias] = {
        **connections.settings["default"],
        "NAME": str(tmp_path / "db.sqlite3"),
        "OPTIONS": settings.DATABASES["default"].get("OPTIONS", {}),
    }
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, title TEXT, saves INTEGER)")
        cursor.execute("INSERT INTO article VALUES (1, 'Judul', 0)")
    yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]
    django_db_blocker.restore()


def save_like_the_admin(alias, all_have_read):
    """Read the article, then write it, in one transaction, as the admin's change view does.

    Every writer waits (briefly) until all have read, so without IMMEDIATE transactions all
    hold a read snapshot when they try to write: the classic "database is locked" collision.
    With IMMEDIATE, the first writer holds the lock, the wait times out and the rest queue.
    """
    try:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT saves FROM article WHERE id = 1")
            [saves] = cursor.fetchone()
            with contextlib.suppress(threading.BrokenBarrierError):
                all_have_read.wait(timeout=1)
            cursor.execute("UPDATE article SET saves = %s WHERE id = 1", [saves + 1])
        return "saved"
    except Exception as error:  # the collision we are checking for: OperationalError
        return str(error)
    finally:
        connections[alias].close()


def test_twenty_concurrent_saves_all_succeed_and_none_is_lost(file_database):
    """20 simultaneous read-then-write transactions on a database file: all saved, in turn."""
    all_have_read = threading.Barrier(WRITERS)
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(
            pool.map(lambda _: save_like_the_admin(file_database, all_have_read), range(WRITERS))
        )
    assert results == ["saved"] * WRITERS
    with connections[file_database].cursor() as cursor:
        cursor.execute("SELECT saves FROM article WHERE id = 1")
        assert cursor.fetchone() == (WRITERS,)
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
