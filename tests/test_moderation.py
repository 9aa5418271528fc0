"""The moderator's side of comments: notification, queue, decisions, rules and retention."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from comments.models import Comment, KeywordRule

from .factories import ArticleFactory, CommentFactory, comment_form_data

pytestmark = pytest.mark.django_db

Status = Comment.Status
Reason = Comment.Reason
QUEUE = "admin:comments_comment_changelist"


@pytest.fixture
def article():
    return ArticleFactory(title="Polisi Amankan Jalur Mudik")


@pytest.fixture
def moderator(staff_user):
    """The user `moderator_client` is logged in as."""
    return staff_user("Moderator")


@pytest.fixture
def pending():
    return CommentFactory(status=Status.PENDING, body="Mohon pelakunya ditindak tegas.")


def send_comment(client, article, remote_addr="198.51.100.1", **overrides):
    """Post the Leave a Comment form as a reader at `remote_addr`."""
    return client.post(
        article.get_absolute_url(),
        comment_form_data(article, **overrides),
        REMOTE_ADDR=remote_addr,
    )


def set_age(comment, days):
    """Backdate `comment`; created_at is auto_now_add, so only update() can change it."""
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=days))


def moderate_url(comment, decision):
    return reverse("admin:comments_comment_moderate", args=[comment.pk, decision])


def assert_moderated_by(comment, user, status, since):
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == user
    assert since <= comment.moderated_at <= timezone.now()


def assert_untouched(comment, status=Status.PENDING):
    comment.refresh_from_db()
    assert comment.status == status
    assert (comment.moderated_by, comment.moderated_at) == (None, None)


class TestNotification:
    def test_pending_comment_mails_moderators_once_committed(
        self, client, article, staff_user, mailoutbox, django_capture_on_commit_callbacks
    ):
        """Moderators with an email get one message, sent only after the commit, with links."""
        for username, email in [("mod1", "satu@polri.example"), ("mod2", "dua@polri.example")]:
            user = staff_user("Moderator", username=username)
            user.email = email
            user.save()
        staff_user("Editor")  # has an email, but is no moderator
        with django_capture_on_commit_callbacks() as callbacks:
            response = send_comment(client, article)
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert comment.status == Status.PENDING
        assert len(callbacks) == 1
        assert mailoutbox == []

        callbacks[0]()

        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert sorted(message.to) == ["dua@polri.example", "satu@polri.example"]
        assert message.subject == "Komentar baru menunggu moderasi: Polisi Amankan Jalur Mudik"
        assert 'Komentar baru pada "Polisi Amankan Jalur Mudik" menunggu moderasi.' in message.body
        assert "Semoga Jakarta tetap aman." in message.body
        links = [
            moderate_url(comment, "approve"),
            moderate_url(comment, "spam"),
            reverse("admin:comments_comment_change", args=[comment.pk]),
        ]
        for link in links:
            assert f"http://testserver{link}" in message.body

    def test_spam_sends_nothing(
        self, client, article, staff_user, mailoutbox, django_capture_on_commit_callbacks
    ):
        """A comment stored as spam (honeypot filled in) notifies nobody."""
        staff_user("Moderator")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = send_comment(client, article, homepage="x")
        assert response.status_code == 302
        assert Comment.objects.get().status == Status.SPAM
        assert callbacks == []
        assert mailoutbox == []

    def test_no_moderator_with_email_sends_nothing(
        self, client, article, staff_user, mailoutbox, django_capture_on_commit_callbacks
    ):
        """Without a moderator's address the comment is stored and no mail is sent."""
        moderator = staff_user("Moderator")
        moderator.email = ""
        moderator.save()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = send_comment(client, article)
        assert response.status_code == 302
        assert Comment.objects.get().status == Status.PENDING
        assert len(callbacks) == 1
        assert mailoutbox == []


class TestModerateFromEmailLink:
    @pytest.mark.parametrize(("decision", "label"), [("approve", "Disetujui"), ("spam", "Spam")])
    def test_get_asks_for_confirmation_and_changes_nothing(
        self, moderator_client, pending, decision, label
    ):
        """Following the link shows the comment and a confirm button; nothing is decided yet."""
        response = moderator_client.get(moderate_url(pending, decision))
        assertContains(response, f'<p>Komentar pada "{pending.article.title}"</p>', html=True)
        assertContains(response, "Mohon pelakunya ditindak tegas.")
        assertContains(
            response,
            f'<input type="submit" class="default" value="Tandai sebagai {label}">',
            html=True,
        )
        assert_untouched(pending)

    @pytest.mark.parametrize(
        ("decision", "status", "message"),
        [
            ("approve", Status.APPROVED, "1 komentar ditandai sebagai Disetujui."),
            ("spam", Status.SPAM, "1 komentar ditandai sebagai Spam."),
        ],
    )
    def test_post_decides_records_moderator_and_returns_to_queue(
        self, moderator_client, moderator, pending, decision, status, message
    ):
        """Confirming applies the decision, records who and when, and shows the pending queue."""
        since = timezone.now()
        response = moderator_client.post(moderate_url(pending, decision), follow=True)
        assertRedirects(response, reverse(QUEUE) + "?status__exact=pending")
        assertContains(response, message)
        assert_moderated_by(pending, moderator, status, since)

    def test_unknown_decision_is_forbidden(self, moderator_client, pending):
        """Only approve and spam can be decided from a link."""
        url = moderate_url(pending, "removed")
        assert moderator_client.get(url).status_code == 403
        assert moderator_client.post(url).status_code == 403
        assert_untouched(pending)

    def test_user_without_change_permission_is_forbidden(self, editor_client, pending):
        """An editor cannot moderate, even with the link."""
        url = moderate_url(pending, "approve")
        assert editor_client.get(url).status_code == 403
        assert editor_client.post(url).status_code == 403
        assert_untouched(pending)

    def test_anonymous_user_is_sent_to_admin_login(self, client, pending):
        """Without a session the link leads to the admin login, then back."""
        url = moderate_url(pending, "approve")
        login = f"{reverse('admin:login')}?next={url}"
        assertRedirects(client.get(url), login)
        assertRedirects(client.post(url), login)
        assert_untouched(pending)


class TestQueue:
    def test_rows_show_pending_first_with_article_and_reason(
        self, moderator_client, article, settings
    ):
        """Held comments come first, each with its article and the recorded reason."""
        settings.COMMENTS_FLOOD_SECONDS = 0
        approved = CommentFactory(article=article, body="Sudah disetujui.")
        set_age(approved, 1)
        KeywordRule.objects.create(keyword="Judi", action=KeywordRule.Action.HOLD)
        reader = Client()
        send_comment(reader, article, body="Lihat https://a.example https://b.example www.c.id")
        send_comment(reader, article, body="Situs judi terpercaya.", email="lain@example.com")
        by_links, by_keyword = Comment.objects.pending().order_by("pk")

        response = moderator_client.get(reverse(QUEUE), {"status__exact": "all"})

        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [by_keyword, by_links, approved]
        assertContains(
            response,
            '<span class="queue-comment__reason">Mengapa: terlalu banyak tautan: 3</span>',
            html=True,
        )
        assertContains(
            response,
            '<span class="queue-comment__reason">Mengapa: kata moderasi: "judi" (comment)</span>',
            html=True,
        )
        assertContains(response, '<span class="queue-comment__reason">Mengapa: -</span>', html=True)
        assertContains(
            response,
            f'<span>Artikel: <a href="{article.get_absolute_url()}">'
            f"Polisi Amankan Jalur Mudik</a></span>",
            count=3,
            html=True,
        )

    def test_status_filter_counts_each_status(self, moderator_client):
        """The status filter shows how many comments each status has."""
        CommentFactory.create_batch(2, status=Status.PENDING)
        CommentFactory(status=Status.APPROVED)
        CommentFactory(status=Status.SPAM)
        response = moderator_client.get(reverse(QUEUE))
        for value, label in [
            ("pending", "Menunggu (2)"),
            ("approved", "Disetujui (1)"),
            ("spam", "Spam (1)"),
            ("removed", "Dihapus (0)"),
        ]:
            assertContains(response, f'<a href="?status__exact={value}">{label}</a>', html=True)

    def test_history_counts_earlier_comments_by_same_email(self, moderator_client):
        """Each row counts the author's earlier approved and spam comments, email case ignored."""
        rows = [
            ("rina@example.com", Status.APPROVED),
            ("RINA@example.com", Status.APPROVED),
            ("rina@example.com", Status.SPAM),
            ("Rina@Example.com", Status.PENDING),
            ("rina@example.com", Status.APPROVED),
            ("andi@example.com", Status.PENDING),
        ]
        comments = []
        for days_ago, (email, status) in zip(range(len(rows), 0, -1), rows, strict=True):
            comment = CommentFactory(email=email, status=status)
            set_age(comment, days_ago)
            comments.append(comment)
        first, _, _, held, later, stranger = comments

        response = moderator_client.get(reverse(QUEUE), {"status__exact": "all"})

        history = {
            row.pk: f"{row.approved_before} / {row.spam_before}"
            for row in response.context["cl"].result_list
        }
        assert history[first.pk] == "0 / 0"
        assert history[held.pk] == "2 / 1"
        assert history[later.pk] == "2 / 1"
        assert history[stranger.pk] == "0 / 0"
        assertContains(
            response,
            '<span class="queue-comment__history">Komentar sebelumnya: disetujui / spam: 2 / 1'
            "</span>",
            count=2,
            html=True,
        )

    @pytest.mark.slow
    @pytest.mark.parametrize("scale", [1, 10], ids=["small", "10x"])
    def test_change_list_costs_fixed_number_of_queries(
        self, moderator_client, moderator, django_assert_max_num_queries, scale
    ):
        """Article, history, reason and moderator columns do not add a query per row."""
        for _ in range(3 * scale):
            article = ArticleFactory()
            email = f"warga{article.pk}@example.com"
            CommentFactory(
                article=article,
                email=email,
                moderated_by=moderator,
                moderated_at=timezone.now(),
            )
            CommentFactory(article=article, email=email, status=Status.SPAM)
            CommentFactory(
                article=article,
                email=email,
                status=Status.PENDING,
                moderation_reason=Reason.TOO_MANY_LINKS,
                moderation_detail="3",
            )
        # session, user, its two permission lookups, status filter counts, filtered and full
        # counts, the rows with their history subqueries, two for the date hierarchy
        with django_assert_max_num_queries(10):
            response = moderator_client.get(reverse(QUEUE), {"status__exact": "all"})
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == 9 * scale


class TestBulkActions:
    @pytest.mark.parametrize(
        ("action", "status"),
        [
            ("approve", Status.APPROVED),
            ("mark_spam", Status.SPAM),
            ("mark_spam_and_block", Status.SPAM),
            ("remove", Status.REMOVED),
        ],
    )
    def test_action_records_who_and_when(self, moderator_client, moderator, action, status):
        """Every bulk decision records the moderator and the time on the selected comments."""
        chosen = CommentFactory.create_batch(2, status=Status.PENDING)
        other = CommentFactory(status=Status.PENDING)
        since = timezone.now()
        response = moderator_client.post(
            reverse(QUEUE), {"action": action, "_selected_action": [c.pk for c in chosen]}
        )
        assertRedirects(response, reverse(QUEUE))
        for comment in chosen:
            assert_moderated_by(comment, moderator, status, since)
        assert_untouched(other)

    def test_moderator_is_offered_spam_and_block(self, moderator_client):
        """The Moderator group may block: the action is in the queue's action menu."""
        CommentFactory(status=Status.PENDING)
        response = moderator_client.get(reverse(QUEUE))
        assertContains(
            response,
            '<option value="mark_spam_and_block">'
            "Tandai sebagai spam dan blokir email serta alamat IP-nya</option>",
            html=True,
        )

    def test_spam_and_block_turns_later_comments_into_spam(
        self, moderator_client, article, settings
    ):
        """Blocking adds spam rules for the emails and IPs; their next comments become spam."""
        settings.COMMENTS_FLOOD_SECONDS = 0
        with_ip = CommentFactory(
            status=Status.PENDING, email="Penipu@Example.com", ip_address="203.0.113.7"
        )
        without_ip = CommentFactory(status=Status.PENDING, email="promo@example.net")
        kept = CommentFactory(status=Status.PENDING, ip_address="198.51.100.9")
        response = moderator_client.post(
            reverse(QUEUE),
            {"action": "mark_spam_and_block", "_selected_action": [with_ip.pk, without_ip.pk]},
        )
        assert response.status_code == 302
        rules = set(KeywordRule.objects.values_list("keyword", "action"))
        assert rules == {
            ("penipu@example.com", KeywordRule.Action.SPAM),
            ("203.0.113.7", KeywordRule.Action.SPAM),
            ("promo@example.net", KeywordRule.Action.SPAM),
        }
        assert_untouched(kept)

        reader = Client()
        same_email = send_comment(
            reader, article, "198.51.100.20", email="penipu@example.com", body="Promo lagi."
        )
        same_ip = send_comment(
            reader, article, "203.0.113.7", email="baru@example.com", body="Promo baru."
        )
        unrelated = send_comment(reader, article, "198.51.100.30", email="warga@example.com")

        assert [r.status_code for r in (same_email, same_ip, unrelated)] == [302, 302, 302]
        new = Comment.objects.filter(article=article).order_by("pk")
        assert [(c.status, c.moderation_reason, c.moderation_detail) for c in new] == [
            (Status.SPAM, Reason.BLOCKED_KEYWORD, '"penipu@example.com" (email)'),
            (Status.SPAM, Reason.BLOCKED_KEYWORD, '"203.0.113.7" (IP)'),
            (Status.PENDING, Reason.EVERYTHING_MODERATED, ""),
        ]


def change_form_data(comment, **overrides):
    return {
        "name": comment.name,
        "email": comment.email,
        "website": comment.website,
        "body": comment.body,
        "status": comment.status,
        **overrides,
    }


class TestChangeForm:
    def test_decision_buttons_are_shown(self, moderator_client, pending):
        """The change form offers Approve and Mark as spam next to Save."""
        response = moderator_client.get(reverse("admin:comments_comment_change", args=[pending.pk]))
        assertContains(response, '<input type="submit" name="_approve" value="Setujui">', html=True)
        assertContains(
            response, '<input type="submit" name="_spam" value="Tandai sebagai spam">', html=True
        )

    @pytest.mark.parametrize(("button", "status"), [("_approve", "approved"), ("_spam", "spam")])
    def test_button_decides_and_records_moderator(
        self, moderator_client, moderator, pending, button, status
    ):
        """A decision button saves the form with that status and records the moderator."""
        since = timezone.now()
        response = moderator_client.post(
            reverse("admin:comments_comment_change", args=[pending.pk]),
            {**change_form_data(pending), button: "1"},
        )
        assertRedirects(response, reverse(QUEUE))
        assert_moderated_by(pending, moderator, status, since)

    def test_changing_status_records_moderator(self, moderator_client, moderator, pending):
        """Choosing another status and saving also records who decided."""
        since = timezone.now()
        response = moderator_client.post(
            reverse("admin:comments_comment_change", args=[pending.pk]),
            {**change_form_data(pending, status=Status.REMOVED), "_save": "Simpan"},
        )
        assertRedirects(response, reverse(QUEUE))
        assert_moderated_by(pending, moderator, Status.REMOVED, since)

    def test_editing_text_alone_decides_nothing(self, moderator_client, pending):
        """Correcting the text without a decision leaves the comment undecided."""
        response = moderator_client.post(
            reverse("admin:comments_comment_change", args=[pending.pk]),
            {**change_form_data(pending, body="Teks diperbaiki."), "_save": "Simpan"},
        )
        assertRedirects(response, reverse(QUEUE))
        assert_untouched(pending)
        assert pending.body == "Teks diperbaiki."


class TestKeywordRules:
    @pytest.mark.parametrize(
        ("action", "status", "reason"),
        [
            (KeywordRule.Action.HOLD, Status.PENDING, Reason.MODERATION_KEYWORD),
            (KeywordRule.Action.SPAM, Status.SPAM, Reason.BLOCKED_KEYWORD),
        ],
    )
    def test_rule_added_in_admin_applies_to_next_comment(
        self, moderator_client, article, action, status, reason
    ):
        """A moderator's new rule decides the next comment containing the keyword."""
        response = moderator_client.post(
            reverse("admin:comments_keywordrule_add"),
            {"keyword": "Judi Online", "action": action, "note": "promosi"},
        )
        assertRedirects(response, reverse("admin:comments_keywordrule_changelist"))
        response = send_comment(Client(), article, body="Ayo main JUDI ONLINE di sini.")
        assert response.status_code == 302
        comment = Comment.objects.get()
        assert (comment.status, comment.moderation_reason) == (status, reason)
        assert comment.moderation_detail == '"judi online" (comment)'

    def test_keyword_is_stored_lower_case_once(self, moderator_client):
        """Keywords are stored lower-case; the same keyword in other case is a form error."""
        add = reverse("admin:comments_keywordrule_add")
        data = {"keyword": "  JUDI  ", "action": KeywordRule.Action.SPAM, "note": ""}
        assertRedirects(
            moderator_client.post(add, data), reverse("admin:comments_keywordrule_changelist")
        )
        assert KeywordRule.objects.get().keyword == "judi"

        response = moderator_client.post(add, {**data, "keyword": "Judi"})
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()
        assert KeywordRule.objects.count() == 1

    def test_editor_cannot_reach_keyword_rules(self, editor_client):
        """Keyword rules belong to moderators."""
        rule = KeywordRule.objects.create(keyword="judi", action=KeywordRule.Action.HOLD)
        for name, args in [("changelist", []), ("add", []), ("change", [rule.pk])]:
            url = reverse(f"admin:comments_keywordrule_{name}", args=args)
            assert editor_client.get(url).status_code == 403
        add = reverse("admin:comments_keywordrule_add")
        response = editor_client.post(add, {"keyword": "promo", "action": "spam"})
        assert response.status_code == 403
        assert list(KeywordRule.objects.values_list("keyword", flat=True)) == ["judi"]


class TestAdminIndex:
    def test_moderator_sees_queue_size_linking_to_pending(self, moderator_client):
        """The index tells a moderator how many comments wait, linking to them."""
        CommentFactory.create_batch(2, status=Status.PENDING)
        CommentFactory(status=Status.APPROVED)
        response = moderator_client.get(reverse("admin:index"))
        assertContains(
            response,
            f'<a href="{reverse(QUEUE)}?status__exact=pending">2 komentar menunggu moderasi</a>',
            html=True,
        )

    def test_editor_does_not_see_queue(self, editor_client):
        """Editors, who cannot moderate, are not shown the queue."""
        CommentFactory(status=Status.PENDING)
        response = editor_client.get(reverse("admin:index"))
        assert response.status_code == 200
        assertContains(response, reverse("admin:news_article_changelist"))
        assertNotContains(response, "menunggu moderasi")
        assertNotContains(response, f"{reverse(QUEUE)}?status__exact=pending")


def purge():
    out = StringIO()
    call_command("purge_comment_data", stdout=out)
    return out.getvalue().strip()


def summary(erased=0, deleted=0, rules=0):
    return (
        f"Personal data erased from {erased} comments; {deleted} old spam and removed comments "
        f"deleted; {rules} expired block-list rules deleted."
    )


class TestDataRetention:
    def test_personal_data_erased_after_90_days(self):
        """IP address and user agent go after COMMENTS_PERSONAL_DATA_DAYS; the comment stays."""
        old = CommentFactory(ip_address="203.0.113.5", user_agent="Mozilla/5.0 Lama")
        recent = CommentFactory(ip_address="203.0.113.6", user_agent="Mozilla/5.0 Baru")
        set_age(old, 91)
        set_age(recent, 89)
        assert purge() == summary(erased=1, deleted=0)
        old.refresh_from_db()
        recent.refresh_from_db()
        assert (old.ip_address, old.user_agent) == (None, "")
        assert old.body == "Terima kasih atas informasinya."
        assert (recent.ip_address, recent.user_agent) == ("203.0.113.6", "Mozilla/5.0 Baru")

    def test_spam_and_removed_deleted_after_30_days(self):
        """Only spam and removed comments older than COMMENTS_SPAM_DAYS are deleted."""
        old_spam = CommentFactory(status=Status.SPAM)
        new_spam = CommentFactory(status=Status.SPAM)
        old_approved = CommentFactory(status=Status.APPROVED)
        old_removed = CommentFactory(status=Status.REMOVED)
        for comment, days in [
            (old_spam, 31),
            (new_spam, 29),
            (old_approved, 400),
            (old_removed, 31),
        ]:
            set_age(comment, days)
        assert purge() == (
            "Personal data erased from 0 comments; 2 old spam and removed comments deleted; "
            "0 expired block-list rules deleted."
        )
        assert set(Comment.objects.all()) == {new_spam, old_approved}

    def test_second_run_changes_nothing(self):
        """Running the command again finds nothing left to do and says so."""
        old = CommentFactory(ip_address="203.0.113.5", user_agent="Mozilla/5.0")
        spam = CommentFactory(status=Status.SPAM)
        set_age(old, 100)
        set_age(spam, 40)
        assert purge() == summary(erased=1, deleted=1)
        after_first = list(Comment.objects.values())
        assert purge() == summary(erased=0, deleted=0)
        assert list(Comment.objects.values()) == after_first

    def test_periods_come_from_settings(self, settings):
        """Shorter periods in settings erase and delete sooner."""
        settings.COMMENTS_PERSONAL_DATA_DAYS = 7
        settings.COMMENTS_SPAM_DAYS = 2
        week_old = CommentFactory(ip_address="203.0.113.5", user_agent="Mozilla/5.0")
        fresh = CommentFactory(ip_address="203.0.113.6", user_agent="Mozilla/5.0")
        spam = CommentFactory(status=Status.SPAM)
        fresh_spam = CommentFactory(status=Status.SPAM)
        set_age(week_old, 8)
        set_age(fresh, 6)
        set_age(spam, 3)
        set_age(fresh_spam, 1)
        assert purge() == summary(erased=1, deleted=1)
        week_old.refresh_from_db()
        fresh.refresh_from_db()
        assert week_old.ip_address is None
        assert fresh.ip_address == "203.0.113.6"
        assert set(Comment.objects.filter(status=Status.SPAM)) == {fresh_spam}

    def test_removed_counts_from_the_moderators_decision(self):
        """A year-old comment removed yesterday stays until 30 days after its removal."""
        comment = CommentFactory(status=Status.REMOVED)
        set_age(comment, 365)
        Comment.objects.filter(pk=comment.pk).update(
            moderated_at=timezone.now() - timedelta(days=1)
        )
        purge()
        assert Comment.objects.filter(pk=comment.pk).exists()
        Comment.objects.filter(pk=comment.pk).update(
            moderated_at=timezone.now() - timedelta(days=31)
        )
        purge()
        assert not Comment.objects.filter(pk=comment.pk).exists()


class TestBlockListExpiry:
    def test_email_and_ip_rules_expire_words_do_not(self):
        """A rule naming a person gets an expiry date COMMENTS_BLOCK_DAYS ahead; a word none."""
        ip = KeywordRule.objects.create(keyword="203.0.113.9", action=KeywordRule.Action.SPAM)
        email = KeywordRule.objects.create(keyword="Spam@Example.com", action="spam")
        word = KeywordRule.objects.create(keyword="judi", action=KeywordRule.Action.SPAM)
        soon = timezone.now() + timedelta(days=90)
        assert abs(ip.expires_at - soon) < timedelta(minutes=1)
        assert abs(email.expires_at - soon) < timedelta(minutes=1)
        assert word.expires_at is None

    def test_an_expired_rule_no_longer_blocks_and_is_purged(self, client, article):
        """After expiry the address may comment again (held as usual); the purge deletes it."""
        rule = KeywordRule.objects.create(keyword="198.51.100.7", action=KeywordRule.Action.SPAM)
        send_comment(client, article, remote_addr="198.51.100.7", body="Komentar pertama.")
        assert Comment.objects.get().status == Status.SPAM
        KeywordRule.objects.filter(pk=rule.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        Comment.objects.all().delete()  # no flood control or duplicate check in the way
        cache.clear()  # nor the flood-control claim of the first comment
        send_comment(client, article, remote_addr="198.51.100.7", body="Komentar kedua.")
        assert Comment.objects.get().status == Status.PENDING
        assert purge().endswith("; 1 expired block-list rules deleted.")
        assert not KeywordRule.objects.exists()

    def test_moderators_renew_rules_from_the_list(self, moderator_client):
        """The "Renew" action moves the expiry COMMENTS_BLOCK_DAYS ahead again."""
        rule = KeywordRule.objects.create(keyword="203.0.113.9", action=KeywordRule.Action.SPAM)
        KeywordRule.objects.filter(pk=rule.pk).update(expires_at=timezone.now() + timedelta(days=2))
        response = moderator_client.post(
            reverse("admin:comments_keywordrule_changelist"),
            {"action": "renew", "_selected_action": [rule.pk]},
            follow=True,
        )
        assert response.status_code == 200
        assert "1 aturan diperpanjang." in response.text
        rule.refresh_from_db()
        assert rule.expires_at > timezone.now() + timedelta(days=89)

    def test_blocking_an_address_again_renews_its_rule(self, moderator_client):
        """ "Mark as spam and block" on a known address moves its rule's expiry ahead again."""
        rule = KeywordRule.objects.create(keyword="203.0.113.7", action=KeywordRule.Action.SPAM)
        KeywordRule.objects.filter(pk=rule.pk).update(
            expires_at=timezone.now() + timedelta(hours=1)
        )
        comment = CommentFactory(status=Status.PENDING, ip_address="203.0.113.7")
        response = moderator_client.post(
            reverse(QUEUE), {"action": "mark_spam_and_block", "_selected_action": [comment.pk]}
        )
        assert response.status_code == 302
        rule.refresh_from_db()
        assert rule.expires_at > timezone.now() + timedelta(days=89)
