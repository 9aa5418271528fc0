"""Time the public pages on a large generated site and print the figures.

Usage: .venv/bin/python scripts/benchmark.py [--articles 5000] [--runs 20]
Builds the site in a fresh temporary SQLite database unless DATABASE_URL is set (then it
uses that database's test copy). Prints, for each page, the median and 95th-percentile time
of rendering it through Django's test client, and its number of SQL queries.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beritapolisi.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402

from comments.models import Comment  # noqa: E402
from news.models import Article, Author, Category, TaggedArticle  # noqa: E402


def build_site(articles):
    """Bulk-create `articles` published articles with tags, and comments on the first 50."""
    categories = Category.objects.bulk_create(
        Category(name=f"Kategori {n}", slug=f"kategori-{n}") for n in range(8)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Penulis {n}", slug=f"penulis-{n}") for n in range(20)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"tag{n}", slug=f"tag{n}") for n in range(60))
    now = timezone.now()
    rows = Article.objects.bulk_create(
        Article(
            title=f"Berita nomor {n}",
            slug=f"berita-nomor-{n}",
            excerpt="Ringkasan berita untuk pengukuran.",
            body="<p>Isi berita.</p>" * 12,
            category=categories[n % len(categories)],
            author=authors[n % len(authors)],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(articles)
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=article, tag=tags[index])
        for n, article in enumerate(rows)
        for index in {n % len(tags), (n * 7 + 3) % len(tags), (n * 13 + 5) % len(tags)}
    )
    Comment.objects.bulk_create(
        Comment(
            article=rows[n % 50],
            name=f"Pembaca {n}",
            email=f"pembaca{n}@example.com",
            body="Komentar pembaca.",
            status=Comment.Status.APPROVED if n % 3 else Comment.Status.PENDING,
        )
        for n in range(articles * 2)
    )
    return rows[0]


def measure(client, url, runs):
    client.get(url)  # warm caches and the template loader
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        start = time.perf_counter()
        article = build_site(options.articles)
        print(
            f"{connection.vendor}: {options.articles} articles, "
            f"{Comment.objects.count()} comments, built in {time.perf_counter() - start:.1f} s"
        )
        pages = {
            "front page": reverse("news:home"),
            "front page, page 50": reverse("news:home") + "?page=50",
            "article, 133 comments": article.get_absolute_url(),
            "article, no comments": reverse("news:article", args=["berita-nomor-100"]),
            "category": article.category.get_absolute_url(),
            "tag": reverse("news:tag", args=["tag7"]),
            "author": article.author.get_absolute_url(),
        }
        client = Client()
        print(f"{'page':<24}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
        for name, url in pages.items():
            median, p95, queries = measure(client, url, options.runs)
            print(f"{name:<24}{median:>10.1f}{p95:>10.1f}{queries:>9}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
