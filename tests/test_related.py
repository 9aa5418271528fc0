"""Related posts: automatic, but editors pin articles to the box and exclude others."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article, RelatedPin

from .factories import ArticleFactory, CategoryFactory
from .test_admin import article_form_data

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def site():
    """An article whose automatic ranking is known, and unrelated articles to pin."""
    home, other = CategoryFactory(), CategoryFactory()
    article = ArticleFactory(category=home, tags=["x", "y"], published_at=hours_ago(1))
    return {
        "article": article,
        "auto": [
            ArticleFactory(category=other, tags=["x", "y"], published_at=hours_ago(10)),
            ArticleFactory(category=home, tags=["x"], published_at=hours_ago(11)),
            ArticleFactory(category=other, tags=["y"], published_at=hours_ago(12)),
            ArticleFactory(category=other, tags=["x"], published_at=hours_ago(13)),
        ],
        "old": [ArticleFactory(category=other, published_at=hours_ago(500 + n)) for n in range(3)],
    }


def pin(article, *pinned):
    for position, other in enumerate(pinned):
        RelatedPin.objects.create(article=article, pinned=other, position=position)


def related(article, limit=3):
    return list(Article.objects.related_to(article, limit=limit))


def test_pinned_come_first_in_pinned_order_then_automatic(site):
    """Pins lead in their order (even with no tag in common); the rest is the ranking."""
    old, auto = site["old"], site["auto"]
    pin(site["article"], old[2], old[0])
    assert related(site["article"], limit=4) == [old[2], old[0], auto[0], auto[1]]


def test_position_decides_not_creation_order(site):
    """A pin moved to position 0 comes first, whenever it was pinned."""
    old = site["old"]
    RelatedPin.objects.create(article=site["article"], pinned=old[0], position=5)
    RelatedPin.objects.create(article=site["article"], pinned=old[1], position=1)
    assert related(site["article"], limit=2) == [old[1], old[0]]


def test_unpublished_pins_are_skipped(site):
    """A pinned draft or scheduled article is left out and its place filled automatically."""
    draft = ArticleFactory(status=Article.Status.DRAFT)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    pin(site["article"], draft, scheduled, site["old"][0])
    assert related(site["article"]) == [site["old"][0], *site["auto"][:2]]


def test_excluded_never_appear(site):
    """Excluded articles are out of the box, even when pinned or ranked first."""
    article, auto, old = site["article"], site["auto"], site["old"]
    pin(article, old[0])
    article.related_excluded.add(auto[0], old[0])
    assert related(article, limit=4) == [auto[1], auto[2], auto[3], old[1]]


def test_excluded_newest_do_not_shrink_the_box():
    """Excluding the newest articles still fills every place from older ones."""
    article = ArticleFactory(published_at=hours_ago(1))
    newest = [ArticleFactory(published_at=hours_ago(2 + n)) for n in range(3)]
    older = [ArticleFactory(published_at=hours_ago(10 + n)) for n in range(3)]
    article.related_excluded.add(*newest)
    assert related(article) == older


def test_one_query_with_pins_and_exclusions(site, django_assert_num_queries):
    """Pins, exclusions, ranking and authors still come in a single query."""
    pin(site["article"], *site["old"])
    site["article"].related_excluded.add(site["auto"][0])
    with django_assert_num_queries(1):
        names = [a.author.name for a in Article.objects.related_to(site["article"])]
    assert len(names) == 3


class TestAdmin:
    def post(self, client, article, **overrides):
        data = article_form_data(article.category, article.author, slug=article.slug)
        data.update(title=article.title, tags=["x", "y"], **overrides)
        response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    def test_editor_pins_in_order_and_excludes(self, editor_client, client, site):
        """Pins keep the order typed in the form; exclusions hold; the page shows both."""
        article, auto, old = site["article"], site["auto"], site["old"]
        self.post(
            editor_client,
            article,
            pinned_articles=[old[2].pk, old[0].pk],
            related_excluded=[auto[0].pk],
        )
        assert list(article.related_pins.values_list("pinned", "position")) == [
            (old[2].pk, 0),
            (old[0].pk, 1),
        ]
        response = client.get(article.get_absolute_url())
        assert list(response.context["related_articles"]) == [old[2], old[0], auto[1]]

    def test_change_form_shows_pins_in_order(self, editor_client, site):
        """The pinned box lists the pins in their order, with autocomplete on both fields."""
        article, old = site["article"], site["old"]
        pin(article, old[1], old[0])
        html = editor_client.get(reverse("admin:news_article_change", args=[article.pk])).text
        first, second = (
            html.index(f'value="{old[1].pk}" selected'),
            html.index(f'value="{old[0].pk}" selected'),
        )
        assert first < second
        assert 'data-field-name="related_pinned"' in html
        assert 'data-field-name="related_excluded"' in html

    def test_unpinning_removes_pins(self, editor_client, site):
        """Emptying the pinned box removes every pin."""
        pin(site["article"], *site["old"])
        self.post(editor_client, site["article"])
        assert not RelatedPin.objects.exists()

    def test_autocomplete_finds_articles_to_pin(self, editor_client, site):
        """The pinned box searches articles through the admin's autocomplete view."""
        site["old"][0].title = "Operasi Zebra Jaya"
        site["old"][0].save()
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "news",
                "model_name": "article",
                "field_name": "related_pinned",
                "term": "zebra",
            },
        )
        assert [r["text"] for r in response.json()["results"]] == ["Operasi Zebra Jaya"]
