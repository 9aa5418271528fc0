"""The moderation queue in a real browser: one-click decisions, shortcuts, layout, reply."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from comments.models import Comment

from .conftest import SCREENSHOTS
from .factories import ArticleFactory, CommentFactory, UserFactory
from .test_browser_reader import horizontal_overflow, serious_accessibility_violations

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect

Status = Comment.Status


@pytest.fixture
def queue():
    """A queue as a moderator meets it: long headlines and comments, several statuses."""
    article = ArticleFactory(
        title="Polda Metro Jaya Tingkatkan Patroli Malam di Kawasan Rawan Kejahatan Jalanan"
    )
    other = ArticleFactory(
        title="Operasi Ketupat 2026: Arus Mudik di Tol Cikampek Terpantau Lancar"
    )
    bodies = [
        "Terima kasih kepada bapak-bapak polisi yang sudah berjaga sampai pagi di perempatan "
        "dekat rumah kami, sekarang anak-anak merasa aman pulang dari les malam hari.",
        "Mohon patroli juga diperluas ke gang-gang kecil di belakang pasar, di sana sering ada "
        "balap liar setiap malam Minggu dan warga sudah lama mengeluhkannya.",
        "Lihat https://promo.example dan https://judi.example untuk penawaran terbaik!",
        "Semoga arus balik juga lancar seperti arus mudik tahun ini.",
    ]
    comments = [
        CommentFactory(
            article=article if index % 2 == 0 else other,
            name=name,
            body=body,
            status=Status.PENDING,
            moderation_reason=Comment.Reason.EVERYTHING_MODERATED,
        )
        for index, (name, body) in enumerate(
            zip(
                ["Budi Santoso", "Siti Rahmawati", "Promo Murah", "Andi Wijaya"],
                bodies,
                strict=True,
            )
        )
    ]
    CommentFactory(article=article, name="Rina", body="Sudah disetujui sebelumnya.")
    return comments


def make_moderator():
    user = UserFactory(username="moderator", first_name="Mira", is_staff=True)
    # The group as the data migrations make it, also when an earlier transactional test
    # flushed the database.
    moderators, _ = Group.objects.get_or_create(name="Moderator")
    if not moderators.permissions.exists():
        moderators.permissions.set(Permission.objects.filter(content_type__app_label="comments"))
    user.groups.add(moderators)
    return user


def sign_in(page, base_url, next_url=None):
    page.goto(base_url + (next_url or reverse("admin:comments_comment_changelist")))
    page.locator("#id_username").fill("moderator")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    return page


def moderator_page(new_page, base_url, width=1366, height=900):
    """A browser of its own, signed in as a moderator, on the comment queue."""
    make_moderator()
    page = new_page(width, height)
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.violations.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: page.violations.append(f"page error: {error}"))
    return sign_in(page, base_url)


def row_of(page, comment):
    return page.locator("#result_list tbody tr").filter(has_text=comment.name)


def table_overflow(page):
    """How far the queue's table sticks out of its box (the admin scrolls it sideways)."""
    return page.evaluate(
        "(() => { const box = document.querySelector('.results');"
        " return box.scrollWidth - box.clientWidth; })()"
    )


def test_one_click_approve_updates_the_row_without_reload(live_server, new_page, queue):
    """Approve posts in the background: the row leaves the pending list, the result is read
    out, and the page is not reloaded."""
    page = moderator_page(new_page, live_server.url)
    budi = queue[0]
    page.evaluate("window.notReloaded = true")
    row_of(page, budi).get_by_role("button", name="Setujui: Budi Santoso").click()
    expect(page.get_by_role("status")).to_have_text("1 komentar ditandai sebagai Disetujui.")
    expect(row_of(page, budi)).to_have_count(0)
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    assert page.evaluate("window.notReloaded") is True
    budi.refresh_from_db()
    assert budi.status == Status.APPROVED and budi.moderated_by.username == "moderator"
    assert page.violations == [], page.violations


def test_all_list_marks_the_row_in_place(live_server, new_page, queue):
    """In the list of every status, a decided row stays, with its new status and buttons."""
    page = moderator_page(new_page, live_server.url)
    page.goto(live_server.url + reverse("admin:comments_comment_changelist") + "?status__exact=all")
    row = row_of(page, queue[2])
    row.get_by_role("button", name="Spam: Promo Murah").click()
    expect(row.locator(".field-status")).to_have_text("Spam")
    expect(row.get_by_role("button", name="Spam: Promo Murah")).to_be_hidden()
    expect(row.get_by_role("button", name="Setujui: Promo Murah")).to_be_visible()
    expect(row.get_by_role("link", name="Balas: Promo Murah")).to_be_hidden()


def test_buttons_work_without_javascript(live_server, browser, queue):
    """Without JavaScript a button is a form post that returns to the list with a message."""
    make_moderator()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1366, "height": 900}
    )
    try:
        page = sign_in(context.new_page(), live_server.url)
        expect(page.locator(".queue-shortcuts")).to_be_hidden()
        row_of(page, queue[2]).get_by_role("button", name="Spam: Promo Murah").click()
        expect(page.locator(".messagelist")).to_contain_text("1 komentar ditandai sebagai Spam.")
        expect(row_of(page, queue[2])).to_have_count(0)
        assert page.url.endswith(reverse("admin:comments_comment_changelist"))
    finally:
        context.close()
    queue[2].refresh_from_db()
    assert queue[2].status == Status.SPAM


def test_keyboard_shortcuts(live_server, new_page, queue):
    """j/k select a row, a approves, s marks spam, d removes; typing in the search box is text."""
    page = moderator_page(new_page, live_server.url)
    expect(page.locator(".queue-shortcuts")).to_be_visible()
    rows = page.locator("#result_list tbody tr")
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class("queue-selected")
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class("queue-selected")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class("queue-selected")
    first, second = (
        Comment.objects.get(name=rows.nth(index).locator("th a").inner_text()) for index in (0, 1)
    )

    page.locator("#searchbar").fill("as")
    page.locator("#searchbar").press("a")
    expect(page.locator("#searchbar")).to_have_value("asa")
    page.locator("#searchbar").fill("")

    rows.nth(0).focus()
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("a")
    expect(page.get_by_role("status")).to_have_text("1 komentar ditandai sebagai Disetujui.")
    expect(rows).to_have_count(3)
    # The next row is selected in its place.
    expect(rows.nth(0)).to_have_class("queue-selected")
    page.keyboard.press("s")
    expect(page.get_by_role("status")).to_have_text("1 komentar ditandai sebagai Spam.")
    page.keyboard.press("d")
    expect(page.get_by_role("status")).to_have_text("1 komentar ditandai sebagai Dihapus.")
    expect(rows).to_have_count(1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.APPROVED, Status.SPAM)
    assert Comment.objects.filter(status=Status.REMOVED).count() == 1
    assert page.violations == [], page.violations


def test_reply_as_the_newsroom(live_server, new_page, queue):
    """Balas on a row, write, publish: back on the queue; readers see it threaded, marked."""
    page = moderator_page(new_page, live_server.url)
    siti = queue[1]
    row_of(page, siti).get_by_role("link", name="Balas: Siti Rahmawati").click()
    expect(page.get_by_role("heading", name="Balas sebagai redaksi")).to_be_visible()
    expect(page.get_by_role("textbox", name="Balas")).to_be_focused()
    assert page.violations == [], page.violations
    assert serious_accessibility_violations(page) == []
    page.violations.clear()  # axe's own probes may set inline styles, which the policy blocks
    page.keyboard.type("Terima kasih, patroli akan kami perluas ke sana.")
    page.get_by_role("button", name="Terbitkan balasan").click()
    expect(page.locator(".messagelist")).to_contain_text("Balasan redaksi sudah terbit.")
    assert page.url.endswith(reverse("admin:comments_comment_changelist"))

    reader = new_page(360, 780)
    reader.goto(live_server.url + siti.article.get_absolute_url())
    thread = reader.locator(f"#komentar-{siti.pk}")
    reply = thread.locator(".comment-list--replies .comment--newsroom")
    expect(reply).to_contain_text("Terima kasih, patroli akan kami perluas ke sana.")
    expect(reply.locator(".comment__author")).to_have_text("Redaksi Berita Polisi")
    expect(reply.locator(".comment__badge")).to_have_text("Redaksi")
    expect(reply.locator(".comment__badge")).to_be_visible()
    assert serious_accessibility_violations(reader) == []
    assert page.violations == [], page.violations


@pytest.mark.parametrize("width", [1366, 1280, 360])
def test_queue_fits_and_is_accessible(live_server, new_page, queue, width):
    """No sideways scrolling, of the page or of the table, and no serious axe violation."""
    page = moderator_page(new_page, live_server.url, width=width)
    expect(page.locator("#result_list")).to_be_visible()
    assert horizontal_overflow(page) <= 0
    assert table_overflow(page) <= 0
    if width in (1366, 360):
        page.screenshot(path=SCREENSHOTS / f"comment-queue-after-{width}.png", full_page=True)
    assert page.violations == [], page.violations
    assert serious_accessibility_violations(page) == []
