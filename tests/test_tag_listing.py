"""The tag archive reads its page from the tag's links: each link's `listed_at` must follow its
article through every write (saves, the admin, taggit, merges, imports, updates, restored
revisions, the data migration), and the archive must list what the join of articles and tags
lists, in the same order.
"""

import importlib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news import archives
from news.models import Article, Tag, TaggedArticle

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, admin_form_data
from .test_wordpress_import import run_import
from .wxr import WXR

pytestmark = pytest.mark.django_db

Status = Article.Status


def archive_titles(client, tag, page=1):
    """The titles the tag archive's page shows, checked against its HTML."""
    cache.clear()  # each step reads the database; the page cache is tested in test_cache.py
    response = client.get(reverse("news:tag", args=[tag.slug]), {"page": page})
    assert response.status_code == 200
    titles = [article.title for article in response.context["article_list"]]
    for title in titles:
        assert title in response.text
    return titles


def joined_titles(tag):
    """What the archive listed before: published articles joined with the tag, newest first."""
    return list(Article.objects.published().filter(tags=tag).values_list("title", flat=True))


def assert_links_follow_their_articles():
    """Every link's listed_at is its article's publication time if published, else None."""
    for link in TaggedArticle.objects.select_related("content_object"):
        assert link.listed_at == link.content_object.listed_at, link


def hours(n):
    return timezone.now() + timedelta(hours=n)


def test_the_archive_lists_what_the_join_lists_in_its_order(client):
    """Published articles only, newest first, equal times by key, over two pages and a count."""
    tag = Tag.objects.create(name="Razia")
    for n in range(12):
        ArticleFactory(title=f"Tayang {n}", published_at=hours(-n), tags=[tag])
    same_time = hours(-3)
    ArticleFactory(title="Kembar A", published_at=same_time, tags=[tag])
    ArticleFactory(title="Kembar B", published_at=same_time, tags=[tag])
    ArticleFactory(title="Nanti", published_at=hours(2), tags=[tag])
    ArticleFactory(title="Draf", status=Status.DRAFT, tags=[tag])
    ArticleFactory(title="Ditinjau", status=Status.REVIEW, tags=[tag])
    ArticleFactory(title="Lain", tags=["Lain"])

    listed = archive_titles(client, tag) + archive_titles(client, tag, page=2)
    assert listed == joined_titles(tag)
    assert listed[3:6] == ["Kembar B", "Kembar A", "Tayang 3"]
    assert len(listed) == 14
    response = client.get(reverse("news:tag", args=[tag.slug]))
    assert response.context["paginator"].count == 14
    assert_links_follow_their_articles()


def test_the_tag_feed_lists_the_newest_listed_articles(client, settings):
    """The feed takes its newest keys from the links too: published only, newest first."""
    settings.FEED_ITEMS = 3
    tag = Tag.objects.create(name="Siber")
    for n in range(5):
        ArticleFactory(title=f"Siber {n}", published_at=hours(-n), tags=[tag])
    ArticleFactory(title="Siber nanti", published_at=hours(1), tags=[tag])
    ArticleFactory(title="Siber draf", status=Status.DRAFT, published_at=hours(0), tags=[tag])
    response = client.get(reverse("news:tag_feed", args=[tag.slug]))
    assert response.status_code == 200
    titles = re.findall(r"<item><title>(.*?)</title>", response.text)
    assert titles == ["Siber 0", "Siber 1", "Siber 2"] == joined_titles(tag)[:3]


def test_saving_an_article_moves_its_links(client):
    """Publishing, scheduling, rescheduling, back-dating and unpublishing, each by save()."""
    tag = Tag.objects.create(name="Mudik")
    ArticleFactory(title="Lama", published_at=hours(-5), tags=[tag])
    article = ArticleFactory(title="Baru", status=Status.DRAFT, tags=[tag, "Lebaran"])
    assert archive_titles(client, tag) == ["Lama"]
    assert set(article.tagged_items.values_list("listed_at", flat=True)) == {None}

    steps = [
        (lambda: article.publish(at=hours(-1)), ["Baru", "Lama"]),
        (lambda: article.schedule(hours(3)), ["Lama"]),
        (lambda: article.publish(at=hours(-9)), ["Lama", "Baru"]),
        (article.unpublish, ["Lama"]),
        (lambda: article.publish(), ["Baru", "Lama"]),
    ]
    for change, expected in steps:
        change()
        article.save()
        assert archive_titles(client, tag) == expected == joined_titles(tag)
        assert_links_follow_their_articles()


def link_updates(save):
    with CaptureQueriesContext(connection) as queries:
        save()
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "news_taggedarticle"')]


def test_only_a_changed_status_or_time_updates_the_links():
    """An article read from the database knows its stored listing time: saving it with the
    same status and time writes no link; a new time writes them in one UPDATE."""
    article = Article.objects.get(pk=ArticleFactory(tags=["Patroli", "Razia"]).pk)
    article.title = "Judul lain"
    assert link_updates(article.save) == []
    article.published_at = hours(-30)
    assert len(link_updates(article.save)) == 1
    assert link_updates(article.save) == []
    assert_links_follow_their_articles()


def test_a_scheduled_article_appears_when_its_time_comes(client):
    """No job runs and nothing is written: the archive compares listed_at with the clock."""
    tag = Tag.objects.create(name="Operasi Ketupat")
    ArticleFactory(title="Sudah", published_at=hours(-1), tags=[tag])
    ArticleFactory(title="Terjadwal", published_at=hours(2), tags=[tag])
    assert archive_titles(client, tag) == ["Sudah"]
    with mock.patch("django.utils.timezone.now", return_value=hours(3)):
        assert archive_titles(client, tag) == ["Terjadwal", "Sudah"]


def test_tags_added_and_set_take_the_articles_time(client):
    """taggit's add() and set() create links through TaggedArticle.save()."""
    article = ArticleFactory(title="Tambah", published_at=hours(-2))
    draft = ArticleFactory(title="Draf", status=Status.DRAFT)
    article.tags.add("Satlantas")
    draft.tags.set(["Satlantas", "Tilang"])
    article.tags.set(["Satlantas", "Tilang"])
    tag = Tag.objects.get(name="Tilang")
    assert archive_titles(client, tag) == ["Tambah"]
    assert TaggedArticle.objects.get(tag=tag, content_object=article).listed_at == (
        article.published_at
    )
    assert_links_follow_their_articles()


def test_the_admin_form_and_bulk_actions_keep_the_links(client, editor_client):
    """Tags typed in the change form, a new publication time, the publish action."""
    tag = Tag.objects.create(name="Narkoba")
    older = ArticleFactory(title="Lebih lama", published_at=hours(-4), tags=[tag])
    article = ArticleFactory(title="Diedit", published_at=hours(-8))
    url = reverse("admin:news_article_change", args=[article.pk])
    local = timezone.localtime(hours(-1))
    data = admin_form_data(
        article,
        tags="Narkoba",
        published_at_0=local.date().isoformat(),
        published_at_1=local.strftime("%H:%M:%S"),
    )
    assert editor_client.post(url, data).status_code == 302
    assert archive_titles(client, tag) == ["Diedit", "Lebih lama"] == joined_titles(tag)

    draft = ArticleFactory(title="Dari draf", status=Status.DRAFT, tags=[tag])
    response = editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk, older.pk]},
    )
    assert response.status_code == 302
    cache.clear()
    assert client.get(reverse("news:tag", args=[tag.slug])).status_code == 404  # none listed
    response = editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert archive_titles(client, tag) == ["Dari draf"] == joined_titles(tag)
    assert_links_follow_their_articles()


def test_merged_tags_keep_their_articles_times(client):
    """TagQuerySet.merge_into() bulk-creates the moved links with their article's time."""
    target, source = Tag.objects.create(name="Polri"), Tag.objects.create(name="Kepolisian")
    ArticleFactory(title="Satu", published_at=hours(-3), tags=[target])
    ArticleFactory(title="Dua", published_at=hours(-1), tags=[source])
    ArticleFactory(title="Tiga", published_at=hours(-2), tags=[source, target])
    ArticleFactory(title="Draf", status=Status.DRAFT, tags=[source])
    Tag.objects.filter(pk__in=[target.pk, source.pk]).merge_into(target)
    assert archive_titles(client, target) == ["Dua", "Tiga", "Satu"] == joined_titles(target)
    assert_links_follow_their_articles()


def test_imported_posts_are_listed_at_their_date(client, tmp_path):
    """The WordPress importer bulk-creates links: published and scheduled posts get their
    dates, drafts none; a re-import that unpublishes a post takes it off the tag."""
    export = WXR()
    tagged = {"terms": [("post_tag", "polda", "Polda")]}
    export.item(1, title="Terbit", date_gmt="2013-01-11 13:22:19", **tagged)
    export.item(2, title="Lebih baru", date_gmt="2014-02-01 08:00:00", **tagged)
    export.item(3, title="Draf", status="draft", **tagged)
    run_import(export.write(tmp_path / "e.xml"))
    tag = Tag.objects.get(name="Polda")
    assert archive_titles(client, tag) == ["Lebih baru", "Terbit"] == joined_titles(tag)
    assert_links_follow_their_articles()

    export.items[1].status = "draft"
    run_import(export.write(tmp_path / "e.xml"))
    assert archive_titles(client, tag) == ["Terbit"] == joined_titles(tag)
    assert_links_follow_their_articles()


def test_queryset_updates_keep_the_links(client):
    """ArticleQuerySet.update() of the status or time relists the links of the rows it
    changed, even when its filter no longer matches them afterwards."""
    tag = Tag.objects.create(name="Tawuran")
    first = ArticleFactory(title="Pertama", published_at=hours(-1), tags=[tag])
    ArticleFactory(title="Kedua", published_at=hours(-2), tags=[tag])
    Article.objects.filter(status=Status.PUBLISHED, pk=first.pk).update(status=Status.DRAFT)
    assert archive_titles(client, tag) == ["Kedua"]
    Article.objects.filter(pk=first.pk).update(status=Status.PUBLISHED, published_at=hours(-3))
    assert archive_titles(client, tag) == ["Kedua", "Pertama"] == joined_titles(tag)
    assert_links_follow_their_articles()


def test_a_restored_revision_lists_its_links_at_the_articles_time(client, editor_client):
    """A restored link is saved raw by django-reversion: it takes its article's listing time
    (listed_at is not kept in revisions), not none and not an old one."""
    tag = Tag.objects.create(name="Lalulintas")
    ArticleFactory(title="Lain", published_at=hours(-2), tags=[tag])
    article = ArticleFactory(title="Dipulihkan", published_at=hours(-1))
    url = reverse("admin:news_article_change", args=[article.pk])
    assert editor_client.post(url, admin_form_data(article, tags="Lalulintas")).status_code == 302
    article.refresh_from_db()
    assert editor_client.post(url, admin_form_data(article, tags="")).status_code == 302
    assert archive_titles(client, tag) == ["Lain"]

    with_tag = Version.objects.get_for_object(article).order_by("pk").first()
    restore = reverse("admin:news_article_revision", args=[article.pk, with_tag.pk])
    response = editor_client.post(restore, admin_form_data(article, tags="Lalulintas"))
    assert response.status_code == 302
    assert archive_titles(client, tag) == ["Dipulihkan", "Lain"] == joined_titles(tag)
    assert_links_follow_their_articles()


def test_the_migration_fills_listed_at():
    """news 0017 sets every existing link from its article."""
    ArticleFactory(tags=["Satu", "Dua"])
    ArticleFactory(status=Status.DRAFT, tags=["Satu"])
    ArticleFactory(published_at=hours(5), tags=["Dua"])
    TaggedArticle.objects.update(listed_at=timezone.now())
    migration = importlib.import_module("news.migrations.0017_taggedarticle_listed_at")
    migration.fill_listed_at(apps, None)
    assert_links_follow_their_articles()


def test_the_page_counts_and_finds_its_keys_in_the_links_alone(client):
    """The count reads the links only, and the page's keys are a subquery of the links."""
    tag = Tag.objects.create(name="Besar")
    for n in range(15):
        ArticleFactory(tags=[tag, f"kecil{n}"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("news:tag", args=[tag.slug]), {"page": 2}).status_code == 200
    count = next(q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)"))
    assert "news_taggedarticle" in count and "news_article" not in count
    rows = next(q["sql"] for q in queries if '"news_article"."title"' in q["sql"])
    keys = rows[rows.index("IN (SELECT U0.") : rows.index("LIMIT 10 OFFSET 10")]
    assert 'FROM "news_taggedarticle" U0 WHERE' in keys and "JOIN" not in keys


def key_query(tag):
    """The SQL of the tag archive's first page of keys, as the paginator runs it."""
    return archives.TAG.keys(tag)[:10]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_sqlite_reads_the_keys_in_the_order_of_the_new_index():
    """EXPLAIN QUERY PLAN: one search of tagged_listed_idx, no sort."""
    ArticleFactory.create_batch(3, tags=["Polri"])
    plan = key_query(Tag.objects.get()).explain()
    assert "USING COVERING INDEX tagged_listed_idx (tag_id=? AND listed_at<?)" in plan
    assert "TEMP B-TREE" not in plan
    assert "news_article" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgres_reads_the_keys_in_the_order_of_the_new_index():
    """EXPLAIN, with table statistics over a tag on 2,000 articles: an index scan of
    tagged_listed_idx that stops after ten rows, no sort."""
    category, author = CategoryFactory(), AuthorFactory()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Berita {n}",
            slug=f"berita-{n}",
            category=category,
            author=author,
            status=Status.PUBLISHED,
            published_at=hours(-n),
        )
        for n in range(2000)
    )
    tag = Tag.objects.create(name="Polri")
    TaggedArticle.objects.bulk_create(
        TaggedArticle(tag=tag, content_object=article, listed_at=article.published_at)
        for article in articles
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_taggedarticle")
    plan = key_query(tag).explain()
    assert re.search(r"Index (Only )?Scan (Backward )?using tagged_listed_idx", plan), plan
    assert "Sort" not in plan
