"""The reader's compact header, refused comment, lead image, related posts and copy button in
a real browser, on a phone (360 px) and a laptop (1280/1366 px)."""

from pathlib import Path

import pytest
from django.urls import reverse

from .test_browser_reader import demo, serious_accessibility_violations  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"width": 360, "height": 780}
LAPTOP = {"width": 1366, "height": 768}
MAX_HEADER_HEIGHT = 100


def header_height(page):
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


@pytest.fixture
def context_for(browser):
    """Open browser contexts with options (no JavaScript, permissions); closed afterwards."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360", "1366"])
def test_the_header_is_compact(live_server, new_page, demo, viewport):  # noqa: F811
    """At most 100 px tall on the front page and an article; screenshots of both."""
    width = viewport["width"]
    page = new_page(**viewport)
    for name, path in [("", reverse("news:home")), ("-article", demo.get_absolute_url())]:
        page.goto(live_server.url + path)
        page.screenshot(path=ARTIFACTS / f"header{name}-after-{width}.png")
        assert header_height(page) <= MAX_HEADER_HEIGHT


def test_phone_menu_opens_without_javascript_and_marks_the_section(
    live_server,
    context_for,
    demo,  # noqa: F811
):
    """On a phone without JavaScript, "Menu" opens the sections (this one marked) and the
    search box, which searches."""
    page = context_for(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(live_server.url + demo.category.get_absolute_url())
    assert header_height(page) <= MAX_HEADER_HEIGHT
    navigation = page.get_by_role("navigation", name="Kategori")
    section = navigation.get_by_role("link", name=demo.category.name)
    expect(section).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(section).to_be_visible()
    expect(section).to_have_attribute("aria-current", "page")
    other = navigation.get_by_role("link").filter(has_not_text=demo.category.name).first
    style = "(link) => getComputedStyle(link).borderBottomColor"
    assert section.evaluate(style) != other.evaluate(style)  # the mark shows, not only to AT
    expect(navigation.locator("[aria-current]")).to_have_count(1)
    assert serious_accessibility_violations(page) == []
    page.get_by_role("searchbox").fill("Kemenko Polkam")
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("link", name=demo.title)).to_be_visible()


def test_laptop_header_shows_the_sections_in_the_bar(live_server, new_page, demo):  # noqa: F811
    """At 1366 px the sections and the search box are in the bar, no menu button; an
    article marks its section."""
    page = new_page(**LAPTOP)
    page.goto(live_server.url + demo.get_absolute_url())
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    navigation = page.get_by_role("navigation", name="Kategori")
    links = navigation.get_by_role("link")
    for index in range(links.count()):
        expect(links.nth(index)).to_be_visible()
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    assert len(tops) == 1  # one row
    expect(navigation.get_by_role("link", name=demo.category.name)).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("searchbox")).to_be_visible()
    assert header_height(page) <= MAX_HEADER_HEIGHT


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_refused_comment_opens_on_its_error_summary(
    live_server,
    context_for,
    demo,  # noqa: F811
    javascript,
):
    """On a phone, a bad email re-renders the article scrolled to the form, the error summary
    in view and focused, the title saying so; its link leads to the field."""
    page = context_for(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.get_by_role("textbox", name="Nama").fill("Budi")
    page.get_by_role("textbox", name="Email").fill("budi-di-rumah")
    page.get_by_role("textbox", name="Komentar").fill("Semoga aman.")
    page.get_by_role("button", name="Kirim Komentar").click()
    summary = page.get_by_role("alert").filter(has_text="Komentar Anda belum terkirim")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    assert page.title().startswith("Kesalahan: ")
    assert page.url.endswith("#tinggalkan-komentar")
    expect(page.get_by_role("textbox", name="Komentar")).to_have_value("Semoga aman.")
    summary.get_by_role("link", name="Email").click()
    expect(page.get_by_role("textbox", name="Email")).to_be_focused()
    assert serious_accessibility_violations(page) == []


def test_the_lead_image_is_sharp_and_first(live_server, new_page, demo):  # noqa: F811
    """At 1280 px the lead image's chosen source is at least as wide as it is shown, and it is
    the only image fetched with high priority."""
    page = new_page(width=1280, height=900)
    page.goto(live_server.url)
    lead = page.locator(".card__image img").first
    expect(lead).to_have_attribute("fetchpriority", "high")
    lead.evaluate("(img) => img.decode()")
    shown, natural, source = lead.evaluate(
        "(img) => [img.getBoundingClientRect().width, img.naturalWidth, img.currentSrc]"
    )
    assert shown > 600 and natural >= shown, source
    assert page.locator("img[fetchpriority=high]").count() == 1
    assert page.locator("img[loading=lazy]").count() == page.locator("img").count() - 1


def test_related_posts_have_a_picture_and_a_date(live_server, new_page, demo):  # noqa: F811
    """On a phone, each related post shows its thumbnail beside the title, author and date."""
    page = new_page(**PHONE)
    page.goto(live_server.url + demo.get_absolute_url())
    related = page.locator(".related__item")
    expect(related).to_have_count(3)
    for index in range(3):
        item = related.nth(index)
        item.scroll_into_view_if_needed()
        expect(item.locator("img")).to_be_visible()
        expect(item.locator("time")).to_be_visible()
    expect(related.first).to_contain_text("Khoirul Amin")


def test_copy_link_button_copies_and_says_so(live_server, context_for, demo):  # noqa: F811
    """With JavaScript, "Salin" copies the article's address and announces it; without, the
    read-only box is all there is."""
    url = live_server.url + demo.get_absolute_url()
    context = context_for(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    share = page.get_by_role("region", name="Bagikan artikel ini")
    share.get_by_role("button", name="Salin").click()
    expect(share.get_by_role("status")).to_have_text("Tautan disalin")
    address = share.get_by_role("textbox", name="Salin tautan").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert address.endswith(demo.get_absolute_url())
    plain = context_for(viewport=PHONE, java_script_enabled=False).new_page()
    plain.goto(url)
    expect(plain.get_by_role("button", name="Salin")).to_have_count(0)
    expect(plain.get_by_role("textbox", name="Salin tautan")).to_be_visible()


def test_a_comment_count_stays_on_one_line(live_server, new_page, demo):  # noqa: F811
    """On a phone, "4 komentar" in a card's meta line never breaks in two."""
    page = new_page(**PHONE)
    page.goto(live_server.url)
    counts = page.locator(".meta__comments")
    assert counts.count() > 0
    for index in range(counts.count()):
        assert counts.nth(index).evaluate("(span) => span.getClientRects().length") == 1


@pytest.mark.parametrize("width", [360, 1280])
def test_reader_pages_have_no_serious_accessibility_violation(
    live_server,
    new_page,
    demo,  # noqa: F811
    width,
):
    """Front page, article and category archive (phone menu open too): axe finds nothing
    serious or critical."""
    page = new_page(width=width)
    problems = {}
    for path in [reverse("news:home"), demo.get_absolute_url(), demo.category.get_absolute_url()]:
        page.goto(live_server.url + path)
        if width < 1024:
            page.get_by_text("Menu", exact=True).click()
        if violations := serious_accessibility_violations(page):
            problems[path] = violations
    assert problems == {}
