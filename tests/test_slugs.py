"""A published article keeps its old addresses when its slug changes: they redirect (301)."""

import pytest
from django.urls import reverse

from news.models import Article, OldSlug

from .factories import ArticleFactory
from .test_admin import article_form_data

pytestmark = pytest.mark.django_db


def rename(client, article, slug, **overrides):
    """Change the article's slug through the admin change form."""
    data = article_form_data(article.category, article.author, slug=slug, **overrides)
    data["title"] = article.title
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def url(slug):
    return reverse("news:article", args=[slug])


def test_old_address_redirects_permanently(editor_client, client):
    """After a rename, the old URL answers 301 to the new one, which shows the article."""
    article = rename(editor_client, ArticleFactory(slug="lama"), "baru")
    response = client.get(url("lama"))
    assert response.status_code == 301
    assert response.headers["Location"] == url("baru")
    assert client.get(url("baru")).context["article"] == article


def test_chain_of_renames_redirects_in_one_step(editor_client, client):
    """A → B → C: both A and B redirect straight to C."""
    article = ArticleFactory(slug="a")
    rename(editor_client, article, "b")
    rename(editor_client, article, "c")
    for old in ["a", "b"]:
        response = client.get(url(old))
        assert (response.status_code, response.headers["Location"]) == (301, url("c"))


def test_taking_a_slug_back_never_loops(editor_client, client):
    """A → B → A: A is live again (200) and B redirects to it; no redirect points to itself."""
    article = ArticleFactory(slug="a")
    rename(editor_client, article, "b")
    rename(editor_client, article, "a")
    assert client.get(url("a")).status_code == 200
    assert client.get(url("b")).headers["Location"] == url("a")
    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["b"]


def test_another_article_can_take_an_old_slug(editor_client, client):
    """An old slug given to a new article is that article's address from then on."""
    renamed = rename(editor_client, ArticleFactory(slug="operasi-zebra"), "operasi-zebra-2026")
    data = article_form_data(renamed.category, renamed.author, slug="operasi-zebra")
    assert editor_client.post(reverse("admin:news_article_add"), data).status_code == 302
    response = client.get(url("operasi-zebra"))
    assert response.status_code == 200
    assert response.context["article"] != renamed
    assert not OldSlug.objects.filter(slug="operasi-zebra").exists()


def test_draft_renames_leave_no_redirect(editor_client, client):
    """A draft was never public: renaming it keeps no old address."""
    draft = ArticleFactory(slug="draf", status=Article.Status.DRAFT)
    rename(editor_client, draft, "draf-baru", status=Article.Status.DRAFT)
    assert not OldSlug.objects.exists()
    assert client.get(url("draf")).status_code == 404


def test_old_address_of_an_unpublished_article_is_gone(editor_client, client):
    """When the article is withdrawn, its old addresses are 404 like the new one."""
    article = rename(editor_client, ArticleFactory(slug="lama"), "baru")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get(url("lama")).status_code == 404


def test_redirect_costs_two_queries(editor_client, client, django_assert_num_queries):
    """An old address costs the failed lookup and the old-slug lookup, nothing more."""
    rename(editor_client, ArticleFactory(slug="lama"), "baru")
    with django_assert_num_queries(2):
        assert client.get(url("lama")).status_code == 301
