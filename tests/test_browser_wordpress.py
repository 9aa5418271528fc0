"""After a WordPress import, a reader following an old link lands on the article."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from comments.models import Comment
from news.models import Article

from .wxr import WXR
from .wxr import Comment as C

# serialized_rollback: the groups and permissions made by data migrations survive each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Kapolres Tinjau Pos Pengamanan Mudik"


def test_old_permalink_shows_the_article_with_approved_threads(live_server, new_page, tmp_path):
    """The old address redirects; approved comments are threaded, pending ones hidden."""
    export = WXR()
    export.item(
        7,
        title=TITLE,
        name="kapolres-tinjau-pos",
        link="https://lama.example/2013/01/11/kapolres-tinjau-pos/",
        comments=[
            C(id=1, content="Komentar pertama"),
            C(id=2, content="Balasan untuk yang pertama", parent=1),
            C(id=3, content="Balasan dari balasan", parent=2),
            C(id=4, content="Komentar yang menunggu", approved="0"),
            C(id=5, content="Pingback dari situs lain", type="pingback"),
        ],
    )
    call_command("import_wordpress", str(export.write(tmp_path / "e.xml")), stdout=io.StringIO())
    article = Article.objects.get(wp_id=7)
    first, reply, second_reply = (Comment.objects.get(wp_id=n).pk for n in [1, 2, 3])

    page = new_page()
    page.goto(f"{live_server.url}/2013/01/11/kapolres-tinjau-pos/")

    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    nested = page.locator(f"#komentar-{first} #komentar-{reply} #komentar-{second_reply}")
    expect(nested).to_contain_text("Balasan dari balasan")
    expect(page.locator(f"#komentar-{first} > article")).to_contain_text("Komentar pertama")
    expect(page.get_by_text("Komentar yang menunggu")).to_have_count(0)
    expect(page.get_by_text("Pingback dari situs lain")).to_have_count(0)
