"""Previews: staff see any article on the readers' page before it is public; a signed link
lets someone without an account do the same for a while."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.preview import preview_url

from .factories import ArticleFactory, CommentFactory, admin_form_data

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex">'


@pytest.fixture
def draft():
    return ArticleFactory(status=Article.Status.DRAFT, title="Rahasia Redaksi", tags=["razia"])


def assert_is_a_private_preview(response):
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "news/article_detail.html"
    assert NOINDEX in response.text
    assert 'class="preview-banner"' in response.text and "Pratinjau" in response.text
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


class TestStaffPreview:
    def test_editor_previews_a_draft_as_readers_will_see_it(self, editor_client, draft):
        """Same template, content and tags as the public page, marked and kept private."""
        CommentFactory(article=draft, body="Komentar lama.")
        response = editor_client.get(reverse("admin:news_article_preview", args=[draft.pk]))
        assert_is_a_private_preview(response)
        assert "Rahasia Redaksi" in response.text and "#razia" in response.text
        assert "Komentar lama." in response.text
        assert 'id="tinggalkan-komentar"' not in response.text  # no comment form yet

    def test_change_form_links_to_the_preview_and_a_shareable_link(
        self, editor_client, client, draft
    ):
        """The change form offers "Preview" and a signed link that works without an account."""
        response = editor_client.get(reverse("admin:news_article_change", args=[draft.pk]))
        assert reverse("admin:news_article_preview", args=[draft.pk]) in response.text
        assert ">Pratinjau</a>" in response.text
        share_url = re.search(r'id="share-preview-url"[^>]* value="([^"]+)"', response.text)[1]
        assert share_url.startswith("http://testserver/pratinjau/")
        editor_client.logout()
        assert_is_a_private_preview(client.get(share_url))

    def test_no_shareable_link_once_published(self, editor_client):
        """A published article needs no preview link: its address is public."""
        article = ArticleFactory()
        response = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        assert response.context["share_url"] is None
        assert article.title in response.text
        assert 'id="share-preview-url"' not in response.text

    def test_scheduled_article_banner_gives_the_time(self, editor_client):
        """The banner says when a scheduled article will appear."""
        article = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
        response = editor_client.get(reverse("admin:news_article_preview", args=[article.pk]))
        assert "Terjadwal" in response.text
        assert timezone.localtime(article.published_at).strftime("%H:%M") in response.text

    def test_reporter_previews_own_articles_only(self, reporter_client, reporter, draft):
        """A reporter previews their own draft; someone else's is refused."""
        own = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
        own_response = reporter_client.get(reverse("admin:news_article_preview", args=[own.pk]))
        assert_is_a_private_preview(own_response)
        other = reporter_client.get(reverse("admin:news_article_preview", args=[draft.pk]))
        assert other.status_code == 403

    def test_readers_are_sent_to_the_login(self, client, draft):
        """Without a staff session the admin preview asks to log in."""
        response = client.get(reverse("admin:news_article_preview", args=[draft.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


class TestShareableLink:
    def test_anyone_with_the_link_reads_the_draft(self, client, draft):
        """No account needed; the page is marked, not indexed and not cached."""
        response = client.get(preview_url(draft))
        assert_is_a_private_preview(response)
        assert "Rahasia Redaksi" in response.text

    def test_link_expires(self, client, draft, settings):
        """After PREVIEW_LINK_MAX_AGE the link shows an "expired" page (410), not the draft."""
        settings.PREVIEW_LINK_MAX_AGE = 48 * 60 * 60
        with mock.patch("time.time", return_value=time.time() - 49 * 60 * 60):
            url = preview_url(draft)
        response = client.get(url)
        assert response.status_code == 410
        assert "Rahasia Redaksi" not in response.text
        assert "Tautan pratinjau kedaluwarsa" in response.text
        assert NOINDEX in response.text
        assert "no-store" in response["Cache-Control"]

    def test_link_still_works_within_its_age(self, client, draft):
        """Forty-seven hours after it was made the link still works."""
        with mock.patch("time.time", return_value=time.time() - 47 * 60 * 60):
            url = preview_url(draft)
        assert client.get(url).status_code == 200

    def test_after_publication_the_link_leads_to_the_article(self, client, draft):
        """Once readers can see the article the preview redirects to its public address."""
        url = preview_url(draft)
        Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == draft.get_absolute_url()

    def test_scheduled_article_is_still_a_preview(self, client, draft):
        """Published for later is not public yet: the link keeps showing the preview."""
        url = preview_url(draft)
        Article.objects.filter(pk=draft.pk).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=1)
        )
        assert_is_a_private_preview(client.get(url))

    def test_forged_or_altered_links_find_nothing(self, client, draft):
        """A token that was not signed here, or names another article, is a 404."""
        token = preview_url(draft).rstrip("/").rsplit("/", 1)[1]
        forged = token.replace(token.split(":")[0], "Mg", 1)  # article 2 with article 1's signature
        assert client.get(reverse("news:preview", args=[forged])).status_code == 404
        assert client.get(reverse("news:preview", args=["bukan-token"])).status_code == 404

    def test_deleted_article_is_a_404(self, client, draft):
        """The link of a deleted article finds nothing."""
        url = preview_url(draft)
        draft.delete()
        assert client.get(url).status_code == 404


class TestRevokingLinks:
    def share_url(self, editor_client, article):
        response = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        return re.search(
            r'id="share-preview-url"[^>]* value="http://testserver([^"]+)"', response.text
        )[1]

    def test_revoke_button_kills_the_links_made_before(self, editor_client, client, draft):
        """The change form's "Revoke preview links" ends old links; the new one works."""
        old_url = self.share_url(editor_client, draft)
        page = editor_client.get(reverse("admin:news_article_change", args=[draft.pk])).text
        revoke = reverse("admin:news_article_revoke_preview", args=[draft.pk])
        assert f'action="{revoke}"' in page and "Cabut tautan pratinjau" in page
        response = editor_client.post(revoke, follow=True)
        assert response.status_code == 200
        assert "Tautan pratinjau dicabut." in response.text
        new_url = self.share_url(editor_client, draft)
        assert new_url != old_url
        expired = client.get(old_url)
        assert expired.status_code == 410 and "Rahasia Redaksi" not in expired.text
        assert_is_a_private_preview(client.get(new_url))

    def test_revoking_needs_a_post_and_the_right_to_change(self, client, staff_user, draft):
        """A GET changes nothing; a reporter cannot revoke someone else's links."""
        url = preview_url(draft)
        client.force_login(staff_user("Editor"))
        revoke = reverse("admin:news_article_revoke_preview", args=[draft.pk])
        assert client.get(revoke).status_code == 405
        client.force_login(staff_user("Reporter"))
        assert client.post(revoke).status_code in (403, 404)
        client.logout()
        assert client.get(url).status_code == 200

    def test_unpublishing_kills_the_links(self, editor_client, client, draft):
        """A link made before publication does not show the draft again after unpublishing."""
        url = preview_url(draft)
        editor_client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
        assert client.get(url).status_code == 302
        editor_client.post(
            reverse("admin:news_article_changelist"),
            {"action": "unpublish", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert draft.status == Article.Status.DRAFT
        response = client.get(url)
        assert response.status_code == 410
        assert "Rahasia Redaksi" not in response.text

    def test_unpublishing_through_the_status_field_kills_the_links(self, editor_client, client):
        """Setting the status back to draft on the change form does the same."""
        article = Article.objects.get(pk=ArticleFactory(title="Sudah terbit").pk)
        url = preview_url(article)
        data = admin_form_data(article, status=Article.Status.DRAFT)
        response = editor_client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        assert response.status_code == 302
        assert client.get(url).status_code == 410
