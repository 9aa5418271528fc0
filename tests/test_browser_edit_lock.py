"""The edit lock and the autosave in a real browser, under the Content-Security-Policy."""

import pytest
from django.urls import reverse

from news import roles
from news.models import ArticleAutosave

from .factories import ArticleFactory

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect


def editor_page(new_page, staff_user, base_url, username, next_url):
    """A browser of its own, signed in as an editor, on `next_url`; its clock is faked."""
    staff_user(roles.EDITOR, username, first_name=username.title())
    page = new_page()
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.violations.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: page.violations.append(f"page error: {error}"))
    page.clock.install()
    page.goto(base_url + next_url)
    page.locator("#id_username").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    return page


def test_a_second_editor_sees_the_first_and_takes_over(live_server, new_page, staff_user):
    article = ArticleFactory(title="Operasi Zebra Jaya")
    change_url = reverse("admin:news_article_change", args=[article.pk])
    first = editor_page(new_page, staff_user, live_server.url, "rina", change_url)
    expect(first.locator("#id_title")).to_have_value("Operasi Zebra Jaya")
    expect(first.locator(".edit-lock-notice")).to_have_count(0)

    second = editor_page(new_page, staff_user, live_server.url, "budi", change_url)
    notice = second.locator(".edit-lock-notice")
    expect(notice).to_contain_text("Rina sedang menyunting artikel ini")
    notice.get_by_role("button", name="Ambil alih").click()
    expect(second.locator(".edit-lock-notice")).to_have_count(0)

    # The first editor types; their next heartbeat learns the lock was taken, and the
    # typed title and body are autosaved.
    first.locator("#id_title").fill("Operasi Zebra Jaya berlanjut")
    first.locator(".prose-editor [contenteditable=true]").click()
    first.keyboard.type(" Tambahan.")
    with first.expect_response(lambda response: response.url.endswith("/autosave/")):
        first.clock.run_for(31_000)
    expect(first.locator("#edit-lock-status")).to_contain_text("Budi mengambil alih")
    autosave = ArticleAutosave.objects.get(article=article, user__username="rina")
    assert autosave.data["title"] == "Operasi Zebra Jaya berlanjut"
    assert "Tambahan." in autosave.data["body"]
    assert first.violations == [] and second.violations == [], first.violations + second.violations
