from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from news.models import Article

from .factories import ArticleFactory, CategoryFactory, CommentFactory, admin_form_data

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


class TestPublished:
    def test_only_published_articles_whose_time_has_come(self):
        """published() is the one definition of what readers may see."""
        visible = ArticleFactory()
        ArticleFactory(status=Article.Status.DRAFT)
        ArticleFactory(published_at=timezone.now() + timedelta(minutes=5))
        assert list(Article.objects.published()) == [visible]

    def test_scheduled_article_appears_when_its_time_comes(self):
        """A published article dated in the future becomes visible without any job running."""
        article = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))
        assert not Article.objects.published().filter(pk=article.pk).exists()
        Article.objects.filter(pk=article.pk).update(published_at=hours_ago(0.001))
        assert Article.objects.published().filter(pk=article.pk).exists()


class TestSanitising:
    def test_body_is_sanitised_on_save(self):
        """Scripts, event handlers and javascript: links never reach the stored body."""
        article = ArticleFactory(
            body='<p onclick="x()">Halo <script>alert(1)</script>'
            '<a href="javascript:alert(1)">tautan</a> <strong>tebal</strong></p>'
        )
        article.refresh_from_db()
        assert "<script" not in article.body
        assert "onclick" not in article.body
        assert "javascript:" not in article.body
        assert "<strong>tebal</strong>" in article.body


class TestRelatedArticles:
    @pytest.fixture
    def crafted(self):
        """A small data set whose ranking is known by construction."""
        home, other = CategoryFactory(), CategoryFactory()
        article = ArticleFactory(category=home, tags=["x", "y", "z"], published_at=hours_ago(1))
        return {
            "article": article,
            "three_shared_other_category_oldest": ArticleFactory(
                category=other, tags=["x", "y", "z"], published_at=hours_ago(90)
            ),
            "two_shared_same_category": ArticleFactory(
                category=home, tags=["x", "y"], published_at=hours_ago(80)
            ),
            "two_shared_other_category_newer": ArticleFactory(
                category=other, tags=["x", "y", "q"], published_at=hours_ago(2)
            ),
            "one_shared": ArticleFactory(category=other, tags=["z"], published_at=hours_ago(3)),
            "same_category_no_tags": ArticleFactory(category=home, published_at=hours_ago(70)),
            "newest_unrelated": ArticleFactory(
                category=other, tags=["q"], published_at=hours_ago(0.5)
            ),
            "draft": ArticleFactory(
                category=home, tags=["x", "y", "z"], status=Article.Status.DRAFT
            ),
            "scheduled": ArticleFactory(
                category=home,
                tags=["x", "y", "z"],
                published_at=timezone.now() + timedelta(days=1),
            ),
        }

    def test_ranking_by_shared_tags_then_category_then_newest(self, crafted):
        """Most shared tags first; ties go to the same category, then to the newest."""
        related = list(Article.objects.related_to(crafted["article"], limit=3))
        assert related == [
            crafted["three_shared_other_category_oldest"],
            crafted["two_shared_same_category"],
            crafted["two_shared_other_category_newer"],
        ]

    def test_filled_from_same_category_then_newest(self, crafted):
        """Fewer sharing articles than places: same category first, then the newest."""
        related = list(Article.objects.related_to(crafted["article"], limit=6))
        assert related[3:] == [
            crafted["one_shared"],
            crafted["same_category_no_tags"],
            crafted["newest_unrelated"],
        ]

    def test_never_itself_nor_unpublished(self, crafted):
        """The box never shows the article itself, a draft, or a scheduled article."""
        related = set(Article.objects.related_to(crafted["article"], limit=50))
        assert crafted["one_shared"] in related
        assert crafted["article"] not in related
        assert crafted["draft"] not in related
        assert crafted["scheduled"] not in related

    def test_article_without_tags_gets_same_category_first(self):
        """With no tags, the box is the newest of the category, then the newest overall."""
        home, other = CategoryFactory(), CategoryFactory()
        article = ArticleFactory(category=home, published_at=hours_ago(1))
        old_same = ArticleFactory(category=home, published_at=hours_ago(100))
        newer_other = ArticleFactory(category=other, published_at=hours_ago(2))
        older_other = ArticleFactory(category=other, published_at=hours_ago(3))
        ArticleFactory(category=other, published_at=hours_ago(200))
        related = list(Article.objects.related_to(article, limit=3))
        assert related == [old_same, newer_other, older_other]

    def test_one_query_whatever_the_number_of_tags(self, crafted, django_assert_num_queries):
        """Ranking and authors come in a single query."""
        with django_assert_num_queries(1):
            names = [
                related.author.name for related in Article.objects.related_to(crafted["article"])
            ]
        assert len(names) == 3


class TestComments:
    def test_visible_to_shows_approved_and_own_pending_only(self):
        """Readers see approved comments plus their own pending ones, never others' pending."""
        article = ArticleFactory()
        approved = CommentFactory(article=article)
        mine = CommentFactory(article=article, status=Comment.Status.PENDING)
        CommentFactory(article=article, status=Comment.Status.PENDING)
        CommentFactory(article=article, status=Comment.Status.SPAM)
        assert list(article.comments.visible_to([mine.pk])) == [approved, mine]
        assert list(article.comments.visible_to([])) == [approved]

    def test_comment_count_counts_approved_only(self):
        """The comment count shown to readers ignores pending, spam and removed comments."""
        article = ArticleFactory()
        CommentFactory.create_batch(2, article=article)
        for status in [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]:
            CommentFactory(article=article, status=status)
        assert Article.objects.with_comment_count().get(pk=article.pk).comment_count == 2


class TestTitle:
    @pytest.mark.parametrize(
        "typed",
        [
            "Razia\nmalam ini",
            "Razia\r\n malam\tini",
            "Razia \u2028malam\x00 ini",
            " Razia malam ini ",
        ],
    )
    def test_saved_on_one_line(self, typed):
        """Line breaks, tabs and control characters in a title become single spaces."""
        article = ArticleFactory(title=typed)
        article.refresh_from_db()
        assert article.title == "Razia malam ini"

    def test_pasted_title_still_lets_mail_name_the_article(
        self, editor_client, staff_user, django_capture_on_commit_callbacks, mailoutbox
    ):
        """A title pasted with a line break (which made every e-mail naming the article fail)
        is saved on one line, and the sent-back e-mail goes out."""
        draft = ArticleFactory(
            status=Article.Status.REVIEW, created_by=staff_user("Reporter", username="wartawan")
        )
        data = admin_form_data(
            draft, title="Razia\r\nmalam ini", review_note="Sumber?", _send_back="1"
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                reverse("admin:news_article_change", args=[draft.pk]), data
            )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.title == "Razia malam ini"
        [message] = mailoutbox
        assert "Razia malam ini" in message.subject
