"""Who may do what in the admin: every role against every action, through the test client.

A write succeeded exactly when the admin answered with a redirect (302); a refusal is a 403,
or the form shown again with an error (200).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from news import roles
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
        author=AuthorFactory(user=user).pk,  # a reporter files under their own byline
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


def add_live_entry(client, user):
    article = ArticleFactory(live_status="live", created_by=user)
    url = reverse("admin:news_article_add_live_entry", args=[article.pk])
    return client.post(url, {"text": "Arus lalu lintas lancar."}), article.live_entries.exists()


def breaking_news_bars(client, user):
    return get("admin:news_breakingnews_changelist")(client), None


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
    add_live_entry: (403, 302, 403, 302),
    breaking_news_bars: (403, 200, 403, 200),
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
        assert reverse("admin:news_article_recoverlist") in response.text

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


class TestWhatEachRoleFinds:
    """The admin's lists of articles outside the change list show only what the user may
    open: a reporter never reads other people's unpublished titles, images or captions."""

    @pytest.fixture
    def newsroom(self, staff_user):
        """A reporter's own draft, and another reporter's articles in every state; each with
        an image, and "Razia" in every title."""
        reporter, other = staff_user("Reporter"), other_reporter()
        future = timezone.now() + timedelta(days=1)
        articles = {
            "own draft": ArticleFactory(status=DRAFT, created_by=reporter),
            "other's draft": ArticleFactory(status=DRAFT, created_by=other),
            "other's review": ArticleFactory(status=Article.Status.REVIEW, created_by=other),
            "other's scheduled": ArticleFactory(published_at=future, created_by=other),
            "other's published": ArticleFactory(created_by=other),
        }
        for name, article in articles.items():
            article.title = f"Razia: {name}"
            article.save()
            with_image(article, caption=f"Keterangan {name}")
        return reporter, articles

    @pytest.fixture
    def sign_in_as(self, client, staff_user, newsroom):
        def sign_in(role):
            users = {
                "Reporter": lambda: newsroom[0],
                "Editor": lambda: staff_user("Editor"),
                "Moderator": lambda: staff_user("Moderator"),
                "Administrator": lambda: UserFactory(is_staff=True, is_superuser=True),
            }
            client.force_login(users[role]())

        return sign_in

    EVERY = {
        "own draft",
        "other's draft",
        "other's review",
        "other's scheduled",
        "other's published",
    }
    # What each role finds, or the refusal; None: the endpoint answers 403.
    AUTOCOMPLETE = {
        "Reporter": {"own draft"},
        "Editor": EVERY,
        "Moderator": None,
        "Administrator": EVERY,
    }
    PICKER = {
        "Reporter": {"own draft", "other's published"},
        "Editor": EVERY,
        "Moderator": None,
        "Administrator": EVERY,
    }

    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize(
        "source",
        [
            "news.article.related_pinned",
            "news.article.related_excluded",
            "comments.comment.article",
        ],
    )
    def test_autocomplete(self, client, sign_in_as, role, source):
        """Every autocomplete box offering articles searches only those the user may open."""
        sign_in_as(role)
        app_label, model_name, field_name = source.split(".")
        query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
        response = client.get(reverse("admin:autocomplete"), {**query, "term": "razia"})
        expected = self.AUTOCOMPLETE[role]
        if expected is None:
            assert response.status_code == 403
            return
        assert response.status_code == 200
        found = {result["text"].removeprefix("Razia: ") for result in response.json()["results"]}
        assert found == expected

    @pytest.mark.parametrize("role", ROLES)
    def test_image_picker(self, client, sign_in_as, role):
        """The body editor's image picker offers the images of articles the user may open,
        and those of published articles, which readers see anyway."""
        sign_in_as(role)
        response = client.get(reverse("image_picker"))
        expected = self.PICKER[role]
        if expected is None:
            assert response.status_code == 403
            return
        assert response.status_code == 200
        found = {
            article.title.removeprefix("Razia: ") for article in response.context["object_list"]
        }
        assert found == expected
        for name in self.EVERY - expected:
            assert f"Keterangan {name}" not in response.text
            assert f"Razia: {name}" not in response.text


def with_image(article, caption):
    """Give `article` a stored image with its renditions, as news.images records them."""
    source = f"articles/2026/12/{article.slug}.jpg"
    Article.objects.filter(pk=article.pk).update(
        featured_image=source,
        featured_image_width=1600,
        featured_image_height=900,
        image_alt="Foto",
        image_caption=caption,
        image_renditions={
            "source": source,
            "fallback": "jpg",
            "sizes": {"thumb": [480, 270], "medium": [960, 540]},
        },
    )


class TestPolicy:
    """news.roles, asked directly: the rules every part of the admin relies on."""

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("Reporter", (False, False, True)),
            ("Editor", (True, True, False)),
            ("Moderator", (False, False, False)),
        ],
    )
    def test_predicates(self, staff_user, role, expected):
        """Publishing, sending back an article in review, submitting a new draft."""
        user = staff_user(role)
        in_review = ArticleFactory(status=Article.Status.REVIEW)
        assert (
            roles.can_publish(user),
            roles.can_send_back(user, in_review),
            roles.can_submit_for_review(user, Article()),
        ) == expected

    def test_reporter_edits_own_drafts_only(self, staff_user):
        reporter = staff_user("Reporter")
        own = ArticleFactory(status=DRAFT, created_by=reporter)
        assert roles.can_edit(reporter, own) and roles.can_view(reporter, own)
        own.status = Article.Status.REVIEW
        assert not roles.can_edit(reporter, own) and roles.can_view(reporter, own)
        others = ArticleFactory(created_by=other_reporter())
        assert not roles.can_view(reporter, others) and not roles.can_edit(reporter, others)

    def test_group_names_are_the_migrated_groups(self):
        names = set(Group.objects.values_list("name", flat=True))
        assert {roles.EDITOR, roles.REPORTER, roles.MODERATOR} <= names
        editors = Group.objects.get(name=roles.EDITOR).permissions
        assert editors.filter(codename=roles.PUBLISH_ARTICLE.split(".")[1]).exists()
