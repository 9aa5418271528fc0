"""Who may do what in the admin: every role against every action, through the test client.

A write succeeded exactly when the admin answered with a redirect (302); a refusal is a 403,
or the form shown again with an error (200).
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    UserFactory,
    admin_form_data,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Article.Status.DRAFT, Article.Status.PUBLISHED


def other_reporter():
    user = UserFactory(username="reporter-lain", is_staff=True)
    user.groups.add(Group.objects.get(name="Reporter"))
    return user


def get(name, *args):
    return lambda client: client.get(reverse(name, args=args))


def changed(article, **expected):
    if not Article.objects.filter(pk=article.pk).exists():
        return False
    article.refresh_from_db()
    return all(getattr(article, name) == value for name, value in expected.items())


# Each action: (client, signed-in user) -> (response, whether the write took effect or None).


def changelist(client, user):
    return get("admin:news_article_changelist")(client), None


def add(client, user):
    data = admin_form_data(
        Article(title="Berita Baru", slug="berita-baru", body="<p>Isi</p>", status=DRAFT),
        category=CategoryFactory().pk,
        author=AuthorFactory().pk,
    )
    response = client.post(reverse("admin:news_article_add"), data)
    return response, Article.objects.filter(slug="berita-baru").exists()


def edit(article, client, **changes):
    url = reverse("admin:news_article_change", args=[article.pk])
    return client.post(url, admin_form_data(article, **changes))


def change_own_draft(client, user):
    article = ArticleFactory(status=DRAFT, created_by=user)
    return edit(article, client, title="Judul Baru"), changed(article, title="Judul Baru")


def change_others_draft(client, user):
    article = ArticleFactory(status=DRAFT, created_by=other_reporter())
    return edit(article, client, title="Judul Baru"), changed(article, title="Judul Baru")


def change_published(client, user):
    article = ArticleFactory(created_by=user)
    return edit(article, client, title="Judul Baru"), changed(article, title="Judul Baru")


def publish(client, user):
    article = ArticleFactory(status=DRAFT, created_by=user)
    return edit(article, client, status=PUBLISHED), changed(article, status=PUBLISHED)


def bulk_publish(client, user):
    article = ArticleFactory(status=DRAFT, created_by=user)
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk], "index": 0},
    )
    return response, changed(article, status=PUBLISHED)


def delete(client, user):
    article = ArticleFactory(status=DRAFT, created_by=user)
    response = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
    return response, not Article.objects.filter(pk=article.pk).exists()


def preview_own_draft(client, user):
    article = ArticleFactory(status=DRAFT, created_by=user)
    return get("admin:news_article_preview", article.pk)(client), None


def preview_others_draft(client, user):
    article = ArticleFactory(status=DRAFT, created_by=other_reporter())
    return get("admin:news_article_preview", article.pk)(client), None


def comments_queue(client, user):
    return get("admin:comments_comment_changelist")(client), None


def keyword_rules(client, user):
    return get("admin:comments_keywordrule_changelist")(client), None


def users(client, user):
    return get("admin:auth_user_changelist")(client), None


ROLES = ["Reporter", "Editor", "Moderator", "Administrator"]
# The README's role matrix; columns in the order of ROLES.
MATRIX = {
    changelist: (200, 200, 403, 200),
    add: (302, 302, 403, 302),
    change_own_draft: (302, 302, 403, 302),
    change_others_draft: (403, 302, 403, 302),
    change_published: (403, 302, 403, 302),
    publish: (200, 302, 403, 302),  # reporter: "not one of the available choices"
    bulk_publish: (200, 302, 403, 302),  # reporter: no such action, the list is shown again
    delete: (403, 302, 403, 302),
    preview_own_draft: (200, 200, 403, 200),
    preview_others_draft: (403, 200, 403, 200),
    comments_queue: (403, 403, 200, 200),
    keyword_rules: (403, 403, 200, 200),
    users: (403, 403, 403, 200),
}


@pytest.fixture
def sign_in(client, staff_user):
    def sign_in_as(role):
        if role == "Administrator":
            user = UserFactory(username="admin", is_staff=True, is_superuser=True)
        else:
            user = staff_user(role)
        client.force_login(user)
        return user

    return sign_in_as


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX, ids=lambda action: action.__name__)
def test_permission_matrix(client, sign_in, action, role):
    """Each role gets the pinned answer to each action, and a write happens only on success."""
    user = sign_in(role)
    response, done = action(client, user)
    assert response.status_code == MATRIX[action][ROLES.index(role)]
    if done is not None:
        assert done == (response.status_code == 302)


class TestWhatReportersSee:
    def test_admin_index_offers_articles_only(self, reporter_client):
        """Reporters see the articles and nothing else of the admin."""
        response = reporter_client.get(reverse("admin:index"))
        models = [m["object_name"] for app in response.context["app_list"] for m in app["models"]]
        assert models == ["Article"]

    def test_change_list_shows_own_articles_without_actions(self, reporter_client, reporter):
        """A reporter lists only their own articles, with no publish action or recover link."""
        own = ArticleFactory(status=DRAFT, created_by=reporter, title="Draf saya")
        ArticleFactory(status=DRAFT, created_by=other_reporter(), title="Draf orang lain")
        response = reporter_client.get(reverse("admin:news_article_changelist"))
        assert list(response.context["cl"].result_list) == [own]
        assert response.context["action_form"] is None
        assert "Draf saya" in response.text
        assert "Draf orang lain" not in response.text
        assert reverse("admin:news_article_recoverlist") not in response.text

    def test_own_draft_form_offers_draft_and_review_only(self, reporter_client, reporter):
        """No "published" status, no publication time and no editor's note for reporters."""
        article = ArticleFactory(status=DRAFT, created_by=reporter)
        response = reporter_client.get(reverse("admin:news_article_change", args=[article.pk]))
        form = response.context["adminform"].form
        assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
        assert "published_at" not in form.fields and "review_note" not in form.fields
        assert 'name="_submit_for_review"' in response.text
        assert 'name="_send_back"' not in response.text

    def test_own_article_in_review_is_read_only(self, reporter_client, reporter):
        """Once submitted, a reporter can read their article but not save it."""
        article = ArticleFactory(status=Article.Status.REVIEW, created_by=reporter)
        response = reporter_client.get(reverse("admin:news_article_change", args=[article.pk]))
        assert response.status_code == 200
        assert not response.context["has_change_permission"]
        assert article.title in response.text
        assert 'name="_save"' not in response.text
        assert 'name="_submit_for_review"' not in response.text

    def test_publishing_by_form_is_refused(self, reporter_client, reporter):
        """Posting status=published by hand is rejected as an invalid choice."""
        article = ArticleFactory(status=DRAFT, created_by=reporter)
        response = edit(article, reporter_client, status=PUBLISHED)
        assert "status" in response.context["adminform"].form.errors
        article.refresh_from_db()
        assert article.status == DRAFT


class TestWhatEditorsSee:
    def test_change_list_offers_publish_and_unpublish(self, editor_client):
        """Editors get the publish and unpublish bulk actions and every article."""
        ArticleFactory(status=DRAFT, created_by=other_reporter())
        response = editor_client.get(reverse("admin:news_article_changelist"))
        actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
        assert {"publish", "unpublish", "delete_selected"} <= set(actions)
        assert len(response.context["cl"].result_list) == 1

    def test_form_offers_every_status_and_the_note(self, editor_client):
        """An editor's form has published among the statuses, the time and the note."""
        article = ArticleFactory(status=Article.Status.REVIEW, created_by=other_reporter())
        response = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        form = response.context["adminform"].form
        assert [value for value, _ in form.fields["status"].choices] == [
            "draft",
            "review",
            "published",
        ]
        assert {"published_at", "review_note"} <= set(form.fields)
        assert 'name="_send_back"' in response.text


def test_reporter_cannot_curate_related_posts(client, staff_user):
    """Pinning and excluding related posts is editors' work, even on a reporter's own draft."""
    reporter = staff_user("Reporter")
    client.force_login(reporter)
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
    response = client.get(reverse("admin:news_article_change", args=[draft.pk]))
    form = response.context["adminform"].form
    assert response.status_code == 200
    assert {"title", "tags"} <= set(form.fields)
    assert "pinned_articles" not in form.fields
    assert "related_excluded" not in form.fields
