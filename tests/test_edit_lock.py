"""Two editors on one article: stale saves are refused, the edit lock, the autosave."""

import pytest
import reversion
from django.test import Client
from django.urls import reverse

from news import editing
from news.models import Article, ArticleAutosave

from .factories import ArticleFactory
from .test_admin import article_form_data

pytestmark = pytest.mark.django_db


def url(name, article):
    return reverse(f"admin:news_article_{name}", args=[article.pk])


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(staff_user):
    return staff_user("Editor")


@pytest.fixture
def other_editor(staff_user):
    user = staff_user("Editor", "rekan")
    user.first_name, user.last_name = "Rina", "Rekan"
    user.save()
    return user


@pytest.fixture
def article():
    return ArticleFactory()


def form_version(response):
    return response.context["adminform"].form["version"].value()


class TestStaleSave:
    def save(self, client, article, version, **fields):
        data = article_form_data(article.category, article.author, version=version, **fields)
        return client.post(url("change", article), data)

    def test_a_save_based_on_an_older_version_is_refused_with_the_typed_data_kept(
        self, editor, other_editor, article
    ):
        client = client_for(editor)
        opened_on = form_version(client.get(url("change", article)))
        with reversion.create_revision():
            reversion.set_user(other_editor)
            article.title = "Judul dari rekan"
            article.save()

        response = self.save(client, article, opened_on, title="Judul saya yang baru")

        assert response.status_code == 200
        form = response.context["adminform"].form
        assert [error.code for error in form.non_field_errors().as_data()] == ["stale"]
        content = response.content.decode()
        assert "Diubah oleh Rina Rekan pukul" in content
        assert f'href="{url("compare", article)}"' in content
        assert 'value="Judul saya yang baru"' in content
        article.refresh_from_db()
        assert article.title == "Judul dari rekan"
        # The form now carries the stored version: saving again, after review, goes through.
        assert form_version(response) == article.updated_at.isoformat()
        again = self.save(client, article, form_version(response), title="Judul saya yang baru")
        assert again.status_code == 302
        article.refresh_from_db()
        assert article.title == "Judul saya yang baru"

    def test_a_save_based_on_the_stored_version_passes(self, editor, article):
        client = client_for(editor)
        opened_on = form_version(client.get(url("change", article)))
        assert opened_on == article.updated_at.isoformat()  # to the microsecond

        response = self.save(client, article, opened_on, title="Judul baru")

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "Judul baru"


class TestEditLock:
    def test_opening_the_form_takes_the_lock_and_another_editor_sees_it(
        self, editor, other_editor, article
    ):
        assert client_for(other_editor).get(url("change", article)).status_code == 200
        assert editing.lock_of(article)["user_id"] == other_editor.pk

        response = client_for(editor).get(url("change", article))

        assert response.status_code == 200
        assert response.context["edit_lock"]["user_id"] == other_editor.pk
        content = response.content.decode()
        assert "Rina Rekan sedang menyunting artikel ini" in content
        assert 'form="take-over-form"' in content
        assert editing.lock_of(article)["user_id"] == other_editor.pk  # not taken silently

    def test_the_holder_sees_no_notice_and_renews_the_lock(self, editor, article):
        client = client_for(editor)
        response = client.get(url("change", article))
        assert response.context["edit_lock"] is None
        assert "take-over-form" not in response.content.decode()

        heartbeat = client.post(url("heartbeat", article))

        assert heartbeat.status_code == 200
        assert heartbeat.json() == {"held": True}
        assert editing.lock_of(article)["user_id"] == editor.pk

    def test_taking_over_makes_the_holder_and_the_first_editor_learns_they_lost_it(
        self, editor, other_editor, article
    ):
        first = client_for(other_editor)
        first.get(url("change", article))
        second = client_for(editor)

        response = second.post(url("take_over", article))

        assert response.status_code == 302
        assert response["Location"] == url("change", article)
        assert editing.lock_of(article)["user_id"] == editor.pk
        assert second.get(url("change", article)).context["edit_lock"] is None
        heartbeat = first.post(url("heartbeat", article))
        assert heartbeat.status_code == 200
        assert heartbeat.json()["held"] is False
        assert "editor" in heartbeat.json()["message"]
        assert "mengambil alih" in heartbeat.json()["message"]

    def test_lock_urls_only_take_posts(self, editor, article):
        client = client_for(editor)
        assert client.get(url("heartbeat", article)).status_code == 405
        assert client.get(url("take_over", article)).status_code == 405


class TestAutosave:
    def autosave(self, client, article, **fields):
        return client.post(url("autosave", article), fields)

    def test_the_typed_fields_are_stored_then_offered(self, editor, other_editor, article):
        client = client_for(editor)
        response = self.autosave(
            client, article, title="Draf judul", body="<p>Draf</p>", category="9", review_note="n"
        )

        assert response.status_code == 200
        assert response.json()["saved"] is True
        saved = ArticleAutosave.objects.get(article=article, user=editor)
        assert saved.data == {"title": "Draf judul", "body": "<p>Draf</p>", "review_note": "n"}
        page = client.get(url("change", article))
        assert page.context["autosave"] == saved
        content = page.content.decode()
        assert 'href="?autosave=restore"' in content
        assert 'form="discard-autosave-form"' in content
        # Another editor is offered nothing.
        assert client_for(other_editor).get(url("change", article)).context["autosave"] is None

    def test_restoring_fills_the_form_from_the_autosave(self, editor, article):
        client = client_for(editor)
        self.autosave(client, article, title="Draf judul", excerpt="Draf ringkasan")

        response = client.get(url("change", article) + "?autosave=restore")

        assert response.status_code == 200
        form = response.context["adminform"].form
        assert form["title"].value() == "Draf judul"
        assert form["excerpt"].value() == "Draf ringkasan"
        assert 'value="Draf judul"' in response.content.decode()
        article.refresh_from_db()
        assert article.title != "Draf judul"  # restoring only fills the form

    def test_discarding_deletes_the_autosave(self, editor, article):
        client = client_for(editor)
        self.autosave(client, article, title="Draf judul")

        response = client.post(url("discard_autosave", article))

        assert response.status_code == 302
        assert not ArticleAutosave.objects.exists()
        assert client.get(url("change", article)).context["autosave"] is None

    def test_saving_the_article_deletes_the_autosave(self, editor, article):
        client = client_for(editor)
        self.autosave(client, article, title="Draf judul")
        data = article_form_data(article.category, article.author, title="Disimpan")

        assert client.post(url("change", article), data).status_code == 302

        assert not ArticleAutosave.objects.exists()

    def test_an_autosave_older_than_the_article_is_not_offered(self, editor, other_editor, article):
        client = client_for(editor)
        self.autosave(client, article, title="Draf judul")
        article.save()  # saved by someone after the autosave

        assert client.get(url("change", article)).context["autosave"] is None
        restored = client.get(url("change", article) + "?autosave=restore")
        assert restored.context["adminform"].form["title"].value() == article.title

    def test_a_reporter_autosaves_their_draft_without_editor_fields(
        self, reporter_client, reporter
    ):
        draft = ArticleFactory(created_by=reporter, status=Article.Status.DRAFT)

        response = self.autosave(reporter_client, draft, title="Draf", review_note="Catatan")

        assert response.status_code == 200
        assert ArticleAutosave.objects.get().data == {"title": "Draf"}


NEW_URLS = ["heartbeat", "take_over", "autosave", "discard_autosave"]


@pytest.mark.parametrize("name", NEW_URLS)
def test_a_reporter_may_not_use_them_on_an_article_they_may_not_edit(
    reporter_client, reporter, name
):
    others = ArticleFactory(status=Article.Status.DRAFT)
    own_in_review = ArticleFactory(created_by=reporter, status=Article.Status.REVIEW)

    for article in [others, own_in_review]:
        response = reporter_client.post(url(name, article), {"title": "Draf"})
        assert response.status_code == 403, article
    assert not ArticleAutosave.objects.exists()
    assert editing.lock_of(others) is None


@pytest.mark.parametrize("name", NEW_URLS)
def test_a_moderator_may_not_use_them(moderator_client, article, name):
    response = moderator_client.post(url(name, article), {"title": "Draf"})

    assert response.status_code == 403
    assert not ArticleAutosave.objects.exists()
    assert editing.lock_of(article) is None
