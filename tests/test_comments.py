import hashlib
import json
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, KeywordRule
from news.models import Article, OldSlug

from .factories import ArticleFactory, CommentFactory, comment_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def post(client, article, **overrides):
    data = comment_form_data(article, **overrides)
    return client.post(article.get_absolute_url(), data)


class TestPostingAComment:
    def test_success_redirects_back_to_the_article(self, client, article):
        """A valid comment is stored as pending and the reader is sent back (PRG)."""
        response = post(client, article, website="budi.example.com")
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert response.url.startswith(f"{article.get_absolute_url()}?komentar=")
        assert response.url.endswith(f"#komentar-{comment.pk}")
        assert comment.status == Comment.Status.PENDING
        assert comment.article == article
        assert comment.website == "https://budi.example.com"
        assert comment.ip_address == "127.0.0.1"

    def test_poster_sees_own_pending_comment_with_notice(self, client, article):
        """After posting, the reader sees their comment marked as awaiting moderation, on a
        page no cache keeps."""
        client.get(article.get_absolute_url())  # the shared page is in the cache
        response = client.get(post(client, article).url)
        assert "Semoga Jakarta tetap aman." in response.text
        assert "Komentar Anda menunggu moderasi" in response.text
        assert response.headers["Cache-Control"] == "private, no-store"
        assert not response.cookies

    def test_a_forged_own_comment_link_shows_nothing(self, client, article):
        """Only a signed `?komentar=` shows a pending comment."""
        post(client, article)
        comment = Comment.objects.get()
        html = client.get(f"{article.get_absolute_url()}?komentar={comment.pk}").text
        assert "Semoga Jakarta tetap aman." not in html

    def test_two_readers_of_one_cached_form_both_comment(self, client, article, settings):
        """Readers of a shared page send the same form token; each comment is stored."""
        settings.COMMENTS_FLOOD_SECONDS = 0
        data = comment_form_data(article)
        url = article.get_absolute_url()
        client.post(url, data)
        Client().post(url, {**data, "email": "sari@example.com", "body": "Terima kasih."})
        Client().post(url, {**data, "email": "sari@example.com", "body": "Terima kasih."})
        assert Comment.objects.count() == 2

    def test_nobody_else_sees_pending_comment(self, client, article):
        """Another reader does not see the pending comment."""
        post(client, article)
        html = Client().get(article.get_absolute_url()).text
        assert article.title in html
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
        html = client.get(article.get_absolute_url()).text
        assert article.title in html
        assert "Semoga Jakarta" not in html

    def test_user_agent_is_stored(self, client, article):
        """The browser's user agent is kept for moderators."""
        client.post(
            article.get_absolute_url(),
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


class TestTheArticlePageTakesItsComments:
    def test_form_posts_to_the_article_address(self, client, article):
        """The form's action is the article itself, scrolled to the form."""
        html = client.get(article.get_absolute_url()).text
        assert f'action="{article.get_absolute_url()}#tinggalkan-komentar"' in html
        assert 'id="tinggalkan-komentar"' in html

    def test_refused_comment_shows_the_form_again(self, client, article):
        """A refused comment re-renders the article with the form (the anchor) and the text."""
        post(client, article, body="Pertama.")
        response = post(client, article, body="Kedua.")  # within the flood window
        assert response.status_code == 429
        assert 'id="tinggalkan-komentar"' in response.text
        assert "Kedua.</textarea>" in response.text
        assert response.context["article"] == article

    def test_old_form_address_forwards_the_comment(self, client, article):
        """/komentar/<slug>/, the old form action, answers 307 to the article, which stores it."""
        old_address = reverse("news:comment_form_moved", args=[article.slug])
        assert old_address == f"/komentar/{article.slug}/"
        response = client.post(old_address, comment_form_data(article))
        assert response.status_code == 307
        assert response.headers["Location"] == article.get_absolute_url()
        assert not Comment.objects.exists()
        response = client.post(old_address, comment_form_data(article), follow=True)
        comment = Comment.objects.get()
        (moved, status), (own, own_status) = response.redirect_chain
        assert (moved, status, own_status) == (article.get_absolute_url(), 307, 302)
        assert own.startswith(f"{article.get_absolute_url()}?komentar=")  # signed, timestamped
        assert own.endswith(f"#komentar-{comment.pk}")
        assert "Semoga Jakarta tetap aman." in response.text

    def test_comment_on_a_renamed_article_follows_it(self, client, article):
        """A comment sent to an old slug is forwarded (308) to the article's address."""
        OldSlug.objects.create(article=article, slug="alamat-lama")
        old_url = reverse("news:article", args=["alamat-lama"])
        response = client.post(old_url, comment_form_data(article))
        assert response.status_code == 308
        assert response.headers["Location"] == article.get_absolute_url()
        client.post(old_url, comment_form_data(article), follow=True)
        assert Comment.objects.get().article == article

    def test_previews_take_no_comments(self, editor_client):
        """A preview of a draft answers 405 to a POST and stores nothing."""
        draft = ArticleFactory(status=Article.Status.DRAFT)
        url = reverse("admin:news_article_preview", args=[draft.pk])
        assert editor_client.post(url, comment_form_data(draft)).status_code == 405
        assert not Comment.objects.exists()


class TestProtection:
    @pytest.mark.parametrize(
        "header",
        [
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_ORIGIN": "null"},
            {"HTTP_REFERER": "https://evil.example/berita/"},
        ],
    )
    def test_a_post_from_another_site_is_refused(self, article, header):
        """Instead of a CSRF token: a comment sent from another site's page is refused."""
        client = Client(enforce_csrf_checks=True)
        data = comment_form_data(article)
        response = client.post(article.get_absolute_url(), data, **header)
        assert response.status_code == 403
        assert "dikirim dari situs web lain" in response.text
        assert not Comment.objects.exists()

    @pytest.mark.parametrize(
        "header",
        [
            {"HTTP_ORIGIN": "http://testserver"},
            {"HTTP_REFERER": "http://testserver/berita/"},
            {},
        ],
    )
    def test_a_post_from_the_article_page_needs_no_csrf_token(self, article, header):
        """The form carries no CSRF token; sent from this site it is accepted."""
        client = Client(enforce_csrf_checks=True)
        data = comment_form_data(article)
        response = client.post(article.get_absolute_url(), data, **header)
        assert response.status_code == 302
        assert Comment.objects.count() == 1

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


def create_url(article):
    return article.get_absolute_url()


class TestFormToken:
    def test_post_faster_than_three_seconds_is_treated_as_a_bot(self, client, article):
        """A form sent 1 s after it was shown is accepted silently but stored as spam."""
        response = post(client, article, seconds_ago=1)
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert comment.status == Comment.Status.SPAM
        assert comment.moderation_reason == Comment.Reason.TOO_FAST

    def test_form_older_than_two_hours_asks_to_send_again(self, client, article):
        """An expired form keeps the reader's text, asks to resend, and carries a new token."""
        response = post(client, article, seconds_ago=3 * 60 * 60)
        assert response.status_code == 200
        assert not Comment.objects.exists()
        assert "Semoga Jakarta tetap aman.</textarea>" in response.text
        assert "Formulir ini sudah kedaluwarsa" in response.text
        fresh_token = response.context["comment_form"].data["token"]
        resent = client.post(create_url(article), comment_form_data(article, token=fresh_token))
        # Sent at once with the fresh token: a human would take longer, so it is held as spam
        # for being too fast, but it is stored, and the expired token no longer blocks it.
        assert resent.status_code == 302

    @pytest.mark.parametrize("token", ["", "rusak", "a:b:c"])
    def test_damaged_token_asks_to_send_again(self, client, article, token):
        """A missing or tampered token stores nothing and keeps the text."""
        response = post(client, article, token=token)
        assert response.status_code == 200
        assert not Comment.objects.exists()
        assert "Semoga Jakarta tetap aman.</textarea>" in response.text

    def test_token_of_another_article_is_refused(self, client, article):
        """A token is bound to the article whose page showed the form."""
        other = ArticleFactory()
        data = comment_form_data(other)
        response = client.post(create_url(article), data)
        assert response.status_code == 200
        assert not Comment.objects.exists()

    def test_double_submission_creates_one_comment(self, client, article):
        """Sending the same form twice (double click) stores one comment, both succeed."""
        data = comment_form_data(article)
        first = client.post(create_url(article), data)
        second = client.post(create_url(article), data)
        assert first.status_code == second.status_code == 302
        # The same comment; the signed notice in the query may carry the next second's time.
        first_url, second_url = urlsplit(first.url), urlsplit(second.url)
        assert (first_url.path, first_url.fragment) == (second_url.path, second_url.fragment)
        assert Comment.objects.count() == 1

    def test_minimum_time_is_configurable(self, client, article, settings):
        """COMMENTS_MIN_SECONDS = 0 switches the too-fast check off."""
        settings.COMMENTS_MIN_SECONDS = 0
        post(client, article, seconds_ago=0)
        assert Comment.objects.get().status == Comment.Status.PENDING


class TestFloodControl:
    def test_second_comment_within_15_seconds_from_one_ip_gets_429(self, client, article):
        """Flooding: the second comment is refused with 429, its text kept, nothing stored."""
        post(client, article)
        response = post(client, article, body="Komentar kedua.")
        assert response.status_code == 429
        assert "Komentar kedua.</textarea>" in response.text
        assert "terlalu cepat" in response.text
        assert Comment.objects.count() == 1

    def test_other_ip_is_not_affected(self, client, article):
        """Flood control counts per IP address."""
        post(client, article)
        data = comment_form_data(article, body="Dari alamat lain.")
        response = client.post(create_url(article), data, REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 302
        assert Comment.objects.count() == 2

    def test_allowed_again_after_the_interval(self, client, article):
        """After 15 seconds the same IP may comment again."""
        post(client, article)
        Comment.objects.update(created_at=timezone.now() - timedelta(seconds=16))
        cache.clear()  # the flood claim in the cache expires with the interval too
        assert post(client, article, body="Sesudah jeda.").status_code == 302

    def test_interval_is_configurable(self, client, article, settings):
        """COMMENTS_FLOOD_SECONDS = 0 switches flood control off."""
        settings.COMMENTS_FLOOD_SECONDS = 0
        post(client, article)
        assert post(client, article, body="Kedua.").status_code == 302


class TestDuplicates:
    def test_same_author_and_text_is_refused(self, client, article):
        """The same email and comment on one article is refused with a message, no 2nd row."""
        CommentFactory(article=article, email="budi@example.com", body="Sama persis.")
        response = post(client, article, body="Sama persis.")
        assert response.status_code == 409
        assert "Anda sudah mengirim komentar yang sama" in response.text
        assert Comment.objects.count() == 1

    def test_same_name_counts_too(self, client, article):
        """The same name with another email is still a duplicate."""
        CommentFactory(article=article, name="Budi Santoso", body="Sama persis.")
        assert post(client, article, body="Sama persis.").status_code == 409

    def test_same_text_on_another_article_is_fine(self, client, article):
        """Duplicates are per article."""
        CommentFactory(email="budi@example.com", body="Sama persis.")
        assert post(client, article, body="Sama persis.").status_code == 302

    def test_duplicate_detection_is_configurable(self, client, article, settings):
        """COMMENTS_REFUSE_DUPLICATES = False lets duplicates through to moderation."""
        settings.COMMENTS_REFUSE_DUPLICATES = False
        CommentFactory(article=article, email="budi@example.com", body="Sama persis.")
        assert post(client, article, body="Sama persis.").status_code == 302


def posted(client, article, **overrides):
    """Post a comment and return the stored row."""
    assert post(client, article, **overrides).status_code == 302
    return Comment.objects.latest("pk")


class TestModerationRules:
    def test_everything_is_held_by_default_with_the_reason(self, client, article):
        """A normal comment waits for moderation, and says why."""
        comment = posted(client, article)
        assert comment.status == Comment.Status.PENDING
        assert comment.moderation_reason == Comment.Reason.EVERYTHING_MODERATED

    def test_more_than_two_links_is_held(self, client, article, settings):
        """Three links hold the comment, with the reason and the number of links."""
        settings.COMMENTS_AUTO_APPROVE_KNOWN_AUTHORS = True
        CommentFactory(email="budi@example.com", name="Budi Santoso")
        body = "Lihat https://a.example http://b.example dan www.c.example"
        comment = posted(client, article, body=body)
        assert comment.status == Comment.Status.PENDING
        assert (comment.moderation_reason, comment.moderation_detail) == ("links", "3")

    def test_two_links_are_fine(self, client, article, settings):
        """Up to two links do not hold a comment by themselves."""
        settings.COMMENTS_AUTO_APPROVE_KNOWN_AUTHORS = True
        CommentFactory(email="budi@example.com", name="Budi Santoso")
        comment = posted(client, article, body="https://a.example dan https://b.example")
        assert comment.status == Comment.Status.APPROVED

    def test_moderation_keyword_from_settings_holds(self, client, article, settings):
        """A word from COMMENTS_MODERATION_KEYWORDS holds the comment and is named."""
        settings.COMMENTS_MODERATION_KEYWORDS = ["Judi"]
        comment = posted(client, article, body="Situs judi daring")
        assert comment.moderation_reason == Comment.Reason.MODERATION_KEYWORD
        assert comment.reason_text == 'kata moderasi: "judi" (comment)'

    def test_keyword_rule_from_the_admin_holds(self, client, article):
        """Rules moderators add in the admin work like the settings list."""
        KeywordRule.objects.create(keyword="pinjol", action=KeywordRule.Action.HOLD)
        comment = posted(client, article, body="Tawaran PINJOL murah")
        assert comment.status == Comment.Status.PENDING
        assert comment.moderation_detail == '"pinjol" (comment)'

    @pytest.mark.parametrize(
        ("keyword", "field", "overrides", "remote_addr"),
        [
            ("obat kuat", "comment", {"body": "Jual OBAT KUAT"}, "127.0.0.1"),
            ("spammer@example.com", "email", {"email": "spammer@example.com"}, "127.0.0.1"),
            ("203.0.113.66", "IP", {}, "203.0.113.66"),
            ("casino.example", "website", {"website": "https://casino.example/x"}, "127.0.0.1"),
        ],
        ids=["word", "email", "ip", "url"],
    )
    def test_block_list_marks_spam(self, client, article, keyword, field, overrides, remote_addr):
        """A block-listed word, email, IP or URL makes the comment spam, naming the match."""
        KeywordRule.objects.create(keyword=keyword, action=KeywordRule.Action.SPAM)
        data = comment_form_data(article, **overrides)
        response = client.post(create_url(article), data, REMOTE_ADDR=remote_addr)
        assert response.status_code == 302
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.SPAM
        assert comment.moderation_detail == f'"{keyword}" ({field})'

    def test_block_list_from_settings(self, client, article, settings):
        """COMMENTS_BLOCKED_KEYWORDS works without any admin rule."""
        settings.COMMENTS_BLOCKED_KEYWORDS = ["togel"]
        assert posted(client, article, body="Angka togel").status == Comment.Status.SPAM

    def test_honeypot_reason_is_recorded(self, client, article):
        """A filled honeypot is recorded as the reason."""
        comment = posted(client, article, homepage="https://bot.example")
        assert comment.moderation_reason == Comment.Reason.HONEYPOT

    def test_honeypot_is_configurable(self, client, article, settings):
        """COMMENTS_HONEYPOT = False ignores the hidden field."""
        settings.COMMENTS_HONEYPOT = False
        assert posted(client, article, homepage="x").status == Comment.Status.PENDING

    def test_links_limit_is_configurable(self, client, article, settings):
        """COMMENTS_MAX_LINKS = None switches the link check off."""
        settings.COMMENTS_MAX_LINKS = None
        comment = posted(client, article, body="https://a https://b https://c https://d")
        assert comment.moderation_reason == Comment.Reason.EVERYTHING_MODERATED


class TestKnownAuthors:
    def test_off_by_default(self, client, article):
        """Without the setting, even a known author's comment waits for moderation."""
        CommentFactory(email="budi@example.com", name="Budi Santoso")
        assert posted(client, article).status == Comment.Status.PENDING

    def test_auto_approve_when_enabled(self, client, article, settings):
        """With the setting, an author with an approved comment is approved at once."""
        settings.COMMENTS_AUTO_APPROVE_KNOWN_AUTHORS = True
        CommentFactory(email="BUDI@example.com", name="Budi Santoso")
        comment = posted(client, article)
        assert comment.status == Comment.Status.APPROVED
        assert comment.moderation_reason == Comment.Reason.KNOWN_AUTHOR

    def test_only_approved_history_counts(self, client, article, settings):
        """A pending or spam history does not make an author known."""
        settings.COMMENTS_AUTO_APPROVE_KNOWN_AUTHORS = True
        CommentFactory(email="budi@example.com", name="Budi Santoso", status="spam")
        assert posted(client, article).status == Comment.Status.PENDING


class TestLengthLimits:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", "n" * 246),
            ("email", "e" * 89 + "@example.com"),
            ("website", "https://example.com/" + "w" * 181),
            ("body", "b" * 65526),
        ],
    )
    def test_over_the_limit_gets_a_field_error(self, client, article, field, value):
        """WordPress's limits: name 245, email 100, website 200, comment 65,525."""
        response = post(client, article, **{field: value})
        assert response.status_code == 200
        assert field in response.context["comment_form"].errors
        assert f'id="id_{field}_error"' in response.text
        assert not Comment.objects.exists()

    def test_at_the_limit_is_accepted(self, client, article):
        """Exactly at each limit is fine."""
        comment = posted(
            client,
            article,
            name="n" * 245,
            email="e" * 88 + "@example.com",
            website="https://example.com/" + "w" * 180,
            body="b" * 65525,
        )
        assert len(comment.body) == 65525 and len(comment.email) == 100


class TestReplies:
    def test_reply_link_under_approved_comments(self, client, article):
        """Each approved comment has a Balas link that works without JavaScript."""
        comment = CommentFactory(article=article)
        html = client.get(article.get_absolute_url()).text
        assert f'href="?balas={comment.pk}#tinggalkan-komentar"' in html
        assert ">Balas</a>" in html

    def test_reply_form_names_the_comment_answered(self, client, article):
        """Following the link shows whom the reader answers, with a way to cancel."""
        comment = CommentFactory(article=article, name="Sari")
        response = client.get(article.get_absolute_url(), {"balas": comment.pk})
        assert "Balas ke Sari" in response.text
        assert f'name="parent" value="{comment.pk}"' in response.text

    def test_reply_is_stored_under_its_parent_and_moderated(self, client, article):
        """A reply is pending like any comment, one level deeper than its parent."""
        parent = CommentFactory(article=article)
        reply = posted(client, article, parent=parent.pk)
        assert (reply.parent, reply.depth, reply.status) == (parent, 1, "pending")

    def test_replies_nest_in_the_page(self, client, article):
        """Approved replies appear nested inside their parent."""
        parent = CommentFactory(article=article, body="Induk")
        CommentFactory(article=article, parent=parent, body="Anak")
        html = client.get(article.get_absolute_url()).text
        nested = html.index("comment-list--replies")
        assert html.index("Induk") < nested < html.index("Anak")

    def test_depth_is_limited(self, client, article, settings):
        """At the deepest level there is no reply link and a forged reply is refused."""
        settings.COMMENTS_MAX_DEPTH = 2
        top = CommentFactory(article=article)
        deepest = CommentFactory(article=article, parent=top)
        html = client.get(article.get_absolute_url()).text
        assert f"?balas={top.pk}#" in html and f"?balas={deepest.pk}#" not in html
        response = post(client, article, parent=deepest.pk)
        assert response.status_code == 200
        assert Comment.objects.count() == 2

    @pytest.mark.parametrize("status", ["pending", "spam"])
    def test_cannot_reply_to_unapproved_comment(self, client, article, status):
        """Replies answer approved comments only."""
        hidden = CommentFactory(article=article, status=status)
        assert post(client, article, parent=hidden.pk).status_code == 200
        assert Comment.objects.count() == 1

    def test_cannot_reply_across_articles(self, client, article):
        """The parent must belong to the same article."""
        elsewhere = CommentFactory()
        assert post(client, article, parent=elsewhere.pk).status_code == 200


class TestRememberMe:
    def test_no_cookie_without_consent(self, client, article):
        """Unticked (the default), nothing about the reader is stored in the browser."""
        response = post(client, article)
        assert response.status_code == 302
        assert (
            "komentar_pembaca" not in response.cookies
            or not response.cookies["komentar_pembaca"].value
        )

    def test_consent_box_is_unticked_by_default(self, client, article):
        """The consent checkbox starts unticked, with the WordPress wording in Indonesian."""
        html = client.get(article.get_absolute_url()).text
        assert (
            "Simpan nama, email, dan situs web saya di peramban ini untuk komentar berikutnya"
            in html
        )
        assert 'name="remember" id="id_remember">' in html

    def test_ticked_box_remembers_for_the_browser_to_prefill(self, client, article):
        """With consent, the details are stored for the page's script to fill the form in."""
        response = post(client, article, remember="on", website="https://budi.example")
        cookie = response.cookies["komentar_pembaca"]
        assert not cookie["httponly"] and cookie["samesite"] == "Lax"
        assert json.loads(unquote(cookie.value)) == {
            "name": "Budi Santoso",
            "email": "budi@example.com",
            "website": "https://budi.example",
        }
        assert "js/remember-commenter.js" in client.get(article.get_absolute_url()).text

    def test_unticking_forgets(self, client, article, settings):
        """Sending without consent later deletes the stored details."""
        settings.COMMENTS_FLOOD_SECONDS = 0
        post(client, article, remember="on")
        response = post(client, article, body="Kedua kalinya.")
        assert response.cookies["komentar_pembaca"].value == ""

    def test_the_cookie_never_changes_the_page(self, client, article):
        """The server ignores the cookie: every reader gets the same page."""
        client.cookies["komentar_pembaca"] = '{"name": "Palsu"}'
        assert client.get(article.get_absolute_url()).context["comment_form"].initial == {}


class TestPrivacy:
    def test_avatar_is_local_initials(self, client, article):
        """Avatars are initials drawn by the page itself, with no avatar service."""
        CommentFactory(article=article, name="Siti Aminah", email="siti@example.com")
        html = client.get(article.get_absolute_url()).text
        assert '<span class="avatar avatar--' in html and ">SA</span>" in html
        assert "gravatar" not in html.lower()

    def test_no_email_hash_or_ip_in_the_page(self, client, article):
        """Neither the email, its hashes, nor the IP appear in the page source."""
        email = "siti@example.com"
        comment = CommentFactory(article=article, email=email, ip_address="203.0.113.5")
        html = client.get(article.get_absolute_url()).text
        assert comment.name in html and comment.body in html
        for secret in [
            email,
            hashlib.md5(email.encode()).hexdigest(),
            hashlib.sha256(email.encode()).hexdigest(),
            "203.0.113.5",
        ]:
            assert secret not in html


class TestClosedDiscussion:
    def test_closed_page_message_and_nothing_stored(self, client):
        """A closed article shows "Komentar ditutup" and its 403 page explains why."""
        article = ArticleFactory(comments_open=False)
        response = post(client, article)
        assert response.status_code == 403
        assert "Komentar ditutup" in response.text
        assert "tidak disimpan" in response.text
        html = client.get(article.get_absolute_url()).text
        assert "Komentar ditutup" in html
        assert 'id="tinggalkan-komentar"' not in html

    def test_closes_automatically_after_n_days(self, client, settings):
        """With COMMENTS_CLOSE_AFTER_DAYS, old articles stop taking comments."""
        settings.COMMENTS_CLOSE_AFTER_DAYS = 30
        old = ArticleFactory(published_at=timezone.now() - timedelta(days=31))
        recent = ArticleFactory(published_at=timezone.now() - timedelta(days=29))
        assert post(client, old).status_code == 403
        assert post(client, recent, REMOTE_ADDR="198.51.100.1").status_code == 302

    def test_automatic_close_is_off_by_default(self, client):
        """By default even a years-old article takes comments."""
        old = ArticleFactory(published_at=timezone.now() - timedelta(days=3000))
        assert post(client, old).status_code == 302

    def test_closed_article_shows_no_reply_links(self, client):
        """Without discussion, approved comments have no Balas link."""
        article = ArticleFactory(comments_open=False)
        comment = CommentFactory(article=article)
        html = client.get(article.get_absolute_url()).text
        assert comment.body in html
        assert "?balas=" not in html


def test_blocking_an_ip_does_not_block_similar_ones(client, article):
    """A block-listed IP matches whole: 1.2.3.4 does not catch 11.2.3.45."""
    KeywordRule.objects.create(keyword="1.2.3.4", action=KeywordRule.Action.SPAM)
    data = comment_form_data(article)
    client.post(article.get_absolute_url(), data, REMOTE_ADDR="11.2.3.45")
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_email_is_stored_lower_case(client, article):
    """Emails are compared and stored lower-case, so history and duplicates ignore case."""
    post(client, article, email="Budi@Example.COM")
    assert Comment.objects.get().email == "budi@example.com"
