"""Time site search on the configured database with generated articles.

    .venv/bin/python scripts/benchmark_search.py --articles 5000
    DATABASE_URL=postgres://... .venv/bin/python scripts/benchmark_search.py

The database must be migrated. The articles are created inside a transaction that is rolled
back at the end, so nothing is left behind; on PostgreSQL their GIN entries then sit in the
index's pending list, so the timings are on the slow side.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beritapolisi.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from news.models import Article, Author, Category  # noqa: E402
from news.search import index_articles  # noqa: E402

WORDS = [
    *["polisi", "kepolisian", "menjaga", "keamanan", "pengamanan", "lalu", "lintas", "jalan"],
    *["kapolda", "metro", "jaya", "warga", "masyarakat", "pelaku", "ditangkap", "penipuan"],
    *["narkoba", "patroli", "malam", "operasi", "zebra", "razia", "kendaraan", "bermotor"],
    *["sekolah", "pelajar", "tawuran", "banjir", "evakuasi", "bantuan", "sosial", "pemuda"],
]
QUERIES = ["polisi", "menjaga keamanan", '"kapolda metro"', "razia kendaraan malam", "xylofon"]


def sentence(rng, length):
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def create_articles(count):
    rng = random.Random(2026)
    category, _ = Category.objects.get_or_create(slug="benchmark", defaults={"name": "Bench"})
    author, _ = Author.objects.get_or_create(slug="benchmark", defaults={"name": "Bench"})
    articles = [
        Article(
            title=sentence(rng, 8),
            slug=f"benchmark-{n}",
            excerpt=sentence(rng, 20),
            body="".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(8)),
            category=category,
            author=author,
            status=Article.Status.PUBLISHED,
        )
        for n in range(count)
    ]
    Article.objects.bulk_create(articles, batch_size=500)
    index_articles(Article.objects.filter(category=category))  # bulk_create sends no signal
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article")  # planner statistics for the new rows


def timed(function, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with transaction.atomic():
        start = time.perf_counter()
        create_articles(args.articles)
        print(
            f"{connection.vendor}: {args.articles} articles created and indexed in "
            f"{time.perf_counter() - start:.1f} s"
        )
        for query in QUERIES:
            found = Article.objects.published().for_listing().search(query)
            count_ms = timed(found.count, args.repeat)
            page_ms = timed(lambda found=found: list(found[:10]), args.repeat)
            print(
                f"  {query!r:28} {found.count():6} hits   count {count_ms:7.1f} ms   "
                f"first page {page_ms:7.1f} ms"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
