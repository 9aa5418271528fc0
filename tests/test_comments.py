import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from news.models import Article

from .factories import ArticleFactory, CommentFactory, comment_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def post(client, article, **overrides):
    data = comment_form_data(article, **overrides)
    return client.post(reverse("comments:create", args=[article.slug]), data)


class TestPostingAComment:
    def test_success_redirects_back_to_the_article(self, client, article):
        """A valid comment is stored as pending and the reader is sent back (PRG)."""
        response = post(client, article, website="budi.example.com")
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert response.url == f"{article.get_absolute_url()}#komentar-{comment.pk}"
        assert comment.status == Comment.Status.PENDING
        assert comment.article == article
        assert comment.website == "https://budi.example.com"
        assert comment.ip_address == "127.0.0.1"

    def test_poster_sees_own_pending_comment_with_notice(self, client, article):
        """After posting, the reader sees their comment marked as awaiting moderation."""
        post(client, article)
        html = client.get(article.get_absolute_url()).text
        assert "Semoga Jakarta tetap aman." in html
        assert "Komentar Anda menunggu moderasi" in html

    def test_nobody_else_sees_pending_comment(self, client, article):
        """Another reader does not see the pending comment."""
        post(client, article)
        html = Client().get(article.get_absolute_url()).text
        assert "Semoga Jakarta tetap aman." not in html
        assert "menunggu moderasi" not in html

    def test_others_see_it_once_approved(self, client, article):
        """Approval makes the comment public, without the pending notice."""
        post(client, article)
        Comment.objects.update(status=Comment.Status.APPROVED)
        html = Client().get(article.get_absolute_url()).text
        assert "Semoga Jakarta tetap aman." in html
        assert "menunggu moderasi" not in html

    def test_honeypot_is_accepted_silently_and_stored_as_spam(self, client, article):
        """A bot filling the hidden field gets the normal redirect; its comment is spam."""
        response = post(client, article, homepage="http://spam.example")
        assert response.status_code == 302
        assert Comment.objects.get().status == Comment.Status.SPAM
        assert "Semoga Jakarta" not in client.get(article.get_absolute_url()).text

    def test_user_agent_is_stored(self, client, article):
        """The browser's user agent is kept for moderators."""
        client.post(
            reverse("comments:create", args=[article.slug]),
            comment_form_data(article),
            HTTP_USER_AGENT="Mozilla/5.0 Tes",
        )
        assert Comment.objects.get().user_agent == "Mozilla/5.0 Tes"


class TestInvalidInput:
    def test_form_is_reshown_with_text_kept_and_error_beside_field(self, client, article):
        """A missing email re-shows the form with what was typed and the error by the field."""
        response = post(client, article, email="bukan-email")
        assert response.status_code == 200
        assert not Comment.objects.exists()
        html = response.text
        assert "Semoga Jakarta tetap aman.</textarea>" in html
        assert 'value="Budi Santoso"' in html
        assert 'value="bukan-email"' in html
        assert 'id="id_email_error"' in html
        assert 'aria-describedby="id_email_helptext id_email_error"' in html
        assert 'aria-invalid="true"' in html
        assert "Masukkan alamat email yang valid." in html

    def test_empty_comment_is_refused(self, client, article):
        """Required fields are required."""
        response = post(client, article, body="", name="")
        assert response.context["comment_form"].errors.keys() == {"name", "body"}
        assert not Comment.objects.exists()

    def test_too_long_name_is_refused(self, client, article):
        """Names longer than 245 characters are refused with a field error."""
        response = post(client, article, name="a" * 246)
        assert "name" in response.context["comment_form"].errors

    def test_get_is_not_allowed(self, client, article):
        """The comment endpoint only accepts POST."""
        assert client.get(reverse("comments:create", args=[article.slug])).status_code == 405


class TestProtection:
    def test_csrf_is_enforced(self, article):
        """A post without the CSRF token is refused and nothing is stored."""
        client = Client(enforce_csrf_checks=True)
        response = post(client, article)
        assert response.status_code == 403
        assert not Comment.objects.exists()

    def test_form_carries_csrf_token(self, article):
        """The article page's form carries a CSRF token that makes the post pass."""
        client = Client(enforce_csrf_checks=True)
        page = client.get(article.get_absolute_url())
        token = page.context["csrf_token"]
        response = post(client, article, csrfmiddlewaretoken=str(token))
        assert response.status_code == 302

    def test_closed_article_rejects_comments(self, client):
        """Comments on a closed article are refused with 403 and nothing is stored."""
        article = ArticleFactory(comments_open=False)
        response = post(client, article)
        assert response.status_code == 403
        assert not Comment.objects.exists()
        assert "Komentar ditutup" in client.get(article.get_absolute_url()).text

    def test_unpublished_article_cannot_be_commented(self, client):
        """Drafts are invisible, so commenting on one is a 404."""
        article = ArticleFactory(status=Article.Status.DRAFT)
        assert post(client, article).status_code == 404

    def test_comment_html_is_escaped(self, client, article):
        """Markup in a comment is shown as text, never run."""
        CommentFactory(article=article, body="<script>alert('x')</script>", name="<b>Tamu</b>")
        html = client.get(article.get_absolute_url()).text
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html and "&lt;b&gt;Tamu&lt;/b&gt;" in html


def test_comment_count_shows_approved_only(client, article):
    """The heading counts approved comments only."""
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    html = client.get(article.get_absolute_url()).text
    assert "2 komentar" in html
    assert "3 komentar" not in html
