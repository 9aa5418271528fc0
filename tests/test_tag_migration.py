"""Migration 0006 moves taggit's tags into news.Tag without losing an article's tags."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from news.models import Article, Tag

BEFORE = [("news", "0005_editorial_workflow")]
AFTER = [("news", "0006_richtext_images_slugs_tags")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_tags_keep_ids_slugs_and_articles(client):
    """Ids, slugs and article tags survive; names differing only in case become one tag."""
    old = migrate(BEFORE)
    OldTag = old.get_model("taggit", "Tag")
    OldArticle = old.get_model("news", "Article")
    TaggedArticle = old.get_model("news", "TaggedArticle")
    category = old.get_model("news", "Category").objects.create(name="Berita", slug="berita")
    author = old.get_model("news", "Author").objects.create(name="Khoirul", slug="khoirul")
    kapolda = OldTag.objects.create(name="kapoldametrojaya", slug="kapoldametrojaya")
    polri = OldTag.objects.create(name="Polri", slug="polri")
    polri_lower = OldTag.objects.create(name="polri", slug="polri_1")
    articles = [
        OldArticle.objects.create(
            title=f"Berita {n}",
            slug=f"berita-{n}",
            body="<p>Isi</p>",
            category=category,
            author=author,
            status="published",
        )
        for n in range(3)
    ]
    for article, tags in zip(
        articles, [[kapolda, polri], [polri, polri_lower], [polri_lower]], strict=True
    ):
        for tag in tags:
            TaggedArticle.objects.create(content_object=article, tag=tag)

    migrate(AFTER)
    migrate(latest())  # the current models below need the later migrations' columns too

    assert list(Tag.objects.order_by("pk").values_list("pk", "name", "slug")) == [
        (kapolda.pk, "kapoldametrojaya", "kapoldametrojaya"),
        (polri.pk, "Polri", "polri"),
    ]
    tags = {a.slug: sorted(a.tags.names()) for a in Article.objects.all()}
    assert tags == {
        "berita-0": ["Polri", "kapoldametrojaya"],
        "berita-1": ["Polri"],
        "berita-2": ["Polri"],
    }
    response = client.get(reverse("news:tag", args=["kapoldametrojaya"]))
    assert [a.slug for a in response.context["article_list"]] == ["berita-0"]
    assert Tag.objects.create(name="Baru").pk > polri.pk  # the id sequence moved on
