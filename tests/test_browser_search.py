"""The search page in a real browser, on a phone and a laptop: results with the section link
and the sort links, and the no-results page, each fitting the screen with no serious axe
violation."""

import pytest
from django.urls import reverse

from .test_browser_reader import horizontal_overflow, serious_accessibility_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.mark.parametrize("width", [360, 1366])
def test_search_results_with_section_link_and_sort(live_server, new_page, screenshot, demo, width):
    """ "kamtibmas" links to the Kamtibmas section, finds Bhabinkamtibmas, and sorts newest
    first through a plain link that stays marked."""
    page = new_page(width=width)
    page.goto(live_server.url + reverse("news:search") + "?q=kamtibmas")
    section_link = page.locator(".search-sections").get_by_role("link", name="Kamtibmas")
    expect(section_link).to_be_visible()
    expect(page.locator("mark", has_text="Bhabinkamtibmas").first).to_be_attached()
    expect(page.get_by_role("link", name="Paling cocok")).to_have_attribute("aria-current", "true")
    screenshot(page, f"search-results-{width}")
    assert horizontal_overflow(page) <= 0
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Terbaru", exact=True).click()
    expect(page.get_by_role("link", name="Terbaru", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    assert "urut=terbaru" in page.url
    section_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kamtibmas")


@pytest.mark.parametrize("width", [360, 1366])
def test_no_results_page_offers_sections_and_news(live_server, new_page, screenshot, demo, width):
    """Nothing found: the message, the tips, the sections and the newest articles."""
    page = new_page(width=width)
    page.goto(live_server.url + reverse("news:search") + "?q=xylofon")
    expect(page.get_by_role("heading", name="Tidak ada hasil untuk “xylofon”.")).to_be_visible()
    expect(page.get_by_text("Periksa ejaan setiap kata.")).to_be_visible()
    expect(page.locator(".no-results__sections").get_by_role("link")).to_have_count(6)
    expect(page.get_by_role("heading", name="Berita terbaru")).to_be_visible()
    expect(page.locator(".card")).to_have_count(5)
    screenshot(page, f"search-no-results-{width}")
    assert horizontal_overflow(page) <= 0
    assert serious_accessibility_violations(page) == []
