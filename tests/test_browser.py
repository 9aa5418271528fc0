"""What people click, in a real browser (Playwright driving Debian's Chromium)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Terima kasih, semoga Jakarta tetap aman dan tertib."


@pytest.fixture
def moderator():
    user = UserFactory(username="moderator", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderator"))
    return user


def test_comment_from_posting_to_approval(live_server, new_page, screenshot, moderator, settings):
    """Reader posts, sees the pending notice; a moderator approves; another reader sees it."""
    settings.COMMENTS_MIN_SECONDS = 1
    article = ArticleFactory(title="Polisi Amankan Malam Tahun Baru")
    article_url = live_server.url + article.get_absolute_url()

    reader = new_page()
    reader.goto(article_url)
    reader.get_by_role("textbox", name="Nama").fill("Budi Santoso")
    reader.get_by_role("textbox", name="Email").fill("budi@example.com")
    reader.get_by_role("textbox", name="Komentar").fill(COMMENT)
    reader.wait_for_timeout(1200)  # a person takes longer than the bot threshold
    reader.get_by_role("button", name="Kirim Komentar").click()
    expect(reader.get_by_text("Komentar Anda menunggu moderasi")).to_be_visible()
    expect(reader.get_by_text(COMMENT)).to_be_visible()
    screenshot(reader, "comment-pending-for-its-author")

    passer_by = new_page()
    passer_by.goto(article_url)
    expect(passer_by.get_by_text(COMMENT)).to_have_count(0)

    admin = new_page()
    admin.goto(live_server.url + reverse("admin:comments_comment_changelist"))
    admin.locator("#id_username").fill("moderator")
    admin.get_by_label("Sandi").fill("secret-password")
    admin.get_by_role("button", name="Masuk").click()
    comment = Comment.objects.get()
    admin.locator(f'input[name="_selected_action"][value="{comment.pk}"]').check()
    admin.locator('select[name="action"]').select_option("approve")
    admin.locator('button[name="index"]').click()
    expect(admin.get_by_text("1 komentar ditandai sebagai Disetujui.")).to_be_visible()
    screenshot(admin, "moderator-approved")

    passer_by.reload()
    expect(passer_by.get_by_text(COMMENT)).to_be_visible()
    expect(passer_by.get_by_text("Komentar Anda menunggu moderasi")).to_have_count(0)
    screenshot(passer_by, "comment-public")
    comment.refresh_from_db()
    assert comment.moderated_by == moderator
