"""The article change form's desk in a real browser, at a laptop's and a phone's width: the
panel's buttons per role and state, the state badge and messages, the header's buttons clear
of the headline, the title's counter and the editor in Indonesian."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .conftest import SCREENSHOTS
from .factories import ArticleFactory, AuthorFactory, CategoryFactory
from .test_browser import sign_in
from .test_browser_reader import serious_accessibility_violations

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect

LONG_TITLE = "Polda Metro Jaya Tutup Sementara Jalan Sudirman untuk Pengamanan Malam Tahun Baru"
WIDTHS = [1366, 360]


def draft(**fields):
    return ArticleFactory(
        title=LONG_TITLE,
        status=Article.Status.DRAFT,
        category=CategoryFactory(name="Lalu Lintas"),
        author=AuthorFactory(name="Rina"),
        **fields,
    )


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def box(locator):
    return locator.bounding_box()


def overlap(a, b):
    """Whether two bounding boxes share any area."""
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_editor_publishes_a_draft_with_one_click(live_server, new_page, staff_user, width):
    """The panel (beside the form on a laptop, above it on a phone) says "Draf" and offers
    Terbitkan; one click publishes, with its own message, the "Terbit" badge and "Lihat di
    situs" where "Pratinjau" was. The header's buttons never cover the headline."""
    staff_user("Editor", "editor")
    article = draft()
    page = new_page(width, 900)
    sign_in(page, live_server.url, change_url(article), "editor")
    panel = page.locator(".desk-panel")
    expect(panel.locator(".desk-badge")).to_have_text("Draf")
    expect(panel.get_by_role("button", name="Tarik dari situs")).to_have_count(0)
    expect(page.locator(".object-tools").get_by_role("link", name="Lihat di situs")).to_have_count(
        0
    )
    expect(page.locator(".object-tools").get_by_role("link", name="Pratinjau")).to_be_visible()

    fields = box(page.locator(".desk__fields"))
    if width >= 1024:
        assert box(panel)["x"] >= fields["x"] + fields["width"]  # a right-hand column
    else:
        assert box(panel)["y"] + box(panel)["height"] <= fields["y"]  # stacked above
    headline = box(page.locator("#content h2").first)
    for tool in page.locator(".object-tools li").all():
        assert not overlap(box(tool), headline)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=SCREENSHOTS / f"change-form-after-{width}.png", full_page=True)

    panel.get_by_role("button", name="Terbitkan").click()
    expect(page.locator(".messagelist .success")).to_have_text("Artikel diterbitkan.")
    expect(panel.locator(".desk-badge")).to_contain_text("Terbit: ")
    expect(panel.get_by_role("button", name="Terbitkan")).to_have_count(0)
    expect(panel.get_by_role("button", name="Tarik dari situs")).to_be_visible()
    expect(page.locator(".object-tools").get_by_role("link", name="Lihat di situs")).to_be_visible()
    expect(page.locator(".object-tools").get_by_role("link", name="Pratinjau")).to_have_count(0)
    article.refresh_from_db()
    assert article.is_published


@pytest.mark.parametrize("width", WIDTHS)
def test_editor_schedules_at_a_wib_time(live_server, new_page, staff_user, width):
    """ "Jadwalkan…" opens a time field in WIB; the article then reads "Terjadwal: <time> WIB"
    and stays off the site."""
    staff_user("Editor", "editor")
    article = draft()
    at = (timezone.localtime() + timedelta(days=3)).replace(hour=8, minute=0)
    page = new_page(width, 900)
    sign_in(page, live_server.url, change_url(article), "editor")
    panel = page.locator(".desk-panel")
    panel.get_by_text("Jadwalkan…").click()
    panel.get_by_label("Waktu terbit (WIB)").fill(at.strftime("%Y-%m-%dT%H:%M"))
    panel.get_by_role("button", name="Jadwalkan", exact=True).click()
    shown = f"{at.day} {at.strftime('%b').replace('Dec', 'Des')} 08.00 WIB"
    expect(page.locator(".messagelist .success")).to_contain_text("Artikel dijadwalkan untuk")
    expect(panel.locator(".desk-badge")).to_have_text(f"Terjadwal: {shown}")
    expect(panel.get_by_role("button", name="Tarik dari situs")).to_be_visible()
    article.refresh_from_db()
    assert article.state == Article.State.SCHEDULED
    assert timezone.localtime(article.published_at).replace(second=0) == at.replace(
        second=0, microsecond=0
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_reporter_submits_under_their_own_byline(live_server, new_page, staff_user, width):
    """A reporter's new article carries their byline; the panel offers saving and
    submitting, never publishing or scheduling."""
    reporter = staff_user("Reporter", "wartawan")
    AuthorFactory(name="Budi Wartawan", user=reporter)
    AuthorFactory(name="Penulis Lain")
    CategoryFactory(name="Lalu Lintas")
    page = new_page(width, 900)
    sign_in(page, live_server.url, reverse("admin:news_article_add"), "wartawan")
    expect(page.locator("#id_author option:checked")).to_have_text("Budi Wartawan")
    expect(page.locator("#id_author option", has_text="Penulis Lain")).to_have_count(0)
    panel = page.locator(".desk-panel")
    expect(panel.get_by_role("button")).to_have_text(["Simpan draf", "Kirim untuk ditinjau"])
    expect(panel.get_by_text("Jadwalkan…")).to_have_count(0)
    page.locator("#id_title").fill("Razia Knalpot Brong di Kemayoran")
    page.locator(".prose-editor [contenteditable=true]").click()
    page.keyboard.type("Polisi menindak 40 kendaraan.")
    page.locator("#id_category").select_option(label="Lalu Lintas")
    panel.get_by_role("button", name="Kirim untuk ditinjau").click()
    expect(page.locator(".messagelist .success")).to_have_text("Dikirim untuk ditinjau.")
    expect(page.locator(".desk-badge")).to_have_text("Menunggu tinjauan")
    article = Article.objects.get()
    assert (article.status, article.author.name) == (Article.Status.REVIEW, "Budi Wartawan")


@pytest.mark.parametrize("width", WIDTHS)
def test_title_counter_and_indonesian_editor(live_server, new_page, staff_user, width):
    """The title counts its characters and warns past 60; the editor's menu and figure dialog
    speak Indonesian; the empty tag field is a full-width box."""
    staff_user("Editor", "editor")
    page = new_page(width, 900)
    sign_in(page, live_server.url, reverse("admin:news_article_add"), "editor")
    counter = page.locator("#id_title_counter")
    page.locator("#id_title").fill("Operasi Zebra")
    expect(counter).to_have_text("13 dari 110 karakter")
    page.locator("#id_title").fill(LONG_TITLE)
    expect(counter).to_contain_text(f"{len(LONG_TITLE)} dari 110 karakter — hasil mesin pencari")
    title, row = box(page.locator("#id_title")), box(page.locator(".form-row.field-title"))
    assert title["width"] >= row["width"] * (0.6 if width >= 1024 else 0.85)
    tags = box(page.locator(".form-row.field-tags .select2-selection"))
    assert tags["width"] >= min(row["width"] * 0.5, 300) and tags["height"] >= 30

    menu = page.locator(".prose-menubar")
    expect(menu.locator('[title="tebal"]')).to_have_count(1)
    expect(menu.locator('[title="paragraf"]')).to_have_count(1)
    expect(menu.locator('[title="bold"], [title="paragraph"]')).to_have_count(0)
    expect(menu.get_by_text("Subjudul 2")).to_have_count(1)
    expect(menu.get_by_text("Heading 2")).to_have_count(0)
    page.locator(".prose-editor [contenteditable=true]").click()
    menu.locator('[title="gambar"]').click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text("Sisipkan gambar")
    expect(dialog).to_contain_text("URL gambar")
    expect(dialog).to_contain_text("Teks alternatif")
    expect(dialog).not_to_contain_text("Image URL")
