"""The article form's desk panel: which buttons each role sees in each state, what each does
(through the article's workflow methods), its message, the state badge, the byline rule and
the Indonesian history."""

from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.models import Article

from .factories import ArticleFactory, AuthorFactory, admin_form_data
from .test_admin import ARTICLE_PAGE_QUERIES

pytestmark = pytest.mark.django_db

Status, State = Article.Status, Article.State
WIB = timezone.get_fixed_timezone(7 * 60)


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def clock(monkeypatch):
    """The site's clock stopped at Tuesday 1 December 2026, 10.00 WIB."""
    moment = datetime(2026, 12, 1, 10, 0, tzinfo=WIB)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def article_in(state, **fields):
    if state == State.SCHEDULED:
        return ArticleFactory(published_at=timezone.now() + timedelta(days=2), **fields)
    return ArticleFactory(status=state, **fields)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State.DRAFT, ["_save_draft", "_publish", "_schedule"]),
        (State.REVIEW, ["_save_draft", "_publish", "_schedule", "_send_back"]),
        (State.SCHEDULED, ["_save_draft", "_publish", "_schedule", "_unpublish"]),
        (State.PUBLISHED, ["_save_draft", "_unpublish"]),
    ],
)
def test_editor_buttons_per_state(editor_client, state, expected):
    """No "Publish" on a live article; "Take off the site" only on a published or scheduled
    one; each button shown is a named submit button of the form."""
    response = editor_client.get(change_url(article_in(state)))
    assert response.status_code == 200
    assert [button["name"] for button in response.context["desk_buttons"]] == expected
    for name in ["_save_draft", "_publish", "_schedule", "_unpublish", "_send_back"]:
        assert (f'name="{name}"' in response.text) == (name in expected)


def test_reporter_buttons(reporter_client, reporter):
    """A reporter saves their draft or submits it; nothing else, and nothing once submitted."""
    draft = ArticleFactory(status=Status.DRAFT, created_by=reporter)
    response = reporter_client.get(change_url(draft))
    assert [button["name"] for button in response.context["desk_buttons"]] == [
        "_save_draft",
        "_submit_for_review",
    ]
    assert 'name="_publish"' not in response.text and 'name="_schedule"' not in response.text
    in_review = ArticleFactory(status=Status.REVIEW, created_by=reporter)
    response = reporter_client.get(change_url(in_review))
    assert response.context["desk_buttons"] == []
    assert "Menunggu tinjauan" in response.text


@pytest.mark.parametrize(
    ("state", "button", "after", "message"),
    [
        (State.DRAFT, "_save_draft", State.DRAFT, "Draf disimpan."),
        (State.DRAFT, "_publish", State.PUBLISHED, "Artikel diterbitkan."),
        (State.REVIEW, "_publish", State.PUBLISHED, "Artikel diterbitkan."),
        (State.SCHEDULED, "_publish", State.PUBLISHED, "Artikel diterbitkan."),
        (State.PUBLISHED, "_save_draft", State.PUBLISHED, "Perubahan disimpan."),
        (State.PUBLISHED, "_unpublish", State.DRAFT, "Ditarik dari situs."),
        (State.SCHEDULED, "_unpublish", State.DRAFT, "Ditarik dari situs."),
    ],
)
def test_each_button_moves_the_article_with_its_message(
    editor_client, state, button, after, message
):
    """Each button calls its workflow method and says what happened; the editor stays on
    the article, whose badge shows its new state."""
    article = article_in(state)
    response = editor_client.post(change_url(article), admin_form_data(article, **{button: "1"}))
    assert response.status_code == 302 and response.url == change_url(article)
    assert messages_of(response) == [message]
    article.refresh_from_db()
    assert article.state == after
    page = editor_client.get(change_url(article)).text
    assert 'class="desk-badge desk-badge--' + after + '"' in page


def test_publishing_a_scheduled_article_dates_it_now(editor_client):
    """ "Publish now" on a scheduled article puts it on the site at once."""
    article = article_in(State.SCHEDULED)
    since = timezone.now()
    editor_client.post(change_url(article), admin_form_data(article, _publish="1"))
    article.refresh_from_db()
    assert article.is_published and article.published_at >= since


def test_schedule_at_a_wib_time(editor_client, clock):
    """The schedule time is typed in WIB; badge and message say when, in WIB."""
    article = ArticleFactory(status=Status.DRAFT)
    response = editor_client.get(change_url(article))
    assert "Waktu terbit (WIB)" in response.text
    response = editor_client.post(
        change_url(article),
        admin_form_data(article, _schedule="1", schedule_at="2026-12-05T08:00"),
    )
    assert messages_of(response) == ["Artikel dijadwalkan untuk 5 Des 08.00 WIB."]
    article.refresh_from_db()
    assert article.published_at == datetime(2026, 12, 5, 8, 0, tzinfo=WIB)
    assert article.state == State.SCHEDULED
    page = editor_client.get(change_url(article)).text
    assert "Terjadwal: 5 Des 08.00 WIB" in page


@pytest.mark.parametrize(
    ("typed", "error"),
    [("", "Pilih kapan pembaca"), ("2026-11-30T08:00", "Pilih waktu yang belum lewat")],
)
def test_schedule_needs_a_time_to_come(editor_client, clock, typed, error):
    """Without a time, or with a past one, the form comes back with the message by the
    field (its box open) and the article unmoved."""
    article = ArticleFactory(status=Status.DRAFT)
    response = editor_client.post(
        change_url(article), admin_form_data(article, _schedule="1", schedule_at=typed)
    )
    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors["schedule_at"])
    assert '<details class="desk-schedule" open>' in response.text
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reporter_submits_with_a_message(reporter_client, reporter):
    draft = ArticleFactory(status=Status.DRAFT, created_by=reporter)
    response = reporter_client.post(
        change_url(draft), admin_form_data(draft, _submit_for_review="1")
    )
    assert response.url == change_url(draft)
    assert messages_of(response) == ["Dikirim untuk ditinjau."]


def test_a_forged_publish_button_only_saves(reporter_client, reporter):
    """A reporter's hand-made "publish" saves the draft and moves nothing."""
    draft = ArticleFactory(status=Status.DRAFT, created_by=reporter)
    response = reporter_client.post(change_url(draft), admin_form_data(draft, _publish="1"))
    assert messages_of(response) == ["Draf disimpan."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_view_on_site_only_when_readers_see_it(editor_client):
    """A draft or scheduled article offers its preview, a published one its page."""
    for state, visible in [(State.DRAFT, False), (State.SCHEDULED, False), (State.PUBLISHED, True)]:
        article = article_in(state)
        page = editor_client.get(change_url(article)).text
        preview = reverse("admin:news_article_preview", args=[article.pk])
        assert ("viewsitelink" in page) == visible
        assert (f'href="{preview}"' in page) == (not visible)


def test_title_limits_without_javascript(editor_client):
    """The title field is full width and its help text states the lengths; the counter
    script reads them from the field."""
    page = editor_client.get(reverse("admin:news_article_add")).text
    assert "Hasil mesin pencari menampilkan sekitar 60 karakter judul" in page
    assert 'data-seo-length="60"' in page and 'data-length="110"' in page
    assert "news/admin/title-counter.js" in page


class TestByline:
    def test_reporter_byline_is_prefilled_and_the_only_choice(self, reporter_client, reporter):
        own = AuthorFactory(user=reporter, name="Budi Wartawan")
        AuthorFactory(name="Penulis Lain")
        form = reporter_client.get(reverse("admin:news_article_add")).context["adminform"].form
        assert form.initial["author"] == own.pk
        assert list(form.fields["author"].queryset) == [own]

    def test_reporter_cannot_file_under_another_name(self, reporter_client, reporter):
        """Someone else's byline is refused by the field, with the reason."""
        AuthorFactory(user=reporter)
        other = AuthorFactory(name="Penulis Lain")
        draft = ArticleFactory(status=Status.DRAFT, created_by=reporter, author=AuthorFactory())
        response = reporter_client.post(change_url(draft), admin_form_data(draft, author=other.pk))
        assert response.status_code == 200
        errors = str(response.context["adminform"].form.errors["author"])
        assert "Anda menulis atas nama Anda sendiri" in errors
        # The byline an editor gave the draft may stay.
        response = reporter_client.post(change_url(draft), admin_form_data(draft))
        assert response.status_code == 302

    def test_editor_files_under_any_name(self, editor_client):
        draft = ArticleFactory(status=Status.DRAFT)
        other = AuthorFactory()
        response = editor_client.post(change_url(draft), admin_form_data(draft, author=other.pk))
        assert response.status_code == 302


def test_history_and_revision_comment_in_indonesian(editor_client):
    """ "Judul dan Isi berubah", not "Title dan Body berubah"."""
    article = ArticleFactory(status=Status.DRAFT)
    editor_client.post(
        change_url(article),
        admin_form_data(article, title="Judul Baru", body="<p>Isi baru</p>", _save_draft="1"),
    )
    summary = LogEntry.objects.get(object_id=str(article.pk)).get_change_message()
    assert summary == "Judul dan Isi berubah."
    assert Version.objects.get_for_object(article).first().revision.comment == summary


def test_change_form_queries(editor_client, django_assert_num_queries):
    """The desk panel reads what the form already loaded: the change form's pinned queries
    (tests/test_admin.py), as without it."""
    article = ArticleFactory(status=Status.REVIEW)
    editor_client.get(change_url(article))  # sessions, permissions and lock warmed up
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES["Editor", "change"]):
        assert editor_client.get(change_url(article)).status_code == 200
