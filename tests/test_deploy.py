"""Production settings and the production server, exercised as an operator would."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import brotli
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "beritapolisi.settings.prod",
    "SECRET_KEY": "x7" * 30 + "-production-like-secret-for-tests",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
}
# Each test runs manage.py or gunicorn in a new process.
pytestmark = pytest.mark.slow


# Set by the test run itself (settings module, the browser tests' async allowance), never by an
# operator.
TEST_ONLY_VARIABLES = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def operator_env(**env):
    """The environment an operator would have, plus `env`."""
    inherited = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return {**inherited, **env}


def run(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=operator_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_check_deploy_reports_nothing():
    """`manage.py check --deploy` is clean with the production settings."""
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    """No silent default secret in production."""
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, attempts=100):
    for _ in range(attempts):
        try:
            return urllib.request.urlopen(url, timeout=2)
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """The demo site served by gunicorn (with gunicorn.conf.py) and the production settings."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = {
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECURE_SSL_REDIRECT": "false",
    }
    for command in [["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]]:
        result = run(["manage.py", *command], env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "beritapolisi.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=BASE_DIR,
        env=operator_env(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_serves_pages_and_whitenoise_serves_static(production_site):
    """`gunicorn beritapolisi.wsgi` serves the front page; WhiteNoise serves hashed CSS."""
    front = wait_for(production_site + "/")
    html = front.read().decode()
    assert front.status == 200
    assert "Kapolda Metro Jaya Audiensi" in html
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    css = urllib.request.urlopen(production_site + stylesheet)
    assert css.status == 200
    assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert b".site-header" in css.read()


def test_static_files_are_served_compressed_with_brotli(production_site):
    """collectstatic wrote a Brotli copy of each hashed file; a browser that accepts it gets it."""
    html = wait_for(production_site + "/").read().decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    request = urllib.request.Request(
        production_site + stylesheet, headers={"Accept-Encoding": "br, gzip"}
    )
    css = urllib.request.urlopen(request)
    assert css.headers["Content-Encoding"] == "br"
    assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert b".site-header" in brotli.decompress(css.read())


def test_production_keeps_database_connections_with_health_checks():
    """Each worker keeps its database connection for a minute, checked before it is reused."""
    shown = "from django.db import connection as c; print(c.settings_dict['CONN_MAX_AGE'], "
    shown += "c.settings_dict['CONN_HEALTH_CHECKS'])"
    result = run(["manage.py", "shell", "--no-imports", "-c", shown], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]


def test_gunicorn_reads_the_production_worker_settings():
    """gunicorn started in the project finds gunicorn.conf.py: three sync workers for two cores,
    forked from the loaded app and recycled with jitter, trusting forwarded headers from
    TRUSTED_PROXIES only."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [gunicorn, "--print-config", "beritapolisi.wsgi"],
        cwd=BASE_DIR,
        env=operator_env(**PRODUCTION, TRUSTED_PROXIES="10.0.0.2"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))
    assert config["workers"] == "3" and config["worker_class"] == "sync"
    assert config["max_requests"] == "10000" and config["max_requests_jitter"] == "1000"
    assert config["preload_app"] == "True"
    assert config["forwarded_allow_ips"] == "['10.0.0.2']"
