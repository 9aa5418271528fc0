"""Corrections, clarifications and updates, rights of reply (hak jawab) and the /ralat/ page."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article, ArticleNote, RightOfReply

from .factories import ARTICLE_INLINES, ArticleFactory, admin_form_data

pytestmark = pytest.mark.django_db

Kind, Priority = ArticleNote.Kind, ArticleNote.Priority


def json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def note(article, text, kind=Kind.CORRECTION, priority=Priority.NORMAL, ago=timedelta(minutes=10)):
    return ArticleNote.objects.create(
        article=article,
        kind=kind,
        priority=priority,
        text=text,
        published_at=timezone.now() - ago,
    )


@pytest.fixture
def article():
    return ArticleFactory(
        title="Polisi Amankan Konvoi", body="<p>Isi berita tentang konvoi.</p>", tags=["Konvoi"]
    )


class TestArticlePage:
    def test_high_priority_above_the_body_normal_below(self, client, article):
        """A high-priority note comes before the body, a normal one after, each with its kind
        and date."""
        note(article, "Nama lokasi yang benar adalah Jalan Sudirman.", priority=Priority.HIGH)
        note(article, "Polisi menambahkan keterangan saksi.", kind=Kind.UPDATE)
        response = client.get(article.get_absolute_url())
        html = response.text
        assert response.status_code == 200
        high = html.index("Nama lokasi yang benar adalah Jalan Sudirman.")
        body = html.index("Isi berita tentang konvoi.")
        normal = html.index("Polisi menambahkan keterangan saksi.")
        assert high < body < normal
        assert "article-notes--above" in html and "article-notes--below" in html
        assert "<strong>Ralat</strong>" in html and "<strong>Pembaruan</strong>" in html

    def test_note_text_is_escaped(self, client, article):
        note(article, "<script>alert(1)</script>")
        html = client.get(article.get_absolute_url()).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html

    def test_byline_shows_the_update_time(self, client, article):
        """ "Diperbarui" appears with the newest note's time, and not without a note."""
        assert "Diperbarui" not in client.get(article.get_absolute_url()).text
        newest = note(article, "Pembaruan terbaru.", kind=Kind.UPDATE, ago=timedelta(minutes=1))
        note(article, "Ralat lama.", ago=timedelta(hours=2))
        html = client.get(article.get_absolute_url()).text
        stamp = timezone.localtime(newest.published_at).isoformat()
        assert re.search(rf'Diperbarui <time datetime="{re.escape(stamp)}">', html)

    def test_json_ld_has_date_modified_and_one_correction_per_ralat(self, client, article):
        ralat = note(article, "Jumlah peserta 40, bukan 400.", ago=timedelta(minutes=1))
        note(article, "Keterangan tambahan.", kind=Kind.UPDATE, ago=timedelta(minutes=3))
        data = json_ld(client.get(article.get_absolute_url()).text)
        assert data["correction"] == [
            {
                "@type": "CorrectionComment",
                "text": "Jumlah peserta 40, bukan 400.",
                "datePublished": timezone.localtime(ralat.published_at).isoformat(),
            }
        ]
        article.refresh_from_db()
        assert (
            data["dateModified"]
            == timezone.localtime(max(article.updated_at, ralat.published_at)).isoformat()
        )

    def test_no_correction_item_without_a_ralat(self, client, article):
        note(article, "Keterangan tambahan.", kind=Kind.CLARIFICATION)
        assert "correction" not in json_ld(client.get(article.get_absolute_url()).text)


class TestRightOfReply:
    def test_box_on_the_original_and_links_both_ways(self, client, article):
        reply_article = ArticleFactory(title="Hak Jawab PT Maju Jaya")
        RightOfReply.objects.create(
            article=article,
            party="PT Maju Jaya",
            text="Kami membantah keterlibatan dalam konvoi.",
            reply_article=reply_article,
        )
        html = client.get(article.get_absolute_url()).text
        assert '<h2 id="hak-jawab-heading">Hak jawab</h2>' in html
        assert 'aria-labelledby="hak-jawab-heading"' in html
        assert "PT Maju Jaya" in html and "Kami membantah keterlibatan dalam konvoi." in html
        assert f'href="{reply_article.get_absolute_url()}"' in html
        reply_html = client.get(reply_article.get_absolute_url()).text
        assert "Hak jawab atas:" in reply_html
        assert f'<a href="{article.get_absolute_url()}">Polisi Amankan Konvoi</a>' in reply_html

    def test_an_unpublished_reply_article_is_not_linked(self, client, article):
        draft = ArticleFactory(status=Article.Status.DRAFT)
        RightOfReply.objects.create(
            article=article, party="Warga", text="Jawaban.", reply_article=draft
        )
        html = client.get(article.get_absolute_url()).text
        assert "Jawaban." in html and draft.get_absolute_url() not in html

    def test_reply_article_must_be_another_article(self, article):
        reply = RightOfReply(article=article, party="Warga", text="Jawaban.", reply_article=article)
        with pytest.raises(ValidationError) as refused:
            reply.full_clean()
        assert refused.value.error_dict["reply_article"][0].code == "same_article"

    def test_a_date_in_the_future_is_refused(self, article):
        later = timezone.now() + timedelta(days=1)
        for dated in [
            RightOfReply(article=article, party="Warga", text="J.", published_at=later),
            ArticleNote(article=article, text="Ralat.", published_at=later),
        ]:
            with pytest.raises(ValidationError) as refused:
                dated.full_clean()
            assert refused.value.error_dict["published_at"][0].code == "future"


def inline_data(prefix, rows, initial=0):
    data = {
        **ARTICLE_INLINES,
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def local_parts(moment, prefix):
    local = timezone.localtime(moment)
    return {
        f"{prefix}_0": local.date().isoformat(),
        f"{prefix}_1": local.strftime("%H:%M:%S"),
    }


class TestAdmin:
    def change(self, client, article, data):
        url = reverse("admin:news_article_change", args=[article.pk])
        return client.post(url, admin_form_data(article, **data))

    def test_editor_adds_a_correction_inline(self, editor_client, article):
        form = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        assert 'name="notes-TOTAL_FORMS"' in form.text
        assert 'name="replies_given-TOTAL_FORMS"' in form.text
        row = {
            "kind": Kind.CORRECTION,
            "priority": Priority.HIGH,
            "text": "Tanggal kejadian 3 Mei.",
            **local_parts(timezone.now() - timedelta(minutes=1), "published_at"),
        }
        response = self.change(editor_client, article, inline_data("notes", [row]))
        assert response.status_code == 302
        assert article.notes.get().text == "Tanggal kejadian 3 Mei."
        assert "Tanggal kejadian 3 Mei." in Client().get(article.get_absolute_url()).text

    def test_reporter_gets_no_note_or_reply_inline(self, client, reporter):
        draft = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
        form = client.get(reverse("admin:news_article_change", args=[draft.pk]))
        assert form.status_code == 200
        assert 'name="notes-TOTAL_FORMS"' not in form.text
        assert 'name="replies_given-TOTAL_FORMS"' not in form.text
        assert 'name="writer_links-TOTAL_FORMS"' in form.text
        row = {"kind": Kind.CORRECTION, "priority": Priority.HIGH, "text": "Diam-diam."}
        row.update(local_parts(timezone.now(), "published_at"))
        self.change(client, draft, inline_data("notes", [row]))
        assert not ArticleNote.objects.exists()

    def test_published_reply_is_readonly_and_cannot_be_deleted(self, editor_client, article):
        reply = RightOfReply.objects.create(
            article=article,
            party="PT Maju Jaya",
            text="Teks asli.",
            published_at=timezone.now() - timedelta(hours=1),
        )
        form = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        assert re.search(r'<textarea name="replies_given-0-text"[^>]*disabled', form.text)
        changed = {
            "id": reply.pk,
            "article": article.pk,
            "party": "Pihak lain",
            "text": "Teks diubah.",
            "DELETE": "on",
            **local_parts(reply.published_at, "published_at"),
        }
        response = self.change(editor_client, article, inline_data("replies_given", [changed], 1))
        assert response.status_code == 302
        reply.refresh_from_db()
        assert (reply.party, reply.text) == ("PT Maju Jaya", "Teks asli.")

    def test_a_reply_on_a_draft_stays_editable(self, editor_client):
        draft = ArticleFactory(status=Article.Status.DRAFT)
        reply = RightOfReply.objects.create(article=draft, party="Warga", text="Awal.")
        row = {
            "id": reply.pk,
            "article": draft.pk,
            "party": "Warga",
            "text": "Diubah sebelum terbit.",
            **local_parts(reply.published_at, "published_at"),
        }
        self.change(editor_client, draft, inline_data("replies_given", [row], 1))
        reply.refresh_from_db()
        assert reply.text == "Diubah sebelum terbit."


class TestCorrectionsPage:
    def test_lists_corrections_and_replies_newest_first(self, client, article):
        other = ArticleFactory(title="Kecelakaan di Tol")
        note(article, "Ralat pertama.", ago=timedelta(hours=3))
        RightOfReply.objects.create(
            article=other,
            party="Dinas Perhubungan",
            text="Jawaban dinas.",
            published_at=timezone.now() - timedelta(hours=1),
        )
        note(other, "Klarifikasi kedua.", kind=Kind.CLARIFICATION, ago=timedelta(hours=2))
        note(other, "Sekadar pembaruan.", kind=Kind.UPDATE)
        response = client.get(reverse("news:corrections"))
        assert response.status_code == 200
        html = response.text
        assert html.index("Jawaban dinas.") < html.index("Klarifikasi kedua.")
        assert html.index("Klarifikasi kedua.") < html.index("Ralat pertama.")
        assert "Sekadar pembaruan." not in html
        assert f'href="{article.get_absolute_url()}">Polisi Amankan Konvoi</a>' in html
        assert "Dari Dinas Perhubungan" in html
        assert "corrections" in response.headers["Cache-Tag"].split()

    def test_notes_of_unpublished_articles_are_not_listed(self, client):
        draft = ArticleFactory(status=Article.Status.DRAFT)
        note(draft, "Rahasia dapur.")
        RightOfReply.objects.create(article=draft, party="X", text="Belum terbit.")
        html = client.get(reverse("news:corrections")).text
        assert "Rahasia dapur." not in html and "Belum terbit." not in html
        assert "Belum ada ralat." in html

    def test_paginated(self, client, article, settings):
        for n in range(settings.ARTICLES_PER_PAGE + 1):
            note(article, f"Ralat nomor {n}.", ago=timedelta(minutes=n + 1))
        first = client.get(reverse("news:corrections")).text
        second = client.get(reverse("news:corrections") + "?page=2")
        assert (
            "Ralat nomor 0." in first and f"Ralat nomor {settings.ARTICLES_PER_PAGE}." not in first
        )
        assert second.status_code == 200
        assert f"Ralat nomor {settings.ARTICLES_PER_PAGE}." in second.text
        assert client.get(reverse("news:corrections") + "?page=9").status_code == 404

    def test_linked_from_the_footer(self, client, article):
        html = client.get(reverse("news:home")).text
        assert f'<a href="{reverse("news:corrections")}">Ralat dan Hak Jawab</a>' in html

    def test_a_page_costs_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        """Count, page of (kind, key, date) rows, the notes, the replies, the breaking-news bar,
        categories, footer."""
        for n in range(12):
            target = ArticleFactory()
            note(target, f"Ralat {n}.", ago=timedelta(minutes=n))
            RightOfReply.objects.create(
                article=target,
                party=f"Pihak {n}",
                text="Jawab.",
                published_at=timezone.now() - timedelta(minutes=n, seconds=30),
            )
        with django_assert_num_queries(7):
            response = client.get(reverse("news:corrections"))
        assert response.status_code == 200
        assert "Ralat 0." in response.text and "Pihak 0" in response.text


class TestFeed:
    def test_entry_carries_the_update_time(self, client, article):
        """The entry's atom:updated is the newest note's time when it came after the edit."""
        ralat = note(article, "Ralat.", ago=timedelta(seconds=0))
        feed = client.get(reverse("news:feed")).text
        assert 'xmlns:atom="http://www.w3.org/2005/Atom"' in feed
        assert f"<atom:updated>{ralat.published_at.isoformat()}</atom:updated>" in feed


class TestCache:
    """A note or a reply shows on the next request of the article, /ralat/ and the feeds."""

    def see(self, url):
        return Client().get(url).text

    def test_adding_editing_and_deleting_a_note(self, article):
        pages = [article.get_absolute_url(), reverse("news:corrections")]
        for url in pages:
            assert "Nama saksi keliru." not in self.see(url)
        before = self.see(reverse("news:feed"))
        added = note(article, "Nama saksi keliru.", ago=timedelta(0))
        for url in pages:
            assert "Nama saksi keliru." in self.see(url)
        assert self.see(reverse("news:feed")) != before
        added.text = "Nama saksi yang benar: Budi."
        added.save()
        for url in pages:
            assert "Nama saksi yang benar: Budi." in self.see(url)
        added.delete()
        for url in pages:
            assert "Nama saksi yang benar: Budi." not in self.see(url)

    def test_adding_a_reply(self, article):
        reply_article = ArticleFactory()
        assert "Hak jawab atas" not in self.see(reply_article.get_absolute_url())
        assert "Kami membantah." not in self.see(article.get_absolute_url())
        RightOfReply.objects.create(
            article=article, party="PT A", text="Kami membantah.", reply_article=reply_article
        )
        assert "Kami membantah." in self.see(article.get_absolute_url())
        assert "Kami membantah." in self.see(reverse("news:corrections"))
        assert "Hak jawab atas" in self.see(reply_article.get_absolute_url())

    def test_a_cdn_purges_the_article_corrections_and_feeds(
        self, article, settings, django_capture_on_commit_callbacks
    ):
        from . import test_cache

        settings.PAGE_CACHE_PURGE = "tests.test_cache.record_purge"
        test_cache.purges.clear()
        reply_article = ArticleFactory()
        test_cache.purges.clear()
        with django_capture_on_commit_callbacks(execute=True):
            note(article, "Ralat.")
        assert test_cache.purges == [[f"article-{article.pk}", "corrections", "feeds"]]
        test_cache.purges.clear()
        with django_capture_on_commit_callbacks(execute=True):
            RightOfReply.objects.create(
                article=article, party="PT A", text="J.", reply_article=reply_article
            )
        assert test_cache.purges == [
            sorted([f"article-{article.pk}", f"article-{reply_article.pk}", "corrections", "feeds"])
        ]

    def test_pages_with_notes_stay_shareable(self, article):
        note(article, "Ralat.", priority=Priority.HIGH)
        RightOfReply.objects.create(article=article, party="PT A", text="J.")
        for url in [article.get_absolute_url(), reverse("news:corrections")]:
            first, second = Client().get(url), Client().get(url)
            assert first.status_code == 200 and not first.cookies
            assert "Set-Cookie" not in first.headers
            assert first.content == second.content
            assert "public" in first.headers["Cache-Control"]
