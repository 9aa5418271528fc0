"""The reader's side in a real browser: navigation, language, comment form, accessibility,
and layout at phone, tablet and desktop widths."""

from pathlib import Path

import pytest
from django.urls import reverse

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Skipped without Playwright, so that the other tests run without it (never in CI: conftest).
expect = pytest.importorskip("playwright.sync_api").expect

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [360, 768, 1280]


def serious_accessibility_violations(page):
    """Run axe-core in the page; return the serious and critical violations."""
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    # Evaluated through the browser's debugging protocol: the site's Content-Security-Policy
    # (rightly) refuses an injected inline <script>.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
        f"{', '.join(str(node['target']) for node in violation['nodes'][:3])})"
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_front_page_to_the_seed_article_and_its_related_posts(live_server, new_page, demo):
    """A reader opens the seed article from the front page and follows a related post."""
    page = new_page()
    page.goto(live_server.url)
    page.get_by_role("link", name=demo.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.title)
    expect(page.get_by_text("#kapoldametrojaya")).to_be_visible()
    related = page.locator(".related__item")
    expect(related).to_have_count(3)
    expect(related.first).to_contain_text("Khoirul Amin")
    related.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kapolda Metro Jaya Tinjau Dapur SPPG Cengkareng, 3.800 Anak Dapat Makan Bergizi"
    )


def test_language_switch(live_server, new_page, demo):
    """The footer switch turns the site English and back, staying on the same page."""
    page = new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    expect(page.get_by_role("heading", name="Tinggalkan Komentar")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Leave a Comment")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(demo.get_absolute_url())
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Tinggalkan Komentar")).to_be_visible()


def test_comment_form_errors_keep_the_text(live_server, new_page, demo):
    """Sending without a name and email shows errors by the fields and keeps the comment."""
    page = new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.get_by_role("textbox", name="Komentar").fill("Komentar saya yang panjang.")
    page.get_by_role("button", name="Kirim Komentar").click()
    name = page.get_by_role("textbox", name="Nama")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name_error")).to_be_visible()
    expect(page.get_by_role("textbox", name="Komentar")).to_have_value(
        "Komentar saya yang panjang."
    )
    assert serious_accessibility_violations(page) == []


def test_search_from_the_header(live_server, new_page, demo):
    """The header search finds the seed article and marks the words found."""
    page = new_page()
    page.goto(live_server.url)
    page.get_by_role("searchbox").fill("Kemenko Polkam")
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("link", name=demo.title)).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_search_works_without_javascript(live_server, browser, demo):
    """The search form is a plain GET form."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url)
    page.get_by_role("searchbox").fill("Kemenko Polkam")
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("link", name=demo.title)).to_be_visible()
    context.close()


def test_comment_works_without_javascript(live_server, browser, demo, settings):
    """With JavaScript off, a reader can still post and see the pending notice."""
    settings.COMMENTS_MIN_SECONDS = 0
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.get_by_role("textbox", name="Nama").fill("Tanpa Skrip")
    page.get_by_role("textbox", name="Email").fill("tanpa@example.com")
    page.get_by_role("textbox", name="Komentar").fill("Dikirim tanpa JavaScript.")
    page.get_by_role("button", name="Kirim Komentar").click()
    expect(page.get_by_text("Komentar Anda menunggu moderasi")).to_be_visible()
    expect(page.get_by_text("Dikirim tanpa JavaScript.")).to_be_visible()
    assert context.cookies() == []  # no session, no CSRF cookie
    context.close()


def test_language_switch_works_without_javascript(live_server, browser, demo):
    """The footer switch is a plain GET form: English, then back to Indonesian."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Leave a Comment")).to_be_visible()
    assert page.url.endswith(demo.get_absolute_url())
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Tinggalkan Komentar")).to_be_visible()
    context.close()


def test_remembered_details_fill_the_next_form(live_server, new_page, demo, settings):
    """With consent, the next comment form comes filled in and ticked, on the shared page."""
    settings.COMMENTS_MIN_SECONDS = 0
    page = new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.get_by_role("textbox", name="Nama").fill("Sari Wulandari")
    page.get_by_role("textbox", name="Email").fill("sari@example.com")
    page.get_by_role("textbox", name="Komentar").fill("Ingat saya, ya.")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Kirim Komentar").click()
    expect(page.get_by_text("Komentar Anda menunggu moderasi")).to_be_visible()
    page.goto(live_server.url + demo.get_absolute_url())
    expect(page.get_by_role("textbox", name="Nama")).to_have_value("Sari Wulandari")
    expect(page.get_by_role("textbox", name="Email")).to_have_value("sari@example.com")
    expect(page.get_by_role("checkbox")).to_be_checked()


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_accessible_at_every_width(live_server, new_page, screenshot, demo, width):
    """Front page, article and archives: no sideways scrolling, no serious axe violation."""
    pages = {
        "front": reverse("news:home"),
        "article": demo.get_absolute_url(),
        "category": demo.category.get_absolute_url(),
        "tag": reverse("news:tag", args=["kapoldametrojaya"]),
        "author": demo.author.get_absolute_url(),
        "search": reverse("news:search") + "?q=kamtibmas",
        "search-empty": reverse("news:search") + "?q=%21%21%21",
        "not-found": "/tidak-ada/",
    }
    page = new_page(width=width)
    problems = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        screenshot(page, f"{name}-{width}")
        overflow = horizontal_overflow(page)
        violations = serious_accessibility_violations(page)
        if overflow > 0 or violations:
            problems[name] = {"overflow_px": overflow, "axe": violations}
    assert problems == {}
