import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.test import override_settings

from comments.models import Comment
from news.demo import FIXTURE
from news.images import rendition_name
from news.models import Article, Author, Category, Tag

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEED_TITLE = (
    "Kapolda Metro Jaya Audiensi dengan Kemenko Polkam, "
    "Perkuat Sinergi Jaga Stabilitas Kamtibmas Jakarta"
)
SEED_RELATED = [
    "Kapolda Metro Jaya Tinjau Dapur SPPG Cengkareng, 3.800 Anak Dapat Makan Bergizi",
    "Survei Sebut Mayoritas Masyarakat Percaya kepada Polisi Usai Demo Ricuh Agustus",
    "Pimpin Wisuda Prajurit Taruna, Kapolri Tekankan Sinergitas TNI-Polri "
    "untuk Wujudkan Indonesia Emas 2045",
]
CLIENT_PAGE = Path(settings.BASE_DIR).parent / "shared" / "demo" / "seed-article.txt"


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts():
    models = [Article, Author, Category, Comment, Tag, get_user_model()]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module (drawing images and renditions takes seconds).

    Loaded with DEBUG off, so without staff accounts; each test's changes are rolled back.
    """
    with django_db_blocker.unblock():
        output = load_demo()
        yield output
        for model in [Comment, Article, Author, Category, Tag]:
            model.objects.all().delete()


def test_seed_article_as_the_client_shows_it(demo, client):
    """The client's article: title, category, tag and exactly its three related posts."""
    article = Article.objects.get(title=SEED_TITLE)
    assert article.category.name == "Berita Polisi"
    assert list(article.tags.names()) == ["kapoldametrojaya"]
    response = client.get(article.get_absolute_url())
    related = response.context["related_articles"]
    assert [(r.title, r.author.name) for r in related] == [
        (title, "Khoirul Amin") for title in SEED_RELATED
    ]
    assert "#kapoldametrojaya" in response.text
    assert "Kemenko Polkam menyampaikan dukungan penuh" in response.text


@pytest.mark.skipif(not CLIENT_PAGE.exists(), reason="the client's page is not beside the clone")
def test_seed_paragraphs_match_the_clients_page():
    """The fixture carries every paragraph of the client's page, word for word."""
    seed = json.loads(FIXTURE.read_text(encoding="utf-8"))["articles"][0]
    page = CLIENT_PAGE.read_text(encoding="utf-8")
    assert seed["title"] == SEED_TITLE
    for paragraph in seed["paragraphs"]:
        assert paragraph in page


def test_enough_content_for_pagination_and_archives(demo):
    """At least 30 more articles besides the seed and its related posts, spread out."""
    assert Article.objects.published().count() >= 34
    assert Category.objects.count() >= 4
    assert Author.objects.count() >= 3
    assert Tag.objects.count() >= 10
    assert Comment.objects.approved().exists()


def test_images_are_drawn_locally(demo):
    """Demo images exist in media storage, drawn at load time, each with its renditions."""
    with_images = Article.objects.exclude(featured_image="")
    assert with_images.count() >= 10
    for article in with_images:
        storage = article.featured_image.storage
        assert storage.exists(article.featured_image.name)
        assert article.featured_image_width == 1200 and article.image_alt
        assert set(article.image_renditions["sizes"]) == {"thumb", "medium", "large", "social"}
        social = rendition_name(article.featured_image.name, "social", "jpg")
        assert storage.exists(social) and article.social_image_url == storage.url(social)


def test_second_run_duplicates_nothing(demo):
    """Loading again leaves the same rows, image files and renditions."""
    images = Article.objects.values_list("featured_image", "image_renditions")
    with override_settings(DEBUG=True):
        load_demo()
        before, images_before = row_counts(), sorted(images)
        load_demo()
    assert row_counts() == before
    assert sorted(images) == images_before


def test_demo_staff_accounts_in_development(demo, client):
    """Development gets an editor and a moderator account, printed with their passwords."""
    with override_settings(DEBUG=True):
        demo = load_demo()
    users = get_user_model().objects
    assert list(users.get(username="editor").groups.values_list("name", flat=True)) == ["Editor"]
    assert list(users.get(username="moderator").groups.values_list("name", flat=True)) == [
        "Moderator"
    ]
    assert "editor-demo-2026" in demo and "moderator-demo-2026" in demo
    # The login lockout needs the request a real login comes with.
    assert client.login(request=HttpRequest(), username="editor", password="editor-demo-2026")


def test_no_demo_accounts_when_debug_is_off(demo):
    """Outside development the command loads content but creates no known-password account."""
    assert Article.objects.exists()
    assert not get_user_model().objects.exists()
    assert "Demo content loaded" in demo
    assert "password" not in demo
