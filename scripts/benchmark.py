"""Benchmark the public pages on a 1,000- and a 100,000-article site (`make bench`).

Usage: .venv/bin/python scripts/benchmark.py [--sizes 1000 100000] [--rounds 3] [--seconds 3]
                                             [--client] [--keep] [--reuse FOLDER]
                                             [--pages NAME ...]

Builds each site in a fresh database (SQLite files in a temporary folder; with DATABASE_URL,
new databases `<name>_bench_<size>` on that PostgreSQL server, dropped afterwards): articles,
3 approved comments each, 3 tags each drawn from a Zipf law whose first tag sits on a third of
all articles. Rows go in by bulk inserts (COPY on PostgreSQL); 100,000 articles take a few
minutes at most.

Each site is served by gunicorn (2 sync workers, production settings plus a bare view:
beritapolisi.settings.bench) pinned to the first CPU core when `taskset` exists, and `wrk`
(`apt-get install wrk`) loads it from the other core. Per round and page, in turn: the bare
view on the small site, the page there, the bare view on the large site, the page there. The
table shows, per page, its best requests/s of the rounds ÷ the best of the bare view's runs
made just before it (other load only slows a run down), and the growth: the page's time at
the largest size ÷ its time at the smallest, both relative to the bare view, so the machine's
speed and other load cancel out. The target is a growth of at most 1.5.

Then, on the smallest site, the plain article page three ways, ÷ the bare view: rendered (the
table's figure: the page cache is off there), served from the page cache, and answered 304 to
its ETag. The cache is local memory, then Redis (a throwaway redis-server) when installed.

--client renders the pages through Django's test client instead (no gunicorn, no wrk), and
prints median milliseconds: a quick check, with the same growth column.
"""

import argparse
import json
import math
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

CATEGORIES, AUTHORS, TAGS = 8, 20, 500
TAGS_PER_ARTICLE, COMMENTS_PER_ARTICLE = 3, 3
TOP_TAG_SHARE = 1 / 3  # of all articles carry the most common tag
MINUTES_BETWEEN_ARTICLES = 30
COMMON_WORDS = (  # noqa: SIM905 (a list literal would take 70 lines)
    "yang dan di ke dari untuk dengan pada dalam ini itu oleh akan telah juga warga polisi "
    "petugas kepolisian resor sektor kota jalan wilayah hari malam pagi kegiatan masyarakat"
).split()
TOPIC_WORDS = (  # noqa: SIM905
    "lalu-lintas patroli kamtibmas razia narkoba operasi ketupat mudik pencurian curanmor "
    "penipuan tawuran banjir sosialisasi vaksinasi penangkapan penyelidikan tersangka barang "
    "bukti kecelakaan helm tilang pelajar sekolah pasar terminal stasiun pelabuhan bandara "
    "demonstrasi pengamanan ibadah natal lebaran begal judi online siber hoaks"
).split()


# ---------------------------------------------------------------- building a site (in Django)


def zipf_weights(count, top_share):
    """Weights 1/k^s for k = 1…count, with s such that the first is `top_share` of the total."""
    low, high = 0.0, 5.0
    for _ in range(60):
        s = (low + high) / 2
        weights = [k**-s for k in range(1, count + 1)]
        share = weights[0] / sum(weights)
        low, high = (low, s) if share > top_share else (s, high)
    return weights


def insert(model, columns, rows):
    """Insert `rows`, tuples of database values for `columns`, into `model`'s table in bulk:
    COPY on PostgreSQL, one executemany on SQLite. The table's other columns get what a new
    instance would save (its defaults). No model instance per row, no save(), no signal."""
    from django.db import connection, transaction

    blank = model()
    others = [field for field in model._meta.concrete_fields if field.column not in columns]
    defaults = tuple(
        field.get_db_prep_save(field.pre_save(blank, True), connection) for field in others
    )
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in [*columns, *(f.column for f in others)])
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + defaults)
        else:
            placeholders = ", ".join(["%s"] * (len(columns) + len(others)))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})",
                (row + defaults for row in rows),
            )


def paragraphs(rng, count=1000):
    """`count` paragraphs of common words, for bodies to draw from."""
    return [rng.choices(COMMON_WORDS, k=40) for _ in range(count)]


def body_text(rng, stock, topics):
    """Three paragraphs of common words, each with the article's topic words mixed in."""
    html = []
    for _ in range(3):
        words = list(rng.choice(stock))
        for topic in topics:
            words.insert(rng.randrange(len(words) + 1), topic)
        html.append(f"<p>{' '.join(words).capitalize()}.</p>")
    return "".join(html)


def build_site(articles):
    """Fill the configured (empty, migrated) database; return the pages to measure."""
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils import timezone

    from comments.models import Comment
    from news.models import Article, Author, Category, Tag, TaggedArticle
    from news.pagination import CappedPaginator
    from news.search import index_articles

    rng = random.Random(9)
    now = timezone.now()
    categories = Category.objects.bulk_create(
        Category(name=f"Kategori {n}", slug=f"kategori-{n}") for n in range(CATEGORIES)
    )
    # The last category holds two others: its archive lists three categories' articles.
    parent = categories[-1]
    Category.objects.filter(pk__in=[c.pk for c in categories[1:3]]).update(parent=parent)
    authors = Author.objects.bulk_create(
        Author(name=f"Penulis {n}", slug=f"penulis-{n}") for n in range(AUTHORS)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"Tag {n}", slug=f"tag{n}") for n in range(TAGS))
    # Three draws per article: the first tag's share per draw gives a third of all articles.
    per_draw = 1 - (1 - TOP_TAG_SHARE) ** (1 / TAGS_PER_ARTICLE)
    tag_weights = list(accumulate(zipf_weights(TAGS, per_draw)))
    topic_weights = list(accumulate(zipf_weights(len(TOPIC_WORDS), 0.15)))
    article_tags = {
        pk: sorted(set(rng.choices(range(TAGS), cum_weights=tag_weights, k=TAGS_PER_ARTICLE)))
        for pk in range(1, articles + 1)
    }
    stock = paragraphs(rng)
    db_time = connection.ops.adapt_datetimefield_value
    published_times = {  # the highest key is the newest article
        pk: now - timedelta(minutes=MINUTES_BETWEEN_ARTICLES * (articles - pk + 1))
        for pk in range(1, articles + 1)
    }

    def article(pk):
        topics = rng.choices(TOPIC_WORDS, cum_weights=topic_weights, k=4)
        published = db_time(published_times[pk])
        return (
            pk,
            f"{' '.join(topics[:3]).capitalize()} nomor {pk}",
            f"berita-{pk}",
            f"Ringkasan berita tentang {topics[0]} dan {topics[1]}.",
            body_text(rng, stock, topics),
            categories[pk % CATEGORIES].pk,
            authors[pk % AUTHORS].pk,
            Article.Status.PUBLISHED.value,
            published,
            published,
            published,
        )

    def comments(pk):
        for n in range(COMMENTS_PER_ARTICLE):
            yield (
                (pk - 1) * COMMENTS_PER_ARTICLE + n + 1,
                pk,
                f"Pembaca {pk}-{n}",
                f"pembaca{pk}-{n}@example.com",
                "Terima kasih pak polisi, semoga wilayah kami tetap aman.",
                Comment.Status.APPROVED.value,
                db_time(published_times[pk] + timedelta(minutes=n + 1)),
            )

    article_columns = ["id", "title", "slug", "excerpt", "body", "category_id", "author_id"]
    article_columns += ["status", "published_at", "created_at", "updated_at"]
    insert(Article, article_columns, (article(pk) for pk in range(1, articles + 1)))
    # Every article is published: a link is listed at its article's publication time.
    tagged = (
        (a, tags[t].pk, db_time(published_times[a])) for a, ts in article_tags.items() for t in ts
    )
    insert(
        TaggedArticle,
        ["id", "content_object_id", "tag_id", "listed_at"],
        ((pk, *link) for pk, link in enumerate(tagged, start=1)),
    )
    insert(
        Comment,
        ["id", "article_id", "name", "email", "body", "status", "created_at"],
        (row for pk in range(1, articles + 1) for row in comments(pk)),
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Article, TaggedArticle, Comment]):
            cursor.execute(sql)
    with transaction.atomic():
        index_articles(Article.objects.all())
    call_command("update_statistics", verbosity=0)

    seed = max(pk for pk, ts in article_tags.items() if 0 in ts)
    plain = next(pk for pk in range(articles // 2, articles) if 0 not in article_tags[pk])
    month_start = timezone.localtime(published_times[max(1, articles - 960)])
    category = categories[0]
    per_page, max_pages = settings.ARTICLES_PER_PAGE, CappedPaginator.MAX_PAGES

    def deepest(count):
        return min(max_pages, math.ceil(count / per_page))

    return {
        "bare view": "/bench/bare/",
        "front page": reverse("news:home"),
        "front page, deepest page": f"{reverse('news:home')}?page={deepest(articles)}",
        "article, most common tag": reverse("news:article", args=[f"berita-{seed}"]),
        "article, plain": reverse("news:article", args=[f"berita-{plain}"]),
        "category": category.get_absolute_url(),
        "category, deepest page": f"{category.get_absolute_url()}?page="
        f"{deepest(category.articles.count())}",
        "category with sub-categories, deepest page": f"{parent.get_absolute_url()}?page="
        f"{deepest(3 * category.articles.count())}",
        "tag, most common": tags[0].get_absolute_url(),
        "author": authors[0].get_absolute_url(),
        "year archive": reverse("news:year", args=[f"{month_start.year:04d}"]),
        "month archive": reverse(
            "news:month", args=[f"{month_start.year:04d}", f"{month_start.month:02d}"]
        ),
        "search 'kamtibmas patroli'": f"{reverse('news:search')}?q=kamtibmas+patroli",
        "sitemap index": reverse("news:sitemap"),
        "sitemap, last article page": reverse("news:sitemap_section", args=["berita"])
        + f"?p={math.ceil(articles / 1000)}",
        "news sitemap": reverse("news:news_sitemap"),
        "feed": reverse("news:feed"),
        "stylesheet": static("css/site.css"),
    }


def build_command(options):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    pages = build_site(options.articles)
    Path(options.pages_file).write_text(json.dumps(pages))


def client_command(options):
    """Median milliseconds of each page through Django's test client, as JSON on stdout."""
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client, timings = Client(), {}
    pages = json.loads(Path(options.pages_file).read_text())
    if options.pages:
        pages = chosen(pages, options.pages)
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        runs = []
        for _ in range(options.runs):
            start = time.perf_counter()
            client.get(url)
            runs.append((time.perf_counter() - start) * 1000)
        timings[name] = statistics.median(runs)
    print(json.dumps(timings))


# ---------------------------------------------------------------- driving the benchmark


class Database:
    """Where the sites live: SQLite files in `folder`, or databases on a PostgreSQL server."""

    def __init__(self, url, folder):
        self.url, self.folder, self.created = url, folder, []

    @property
    def vendor(self):
        return "postgresql" if self.url else "sqlite"

    def site_url(self, size):
        if not self.url:
            return f"sqlite:///{self.folder}/site-{size}.sqlite3"
        base, name = self.url.split("?")[0].rsplit("/", 1)
        return f"{base}/{name}_bench_{size}"

    def create(self, size):
        url = self.site_url(size)
        if self.url:
            name = url.rsplit("/", 1)[1]
            self.admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
            self.created.append(name)
        return url

    def drop_all(self):
        if self.created:
            self.admin(*(f'DROP DATABASE IF EXISTS "{name}"' for name in self.created))

    def admin(self, *statements):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)


def pinned(core, command):
    return ["taskset", "-c", str(core), *command] if shutil.which("taskset") else command


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


class Server:
    """gunicorn with 2 sync workers serving one site, on the first core."""

    def __init__(self, env):
        with socket.socket() as probe:  # a free port
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            GUNICORN,
            "beritapolisi.wsgi",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--bind",
        ]
        self.process = subprocess.Popen(
            pinned(0, [*command, f"127.0.0.1:{self.port}"]), env=env, cwd=ROOT
        )
        for _ in range(100):
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base + "/bench/bare/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def check(self, url):
        with urllib.request.urlopen(self.base + url) as response:
            assert response.status == 200, url

    def stop(self):
        self.process.terminate()
        self.process.wait()


def wrk(url, seconds, headers=()):
    """Requests per second `wrk` gets from `url` (4 connections, from the second core), sending
    `headers`; an answer of 400 or more is an error."""
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    finished = subprocess.run(
        pinned(1, [*command, url]), capture_output=True, text=True, check=True
    )
    output = finished.stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered errors:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if not rate:  # slower than the run is long: measure again, longer
        return wrk(url, seconds * 3, headers)
    return rate


def measure_wrk(sites, options):
    """{size: {page: best requests/s of the page ÷ best of the bare view measured next to it}}
    and the bare view's best requests/s.

    Best of the rounds: other load on the machine only ever slows a run down, so the fastest
    run of each is the nearest to what the server alone can do."""
    servers = {size: Server(env) for size, (env, pages) in sites.items()}
    try:
        for size, (_env, pages) in sites.items():
            for url in pages.values():
                servers[size].check(url)
        runs = {size: {page: ([], []) for page in pages} for size, (env, pages) in sites.items()}
        for round_number in range(options.rounds):
            print(f"  round {round_number + 1} of {options.rounds}", file=sys.stderr)
            for page in next(iter(sites.values()))[1]:
                for size, (_env, pages) in sites.items():
                    base = servers[size].base
                    bare_runs, page_runs = runs[size][page]
                    bare_runs.append(wrk(base + pages["bare view"], options.seconds))
                    page_runs.append(wrk(base + pages[page], options.seconds))
    finally:
        for server in servers.values():
            server.stop()
    ratios = {
        size: {
            page: max(page_runs) / max(bare_runs)
            for page, (bare_runs, page_runs) in by_page.items()
        }
        for size, by_page in runs.items()
    }
    bare = {size: max(max(b) for b, _ in by_page.values()) for size, by_page in runs.items()}
    return ratios, bare


class Redis:
    """A throwaway redis-server on a free port, on the server's core."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{port}/0"
        command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(pinned(0, command), stdout=subprocess.DEVNULL)
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()


def measure_page_cache(env, pages, options):
    """{cache: {"hit": ratio, "304": ratio}}: the plain article served from the page cache, and
    answered 304 to a conditional request, ÷ the bare view. Local memory, and Redis when
    redis-server is installed."""
    backends = {"local memory": {}}
    redis = Redis() if shutil.which("redis-server") else None
    if redis:
        backends["Redis"] = {"REDIS_URL": redis.url}
    results = {}
    try:
        for name, settings in backends.items():
            server = Server({**env, **settings, "BENCH_PAGE_CACHE": "1"})
            try:
                bare, article = (
                    server.base + pages["bare view"],
                    server.base + pages["article, plain"],
                )
                with urllib.request.urlopen(article) as response:
                    etag = response.headers["ETag"]
                runs = {"hit": ([], []), "304": ([], [])}
                for _ in range(options.rounds):
                    for kind, headers in (("hit", ()), ("304", [f"If-None-Match: {etag}"])):
                        runs[kind][0].append(wrk(bare, options.seconds))
                        runs[kind][1].append(wrk(article, options.seconds, headers))
                results[name] = {kind: max(p) / max(b) for kind, (b, p) in runs.items()}
            finally:
                server.stop()
    finally:
        if redis:
            redis.stop()
    return results


def print_page_cache(size, uncached, results):
    print(f"\nThe article page at {size:,} articles, requests/s ÷ bare view")
    print(f"{'rendered (page cache missed)':<36}{uncached:>8.3f}  target ≥ 0.10")
    for name, ratios in results.items():
        print(f"{'from the page cache, ' + name:<36}{ratios['hit']:>8.3f}  target ≥ 0.80")
        print(f"{'304, ' + name:<36}{ratios['304']:>8.3f}  target ≥ 0.90")


def measure_client(sites, options):
    times = {}
    for size, (env, _pages) in sites.items():
        command = [PYTHON, __file__, "client", "--pages-file", env["BENCH_PAGES"]]
        command += [
            "--runs",
            str(options.runs),
            *(["--pages", *options.pages] if options.pages else []),
        ]
        output = run(command, env, capture_output=True, text=True)
        times[size] = json.loads(output.stdout)
    return times


def print_table(vendor, sizes, values, client):
    small, large = sizes[0], sizes[-1]
    unit = "ms" if client else "÷ bare"
    print(f"\n{vendor}: " + ("median ms, test client" if client else "requests/s ÷ bare view"))
    width = max(len(page) for page in values[small]) + 2
    header = f"{'page':<{width}}" + "".join(f"{f'{size:,} {unit}':>16}" for size in sizes)
    print(header + f"{'growth':>9}  target ≤ 1.5")
    for page in values[small]:
        if page == "bare view" and not client:
            continue
        cells = "".join(f"{values[size][page]:>16.3f}" for size in sizes)
        small_value, large_value = values[small][page], values[large][page]
        growth = large_value / small_value if client else small_value / large_value
        mark = "ok" if growth <= 1.5 else "OVER"
        print(f"{page:<{width}}{cells}{growth:>9.2f}  {mark}")


def chosen(pages, names):
    """The pages whose name holds one of `names`, with the two every run needs."""
    return {
        page: url
        for page, url in pages.items()
        if page in ("bare view", "article, plain") or any(name in page for name in names)
    }


def main_command(options):
    folder = Path(options.reuse or tempfile.mkdtemp(prefix="beritapolisi-bench-"))
    database = Database(os.environ.get("DATABASE_URL", ""), folder)
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "beritapolisi.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }
    if not options.client and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (or run with --client)")
    try:
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], base_env)
        sites = {}
        for size in options.sizes:
            env = {**base_env, "BENCH_PAGES": str(folder / f"pages-{size}.json")}
            if options.reuse:
                env["DATABASE_URL"] = database.site_url(size)
                sites[size] = (env, json.loads(Path(env["BENCH_PAGES"]).read_text()))
                continue
            env["DATABASE_URL"] = database.create(size)
            start = time.perf_counter()
            build = [PYTHON, __file__, "build", "--articles", str(size)]
            run([*build, "--pages-file", env["BENCH_PAGES"]], env)
            took = time.perf_counter() - start
            print(f"{database.vendor}: built {size:,} articles in {took:.0f} s", file=sys.stderr)
            sites[size] = (env, json.loads(Path(env["BENCH_PAGES"]).read_text()))
        if options.pages:
            sites = {
                size: (env, chosen(pages, options.pages)) for size, (env, pages) in sites.items()
            }
        if options.client:
            print_table(database.vendor, options.sizes, measure_client(sites, options), True)
        else:
            ratios, bare = measure_wrk(sites, options)
            print_table(database.vendor, options.sizes, ratios, False)
            print("bare view, requests/s: " + ", ".join(f"{s:,}: {r:.0f}" for s, r in bare.items()))
            small = options.sizes[0]
            cached = measure_page_cache(*sites[small], options)
            print_page_cache(small, ratios[small]["article, plain"], cached)
    finally:
        if not (options.keep or options.reuse):
            database.drop_all()
            shutil.rmtree(folder)
        else:
            print(f"kept {folder} {' '.join(database.created)}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds per page")
    parser.add_argument("--seconds", type=int, default=3, help="length of one wrk run")
    parser.add_argument("--client", action="store_true", help="test client instead of wrk")
    parser.add_argument("--runs", type=int, default=15, help="test-client runs per page")
    parser.add_argument("--pages", nargs="+", help="measure only pages whose name holds one")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    parser.add_argument("--reuse", metavar="FOLDER", help="measure the sites a --keep run kept")
    build = commands.add_parser("build", help="(internal) fill the configured database")
    build.add_argument("--articles", type=int, required=True)
    build.add_argument("--pages-file", required=True)
    client = commands.add_parser("client", help="(internal) time pages with the test client")
    client.add_argument("--pages-file", required=True)
    client.add_argument("--runs", type=int, default=15)
    client.add_argument("--pages", nargs="+")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    {"build": build_command, "client": client_command, None: main_command}[options.command](options)


if __name__ == "__main__":
    main()
