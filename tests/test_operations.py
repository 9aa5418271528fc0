"""Operations: the health check and JSON logs."""

import json
import logging
import subprocess
import sys

import pytest
from django.urls import reverse

from beritapolisi.logformat import JsonFormatter

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_cache_answer(client, django_assert_num_queries):
    """Both checks pass: 200 with a bare status, never cached, one cheap query."""
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_healthz_names_the_failing_database_and_leaks_nothing(client, monkeypatch, caplog):
    """An unreachable database gives 503 naming the check, not the error or the host."""

    def unreachable(*args, **kwargs):
        raise OSError("connection refused to db.internal:5432")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["database"]}
    assert "db.internal" not in response.text
    assert "Health check database failed" in caplog.text


def test_healthz_names_the_failing_cache(client, monkeypatch):
    """A cache that does not answer gives 503 naming the cache."""

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("django.core.cache.cache.set", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}


def test_healthz_refuses_writes(client):
    """Only GET and HEAD are answered."""
    assert client.post(reverse("healthz")).status_code == 405


def test_json_formatter_writes_one_parsable_object_per_record():
    """Each record becomes one JSON line with level, logger, message and the exception."""
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "beritapolisi", logging.ERROR, __file__, 1, "Gagal %s", ("unggah",), None
        )
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "beritapolisi"
    assert entry["message"] == "Gagal unggah"
    assert "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_log_format_json_switches_the_console_to_json(settings):
    """LOG_FORMAT=json in the environment makes the site's log lines JSON."""
    code = "import logging; logging.getLogger('beritapolisi').warning('siap')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={"LOG_FORMAT": "json", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "siap"
    assert entry["level"] == "WARNING"
