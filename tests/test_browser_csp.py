"""The Content-Security-Policy blocks nothing the site itself needs, in a real browser.

Every page below is loaded with the policy on; any violation Chromium reports in the console
fails the test.
"""

import pytest
from django.urls import reverse

from news.demo import draw_image
from news.models import Tag

from .factories import ArticleFactory, CommentFactory, UserFactory

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def watched_page(new_page):
    """A page whose CSP violations (and script errors) are collected in `page.violations`."""
    page = new_page()
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.violations.append(f"{page.url}: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: page.violations.append(f"page error: {error}"))
    return page


@pytest.fixture
def article():
    article = ArticleFactory(title="Operasi Zebra Jaya", image_alt="Petugas di jalan")
    article.featured_image.save("zebra.jpg", draw_image(article.title))
    article.tags.add("Lalu Lintas")
    CommentFactory(article=article, status="approved")
    return article


def test_public_pages_run_under_the_policy(live_server, watched_page, article):
    """Front page, article (with image and comment form), archives, search, feeds and 404."""
    page = watched_page
    response = page.goto(live_server.url + reverse("news:home"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "nonce-" not in response.headers["content-security-policy"]
    urls = [
        article.get_absolute_url(),
        reverse("news:category", args=[article.category.slug]),
        reverse("news:tag", args=[Tag.objects.get().slug]),
        reverse("news:author", args=[article.author.slug]),
        reverse("news:search") + "?q=zebra",
        "/tidak-ada/",
    ]
    for url in urls:
        page.goto(live_server.url + url)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("img").first).to_be_visible()
    page.locator("textarea").first.fill("Semoga lancar.")
    assert page.violations == [], "\n".join(page.violations)


def sign_in(page, base_url, next_url):
    page.goto(base_url + next_url)
    page.locator("#id_username").fill("editor")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()


def test_article_form_with_editor_and_autocomplete_runs_under_the_policy(
    live_server, watched_page, article
):
    """The rich-text editor, its toolbar and the tag autocomplete work with the policy on."""
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    page = watched_page
    sign_in(page, live_server.url, reverse("admin:news_article_change", args=[article.pk]))
    body = page.locator(".prose-editor [contenteditable=true]")
    expect(body).to_be_visible()
    body.click()
    page.keyboard.type(" Tambahan.")
    tags = page.locator("#id_tags + .select2 .select2-search__field")
    tags.fill("lal")
    expect(page.locator(".select2-results__option", has_text="Lalu Lintas")).to_be_visible()
    page.keyboard.press("Escape")
    for url in [
        reverse("admin:index"),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_add"),
        reverse("admin:comments_comment_changelist"),
        reverse("image_picker"),
        reverse("two_factor"),
    ]:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
    expect(page.locator('img[src^="data:image/svg+xml"]')).to_be_visible()
    assert page.violations == [], "\n".join(page.violations)
