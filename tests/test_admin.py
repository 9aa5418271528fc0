import json

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments.models import Comment
from news.models import Article

from .factories import (
    ARTICLE_INLINES,
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
)

pytestmark = pytest.mark.django_db


def article_form_data(category, author, **overrides):
    return {
        "title": "Operasi Zebra Dimulai",
        "slug": "operasi-zebra-dimulai",
        "excerpt": "Ringkasan.",
        "body": "<p>Isi</p><script>alert(1)</script>",
        "image_alt": "",
        "image_caption": "",
        "category": category.pk,
        "author": author.pk,
        "tags": ["lalulintas", "Operasi Zebra"],
        "status": Article.Status.PUBLISHED,
        "published_at_0": "2026-11-20",
        "published_at_1": "08:00:00",
        "comments_open": "on",
        "live_status": Article.LiveStatus.NONE,
        **ARTICLE_INLINES,
        **overrides,
    }


class TestEditor:
    def test_article_change_list_columns_and_comment_counts(self, editor_client):
        """The list shows title, state, category, author, time and comment counts."""
        article = ArticleFactory(title="Judul Uji")
        CommentFactory.create_batch(2, article=article)
        CommentFactory(article=article, status=Comment.Status.PENDING)
        CommentFactory(article=article, status=Comment.Status.SPAM)
        response = editor_client.get(reverse("admin:news_article_changelist"))
        assert response.status_code == 200
        html = response.text
        assert "Judul Uji" in html and article.category.name in html
        row = response.context["cl"].result_list[0]
        assert (row.approved_total, row.pending_total) == (2, 1)
        for column in ["column-headline", "column-publication", "column-comments"]:
            assert column in html
        assert '<span class="article-comments">2 komentar</span>' in html
        assert '<span class="article-pending">(1 menunggu)</span>' in html

    def test_change_list_filters_search_and_date_hierarchy(self, editor_client):
        """Filters by status and search narrow the list; the date hierarchy is shown."""
        ArticleFactory(title="Sudah terbit")
        ArticleFactory(title="Masih draf", status=Article.Status.DRAFT)
        url = reverse("admin:news_article_changelist")
        drafts = editor_client.get(url, {"status__exact": "draft"}).context["cl"].result_list
        assert [a.title for a in drafts] == ["Masih draf"]
        found = editor_client.get(url, {"q": "terbit"}).context["cl"].result_list
        assert [a.title for a in found] == ["Sudah terbit"]
        assert editor_client.get(url).context["cl"].date_hierarchy == "published_at"

    def test_editor_creates_a_tagged_sanitised_article(self, editor_client):
        """An editor adds an article with tags; the body is sanitised on save."""
        category, author = CategoryFactory(), AuthorFactory()
        response = editor_client.post(
            reverse("admin:news_article_add"), article_form_data(category, author)
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get(slug="operasi-zebra-dimulai")
        assert sorted(article.tags.names()) == ["Operasi Zebra", "lalulintas"]
        assert "<script" not in article.body
        assert article.is_published

    def test_change_form_prepopulates_slug_and_links_to_site(self, editor_client):
        """The slug is filled from the title and "view on site" leads to the article."""
        article = ArticleFactory()
        response = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        assert response.status_code == 200
        prepopulated = json.loads(response.context["prepopulated_fields_json"])
        assert {"id": "#id_slug", "name": "slug"}.items() <= prepopulated[0].items()
        assert prepopulated[0]["dependency_ids"] == ["#id_title"]
        content_type = ContentType.objects.get_for_model(Article)
        view_on_site = reverse("admin:view_on_site", args=[content_type.pk, article.pk])
        assert view_on_site in response.text
        assert editor_client.get(view_on_site).url.endswith(article.get_absolute_url())

    def test_editor_manages_authors_categories_and_tags(self, editor_client):
        """Authors, categories and tags are open to editors."""
        for name in ["news_author", "news_category", "news_tag"]:
            assert editor_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
            assert editor_client.get(reverse(f"admin:{name}_add")).status_code == 200

    def test_editor_cannot_moderate_comments(self, editor_client):
        """Comments are the moderators' work."""
        assert editor_client.get(reverse("admin:comments_comment_changelist")).status_code == 403


class TestModerator:
    def test_queue_lists_pending_first(self, moderator_client):
        """Pending comments come before everything else, newest first among each."""
        old_pending = CommentFactory(status=Comment.Status.PENDING, body="lama")
        approved = CommentFactory(body="disetujui")
        new_pending = CommentFactory(status=Comment.Status.PENDING, body="baru")
        response = moderator_client.get(
            reverse("admin:comments_comment_changelist"), {"status__exact": "all"}
        )
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [new_pending, old_pending, approved]
        assert old_pending.article.get_absolute_url() in response.text

    def test_filter_by_status(self, moderator_client):
        """The queue filters by status."""
        CommentFactory(status=Comment.Status.SPAM)
        CommentFactory()
        response = moderator_client.get(
            reverse("admin:comments_comment_changelist"), {"status__exact": "spam"}
        )
        assert [c.status for c in response.context["cl"].result_list] == ["spam"]

    @pytest.mark.parametrize(
        ("action", "status"),
        [("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed")],
    )
    def test_bulk_actions(self, moderator_client, action, status):
        """Approve, spam and remove work on a selection."""
        comments = CommentFactory.create_batch(2, status=Comment.Status.PENDING)
        other = CommentFactory(status=Comment.Status.PENDING)
        response = moderator_client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": action, "_selected_action": [c.pk for c in comments]},
        )
        assert response.status_code == 302
        assert set(Comment.objects.filter(status=status)) == set(comments)
        other.refresh_from_db()
        assert other.status == Comment.Status.PENDING

    def test_moderator_cannot_touch_articles(self, moderator_client):
        """A moderator can neither list, add nor change articles."""
        article = ArticleFactory()
        assert moderator_client.get(reverse("admin:news_article_changelist")).status_code == 403
        assert moderator_client.get(reverse("admin:news_article_add")).status_code == 403
        change = reverse("admin:news_article_change", args=[article.pk])
        assert moderator_client.post(change, {"title": "x"}).status_code == 403
        assert Article.objects.get().title == article.title

    def test_moderator_cannot_manage_authors_or_categories(self, moderator_client):
        """Least privilege: nothing outside comments."""
        for name in ["news_author", "news_category", "news_tag", "auth_user"]:
            assert moderator_client.get(reverse(f"admin:{name}_changelist")).status_code == 403

    def test_admin_index_shows_only_comments(self, moderator_client):
        """The moderator's admin index lists the comments and nothing else."""
        response = moderator_client.get(reverse("admin:index"))
        assert [app["app_label"] for app in response.context["app_list"]] == ["comments"]


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1, 10])
def test_change_lists_cost_a_fixed_number_of_queries(
    editor_client, staff_user, client, django_assert_max_num_queries, scale
):
    """Article and comment lists do not run a query per row."""
    articles = ArticleFactory.create_batch(3 * scale)
    for article in articles:
        CommentFactory(article=article)
    # django-reversion wraps the article list in a savepoint: two of the twelve queries.
    with django_assert_max_num_queries(12):
        assert editor_client.get(reverse("admin:news_article_changelist")).status_code == 200
    client.force_login(staff_user("Moderator"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("admin:comments_comment_changelist")).status_code == 200


def build_newsroom(reporter, scale):
    """`scale` times: a reporter's articles with tags and comments; a draft with revisions."""
    categories = [CategoryFactory() for _ in range(3 * scale)]
    authors = [AuthorFactory() for _ in range(3 * scale)]
    tags = [f"tag{n}" for n in range(3 * scale)]
    articles = [
        ArticleFactory(
            category=categories[n],
            author=authors[n],
            tags=tags,
            created_by=reporter,
            status=Article.Status.DRAFT if n % 2 else Article.Status.PUBLISHED,
        )
        for n in range(3 * scale)
    ]
    for article in articles:
        CommentFactory.create_batch(scale, article=article)
    draft = articles[1]
    for _ in range(scale):
        with reversion.create_revision():
            draft.save()
    return draft


# Per page: session, user, the user's two permission lists, savepoint and its release
# (django-reversion), then the page's own queries.
ARTICLE_PAGE_QUERIES = {
    # the article list: categories and authors for the filters, count, page, date hierarchy x2
    ("Editor", "changelist"): 12,
    # reporters have no author filter
    ("Reporter", "changelist"): 11,
    # the change form: article with its creator, its tags, the category and author chosen
    # (autocomplete widgets), the articles excluded from and pinned to its related posts, the
    # editor's autosave newer than the article (the edit lock is in the cache); the inlines:
    # its co-writers, the authors offered in the co-writer inline's blank row, its notes and
    # its rights of reply
    ("Editor", "change"): 17,
    # reporters get plain selects (every category and every author, one query each) and no
    # related-posts fields; of the inlines, only the co-writers (rows, authors offered)
    ("Reporter", "change"): 13,
}


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize(("role", "page"), ARTICLE_PAGE_QUERIES)
def test_article_pages_cost_a_fixed_number_of_queries(
    client, staff_user, django_assert_max_num_queries, scale, role, page
):
    """The article list and change form: the same queries with ten times the data."""
    reporter = staff_user("Reporter")
    draft = build_newsroom(reporter, scale)
    client.force_login(reporter if role == "Reporter" else staff_user(role))
    url = reverse(f"admin:news_article_{page}", args=[draft.pk] if page == "change" else [])
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES[role, page]):
        response = client.get(url)
    assert response.status_code == 200
