"""The editor's desk in a real browser: the article change list and the dashboard at a laptop's
and a phone's width, with no sideways scrolling and no serious accessibility violation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news import roles
from news.models import Article

from .conftest import SCREENSHOTS
from .factories import ArticleFactory, AuthorFactory, CategoryFactory, CommentFactory
from .test_browser import sign_in
from .test_browser_reader import serious_accessibility_violations

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect

HEADLINES = [
    "Kapolda Metro Jaya Audiensi dengan Kemenko Polkam Bahas Pengamanan Akhir Tahun",
    "Operasi Zebra Jaya 2026 Dimulai, Polisi Imbau Pengendara Lengkapi Surat Kendaraan",
    "Satgas Pangan Polri Pantau Harga Beras di Pasar Induk Cipinang Menjelang Natal",
    "Bhabinkamtibmas Kelurahan Menteng Sosialisasikan Keamanan Lingkungan kepada Warga",
]


@pytest.fixture
def editor(staff_user):
    """An editor signed in nowhere yet."""
    return staff_user(roles.EDITOR, "redaktur", first_name="Rina", last_name="Wulandari")


def newsroom_articles(creator):
    """A change list's worth of long headlines in every state, some with comments."""
    category = CategoryFactory(name="Kamtibmas dan Lalu Lintas")
    author = AuthorFactory(name="Humas Polda Metro Jaya")
    states = [
        {},
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"published_at": timezone.now() + timedelta(days=2)},
    ]
    for number in range(12):
        article = ArticleFactory(
            title=HEADLINES[number % len(HEADLINES)] + f" ({number + 1})",
            category=category,
            author=author,
            created_by=creator,
            **states[number % len(states)],
        )
        CommentFactory.create_batch(number % 3, article=article)
        CommentFactory.create_batch(number % 2, article=article, status="pending")


def table_fit(page):
    """How far the results table sticks out of its box, and the widths of its columns."""
    return page.evaluate(
        """() => {
            const box = document.querySelector('#changelist .results');
            const table = document.querySelector('#result_list');
            const width = (selector) => {
                const cell = table.querySelector(selector);
                return cell ? cell.getBoundingClientRect().width : 0;
            };
            return {
                overflow: table.getBoundingClientRect().width - box.clientWidth,
                page_overflow: document.documentElement.scrollWidth - window.innerWidth,
                title: width('tbody tr:first-child .field-headline'),
            };
        }"""
    )


@pytest.mark.parametrize("width", [1366, 360])
def test_article_change_list_fits_the_screen(live_server, new_page, width, editor):
    """Wide headlines, publication time and comments in view, nothing to scroll sideways."""
    user = editor
    newsroom_articles(user)
    page = new_page(width=width, height=900)
    sign_in(page, live_server.url, reverse("admin:news_article_changelist"), user.username)
    expect(page.locator("#result_list tbody tr")).to_have_count(12)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"change-list-after-{width}.png", full_page=True)

    fit = table_fit(page)
    assert fit["overflow"] <= 0 and fit["page_overflow"] <= 0, fit
    if width == 1366:
        assert fit["title"] >= 300, fit
    first_row = page.locator("#result_list tbody tr").first
    expect(first_row.locator(".article-headline")).to_have_text(HEADLINES[3] + " (12)")
    # In their columns on a laptop, folded under the headline on a phone.
    expect(first_row.locator(".article-time >> visible=true")).to_have_count(1)
    expect(first_row.locator(".article-comments >> visible=true")).to_have_count(1)
    assert serious_accessibility_violations(page) == []


@pytest.mark.parametrize("width", [1366, 360])
def test_dashboards_of_the_review_hand_over(live_server, new_page, width, editor, staff_user):
    """The editor's queue with who and when, the reporter's draft sent back with the note:
    readable at both widths, nothing to scroll sideways, no serious axe violation."""
    rina = editor
    budi = staff_user(roles.REPORTER, "wartawan", first_name="Budi", last_name="Santoso")
    sent_at = timezone.now() - timedelta(hours=2)
    ArticleFactory(
        title=HEADLINES[0],
        status=Article.Status.REVIEW,
        created_by=budi,
        submitted_by=budi,
        submitted_at=sent_at,
    )
    ArticleFactory(
        title=HEADLINES[1],
        status=Article.Status.DRAFT,
        created_by=budi,
        review_note="Tambahkan keterangan dari Dirlantas.",
        sent_back_by=rina,
        sent_back_at=sent_at,
    )
    for user, heading, text in [
        (rina, "Menunggu tinjauan", "dikirim oleh Budi Santoso"),
        (budi, "Dikembalikan kepada Anda", "Dikembalikan oleh Rina Wulandari"),
    ]:
        page = new_page(width=width, height=900)
        sign_in(page, live_server.url, reverse("admin:index"), user.username)
        listed = page.get_by_role("list", name=heading)
        expect(listed.get_by_role("listitem")).to_have_count(1)
        expect(listed).to_contain_text(text)
        page.screenshot(path=SCREENSHOTS / f"dashboard-{user.username}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert serious_accessibility_violations(page) == []
