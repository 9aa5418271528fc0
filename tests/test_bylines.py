"""Bylines: the lead writer, ordered co-writers and the editor who published the article."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article, ArticleNote, ArticleWriter, RightOfReply

from .factories import ArticleFactory, AuthorFactory, admin_form_data
from .test_queries import EXPECTED

pytestmark = pytest.mark.django_db


def json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def article():
    """An article by Rina, with Budi and then Andi as co-writers, edited by Sari."""
    article = ArticleFactory(
        title="Operasi Zebra Jaya",
        author=AuthorFactory(name="Rina"),
        editor=AuthorFactory(name="Sari"),
    )
    ArticleWriter.objects.create(article=article, author=AuthorFactory(name="Andi"), position=2)
    ArticleWriter.objects.create(article=article, author=AuthorFactory(name="Budi"), position=1)
    return article


def writer(name):
    return ArticleWriter.objects.get(author__name=name).author


class TestArticlePage:
    def test_byline_names_writers_in_order_and_the_editor(self, client, article):
        html = client.get(article.get_absolute_url()).text
        byline = html.split('class="meta byline">')[1].split("</p>")[0]
        text = " ".join(re.sub(r"<[^>]+>", "", byline).split())
        assert text.startswith("Penulis: Rina, Budi, Andi · Editor: Sari ·")
        assert re.search(r"Penulis: <a [^>]*>Rina</a>, <a [^>]*>Budi</a>, <a [^>]*>Andi</a>", html)
        assert "Editor: Sari" in html
        assert f'href="{writer("Budi").get_absolute_url()}" rel="author"' in html

    def test_an_article_without_co_writers_or_editor(self, client):
        plain = ArticleFactory(author=AuthorFactory(name="Rina"))
        html = client.get(plain.get_absolute_url()).text
        assert re.search(r"Penulis: <a [^>]*>Rina</a>\s*<span", html)
        assert "Editor:" not in html
        assert plain.writers == [plain.author]

    def test_json_ld_has_an_author_array_and_the_editor(self, client, article):
        data = json_ld(client.get(article.get_absolute_url()).text)
        assert [person["name"] for person in data["author"]] == ["Rina", "Budi", "Andi"]
        assert data["author"][1]["url"].endswith(writer("Budi").get_absolute_url())
        assert data["editor"] == {"@type": "Person", "name": "Sari"}

    def test_related_posts_show_the_lead_writer(self, client, article):
        other = ArticleFactory(category=article.category, author=AuthorFactory(name="Dewi"))
        html = client.get(other.get_absolute_url()).text
        related = html.split('class="related"')[1]
        assert "Operasi Zebra Jaya" in related and "Rina" in related and "Budi" not in related

    def test_an_article_with_everything_costs_three_queries_more(
        self, client, article, django_assert_num_queries
    ):
        """Co-writers, notes and replies: one query each, only when the article has some."""
        ArticleNote.objects.create(article=article, text="Ralat.")
        RightOfReply.objects.create(article=article, party="PT A", text="Jawab.")
        with django_assert_num_queries(EXPECTED["article"] + 3):
            response = client.get(article.get_absolute_url())
        assert "Budi" in response.text and "Ralat." in response.text


class TestArchivesAndFeeds:
    def test_author_archive_and_feed_list_co_written_articles(
        self, client, article, django_assert_max_num_queries
    ):
        budi = writer("Budi")
        with django_assert_max_num_queries(EXPECTED["author"]):
            page = client.get(budi.get_absolute_url())
        assert page.status_code == 200 and "Operasi Zebra Jaya" in page.text
        feed = client.get(reverse("news:author_feed", args=[budi.slug])).text
        assert "Operasi Zebra Jaya" in feed
        sitemap = client.get(reverse("news:sitemap_section", args=["penulis"])).text
        assert budi.get_absolute_url() in sitemap

    def test_co_writer_of_a_draft_has_no_archive(self, client):
        draft = ArticleFactory(status=Article.Status.DRAFT)
        hidden = AuthorFactory()
        ArticleWriter.objects.create(article=draft, author=hidden)
        assert client.get(hidden.get_absolute_url()).status_code == 404

    def test_an_article_is_listed_once_per_archive(self, client, article):
        """A lead writer who is also listed as a co-writer does not get the article twice."""
        ArticleWriter.objects.create(article=article, author=article.author, position=3)
        page = client.get(article.author.get_absolute_url())
        assert page.context["paginator"].count == 1
        assert [listed.pk for listed in page.context["object_list"]] == [article.pk]

    def test_feed_has_one_dc_creator_per_writer(self, client, article, django_assert_num_queries):
        ArticleFactory(author=AuthorFactory(name="Sendiri"))
        with django_assert_num_queries(EXPECTED["site feed"] + 1):  # the co-writers, once
            feed = client.get(reverse("news:feed")).text
        assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in feed
        item = feed.split("<title>Operasi Zebra Jaya</title>")[1].split("</item>")[0]
        creators = re.findall(r"<dc:creator>([^<]+)</dc:creator>", item)
        assert creators == ["Rina", "Budi", "Andi"]
        assert feed.count("<dc:creator>Sendiri</dc:creator>") == 1

    def test_feed_without_co_writers_costs_no_more(self, client, django_assert_num_queries):
        ArticleFactory.create_batch(3)
        with django_assert_num_queries(EXPECTED["site feed"]):
            client.get(reverse("news:feed"))


class TestEditorOnPublish:
    def test_publishing_names_the_editor_from_their_author_profile(
        self, client, staff_user, django_capture_on_commit_callbacks
    ):
        editor = staff_user("Editor")
        profile = AuthorFactory(name="Sari", user=editor)
        draft = ArticleFactory(status=Article.Status.DRAFT)
        client.force_login(editor)
        url = reverse("admin:news_article_change", args=[draft.pk])
        response = client.post(url, admin_form_data(draft, status=Article.Status.PUBLISHED))
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.editor == profile
        assert "Editor: Sari" in Client().get(draft.get_absolute_url()).text

    def test_bulk_publishing_names_the_editor(self, client, staff_user):
        editor = staff_user("Editor")
        profile = AuthorFactory(user=editor)
        draft = ArticleFactory(status=Article.Status.DRAFT)
        client.force_login(editor)
        client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert (draft.status, draft.editor) == (Article.Status.PUBLISHED, profile)

    def test_a_named_editor_is_kept_and_no_profile_names_none(self, staff_user):
        editor = staff_user("Editor")
        chosen = AuthorFactory()
        named = ArticleFactory(status=Article.Status.DRAFT, editor=chosen)
        AuthorFactory(user=editor)
        named.publish(by=editor)
        assert named.editor == chosen
        unnamed = ArticleFactory(status=Article.Status.DRAFT)
        unnamed.publish(by=staff_user("Editor", username="tanpa-profil"))
        assert unnamed.editor is None


class TestAdmin:
    def test_reporter_adds_a_co_writer_to_their_draft_but_not_the_editor(self, client, reporter):
        draft = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
        co_writer, editor = AuthorFactory(), AuthorFactory()
        url = reverse("admin:news_article_change", args=[draft.pk])
        form = client.get(url)
        assert 'name="writer_links-TOTAL_FORMS"' in form.text
        assert 'name="editor"' not in form.text
        data = admin_form_data(
            draft,
            editor=editor.pk,
            **{
                "writer_links-TOTAL_FORMS": "1",
                "writer_links-0-author": co_writer.pk,
                "writer_links-0-position": "1",
            },
        )
        assert client.post(url, data).status_code == 302
        draft.refresh_from_db()
        assert draft.writers == [draft.author, co_writer]
        assert draft.editor is None

    def test_editor_sets_the_editor_field(self, editor_client):
        article = ArticleFactory()
        chosen = AuthorFactory()
        url = reverse("admin:news_article_change", args=[article.pk])
        assert 'name="editor"' in editor_client.get(url).text
        editor_client.post(url, admin_form_data(article, editor=chosen.pk))
        article.refresh_from_db()
        assert article.editor == chosen


class TestCache:
    def test_adding_a_co_writer_shows_on_the_article_and_their_archive(self):
        article = ArticleFactory(published_at=timezone.now() - timedelta(minutes=1))
        budi = AuthorFactory(name="Budi Santoso")
        assert "Budi Santoso" not in Client().get(article.get_absolute_url()).text
        assert Client().get(budi.get_absolute_url()).status_code == 404
        link = ArticleWriter.objects.create(article=article, author=budi)
        assert "Budi Santoso" in Client().get(article.get_absolute_url()).text
        assert article.title in Client().get(budi.get_absolute_url()).text
        link.delete()
        assert "Budi Santoso" not in Client().get(article.get_absolute_url()).text

    def test_renaming_a_co_writer(self, article):
        budi = writer("Budi")
        assert "Budi" in Client().get(article.get_absolute_url()).text
        budi.name = "Budi Hartono"
        budi.save()
        assert "Budi Hartono" in Client().get(article.get_absolute_url()).text
        tags = Client().get(article.get_absolute_url()).headers["Cache-Tag"].split()
        assert f"author-{budi.pk}" in tags
