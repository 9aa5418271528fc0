"""Revisions: every admin save keeps one; editors compare two and restore an old one."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from news.revisions import inline_diff

from .factories import ArticleFactory, AuthorFactory, admin_form_data

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
    assert "Judul <del>Lama</del><ins>&lt;Baru&gt;</ins>" in html
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


def compare_page(client, article):
    response = client.get(reverse("admin:news_article_compare", args=[article.pk]))
    assert response.status_code == 200
    return response


def diff_cell(response, label):
    """The compared field's diff cell, by its row label."""
    change = next(c for c in response.context["changes"] if str(c.label) == label)
    return str(change.diff)


def test_body_diff_shows_words_not_markup(editor_client):
    """The body is compared as text, a block per line: words added and removed, no tags."""
    article = ArticleFactory(
        body="<h3>Arus mudik</h3><p>Polisi <strong>menutup</strong> jalan.</p>"
    )
    save(editor_client, article)
    body = (
        "<h3>Arus mudik</h3><p>Polisi <em>membuka</em> jalan tol.</p><ul><li><p>Baru</p></li></ul>"
    )
    save(editor_client, article, body=body)
    response = compare_page(editor_client, article)
    diff = diff_cell(response, "isi")
    assert diff == (
        "Arus mudik\n\nPolisi <del>menutup</del><ins>membuka</ins> jalan<ins> tol</ins>."
        "<ins>\n\n• Baru</ins>"
    )
    assert "&lt;p&gt;" not in response.text and "&lt;h3&gt;" not in response.text


def test_body_markup_change_alone_is_named(editor_client):
    """Bold added to the same words: no word differs, the page says only the formatting did."""
    article = ArticleFactory(body="<p>Polisi menutup jalan.</p>")
    save(editor_client, article)
    save(editor_client, article, body="<p>Polisi <strong>menutup</strong> jalan.</p>")
    response = compare_page(editor_client, article)
    assert diff_cell(response, "isi") == "Hanya format yang berubah."


def test_script_in_the_body_is_shown_as_text(editor_client):
    """Markup written as text in the body stays text in the diff, escaped once."""
    article = ArticleFactory(body="<p>Aman.</p>")
    save(editor_client, article)
    save(editor_client, article, body="<p>Aman. &lt;script&gt;alert(1)&lt;/script&gt;</p>")
    response = compare_page(editor_client, article)
    assert "<ins> &lt;script&gt;alert(1)&lt;/script&gt;</ins>" in diff_cell(response, "isi")
    assert "<script>alert(1)" not in response.text
    assert "&amp;lt;script" not in response.text


def test_unchanged_tags_are_not_reported(editor_client):
    """Saving a tagged article with the same tags (in another order) changes no tag: neither
    the revision's summary nor the comparison names the tags."""
    article = ArticleFactory(tags=["mudik", "lalulintas"])
    save(editor_client, article, title="Judul pertama")
    save(editor_client, article, title="Judul kedua", tags="mudik, lalulintas")
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.get_comment() == "Judul berubah."
    assert "Tag" not in newest.revision.get_comment()
    response = compare_page(editor_client, article)
    assert [str(change.label) for change in response.context["changes"]] == ["judul"]
    assert "Tag berubah" not in response.text


def co_writer_forms(article, *authors):
    """The writer inline's form data naming `authors` as co-writers, in this order: the
    article's links to them as they are, the others as new links."""
    links = {link.author_id: link for link in article.writer_links.all()}
    kept = [author for author in authors if author.pk in links]
    data = {
        "writer_links-TOTAL_FORMS": str(len(authors)),
        "writer_links-INITIAL_FORMS": str(len(kept)),
    }
    for number, author in enumerate(kept + [a for a in authors if a not in kept]):
        data[f"writer_links-{number}-author"] = author.pk
        data[f"writer_links-{number}-position"] = str(authors.index(author) + 1)
        if author in kept:
            data[f"writer_links-{number}-id"] = links[author.pk].pk
            data[f"writer_links-{number}-article"] = article.pk
    return data


def test_co_writers_are_compared_and_restored(editor_client):
    """A revision keeps the co-writers: the history and the comparison name a change of them,
    and restoring an older revision brings its co-writers back."""
    article = ArticleFactory(title="Operasi Zebra")
    budi, sari = AuthorFactory(name="Budi Santoso"), AuthorFactory(name="Sari <Dewi>")
    save(editor_client, article, **co_writer_forms(article, budi))
    save(editor_client, article, **co_writer_forms(article, budi, sari))

    response = compare_page(editor_client, article)
    assert [str(change.label) for change in response.context["changes"]] == ["penulis pendamping"]
    assert diff_cell(response, "penulis pendamping") == "Budi Santoso<ins>, Sari &lt;Dewi&gt;</ins>"
    # The revision's summary in the history.
    assert "Penulis pendamping “Operasi Zebra – Sari &lt;Dewi&gt;” ditambahkan." in response.text

    old = Version.objects.get_for_object(article).last()
    url = reverse("admin:news_article_revision", args=[article.pk, old.pk])
    form = editor_client.get(url)
    assert form.status_code == 200
    writer_forms = form.context["inline_admin_formsets"][0].formset
    assert [f.instance.author for f in writer_forms.initial_forms] == [budi]
    assert article.writers == [article.author, budi, sari]  # looking changed nothing

    restored = admin_form_data(article, **co_writer_forms(article, budi))
    assert editor_client.post(url, restored).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.writers == [article.author, budi]
    assert Version.objects.get_for_object(article).count() == 3
