"""The article body's blocks in a real browser: a YouTube video that loads only when asked, a
gallery, a "Baca juga" card; and the body editor's "Baca juga" button."""

import contextlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from news import roles
from news.models import Article

from .conftest import SCREENSHOTS, SEED_TITLE
from .factories import ArticleFactory, UserFactory
from .test_browser_reader import horizontal_overflow, serious_accessibility_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
playwright = pytest.importorskip("playwright.sync_api")
expect, PlaywrightError = playwright.expect, playwright.Error

VIDEO = "dQw4w9WgXcQ"


def csp_watch(page):
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.violations.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: page.violations.append(f"page error: {error}"))
    return page


@pytest.fixture
def article_with_blocks(demo):
    seed = demo
    pictured = Article.objects.published().exclude(featured_image="")[:3]
    figures = "".join(
        f'<figure class="figure"><img src="{a.page_picture["src"]}" alt="{a.image_alt}" '
        f'width="960" height="540"><figcaption>{a.title}</figcaption></figure>'
        for a in pictured
    )
    return ArticleFactory(
        title="Pengamanan arus balik di Tol Cikampek",
        category=seed.category,
        body=(
            "<p>Polisi menyiapkan pengamanan arus balik.</p>"
            f'<p><a href="https://youtu.be/{VIDEO}">Konferensi pers arus balik</a></p>'
            f"<p>Petugas disiagakan di setiap gerbang tol.</p>{figures}"
            f'<aside data-read-also="{seed.pk}"><a href="/">lama</a></aside>'
            "<p>Pengendara diminta beristirahat setiap empat jam.</p>"
        ),
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_video_gallery_and_read_also_on_the_article_page(
    live_server, new_page, article_with_blocks, width
):
    page = csp_watch(new_page(width=width, height=900))
    page.goto(live_server.url + article_with_blocks.get_absolute_url())

    card = page.locator(".read-also")
    expect(card).to_contain_text("Baca juga")
    expect(card.get_by_role("link")).to_contain_text(SEED_TITLE)
    gallery = page.get_by_role("group", name="Galeri 3 foto")
    expect(gallery.locator("figure")).to_have_count(3)
    if width >= 1280:  # side by side on a desktop, one under the other on a phone
        boxes = [gallery.locator("figure").nth(n).bounding_box() for n in range(2)]
        assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]
    video = page.get_by_role("link", name="Konferensi pers arus balik")
    expect(video).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    assert horizontal_overflow(page) <= 0
    assert serious_accessibility_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"body-blocks-{width}.png", full_page=True)

    video.click()
    player = page.locator("iframe.video__player")
    expect(player).to_have_attribute(
        "src", f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1"
    )
    expect(player).to_have_attribute("title", "Konferensi pers arus balik")
    assert page.violations == []


def test_the_body_editor_inserts_a_read_also_block_from_the_picker(live_server, new_page):
    target = ArticleFactory(title="Operasi Zebra Jaya dimulai")
    article = ArticleFactory(title="Razia malam", body="<p>Isi.</p>")
    user = UserFactory(username="rina", is_staff=True)
    editors, _ = Group.objects.get_or_create(name=roles.EDITOR)
    if not editors.permissions.exists():
        editors.permissions.set(Permission.objects.filter(content_type__app_label="news"))
    user.groups.add(editors)

    page = csp_watch(new_page())
    page.goto(live_server.url + reverse("admin:news_article_change", args=[article.pk]))
    page.locator("#id_username").fill("rina")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()

    page.locator(".prose-editor [contenteditable=true] p").click()
    button = page.locator(".prose-menubar [title='Baca juga']")
    with page.expect_popup() as opened:
        button.click()
    picker = opened.value
    picker.get_by_label("Kata dalam judul").fill("zebra")
    picker.get_by_role("button", name="Cari").click()
    choice = picker.get_by_role("button", name="Operasi Zebra Jaya dimulai")
    with contextlib.suppress(PlaywrightError):  # the choice closes the window, as it should
        choice.click()
    assert picker.is_closed()

    block = page.locator(".prose-editor aside[data-read-also]")
    expect(block).to_have_text("Operasi Zebra Jaya dimulai")
    expect(page.locator("#id_body")).to_have_value(
        f'<p>Isi.</p><aside data-read-also="{target.pk}">'
        f'<a href="{target.get_absolute_url()}">Operasi Zebra Jaya dimulai</a></aside>'
    )
    assert page.violations == []
