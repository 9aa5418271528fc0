"""Corrections, a right of reply and a two-writer byline in a real browser, at phone and
desktop widths, with axe-core finding no serious or critical violation."""

import pytest
from django.urls import reverse

from news.models import ArticleNote, ArticleWriter, Author, RightOfReply

from .conftest import SCREENSHOTS
from .test_browser_reader import horizontal_overflow, serious_accessibility_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def corrected(demo):
    """The seed article with a second writer, a high-priority correction and a right of reply."""
    ArticleWriter.objects.create(
        article=demo, author=Author.objects.create(name="Dewi Lestari", slug="dewi-lestari")
    )
    ArticleNote.objects.create(
        article=demo,
        kind=ArticleNote.Kind.CORRECTION,
        priority=ArticleNote.Priority.HIGH,
        text="Artikel ini telah diperbaiki: ejaan nama lembaga disesuaikan.",
    )
    RightOfReply.objects.create(
        article=demo,
        party="Contoh Pihak Terkait",
        text="Contoh teks hak jawab dari pihak yang disebut dalam berita.",
    )
    return demo


@pytest.mark.parametrize("width", [360, 1280])
def test_article_with_correction_reply_and_two_writers(live_server, new_page, corrected, width):
    page = new_page(width=width)
    page.goto(live_server.url + corrected.get_absolute_url())
    byline = page.locator(".byline")
    expect(byline).to_contain_text("Penulis:")
    expect(byline).to_contain_text("Dewi Lestari")
    expect(byline).to_contain_text("Diperbarui")
    expect(page.locator(".article-notes--above")).to_contain_text("Ralat")
    expect(page.get_by_role("heading", name="Hak jawab")).to_be_visible()
    expect(page.get_by_role("region", name="Hak jawab")).to_contain_text("Contoh Pihak Terkait")
    assert horizontal_overflow(page) <= 0
    assert serious_accessibility_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"ralat-article-{width}.png", full_page=True)


def test_corrections_page(live_server, new_page, corrected):
    page = new_page(width=1280)
    page.goto(live_server.url + reverse("news:home"))
    page.get_by_role("link", name="Ralat dan Hak Jawab").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ralat dan Hak Jawab")
    items = page.locator(".correction-list__item")
    expect(items).to_have_count(2)
    items.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(corrected.title)
    page.go_back()
    assert serious_accessibility_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "ralat-page-1280.png", full_page=True)
