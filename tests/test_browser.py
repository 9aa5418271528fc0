"""What people click, in a real browser (Playwright driving Debian's Chromium)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from comments.models import Comment
from news.demo import draw_image
from news.models import Article, Tag

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, UserFactory

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Skipped without Playwright, so that the other tests run without it (never in CI: conftest).
expect = pytest.importorskip("playwright.sync_api").expect

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
    expect(passer_by.get_by_role("heading", name=article.title, level=1)).to_be_visible()
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


@pytest.fixture
def editor():
    # A superuser: the flush after the test above also empties the migrated role groups.
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


def sign_in(page, base_url, next_url, username):
    page.goto(base_url + next_url)
    page.locator("#id_username").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()


def choose(page, field, text):
    """Pick `text` in the admin's autocomplete (Select2) box for `field`."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_rich_text_editor_works_offline(live_server, new_page, screenshot, editor):
    """Editor and tag autocomplete load from local files only; text and tags are saved."""
    category, author = CategoryFactory(name="Lalu Lintas"), AuthorFactory(name="Rina")
    Tag.objects.create(name="Polri")
    page = new_page()
    foreign = []

    def only_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    sign_in(page, live_server.url, reverse("admin:news_article_add"), "editor")
    page.locator("#id_title").fill("Operasi Zebra Jaya Dimulai")
    body = page.locator(".prose-editor [contenteditable=true]")
    expect(body).to_be_visible()
    body.click()
    page.keyboard.type("Polisi mengimbau pengendara ")
    page.keyboard.press("Control+b")
    page.keyboard.type("tertib")
    page.keyboard.press("Control+b")
    page.keyboard.type(" berlalu lintas.")
    choose(page, "category", category.name)
    choose(page, "author", author.name)
    tags = page.locator("#id_tags + .select2 .select2-search__field")
    tags.fill("pol")
    page.locator(".select2-results__option", has_text="Polri").click()
    tags.fill("Operasi Zebra,")
    screenshot(page, "editor-rich-text")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get()
    assert article.body == (
        "<p>Polisi mengimbau pengendara <strong>tertib</strong> berlalu lintas.</p>"
    )
    assert sorted(article.tags.names()) == ["Operasi Zebra", "Polri"]
    assert foreign == []


def test_body_figure_from_the_media_library(live_server, new_page, screenshot, editor):
    """The figure dialog's "Browse" window hands back an article image with its alt text."""
    source = ArticleFactory(title="Apel Pagi", image_alt="Apel pagi di Polda")
    source.featured_image.save("apel.jpg", draw_image(source.title))
    source.refresh_from_db()  # with the renditions the task made once the save committed
    category, author = CategoryFactory(name="Lalu Lintas"), AuthorFactory(name="Rina")
    page = new_page()
    sign_in(page, live_server.url, reverse("admin:news_article_add"), "editor")
    page.locator("#id_title").fill("Berita dengan gambar")
    page.locator(".prose-editor [contenteditable=true]").click()
    page.keyboard.type("Pembuka.")
    page.locator(".prose-menubar__button", has_text=re.compile("^image$")).click()
    dialog = page.locator("dialog[open]")
    with page.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Telusuri…").click()
    popup = popup_info.value
    screenshot(popup, "editor-image-picker")
    popup.get_by_role("button", name="Apel Pagi").click()
    expect(dialog.locator("input[name=altText]")).to_have_value("Apel pagi di Polda")
    dialog.locator("button[type=submit]").click()
    choose(page, "category", category.name)
    choose(page, "author", author.name)
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    body = Article.objects.get(title="Berita dengan gambar").body
    assert f'<img src="{source.page_picture["src"]}" alt="Apel pagi di Polda">' in body
    assert body.startswith("<p>Pembuka.</p>") and '<figure class="figure">' in body
