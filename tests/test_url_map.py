"""Hostile input answers 4xx, never 500: every address of the URL map, filled with odd values.

The walk reads the URL map itself, so an address added later is probed too.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.regex_helper import normalize

from news.models import Article

from .factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "0",
    "0001",
    "00",
    "13",
    "9999",
    "99999999999999999999999999",
    "-1",
    quote("ünïcødé-ñ"),
    "%00",
    "%FF%FE",
    "..%2F..%2Fsettings.py",
    "a" * 3000,
    "{draft}",
    "{draft_tag}",
    "{draft_category}",
    "{scheduled_author}",
]


def route_regexes(patterns, prefix=""):
    """The full regular expression of every address in the URL map."""
    for pattern in patterns:
        regex = pattern.pattern.regex.pattern.lstrip("^").removesuffix(r"\Z").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from route_regexes(pattern.url_patterns, prefix + regex)
        else:
            yield prefix + regex


ROUTES = sorted(
    {
        (template, tuple(params))
        for regex in route_regexes(get_resolver().url_patterns)
        for template, params in normalize(regex)[:1]
    }
)


@pytest.fixture
def unpublished():
    """Slugs of things readers must not find: a draft, and archives of only unpublished work."""
    draft = ArticleFactory(status=Article.Status.DRAFT, tags=["Rahasia"])
    scheduled = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=1),
        author=AuthorFactory(),
        category=draft.category,
    )
    return {
        "draft": draft.slug,
        "draft_tag": draft.tags.get().slug,
        "draft_category": draft.category.slug,
        "scheduled_author": scheduled.author.slug,
    }


def server_errors(client, route, unpublished):
    template, params = route
    errors = []
    for value in HOSTILE_VALUES:
        value = value.format(**unpublished)
        path = "/" + template % dict.fromkeys(params, value)
        for method in (client.get, client.head, client.post):
            status = method(path).status_code
            if status >= 500:
                errors.append(f"{method.__name__.upper()} {path[:80]} → {status}")
    return errors


@pytest.mark.parametrize("route", ROUTES, ids=[template for template, _params in ROUTES])
def test_no_address_answers_5xx_to_a_reader(route, unpublished):
    """GET, HEAD and POST with hostile values in each part of the address: never a 5xx."""
    client = Client(raise_request_exception=False)
    assert server_errors(client, route, unpublished) == []


@pytest.mark.slow
@pytest.mark.parametrize("route", ROUTES, ids=[template for template, _params in ROUTES])
def test_no_address_answers_5xx_to_an_editor(route, unpublished, staff_user):
    """The same walk signed in as an editor, who reaches the admin's views."""
    client = Client(raise_request_exception=False)
    client.force_login(staff_user("Editor"))
    assert server_errors(client, route, unpublished) == []


@pytest.mark.parametrize("path", ["/0001/", "/0001/01/", "/9999/12/"])
def test_date_archives_outside_the_calendar_are_404(client, path):
    """Year 1 and year 9999 have no neighbouring year; the archive is 404, not 500."""
    ArticleFactory(status=Article.Status.PUBLISHED)
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "no-such-charset"])
@pytest.mark.parametrize("with_csrf", [True, False], ids=["login-form", "comment-form"])
def test_a_form_body_not_in_utf8_is_400(charset, with_csrf):
    """A form posted in another character set is refused with 400: the admin's login form
    (CSRF check on) and the comment form (checked by origin instead)."""
    article = ArticleFactory(status=Article.Status.PUBLISHED)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    url = reverse("admin:login") if with_csrf else article.get_absolute_url()
    token = client.get(url).cookies["csrftoken"].value if with_csrf else ""
    response = client.generic(
        "POST",
        url,
        data=f"name=R%E9ni&csrfmiddlewaretoken={token}".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_a_utf8_form_body_still_posts(client):
    """Declaring charset=utf-8 is still accepted."""
    article = ArticleFactory(status=Article.Status.PUBLISHED)
    response = client.post(
        article.get_absolute_url(),
        data="name=R%C3%A9ni",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 200
    assert "Réni" in response.text


class TestArchivesWithoutPublishedArticles:
    @pytest.mark.parametrize("name", ["news:tag", "news:tag_feed"])
    def test_a_tag_of_a_draft_only_is_404(self, client, name):
        """A tag used only by a draft has no public archive or feed."""
        draft = ArticleFactory(status=Article.Status.DRAFT, tags=["Operasi Senyap"])
        response = client.get(reverse(name, kwargs={"slug": draft.tags.get().slug}))
        assert response.status_code == 404
        assert "Operasi Senyap" not in response.text

    @pytest.mark.parametrize(
        "name", ["news:category", "news:category_feed", "news:author", "news:author_feed"]
    )
    def test_a_category_or_author_of_a_scheduled_article_only_is_404(self, client, name):
        """An archive whose only article is scheduled does not exist yet."""
        scheduled = ArticleFactory(
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + timedelta(hours=1),
            category=CategoryFactory(name="Densus Rahasia"),
            author=AuthorFactory(name="Penulis Baru"),
        )
        slug = (scheduled.category if "category" in name else scheduled.author).slug
        response = client.get(reverse(name, kwargs={"slug": slug}))
        assert response.status_code == 404

    @pytest.mark.parametrize("name", ["news:tag", "news:tag_feed"])
    def test_a_tag_with_a_published_article_is_found(self, client, name):
        """Once one article is published, its tag's archive and feed exist and list it."""
        article = ArticleFactory(status=Article.Status.PUBLISHED, tags=["Lalu Lintas"])
        ArticleFactory(status=Article.Status.DRAFT, tags=["Lalu Lintas"], title="Belum terbit")
        response = client.get(reverse(name, kwargs={"slug": article.tags.get().slug}))
        assert response.status_code == 200
        assert article.title in response.text
        assert "Belum terbit" not in response.text
