"""Commenters' data on request (UU PDP) and the site's data as a whole: erase, back up, restore."""

import tarfile
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from beritapolisi.backup import json_member
from comments.models import Comment
from news.models import Article

from .factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def erase(email):
    out = StringIO()
    call_command("erase_commenter", email, stdout=out)
    return out.getvalue().strip()


class TestEraseCommenter:
    @pytest.fixture
    def thread(self):
        article = ArticleFactory(title="Razia Knalpot Brong")
        asked = CommentFactory(
            article=article,
            name="Siti Rahma",
            email="siti@example.com",
            website="https://siti.example.com",
            ip_address="203.0.113.7",
            user_agent="Mozilla/5.0 Siti",
            body="Kapan razia berikutnya?",
        )
        reply = CommentFactory(article=article, parent=asked, body="Minggu depan, Bu.")
        again = CommentFactory(article=article, email="SITI@Example.COM", name="Siti R.")
        other = CommentFactory(article=article, name="Budi", email="budi@example.com")
        return article, asked, reply, again, other

    def test_anonymises_every_comment_of_that_email_any_case(self, thread):
        """Name becomes "Anonim"; email, website, IP and user agent are cleared; text stays."""
        _article, asked, reply, again, other = thread
        assert erase("Siti@example.com ") == "2 comments anonymised."
        for comment in (asked, again):
            comment.refresh_from_db()
            assert comment.name == "Anonim"
            assert (comment.email, comment.website, comment.ip_address, comment.user_agent) == (
                "",
                "",
                None,
                "",
            )
        assert asked.body == "Kapan razia berikutnya?"
        reply.refresh_from_db()
        other.refresh_from_db()
        assert reply.parent_id == asked.pk and other.name == "Budi"
        assert not Comment.objects.filter(email__icontains="siti").exists()

    def test_the_discussion_stays_readable(self, client, thread):
        """The article page shows the anonymised question and its reply, without the name."""
        article, *_ = thread
        erase("siti@example.com")
        html = client.get(article.get_absolute_url()).text
        assert "Kapan razia berikutnya?" in html and "Minggu depan, Bu." in html
        assert "Siti" not in html and "Anonim" in html

    def test_admin_history_forgets_the_name(self, thread):
        """The admin's history titles ("Siti Rahma: Kapan razia…") lose the name too."""
        _article, asked, *_ = thread
        entry = LogEntry.objects.create(
            user=UserFactory(),
            content_type=ContentType.objects.get_for_model(Comment),
            object_id=str(asked.pk),
            object_repr=str(asked),
            action_flag=CHANGE,
        )
        erase("siti@example.com")
        entry.refresh_from_db()
        assert "Siti" not in entry.object_repr

    def test_unknown_email_changes_nothing(self, thread):
        """Nothing matches: nothing changes, and the command says so."""
        before = list(Comment.objects.values())
        assert erase("nobody@example.com") == "0 comments anonymised."
        assert list(Comment.objects.values()) == before

    def test_moderation_queue_still_lists_the_comments(self, thread, moderator_client):
        """Anonymised comments stay in the moderators' list."""
        erase("siti@example.com")
        response = moderator_client.get(
            reverse("admin:comments_comment_changelist"), {"status__exact": "all"}
        )
        assert response.status_code == 200
        assert "Anonim" in response.text and "siti@example.com" not in response.text


def media_snapshot(media_root):
    return {
        str(path.relative_to(media_root)): path.read_bytes()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def backup_and_restore_round_trip(tmp_path, settings):
    """Back up, damage the data and media, restore: everything is as it was at the backup."""
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "articles" / "2026" / "12" / "apel.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 bukan gambar sungguhan, cukup untuk dicadangkan")
    article = ArticleFactory(title="Sebelum cadangan", tags=["Lalu Lintas"])
    CommentFactory(article=article, body="Komentar yang tersimpan.")
    media_before = media_snapshot(settings.MEDIA_ROOT)
    archive = tmp_path / "cadangan.tar.gz"
    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    assert out.getvalue().strip() == f"Backup written to {archive}."

    Article.objects.all().delete()
    ArticleFactory(title="Sesudah cadangan")
    photo.unlink()
    (settings.MEDIA_ROOT / "baru.txt").write_text("ditulis sesudah cadangan")

    out = StringIO()
    call_command("restore", str(archive), "--no-input", stdout=out)
    assert out.getvalue().startswith("Restored the backup made at ")
    assert list(Article.objects.values_list("title", flat=True)) == ["Sebelum cadangan"]
    restored = Article.objects.get()
    assert list(restored.tags.names()) == ["Lalu Lintas"]
    assert list(restored.comments.values_list("body", flat=True)) == ["Komentar yang tersimpan."]
    assert media_snapshot(settings.MEDIA_ROOT) == media_before


# serialized_rollback: later tests that restore the migrated groups find them as they were.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_backup_and_restore_on_sqlite(tmp_path, settings):
    """SQLite: the database file is copied with the online backup API, media alongside."""
    backup_and_restore_round_trip(tmp_path, settings)
    with tarfile.open(tmp_path / "cadangan.tar.gz") as archive:
        names = archive.getnames()
    assert {"manifest.json", "db.sqlite3", "media/articles/2026/12/apel.jpg"} <= set(names)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_backup_and_restore_on_postgresql(tmp_path, settings):
    """PostgreSQL: pg_dump's custom format in, pg_restore out."""
    backup_and_restore_round_trip(tmp_path, settings)
    with tarfile.open(tmp_path / "cadangan.tar.gz") as archive:
        assert "db.dump" in archive.getnames()


def test_restore_refuses_another_databases_archive(tmp_path, settings):
    """An archive of the other database kind is refused before anything is touched."""
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "lain.tar.gz"
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    with tarfile.open(archive, "w:gz") as tar:
        tar.addfile(*json_member("manifest.json", {"vendor": other, "created": "kemarin"}))
    article = ArticleFactory()
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(archive), "--no-input")
    assert Article.objects.get() == article
