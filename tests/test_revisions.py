"""Revisions: every admin save keeps one; editors compare two and restore an old one."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from news.revisions import inline_diff

from .factories import ArticleFactory, admin_form_data

pytestmark = pytest.mark.django_db


def save(client, article, **changes):
    article.refresh_from_db()
    url = reverse("admin:news_article_change", args=[article.pk])
    response = client.post(url, admin_form_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def edited(editor_client):
    """An article saved twice in the admin: first "Judul Lama" with one tag, then renamed."""
    article = ArticleFactory(title="Awal", tags=["lalulintas"])
    save(editor_client, article, title="Judul Lama", body="<p>Polisi menutup jalan.</p>")
    save(
        editor_client,
        article,
        title="Judul <Baru>",
        body="<p>Polisi membuka jalan.</p>",
        tags="lalulintas, mudik",
    )
    return article


def test_each_admin_save_keeps_a_revision_with_its_author(edited):
    """Who saved, and what changed, are recorded with each revision."""
    versions = Version.objects.get_for_object(edited).select_related("revision__user")
    assert versions.count() == 2
    newest = versions.first()
    assert newest.revision.user.username == "editor"
    assert "Judul" in newest.revision.get_comment()  # field labels in Indonesian
    assert newest.field_dict["title"] == "Judul <Baru>"


def test_compare_shows_what_changed_escaped(editor_client, edited):
    """The newest two revisions are compared by default, word by word and HTML-escaped."""
    response = editor_client.get(reverse("admin:news_article_compare", args=[edited.pk]))
    assert response.status_code == 200
    html = response.text
    assert "Judul<del> Lama</del><ins> &lt;Baru&gt;</ins>" in html
    assert "<del>menutup</del><ins>membuka</ins>" in html
    assert "lalulintas<ins>, mudik</ins>" in html
    assert "<Baru>" not in html


def test_compare_two_chosen_revisions(editor_client, edited):
    """Choosing the same revision twice shows no difference."""
    version = Version.objects.get_for_object(edited).first()
    response = editor_client.get(
        reverse("admin:news_article_compare", args=[edited.pk]),
        {"old": version.pk, "new": version.pk},
    )
    assert response.context["changes"] == []


def test_restore_brings_back_the_old_title_and_tags(editor_client, edited):
    """Restoring shows the old revision in the form; saving it makes it current again."""
    old = Version.objects.get_for_object(edited).last()
    url = reverse("admin:news_article_revision", args=[edited.pk, old.pk])
    form = editor_client.get(url)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["title"] == "Judul Lama"
    assert 'value="lalulintas"' in form.text
    edited.refresh_from_db()
    assert edited.title == "Judul <Baru>"  # looking changed nothing

    old_values = admin_form_data(edited, title="Judul Lama", tags="lalulintas")
    response = editor_client.post(url, old_values)
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.title == "Judul Lama"
    assert sorted(edited.tags.names()) == ["lalulintas"]
    assert Version.objects.get_for_object(edited).count() == 3


def test_reporter_cannot_restore_into_a_published_article(client, reporter):
    """A reporter's old draft revision cannot be used to take back a published article."""
    article = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
    save(client, article, title="Draf Reporter")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    draft_version = Version.objects.get_for_object(article).get()
    url = reverse("admin:news_article_revision", args=[article.pk, draft_version.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, admin_form_data(article)).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_compare_is_limited_like_the_article(staff_user, edited):
    """A reporter compares revisions of their own articles only."""
    reporter = Client()
    reporter.force_login(staff_user("Reporter"))
    url = reverse("admin:news_article_compare", args=[edited.pk])
    assert reporter.get(url).status_code == 403
    Article.objects.filter(pk=edited.pk).update(created_by=staff_user("Reporter"))
    assert reporter.get(url).status_code == 200


def test_bulk_publishing_keeps_a_revision(editor_client):
    """The publish action records a revision by the editor."""
    article = ArticleFactory(status=Article.Status.DRAFT)
    editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk], "index": 0},
    )
    version = Version.objects.get_for_object(article).get()
    assert version.field_dict["status"] == Article.Status.PUBLISHED
    assert version.revision.user.username == "editor"


def test_inline_diff_escapes_both_sides():
    """Markup in either version is shown as text, never interpreted."""
    assert inline_diff("<b>", "<i>") == "&lt;<del>b</del><ins>i</ins>&gt;"
    assert inline_diff("a", "<script>") == "<del>a</del><ins>&lt;script&gt;</ins>"
