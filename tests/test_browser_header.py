"""The reader's compact header, refused comment, lead image, related posts and copy button in
a real browser, on a phone (360 px) and a laptop (1280/1366 px)."""

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS
from .test_browser_reader import serious_accessibility_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect

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


def screenshot_headers(page, live_server, demo, width):  # noqa: F811
    """Screenshots of the front page's and an article's header; both at most 100 px tall."""
    for name, path in [("", reverse("news:home")), ("-article", demo.get_absolute_url())]:
        page.goto(live_server.url + path)
        page.screenshot(path=SCREENSHOTS / f"header{name}-after-{width}.png")
        assert header_height(page) <= MAX_HEADER_HEIGHT


def test_phone_header_is_compact_and_its_menu_works_without_javascript(
    live_server,
    context_for,
    demo,  # noqa: F811
):
    """On a 360 px phone without JavaScript the header is at most 100 px tall; "Menu" opens
    the sections (the current one marked, visibly) and the search box, which searches."""
    page = context_for(viewport=PHONE, java_script_enabled=False).new_page()
    screenshot_headers(page, live_server, demo, PHONE["width"])
    page.goto(live_server.url + demo.category.get_absolute_url())
    navigation = page.get_by_role("navigation", name="Kategori")
    section = navigation.get_by_role("link", name=demo.category.name, exact=True)
    expect(section).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(section).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "header-menu-after-360.png")
    expect(section).to_have_attribute("aria-current", "page")
    expect(navigation.locator("[aria-current]")).to_have_count(1)
    other = navigation.locator("a:not([aria-current])").first
    style = "(link) => getComputedStyle(link).borderBottomColor"
    assert section.evaluate(style) != other.evaluate(style)  # the mark shows, not only to AT
    page.get_by_role("searchbox").fill("Kemenko Polkam")
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("link", name=demo.title)).to_be_visible()


def test_laptop_header_shows_the_sections_in_the_bar(live_server, new_page, demo):  # noqa: F811
    """At 1366 px the sections and the search box sit in one bar, no menu button; an
    article marks its section. Front page, article and archive pass axe at 1280 and 360 px
    (with the phone's menu open)."""
    page = new_page(**LAPTOP)
    screenshot_headers(page, live_server, demo, LAPTOP["width"])
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    navigation = page.get_by_role("navigation", name="Kategori")
    links = navigation.get_by_role("link")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert links.count() >= 6 and len(tops) == 1  # all shown, on one row
    section = navigation.get_by_role("link", name=demo.category.name, exact=True)
    expect(section).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("searchbox")).to_be_visible()
    problems = {}
    for width in [1280, 360]:
        page.set_viewport_size({"width": width, "height": 780})
        for path in [
            reverse("news:home"),
            demo.get_absolute_url(),
            demo.category.get_absolute_url(),
        ]:
            page.goto(live_server.url + path)
            if width < 1024:
                page.get_by_text("Menu", exact=True).click()
            if violations := serious_accessibility_violations(page):
                problems[f"{path} at {width}"] = violations
    assert problems == {}


def test_a_refused_comment_opens_on_its_error_summary(
    live_server,
    context_for,
    demo,  # noqa: F811
):
    """On a phone, with and without JavaScript, a bad email re-renders the article scrolled
    to the form, the error summary in view and focused, the title saying so; its link leads
    to the field."""
    for javascript in [True, False]:
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
        if javascript:  # axe runs in the page: only where scripts do
            assert serious_accessibility_violations(page) == []
        summary.get_by_role("link", name="Email").click()
        expect(page.get_by_role("textbox", name="Email")).to_be_focused()


def test_lead_image_related_posts_copy_button_and_counts(
    live_server,
    context_for,
    demo,  # noqa: F811
):
    """At 1280 px the lead image's chosen source is at least as wide as it is shown, and the
    only one fetched first. On a phone: "4 komentar" stays on one line, related posts show
    a thumbnail and a date, and "Salin" copies the address and says so (without JavaScript
    there is only the read-only box)."""
    context = context_for(
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
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

    page.set_viewport_size(PHONE)
    counts = page.locator(".meta__comments")
    assert counts.count() > 0
    for index in range(counts.count()):
        assert counts.nth(index).evaluate("(span) => span.getClientRects().length") == 1

    url = live_server.url + demo.get_absolute_url()
    page.goto(url)
    related = page.locator(".related__item")
    expect(related).to_have_count(3)
    for index in range(3):
        related.nth(index).scroll_into_view_if_needed()
        expect(related.nth(index).locator("time")).to_be_visible()
    pictures = related.locator("img")  # the demo's related posts: not all have an image
    assert pictures.count() >= 1
    for index in range(pictures.count()):
        expect(pictures.nth(index)).to_be_visible()
    expect(related.first).to_contain_text("Khoirul Amin")

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
