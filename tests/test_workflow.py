"""Draft, in review, published: how an article moves through the newsroom in the admin."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    admin_form_data,
)

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


class TestReporter:
    def test_new_article_is_the_reporters_draft_under_their_byline(self, reporter_client, reporter):
        """Adding records who created the article; the form starts with their author profile."""
        own_author = AuthorFactory(user=reporter)
        form = reporter_client.get(reverse("admin:news_article_add")).context["adminform"].form
        assert form.initial["author"] == own_author.pk
        data = admin_form_data(
            Article(title="Laporan Baru", slug="laporan-baru", body="<p>Isi</p>", status="draft"),
            category=CategoryFactory().pk,
            author=own_author.pk,
        )
        assert reporter_client.post(reverse("admin:news_article_add"), data).status_code == 302
        article = Article.objects.get(slug="laporan-baru")
        assert (article.created_by, article.status, article.author) == (
            reporter,
            Status.DRAFT,
            own_author,
        )

    def test_submit_for_review_button(self, reporter_client, reporter):
        """The button sends the draft to the editors; the reporter can no longer change it."""
        article = ArticleFactory(status=Status.DRAFT, created_by=reporter)
        response = reporter_client.post(
            change_url(article), admin_form_data(article, _submit_for_review="1")
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.REVIEW
        assert "Status" in LogEntry.objects.get(object_id=str(article.pk)).change_message
        retry = reporter_client.post(change_url(article), admin_form_data(article, title="x"))
        assert retry.status_code == 403

    def test_reporter_cannot_schedule(self, reporter_client, reporter):
        """A publication time sent by a reporter is ignored."""
        article = ArticleFactory(status=Status.DRAFT, created_by=reporter)
        before = article.published_at
        future = timezone.localtime() + timedelta(days=3)
        reporter_client.post(
            change_url(article),
            admin_form_data(article, published_at_0=future.date().isoformat()),
        )
        article.refresh_from_db()
        assert article.published_at == before


class TestEditor:
    @pytest.fixture
    def in_review(self, staff_user):
        reporter = staff_user("Reporter", username="wartawan")
        return ArticleFactory(status=Status.REVIEW, created_by=reporter, title="Laporan")

    def test_send_back_with_a_note(
        self, editor_client, in_review, django_capture_on_commit_callbacks
    ):
        """Sending back makes it a draft again, keeps the note and e-mails the reporter once
        the change is committed."""
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                change_url(in_review),
                admin_form_data(in_review, review_note="Sumber kedua belum ada.", _send_back="1"),
            )
            assert mail.outbox == []
        assert response.status_code == 302
        in_review.refresh_from_db()
        assert in_review.status == Status.DRAFT
        assert in_review.review_note == "Sumber kedua belum ada."
        [message] = mail.outbox
        assert message.to == ["wartawan@example.com"]
        assert "Laporan" in message.subject and "Sumber kedua belum ada." in message.body
        assert change_url(in_review) in message.body
        assert "Status" in LogEntry.objects.get(object_id=str(in_review.pk)).change_message

    def test_sending_back_needs_a_note(self, editor_client, in_review):
        """Without a note the form asks for one and nothing changes."""
        response = editor_client.post(
            change_url(in_review), admin_form_data(in_review, _send_back="1")
        )
        assert response.status_code == 200
        assert "review_note" in response.context["adminform"].form.errors
        in_review.refresh_from_db()
        assert in_review.status == Status.REVIEW
        assert mail.outbox == []

    def test_note_is_shown_prominently_to_the_reporter(self, client, in_review):
        """The reporter finds the editor's note at the top of their draft."""
        Article.objects.filter(pk=in_review.pk).update(
            status=Status.DRAFT, review_note="Periksa <nama> saksi."
        )
        client.force_login(in_review.created_by)
        html = client.get(change_url(in_review)).text
        assert 'class="review-note" role="alert"' in html
        assert "Periksa &lt;nama&gt; saksi." in html

    def test_editor_publishes_and_schedules_by_form(self, editor_client, in_review):
        """Published with a future time is scheduled: not public yet."""
        future = timezone.localtime() + timedelta(days=1)
        editor_client.post(
            change_url(in_review),
            admin_form_data(
                in_review,
                status=Status.PUBLISHED,
                published_at_0=future.date().isoformat(),
                published_at_1=future.strftime("%H:%M:%S"),
            ),
        )
        in_review.refresh_from_db()
        assert in_review.status == Status.PUBLISHED
        assert in_review.state == Article.State.SCHEDULED
        assert not Article.objects.published().exists()


class TestChangeList:
    @pytest.fixture
    def articles(self):
        future = timezone.now() + timedelta(days=2)
        return {
            "draft": ArticleFactory(status=Status.DRAFT, title="Satu draf"),
            "review": ArticleFactory(status=Status.REVIEW, title="Satu tinjauan"),
            "scheduled": ArticleFactory(published_at=future, title="Satu terjadwal"),
            "published": ArticleFactory(title="Satu terbit"),
        }

    def test_state_column_labels(self, editor_client, articles):
        """Each row says its state, with "Scheduled" for a published article still to come."""
        response = editor_client.get(reverse("admin:news_article_changelist"))
        state_cell = r'class="field-publication"><span class="article-state">([^<]+)<'
        rows = re.findall(r'">(Satu \w+)</a>.*?' + state_cell, response.text)
        assert dict(rows) == {
            "Satu draf": "Draf",
            "Satu tinjauan": "Menunggu tinjauan",
            "Satu terjadwal": "Terjadwal",
            "Satu terbit": "Terbit",
        }

    @pytest.mark.parametrize("state", ["draft", "review", "scheduled", "published"])
    def test_filter_by_state(self, editor_client, articles, state):
        """The state filter, scheduled included, keeps just the matching articles."""
        response = editor_client.get(reverse("admin:news_article_changelist"), {"state": state})
        assert list(response.context["cl"].result_list) == [articles[state]]

    def test_bulk_publish_and_unpublish(self, editor_client, articles):
        """Publishing dates a draft now and keeps a future time; unpublishing makes a draft."""
        url = reverse("admin:news_article_changelist")
        draft, scheduled = articles["draft"], articles["scheduled"]
        future = scheduled.published_at
        response = editor_client.post(
            url, {"action": "publish", "_selected_action": [draft.pk, scheduled.pk], "index": 0}
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        scheduled.refresh_from_db()
        assert draft.is_published and draft.published_at > timezone.now() - timedelta(minutes=1)
        assert scheduled.published_at == future
        assert LogEntry.objects.filter(object_id=str(draft.pk)).exists()

        published = articles["published"]
        editor_client.post(
            url, {"action": "unpublish", "_selected_action": [published.pk], "index": 0}
        )
        published.refresh_from_db()
        assert published.status == Status.DRAFT


def readers_see(article):
    """What readers see of `article`: the date on its page (None when it is not found), its
    place on the front page (None when absent) and whether the Google News sitemap lists it."""
    reader = Client()
    page = reader.get(article.get_absolute_url())
    shown = re.search(r'<time datetime="([^"]+)"', page.text) if page.status_code == 200 else None
    front_page = [a.pk for a in reader.get(reverse("news:home")).context["article_list"]]
    news_sitemap = reader.get(reverse("news:news_sitemap")).text
    return (
        datetime.fromisoformat(shown[1]) if shown else None,
        front_page.index(article.pk) if article.pk in front_page else None,
        article.get_absolute_url() in news_sitemap,
    )


def dated_now(date, since):
    """`date` is the moment of the request made after `since`, as the page shows it."""
    return since - timedelta(seconds=1) <= date <= timezone.now()


@pytest.fixture
def monday_draft(staff_user):
    """A reporter's draft begun four days ago, and yesterday's news already on the site."""
    ArticleFactory(title="Berita kemarin", published_at=timezone.now() - timedelta(days=1))
    return ArticleFactory(
        title="Razia Senin",
        status=Status.DRAFT,
        created_by=staff_user("Reporter", username="wartawan"),
        published_at=timezone.now() - timedelta(days=4),
    )


@pytest.fixture
def clock(monkeypatch):
    """Move the site's clock to a given moment."""

    def move_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move_to


class TestWhatReadersSeeAfterEachStep:
    """Each way of moving an article, judged by the date readers see and where they find it."""

    def test_change_form_publish_dates_the_article_now(self, editor_client, monday_draft):
        """Published on the form, Monday's draft is dated now: first on the front page and
        in the 48-hour news sitemap, not back-dated to when the draft was begun."""
        since = timezone.now()
        response = editor_client.post(
            change_url(monday_draft), admin_form_data(monday_draft, status=Status.PUBLISHED)
        )
        assert response.status_code == 302
        date, position, in_news_sitemap = readers_see(monday_draft)
        assert dated_now(date, since) and position == 0 and in_news_sitemap
        change = LogEntry.objects.get(object_id=str(monday_draft.pk)).change_message
        assert "Status" in change and "Publication time" in change

    def test_bulk_publish_dates_the_article_now(self, editor_client, monday_draft):
        """The bulk action dates the draft now as well."""
        since = timezone.now()
        editor_client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", "_selected_action": [monday_draft.pk], "index": 0},
        )
        date, position, in_news_sitemap = readers_see(monday_draft)
        assert dated_now(date, since) and position == 0 and in_news_sitemap

    def test_editor_may_choose_a_past_time(self, editor_client, monday_draft):
        """A time the editor typed in is kept, even a past one: readers see that date."""
        chosen = timezone.localtime() - timedelta(days=3)
        editor_client.post(
            change_url(monday_draft),
            admin_form_data(
                monday_draft,
                status=Status.PUBLISHED,
                published_at_0=chosen.date().isoformat(),
                published_at_1="09:30:00",
            ),
        )
        date, position, in_news_sitemap = readers_see(monday_draft)
        assert date == chosen.replace(hour=9, minute=30, second=0, microsecond=0)
        assert position == 1 and not in_news_sitemap  # older than yesterday's news

    def test_schedule_by_form_waits_for_its_time(self, editor_client, monday_draft, clock):
        """A future time on the form schedules the article: hidden until then, then first on
        the front page and in the news sitemap, dated at the chosen time."""
        friday = (timezone.localtime() + timedelta(days=1)).replace(microsecond=0)
        editor_client.post(
            change_url(monday_draft),
            admin_form_data(
                monday_draft,
                status=Status.PUBLISHED,
                published_at_0=friday.date().isoformat(),
                published_at_1=friday.strftime("%H:%M:%S"),
            ),
        )
        monday_draft.refresh_from_db()
        assert monday_draft.state == Article.State.SCHEDULED
        assert readers_see(monday_draft) == (None, None, False)
        clock(friday + timedelta(minutes=5))
        assert readers_see(monday_draft) == (friday, 0, True)

    def test_scheduled_article_keeps_its_time_through_edits_and_publishing(
        self, editor_client, monday_draft, clock
    ):
        """Correcting a scheduled article, or selecting it for publishing, keeps its time;
        it goes public then, dated then, not when it was written or last saved."""
        friday = timezone.now() + timedelta(days=1)
        Article.objects.filter(pk=monday_draft.pk).update(
            status=Status.PUBLISHED, published_at=friday
        )
        monday_draft.refresh_from_db()
        response = editor_client.post(
            change_url(monday_draft), admin_form_data(monday_draft, title="Razia Jumat")
        )
        assert response.status_code == 302
        editor_client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", "_selected_action": [monday_draft.pk], "index": 0},
        )
        assert readers_see(monday_draft) == (None, None, False)
        clock(friday + timedelta(minutes=5))
        date, position, in_news_sitemap = readers_see(monday_draft)
        assert date == friday.replace(microsecond=0) and position == 0 and in_news_sitemap

    @pytest.mark.parametrize("by", ["form", "bulk action"])
    def test_unpublish_takes_it_off_the_site(self, editor_client, monday_draft, by):
        """Unpublished, the article is gone from its page, the front page and the sitemap;
        published again later, it is dated then."""
        Article.objects.filter(pk=monday_draft.pk).update(status=Status.PUBLISHED)
        monday_draft.refresh_from_db()
        assert readers_see(monday_draft)[0] is not None
        if by == "form":
            editor_client.post(
                change_url(monday_draft), admin_form_data(monday_draft, status=Status.DRAFT)
            )
        else:
            editor_client.post(
                reverse("admin:news_article_changelist"),
                {"action": "unpublish", "_selected_action": [monday_draft.pk], "index": 0},
            )
        monday_draft.refresh_from_db()
        assert monday_draft.status == Status.DRAFT
        assert readers_see(monday_draft) == (None, None, False)
        since = timezone.now()
        editor_client.post(
            change_url(monday_draft), admin_form_data(monday_draft, status=Status.PUBLISHED)
        )
        date, position, _ = readers_see(monday_draft)
        assert dated_now(date, since) and position == 0

    def test_submit_then_send_back_then_publish(
        self, editor_client, monday_draft, django_capture_on_commit_callbacks
    ):
        """Submitted and sent back, the article stays off the site and keeps no date of its
        own; when the editor finally publishes it, readers see it dated then."""
        reporter = Client()
        reporter.force_login(monday_draft.created_by)
        reporter.post(
            change_url(monday_draft), admin_form_data(monday_draft, _submit_for_review="1")
        )
        monday_draft.refresh_from_db()
        assert monday_draft.status == Status.REVIEW
        assert readers_see(monday_draft) == (None, None, False)

        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(
                change_url(monday_draft),
                admin_form_data(monday_draft, review_note="Tambah sumber.", _send_back="1"),
            )
        monday_draft.refresh_from_db()
        assert (monday_draft.status, monday_draft.review_note) == (Status.DRAFT, "Tambah sumber.")
        assert [message.to for message in mail.outbox] == [["wartawan@example.com"]]
        assert readers_see(monday_draft) == (None, None, False)

        since = timezone.now()
        editor_client.post(
            change_url(monday_draft), admin_form_data(monday_draft, status=Status.PUBLISHED)
        )
        date, position, in_news_sitemap = readers_see(monday_draft)
        assert dated_now(date, since) and position == 0 and in_news_sitemap


class TestWorkflowMethods:
    """The model's methods, which every entry point (admin, imports) calls."""

    def test_publish_without_a_time_means_now(self):
        article = ArticleFactory.build(
            status=Status.DRAFT, published_at=timezone.now() - timedelta(days=4)
        )
        since = timezone.now()
        article.publish()
        assert article.status == Status.PUBLISHED and article.published_at >= since

    def test_publish_at_a_time_keeps_it(self):
        """An import publishes at the original date."""
        then = timezone.now() - timedelta(days=400)
        article = ArticleFactory.build(status=Status.DRAFT)
        article.publish(at=then)
        assert article.published_at == then and article.is_published

    def test_schedule_needs_a_time_to_come(self):
        article = ArticleFactory.build(status=Status.DRAFT)
        with pytest.raises(ValueError):
            article.schedule(timezone.now() - timedelta(minutes=1))
        article.schedule(timezone.now() + timedelta(hours=1))
        assert article.state == Article.State.SCHEDULED

    def test_send_back_needs_a_note(self):
        article = ArticleFactory.build(status=Status.REVIEW)
        with pytest.raises(ValueError):
            article.send_back("  ")
        article.send_back("Periksa nama.")
        assert (article.status, article.review_note) == (Status.DRAFT, "Periksa nama.")


def test_editor_cannot_send_back_what_is_not_in_review(editor_client):
    """The send-back button only acts on an article in review: a published one stays put."""
    live = ArticleFactory(title="Sudah terbit")
    editor_client.post(change_url(live), admin_form_data(live, review_note="x", _send_back="1"))
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED
    assert mail.outbox == []


def test_editor_cannot_press_submit_for_review(editor_client):
    """Editors publish rather than submit: a forged submit button changes nothing."""
    draft = ArticleFactory(status=Status.DRAFT)
    editor_client.post(change_url(draft), admin_form_data(draft, _submit_for_review="1"))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
