"""Live coverage, the breaking-news bar and the most-read lists in a real browser, at phone and
desktop widths, with no serious accessibility violation; screenshots in
test-artifacts/screenshots/."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from news import popularity
from news.models import BreakingNews, HourlyViews, LiveEntry

from .conftest import SCREENSHOTS
from .factories import ArticleFactory
from .test_browser_reader import horizontal_overflow, serious_accessibility_violations

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
expect = pytest.importorskip("playwright.sync_api").expect

# Headless Chromium names itself "HeadlessChrome", which the beacon ignores as a bot.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def open_page(browser):
    """A fresh reader's browser at `width`, with a browser's usual User-Agent."""
    contexts = []

    def open_at(width):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, user_agent=READER_AGENT
        )
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


def save(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@pytest.fixture
def live_article():
    article = ArticleFactory(
        title="Operasi Ketupat 2026: Pantauan Arus Mudik di Tol Cikampek",
        excerpt="Laporan langsung dari posko terpadu.",
        body="<p>Polda Jawa Barat memantau arus mudik sejak pagi.</p>",
        live_status="live",
    )
    now = timezone.now()
    for minutes, text, pinned in [
        (120, "Posko terpadu Cikampek dibuka 24 jam. Hubungi 110 untuk bantuan.", True),
        (60, "Arus kendaraan di KM 47 mulai padat, kecepatan rata-rata 30 km/jam.", False),
        (10, "Petugas memberlakukan contraflow dari KM 47 hingga KM 70.", False),
    ]:
        LiveEntry.objects.create(
            article=article, text=text, pinned=pinned, created_at=now - timedelta(minutes=minutes)
        )
    return article


@pytest.mark.parametrize("width", [360, 1280])
def test_live_article_polls_new_entries(live_server, open_page, live_article, width):
    """Pinned first, newest next; an entry added while the page is open appears after the
    next poll (the page's clock is moved on 30 seconds) and is announced politely."""
    page = open_page(width)
    page.clock.install()
    page.goto(live_server.url + live_article.get_absolute_url())
    entries = page.locator(".live-entry")
    expect(page.locator(".live__label")).to_have_text("Laporan langsung")
    expect(entries).to_have_count(3)
    expect(entries.first).to_contain_text("Posko terpadu")
    expect(entries.first).to_contain_text("Disematkan")
    expect(entries.nth(1)).to_contain_text("contraflow")
    page.wait_for_load_state("networkidle")  # see test_ended_coverage_stops_polling
    LiveEntry.objects.create(article=live_article, text="Kapolri meninjau posko KM 57.")
    page.clock.run_for(31_000)
    expect(entries).to_have_count(4)
    expect(entries.nth(1)).to_contain_text("Kapolri meninjau posko KM 57.")
    expect(page.locator(".live__status")).to_have_text("Entri laporan langsung baru: 1")
    assert horizontal_overflow(page) <= 0
    assert serious_accessibility_violations(page) == []
    save(page, f"live-article-{width}")


def test_ended_coverage_stops_polling(live_server, open_page, live_article):
    """When the fragment says the coverage ended, the page stops and says so."""
    page = open_page(1280)
    page.clock.install()
    page.goto(live_server.url + live_article.get_absolute_url())
    # The page's own requests (the most-read beacon among them) done first: on SQLite the
    # server thread shares the test's in-memory database, whose tables lock, not wait.
    page.wait_for_load_state("networkidle")
    live_article.live_status = "ended"
    live_article.save()
    page.clock.run_for(31_000)
    expect(page.locator(".live__label")).to_have_text("Laporan langsung berakhir")


@pytest.mark.parametrize("width", [360, 1280])
def test_breaking_bar(live_server, open_page, width):
    article = ArticleFactory(title="Gempa M6,1 Guncang Garut, Polisi Buka Posko Pengungsian")
    BreakingNews.objects.create(
        text="Gempa M6,1 guncang Garut: polisi buka posko pengungsian di alun-alun",
        url=article.get_absolute_url(),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    page = open_page(width)
    page.goto(live_server.url)
    bar = page.get_by_role("region", name="Berita terkini")
    expect(bar).to_be_visible()
    bar.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.get_by_role("region", name="Berita terkini")).to_be_visible()
    page.goto(live_server.url)
    assert horizontal_overflow(page) <= 0
    assert serious_accessibility_violations(page) == []
    if width == 360:
        save(page, "breaking-bar-360")


@pytest.mark.parametrize("width", [360, 1280])
def test_most_read_lists_and_the_beacon(live_server, open_page, width):
    """The lists on the front page; opening an article counts one view through the beacon."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    titles = [
        "Polisi Tangkap Pelaku Curanmor di Bekasi",
        "Kapolda Metro Jaya Resmikan Posko Mudik",
        "Satlantas Uji Coba Tilang Elektronik Baru",
        "Polres Bogor Amankan Ribuan Botol Miras",
        "Tim SAR Temukan Pendaki yang Hilang",
    ]
    articles = [ArticleFactory(title=title) for title in titles]
    for rank, article in enumerate(articles):
        HourlyViews.objects.create(article=article, hour=hour, count=100 - rank * 10)
        HourlyViews.objects.create(article=article, hour=hour - timedelta(days=3), count=rank * 40)
    page = open_page(width)
    page.goto(live_server.url)
    section = page.get_by_role("region", name="Terpopuler")
    expect(section).to_be_visible()
    expect(section.get_by_role("list").first.get_by_role("listitem").first).to_have_text(titles[0])
    expect(section.get_by_role("list").nth(1).get_by_role("listitem").first).to_have_text(titles[4])
    assert horizontal_overflow(page) <= 0
    assert serious_accessibility_violations(page) == []
    if width == 1280:
        save(page, "most-read-1280")
    cache.add(popularity.FOLD_LOCK_KEY, 1, timeout=popularity.FOLD_SECONDS)  # count only
    with page.expect_request(lambda request: request.url.endswith("/dibaca/")) as sent:
        section.get_by_role("link", name=titles[1]).first.click()
    assert sent.value.response().status == 204
    counted = popularity.counted(popularity.hour_of(timezone.now()))
    assert counted == {articles[1].pk: 1}
