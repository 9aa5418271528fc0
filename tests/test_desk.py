"""The editor's desk: the article change list by role, the review hand-over (who submitted, who
sent back, when) on the dashboard and by e-mail."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import ArticleFactory, UserFactory, admin_form_data

pytestmark = pytest.mark.django_db

CHANGE_LIST = reverse("admin:news_article_changelist")
DASHBOARD = reverse("admin:index")
# 1 Dec 2026, 10.02 in Jakarta (UTC+7).
MONDAY_MORNING = datetime(2026, 12, 1, 3, 2, tzinfo=UTC)


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def filter_panel(response):
    """The filter sidebar's HTML."""
    return re.search(r'<nav id="changelist-filter".*?</nav>', response.text, re.S).group()


class TestChangeListByRole:
    def test_reporter_gets_no_filter_they_cannot_use(self, reporter_client, reporter):
        """A reporter, who never schedules nor chooses the headline and sees only their own
        articles, is offered neither "scheduled", nor the headline, nor the author filter."""
        ArticleFactory.create_batch(2, created_by=reporter, status=Article.Status.DRAFT)
        response = reporter_client.get(CHANGE_LIST)
        assert response.status_code == 200
        panel = filter_panel(response)
        assert "Menunggu tinjauan" in panel and "Draf" in panel and "Terbit" in panel
        assert "Terjadwal" not in panel
        assert "berita utama" not in panel and "penulis" not in panel
        assert [spec.title for spec in response.context["cl"].filter_specs] == [
            "keadaan",
            "kategori",
            "komentar dibuka",
        ]

    def test_editor_gets_every_filter(self, editor_client):
        """Editors schedule and curate: every state and every filter."""
        ArticleFactory.create_batch(2)
        response = editor_client.get(CHANGE_LIST)
        assert response.status_code == 200
        panel = filter_panel(response)
        assert "Terjadwal" in panel and "berita utama" in panel
        titles = [spec.title for spec in response.context["cl"].filter_specs]
        assert "penulis" in titles and "berita utama" in titles

    def test_headline_links_keep_the_filters(self, editor_client):
        """Each headline opens its article, and the way back keeps the list's filter."""
        article = ArticleFactory(title="Operasi <Zebra>", status=Article.Status.DRAFT)
        response = editor_client.get(CHANGE_LIST, {"state": "draft"})
        change_url = reverse("admin:news_article_change", args=[article.pk])
        assert response.status_code == 200
        assert (
            f'<a class="article-headline" href="{change_url}?_changelist_filters=state%3Ddraft">'
            "Operasi &lt;Zebra&gt;</a>"
        ) in response.text
        assert "<Zebra>" not in response.text


@pytest.fixture
def editors(staff_user):
    """Who hears of submissions: editors with an address and the superuser; not an editor
    without an address, nor one who left, nor another reporter."""
    staff_user("Editor", username="redaktur")
    staff_user("Editor", username="redaktur2")
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    no_address = staff_user("Editor", username="tanpa-alamat")
    no_address.email = ""
    no_address.save()
    gone = staff_user("Editor", username="mantan")
    gone.is_active = False
    gone.save()
    staff_user("Reporter", username="wartawan2")


class TestSubmission:
    def test_submit_records_who_and_when_and_mails_the_editors(
        self, reporter_client, reporter, editors, django_capture_on_commit_callbacks
    ):
        """The button hands the draft over, records the reporter and the time, and mails every
        editor (blind copies) once the save has committed."""
        reporter.first_name, reporter.last_name = "Budi", "Santoso"
        reporter.save()
        article = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter, title="Laporan")
        with django_capture_on_commit_callbacks(execute=True):
            response = reporter_client.post(
                change_url(article), admin_form_data(article, _submit_for_review="1")
            )
            assert mail.outbox == []
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW
        assert article.submitted_by == reporter
        assert timezone.now() - article.submitted_at < timedelta(minutes=1)
        [message] = mail.outbox
        assert message.to == []
        assert sorted(message.bcc) == [
            "admin@example.com",
            "redaktur2@example.com",
            "redaktur@example.com",
        ]
        assert message.subject == "Menunggu tinjauan: Laporan"
        assert 'Budi Santoso mengirim "Laporan" untuk ditinjau pada' in message.body
        assert "WIB" in message.body
        assert "http://testserver" + change_url(article) in message.body

    def test_choosing_in_review_also_notifies(
        self, reporter_client, reporter, editors, django_capture_on_commit_callbacks
    ):
        """Choosing "in review" in the status list is a submission too; saving an article
        already in review is not."""
        article = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
        with django_capture_on_commit_callbacks(execute=True):
            reporter_client.post(change_url(article), admin_form_data(article, status="review"))
        article.refresh_from_db()
        assert (article.status, article.submitted_by) == (Article.Status.REVIEW, reporter)
        assert len(mail.outbox) == 1

        editor = Client()
        editor.force_login(UserFactory(username="redaktur"))
        with django_capture_on_commit_callbacks(execute=True):
            response = editor.post(change_url(article), admin_form_data(article, title="Baru"))
        assert response.status_code == 302
        assert len(mail.outbox) == 1

    def test_editors_dashboard_lists_what_waits_with_who_and_when(self, client, staff_user):
        """Each article in review, longest waiting first, with its reporter and the time."""
        reporter = UserFactory(username="budi", first_name="Budi", last_name="Santoso")
        older = ArticleFactory(
            status=Article.Status.REVIEW,
            title="Laporan <lama>",
            submitted_by=reporter,
            submitted_at=MONDAY_MORNING,
        )
        ArticleFactory(
            status=Article.Status.REVIEW,
            title="Laporan baru",
            submitted_by=reporter,
            submitted_at=timezone.now(),
        )
        ArticleFactory(status=Article.Status.DRAFT, title="Masih draf")
        client.force_login(staff_user("Editor"))
        response = client.get(DASHBOARD)
        assert response.status_code == 200
        listed = re.search(
            r'aria-labelledby="awaiting-review-heading">.*?</ul>', response.text, re.S
        )
        items = re.findall(r'<a href="([^"]+)">([^<]+)</a>', listed.group())
        assert items == [
            (change_url(older), "Laporan &lt;lama&gt;"),
            (change_url(Article.objects.get(title="Laporan baru")), "Laporan baru"),
        ]
        assert "dikirim oleh Budi Santoso, 1 Des 10.02 WIB" in listed.group()

    def test_reporters_dashboard_has_no_review_list(self, reporter_client, reporter):
        """The review queue is the editors' work."""
        ArticleFactory(status=Article.Status.REVIEW, created_by=reporter)
        response = reporter_client.get(DASHBOARD)
        assert response.status_code == 200
        assert "awaiting-review-heading" not in response.text


class TestSendBack:
    def test_send_back_records_who_and_when(self, client, staff_user, reporter):
        """Sending back records the editor and the time with the note."""
        editor = staff_user("Editor")
        article = ArticleFactory(status=Article.Status.REVIEW, created_by=reporter)
        client.force_login(editor)
        data = admin_form_data(article, review_note="Tambah sumber.", _send_back="1")
        assert client.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
        assert (article.status, article.sent_back_by) == (Article.Status.DRAFT, editor)
        assert timezone.now() - article.sent_back_at < timedelta(minutes=1)

    @pytest.fixture
    def sent_back(self, reporter):
        """The reporter's draft that editor Rina sent back on 1 December at 10.02."""
        editor = UserFactory(username="rina", first_name="Rina", last_name="Wulandari")
        return ArticleFactory(
            status=Article.Status.DRAFT,
            created_by=reporter,
            title="Laporan <kecelakaan>",
            review_note="Tambah keterangan <saksi>.",
            sent_back_by=editor,
            sent_back_at=MONDAY_MORNING,
        )

    def test_reporters_dashboard_lists_sent_back_drafts(self, reporter_client, reporter, sent_back):
        """The dashboard names each draft sent back, by whom, when, and the note."""
        ArticleFactory(status=Article.Status.DRAFT, created_by=reporter, title="Draf biasa")
        response = reporter_client.get(DASHBOARD)
        assert response.status_code == 200
        listed = re.search(r'aria-labelledby="sent-back-heading">.*?</ul>', response.text, re.S)
        html = " ".join(listed.group().split())
        assert f'<a href="{change_url(sent_back)}">Laporan &lt;kecelakaan&gt;</a>' in html
        assert (
            "<strong>Dikembalikan oleh Rina Wulandari, 1 Des 10.02 WIB:</strong> "
            "Tambah keterangan &lt;saksi&gt;." in html
        )
        assert "Draf biasa" not in html

    def test_change_form_says_who_sent_it_back_and_when(self, reporter_client, sent_back):
        """The note above the reporter's draft carries the editor's name and the time."""
        response = reporter_client.get(change_url(sent_back))
        assert response.status_code == 200
        assert "<h2>Dikembalikan oleh Rina Wulandari, 1 Des 10.02 WIB:</h2>" in response.text

    def test_resubmitted_draft_leaves_the_list(self, reporter_client, reporter, sent_back):
        """Once submitted again, the draft is no longer listed as sent back."""
        data = admin_form_data(sent_back, _submit_for_review="1")
        assert reporter_client.post(change_url(sent_back), data).status_code == 302
        assert "sent-back-heading" not in reporter_client.get(DASHBOARD).text
