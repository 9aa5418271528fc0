"""The moderation queue's one-click decisions and the newsroom's replies, through the admin."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from comments.models import Comment

from .factories import ArticleFactory, CommentFactory, UserFactory, comment_form_data

pytestmark = pytest.mark.django_db

Status = Comment.Status
QUEUE = reverse("admin:comments_comment_changelist")
PENDING_QUEUE = QUEUE + "?status__exact=pending"


@pytest.fixture
def moderator(staff_user):
    return staff_user("Moderator")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def pending():
    return CommentFactory(status=Status.PENDING, body="Mohon pelakunya ditindak tegas.")


def decide_url(comment, decision):
    return reverse("admin:comments_comment_decide", args=[comment.pk, decision])


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def public_page(article):
    """The article as an anonymous reader gets it (through the page cache)."""
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.text


class TestQueueOpensOnPending:
    def test_bare_queue_shows_pending_comments_only(self, moderator_client, pending):
        """The admin's menu and index link to the bare list: it shows what waits for a decision."""
        CommentFactory(body="Sudah disetujui.")
        CommentFactory(status=Status.SPAM, body="Promo judi.")
        response = moderator_client.get(QUEUE)
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [pending]
        assertContains(
            response,
            '<li class="selected"><a href="?status__exact=pending">Menunggu (1)</a></li>',
            html=True,
        )
        assertNotContains(response, "Sudah disetujui.")

    def test_all_is_one_click_away(self, moderator_client, pending):
        """The filter's "All" shows every status."""
        approved = CommentFactory(body="Sudah disetujui.")
        response = moderator_client.get(QUEUE)
        assertContains(response, '<a href="?status__exact=all">Semua</a>', html=True)
        response = moderator_client.get(QUEUE, {"status__exact": "all"})
        assert set(response.context["cl"].result_list) == {pending, approved}

    def test_sidebar_links_to_the_bare_queue(self, moderator_client):
        """The app menu's link is the list without filters, which opens on pending comments."""
        response = moderator_client.get(reverse("admin:index"))
        assertContains(response, f'<a href="{QUEUE}">Komentar</a>', html=True)


class TestRowButtons:
    def test_each_row_has_its_decisions_and_reply(self, moderator_client, pending):
        """A pending row offers Approve, Spam, Remove and Reply; buttons post the CSRF form."""
        response = moderator_client.get(QUEUE)
        html = response.text
        for decision in ["approve", "spam", "remove"]:
            assert f'formaction="{decide_url(pending, decision)}"' in html
        assert f'href="{reply_url(pending)}"' in html
        form = re.search(
            r'<form id="comment-decisions" method="post"[^>]*>(.*?)</form>', html, re.S
        )
        assert form and 'name="csrfmiddlewaretoken"' in form.group(1)
        assert f'name="next" value="{QUEUE}"' in form.group(1)
        assertContains(response, "<kbd>j</kbd>", count=1)

    def test_view_only_users_get_no_buttons(self, client, pending):
        """Someone who may only look at comments sees the queue without decisions."""
        viewer = UserFactory(is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
        client.force_login(viewer)
        response = client.get(QUEUE)
        assertContains(response, "Mohon pelakunya ditindak tegas.")
        assertNotContains(response, decide_url(pending, "approve"))

    def test_an_approved_row_offers_no_approve(self, moderator_client):
        approved = CommentFactory()
        response = moderator_client.get(QUEUE, {"status__exact": "approved"})
        assertContains(
            response, f'formaction="{decide_url(approved, "approve")}" class="queue-action'
        )
        html = response.text
        approve = html[html.index(decide_url(approved, "approve")) :].split(">", 1)[0]
        assert approve.endswith("hidden")

    @pytest.mark.parametrize(
        ("decision", "status"),
        [("approve", Status.APPROVED), ("spam", Status.SPAM), ("remove", Status.REMOVED)],
    )
    def test_without_javascript_posts_and_returns_to_the_list(
        self, moderator_client, moderator, pending, decision, status
    ):
        """A plain form post decides, records who and when, and returns to the same list."""
        other = CommentFactory(status=Status.PENDING)
        since = timezone.now()
        back = QUEUE + "?status__exact=pending&q=pelakunya"
        response = moderator_client.post(decide_url(pending, decision), {"next": back})
        assertRedirects(response, back, fetch_redirect_response=False)
        pending.refresh_from_db()
        assert pending.status == status
        assert pending.moderated_by == moderator and pending.moderated_at >= since
        other.refresh_from_db()
        assert other.status == Status.PENDING
        response = moderator_client.get(back)
        assertContains(response, f"1 komentar ditandai sebagai {status.label}.")

    def test_with_javascript_answers_json_and_stores_no_message(self, moderator_client, pending):
        """The script's request gets the new status to show and the message to announce."""
        response = moderator_client.post(
            decide_url(pending, "approve"), {"next": QUEUE}, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 200
        assert response.json() == {
            "status": "approved",
            "label": "Disetujui",
            "message": "1 komentar ditandai sebagai Disetujui.",
        }
        pending.refresh_from_db()
        assert pending.status == Status.APPROVED
        assertNotContains(moderator_client.get(QUEUE), "ditandai sebagai")

    def test_approving_shows_the_comment_on_the_next_request(self, moderator_client, pending):
        """The article's cached page shows the approved comment at once."""
        assert "Mohon pelakunya ditindak tegas." not in public_page(pending.article)
        moderator_client.post(decide_url(pending, "approve"))
        assert "Mohon pelakunya ditindak tegas." in public_page(pending.article)

    def test_unsafe_next_returns_to_the_pending_queue(self, moderator_client, pending):
        response = moderator_client.post(
            decide_url(pending, "spam"), {"next": "https://evil.example/"}
        )
        assertRedirects(response, PENDING_QUEUE, fetch_redirect_response=False)

    def test_get_is_refused(self, moderator_client, pending):
        """A decision changes data: only by POST."""
        assert moderator_client.get(decide_url(pending, "approve")).status_code == 405
        pending.refresh_from_db()
        assert pending.status == Status.PENDING

    def test_unknown_decision_and_comment(self, moderator_client, pending):
        assert moderator_client.post(decide_url(pending, "publish")).status_code == 403
        missing = reverse("admin:comments_comment_decide", args=[pending.pk + 99, "approve"])
        assert moderator_client.post(missing).status_code == 404

    def test_csrf_token_is_required(self, moderator, pending):
        client = Client(enforce_csrf_checks=True)
        client.force_login(moderator)
        assert client.post(decide_url(pending, "approve")).status_code == 403
        pending.refresh_from_db()
        assert pending.status == Status.PENDING

    def test_only_those_who_may_change_comments(self, editor_client, client, pending):
        """Editors and reporters do not moderate; anonymous visitors are sent to log in."""
        assert editor_client.post(decide_url(pending, "approve")).status_code == 403
        assert editor_client.get(reply_url(pending)).status_code == 403
        client.logout()
        response = client.post(decide_url(pending, "approve"))
        assert response.status_code == 302 and "/login/" in response["Location"]
        pending.refresh_from_db()
        assert pending.status == Status.PENDING


class TestNewsroomReply:
    def test_reply_page_quotes_the_comment(self, moderator_client, pending):
        response = moderator_client.get(reply_url(pending))
        assert response.status_code == 200
        assertContains(response, "Mohon pelakunya ditindak tegas.")
        assertContains(response, "Membalas juga menyetujui komentar ini.")
        assertContains(response, '<textarea name="body"')
        assertContains(response, 'aria-describedby="id_body_helptext"')
        assertContains(response, "atas nama &quot;Redaksi Berita Polisi&quot;")

    def test_reply_is_published_threaded_and_marked(self, moderator_client, moderator):
        """The reply shows at once on the cached article page, under the comment, as Redaksi."""
        parent = CommentFactory(body="Kapan razia berikutnya?", email="siti@example.com")
        article = parent.article
        assert "Pekan depan" not in public_page(article)

        response = moderator_client.post(
            reply_url(parent), {"body": "Pekan depan, terima kasih.", "next": QUEUE}
        )

        assertRedirects(response, QUEUE, fetch_redirect_response=False)
        reply = Comment.objects.get(parent=parent)
        assert (reply.status, reply.is_newsroom_reply) == (Status.APPROVED, True)
        assert (reply.name, reply.email) == ("Redaksi Berita Polisi", "")
        assert reply.moderated_by == moderator
        html = public_page(article)
        thread = html[html.index(f'id="komentar-{parent.pk}"') :]
        replies = thread[thread.index('<ol class="comment-list comment-list--replies">') :]
        assert replies.index(f'id="komentar-{reply.pk}"') < replies.index("</ol>")
        assert 'class="comment comment--newsroom"' in html
        assert '<span class="comment__badge">Redaksi</span>' in html
        assert "Pekan depan, terima kasih." in html

    def test_replying_to_a_pending_comment_approves_it(self, moderator_client, pending):
        moderator_client.post(reply_url(pending), {"body": "Sudah kami teruskan."})
        pending.refresh_from_db()
        assert pending.status == Status.APPROVED
        html = public_page(pending.article)
        assert "Mohon pelakunya ditindak tegas." in html and "Sudah kami teruskan." in html

    def test_empty_reply_is_shown_again_with_its_error(self, moderator_client, pending):
        response = moderator_client.post(reply_url(pending), {"body": "  "})
        assert response.status_code == 200
        assertContains(response, "Bidang ini tidak boleh kosong.")
        assert not Comment.objects.filter(is_newsroom_reply=True).exists()

    def test_spam_cannot_be_answered(self, moderator_client):
        spam = CommentFactory(status=Status.SPAM)
        assert moderator_client.get(reply_url(spam)).status_code == 404
        assert moderator_client.post(reply_url(spam), {"body": "Hai"}).status_code == 404
        assert not Comment.objects.filter(is_newsroom_reply=True).exists()

    def test_change_form_links_to_the_reply(self, moderator_client, pending):
        response = moderator_client.get(reverse("admin:comments_comment_change", args=[pending.pk]))
        assertContains(response, f'<a href="{reply_url(pending)}">Balas sebagai redaksi</a>')

    def test_queue_marks_newsroom_replies(self, moderator_client, pending):
        moderator_client.post(reply_url(pending), {"body": "Sudah kami teruskan."})
        response = moderator_client.get(QUEUE, {"status__exact": "approved"})
        assertContains(response, '<strong class="newsroom-badge">Redaksi</strong>', count=1)


class TestReadersCannotForgeTheMark:
    def test_public_form_ignores_the_flag(self, client, settings):
        """A reader's POST naming the flag gets an ordinary comment, held for moderation."""
        article = ArticleFactory()
        data = comment_form_data(article, is_newsroom_reply="on", status="approved")
        response = client.post(article.get_absolute_url(), data, REMOTE_ADDR="198.51.100.9")
        assert response.status_code == 302
        comment = Comment.objects.get()
        assert (comment.is_newsroom_reply, comment.status) == (False, Status.PENDING)

    def test_public_form_refuses_the_newsroom_name(self, client):
        article = ArticleFactory()
        data = comment_form_data(article, name=" redaksi berita POLISI ")
        response = client.post(article.get_absolute_url(), data, REMOTE_ADDR="198.51.100.9")
        assert response.status_code == 200
        assertContains(response, "Nama ini khusus untuk balasan redaksi.")
        assert not Comment.objects.exists()
