"""Time the search page on a 1,000- and a 100,000-article site, through Django's test client.

    .venv/bin/python scripts/benchmark_search.py [--sizes 1000 100000] [--runs 15] [--keep]
    DATABASE_URL=postgres://... .venv/bin/python scripts/benchmark_search.py

Each site is built by scripts/benchmark.py's generator in a fresh database (SQLite files in a
temporary folder; with DATABASE_URL, new databases `<name>_bench_<size>` on that server,
dropped afterwards): the same articles, tags and comments as `make bench`, whose bodies mix
common words ("polisi" is in nearly every article) with Zipf-drawn topics ("kamtibmas").
Every request renders the whole page: the cache (pages and fragments) is emptied before each
one. The table gives the median milliseconds per query and size, and the growth from the
smallest to the largest site (target: at most 1.5). `--explain` prints the plan of each SQL
query the page runs on the largest site: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on
SQLite.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS.parent), str(SCRIPTS)]  # this checkout's code, then the generator

import benchmark  # noqa: E402  (scripts/benchmark.py: the site generator)

QUERIES = ["kamtibmas", "polisi", "razia kendaraan malam", "kamtibmas patroli"]
NEWEST_FIRST = "polisi"  # also timed with ?urut=terbaru


def addresses():
    from django.urls import reverse
    from django.utils.http import urlencode

    search = reverse("news:search")
    pages = {f"{query!r}": f"{search}?{urlencode({'q': query})}" for query in QUERIES}
    newest = urlencode({"q": NEWEST_FIRST, "urut": "terbaru"})
    pages[f"{NEWEST_FIRST!r}, newest first"] = f"{search}?{newest}"
    return pages


def build_command(options):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    benchmark.build_site(options.articles)


def time_command(options):
    """Median milliseconds of each search page, as JSON on stdout."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client, timings = Client(), {}
    for name, url in addresses().items():
        assert client.get(url).status_code == 200, url
        runs = []
        for _ in range(options.runs):
            cache.clear()
            start = time.perf_counter()
            client.get(url)
            runs.append((time.perf_counter() - start) * 1000)
        timings[name] = statistics.median(runs)
    print(json.dumps(timings))


def explain_command(options):
    """The plan of every query the search page runs, for one query."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    url = addresses()[repr(options.query)]
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        Client().get(url)
    print(f"### search {options.query!r}: `{url}` ({len(captured)} queries)\n")
    explain = (
        "EXPLAIN (ANALYZE, COSTS OFF) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            cursor.execute(explain + sql)
            rows = cursor.fetchall()
            plan = [row[0] if connection.vendor == "postgresql" else row[-1] for row in rows]
            print(f"```sql\n{sql}\n```\n```\n" + "\n".join(plan) + "\n```\n")


def main_command(options):
    folder = Path(options.reuse or tempfile.mkdtemp(prefix="beritapolisi-search-"))
    database = benchmark.Database(os.environ.get("DATABASE_URL", ""), folder)
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "beritapolisi.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PYTHONPATH": str(benchmark.ROOT),
    }
    try:
        benchmark.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], base_env)
        times = {}
        for size in options.sizes:
            env = {**base_env, "DATABASE_URL": database.site_url(size)}
            if not options.reuse:
                database.create(size)
                start = time.perf_counter()
                benchmark.run([sys.executable, __file__, "build", "--articles", str(size)], env)
                took = time.perf_counter() - start
                print(
                    f"{database.vendor}: built {size:,} articles in {took:.0f} s", file=sys.stderr
                )
            command = [sys.executable, __file__, "time", "--runs", str(options.runs)]
            output = benchmark.run(command, env, capture_output=True, text=True).stdout
            times[size] = json.loads(output)
            if options.explain and size == options.sizes[-1]:
                for query in QUERIES:
                    explain = [sys.executable, __file__, "explain", "--query", query]
                    benchmark.run(explain, env)
        benchmark.print_table(database.vendor, options.sizes, times, True)
    finally:
        if options.keep or options.reuse:
            print(f"kept {folder} {' '.join(database.created)}", file=sys.stderr)
        else:
            database.drop_all()
            shutil.rmtree(folder)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--runs", type=int, default=15, help="requests per query and size")
    parser.add_argument("--explain", action="store_true", help="plans on the largest site")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    parser.add_argument("--reuse", metavar="FOLDER", help="time the sites a --keep run kept")
    build = commands.add_parser("build", help="(internal) fill the configured database")
    build.add_argument("--articles", type=int, required=True)
    timing = commands.add_parser("time", help="(internal) time the search pages")
    timing.add_argument("--runs", type=int, default=15)
    explain = commands.add_parser("explain", help="(internal) plans of one search page")
    explain.add_argument("--query", required=True)
    options = parser.parse_args()
    {
        "build": build_command,
        "time": time_command,
        "explain": explain_command,
        None: main_command,
    }[options.command](options)


if __name__ == "__main__":
    main()
