"""Tags: one tag whatever the capitalisation, hashtag slugs, autocomplete, merging, counts."""

import pytest
from django.urls import reverse

from news.models import Article, Tag, TaggedArticle

from .factories import ArticleFactory, AuthorFactory, CategoryFactory
from .test_admin import article_form_data

pytestmark = pytest.mark.django_db


def add_article(client, tags, slug):
    data = article_form_data(CategoryFactory(), AuthorFactory(), slug=slug, tags=tags)
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(slug=slug)


def test_capitalisation_makes_no_new_tag(editor_client):
    """ "Polri", "polri" and "POLRI" typed in the admin form are one tag."""
    first = add_article(editor_client, ["Polri"], "satu")
    second = add_article(editor_client, ["polri", "POLRI", "Lalu Lintas"], "dua")
    assert list(Tag.objects.values_list("name", flat=True)) == ["Lalu Lintas", "Polri"]
    assert list(first.tags.names()) == ["Polri"]
    assert sorted(second.tags.names()) == ["Lalu Lintas", "Polri"]


def test_same_name_in_another_case_is_refused_in_the_tag_admin(editor_client):
    """Adding "polri" in the tag admin while "Polri" exists shows an error."""
    Tag.objects.create(name="Polri")
    response = editor_client.post(reverse("admin:news_tag_add"), {"name": "polri", "slug": ""})
    assert response.status_code == 200
    assert Tag.objects.count() == 1
    assert "Tag dengan nama ini sudah ada." in response.text


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Polda Metro Jaya", "poldametrojaya"),
        ("kapoldametrojaya", "kapoldametrojaya"),
        ("Sinergi TNI-Polri", "sinergitnipolri"),
        ("Operasi Ketupat_Jaya 2026", "operasiketupatjaya2026"),
        ("Café Résumé", "caferesume"),
        ("!!!", "tag"),
    ],
)
def test_slug_is_a_hashtag(name, slug):
    """Slugs are ASCII letters and digits only, with no hyphens."""
    assert Tag.objects.create(name=name).slug == slug


def test_clashing_slugs_get_a_number():
    """Two names with the same letters get distinct slugs."""
    Tag.objects.create(name="Polda Metro Jaya")
    assert Tag.objects.create(name="Polda-Metro-Jaya!").slug == "poldametrojaya1"


def test_tag_page_by_hashtag_slug(client):
    """/tag/<slug>/ lists the tag's articles and shows the hashtag."""
    article = ArticleFactory(tags=["Polda Metro Jaya"])
    response = client.get(reverse("news:tag", args=["poldametrojaya"]))
    assert list(response.context["article_list"]) == [article]
    assert "#poldametrojaya" in response.text
    page = client.get(article.get_absolute_url()).text
    assert f'<a href="{reverse("news:tag", args=["poldametrojaya"])}">#poldametrojaya</a>' in page


class TestArticleForm:
    def test_autocomplete_suggests_existing_tags(self, editor_client):
        """Typing in the tag box asks the admin's autocomplete view, which finds tags."""
        Tag.objects.create(name="Polri")
        Tag.objects.create(name="Polda Metro Jaya")
        Tag.objects.create(name="Narkoba")
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "news", "model_name": "article", "field_name": "tags", "term": "pol"},
        )
        assert response.status_code == 200
        assert [tag["text"] for tag in response.json()["results"]] == ["Polda Metro Jaya", "Polri"]

    def test_change_form_shows_current_tags_and_local_scripts(self, editor_client):
        """The tag box lists the article's tags and loads Select2 from the admin's static files."""
        article = ArticleFactory(tags=["Polri", "Lalu Lintas"])
        response = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        html = response.text
        assert 'class="tag-autocomplete"' in html
        assert '<option value="Lalu Lintas" selected>Lalu Lintas</option>' in html
        assert '<option value="Polri" selected>Polri</option>' in html
        # Admin pages give their scripts the Content-Security-Policy nonce.
        assert '<script src="/static/admin/js/vendor/select2/select2.full.js" nonce=' in html
        assert '<script src="/static/news/admin/tag-autocomplete.js" nonce=' in html

    def test_removing_a_tag(self, editor_client):
        """Tags left out of the form are removed from the article."""
        article = ArticleFactory(tags=["Polri", "Narkoba"])
        data = article_form_data(article.category, article.author, slug=article.slug)
        data["tags"] = ["Polri"]
        editor_client.post(reverse("admin:news_article_change", args=[article.pk]), data)
        assert list(article.tags.names()) == ["Polri"]


class TestTagAdmin:
    def test_change_list_counts_articles(self, editor_client):
        """Each tag shows how many articles carry it."""
        ArticleFactory.create_batch(2, tags=["Polri"])
        ArticleFactory(tags=["Narkoba", "Polri"])
        response = editor_client.get(reverse("admin:news_tag_changelist"))
        counts = {tag.name: tag.article_total for tag in response.context["cl"].result_list}
        assert counts == {"Narkoba": 1, "Polri": 3}
        assert "column-article_count" in response.text

    @pytest.mark.slow
    @pytest.mark.parametrize("scale", [1, 10])
    def test_change_list_queries_are_fixed(
        self, editor_client, django_assert_max_num_queries, scale
    ):
        """The tag list costs the same number of queries for 3 or 30 tags."""
        for n in range(3 * scale):
            ArticleFactory(tags=[f"tag{n}", "bersama"])
        with django_assert_max_num_queries(8):
            assert editor_client.get(reverse("admin:news_tag_changelist")).status_code == 200

    def test_merge_asks_where_to(self, editor_client):
        """Choosing the merge action shows the selected tags and asks for the target."""
        tags = [Tag.objects.create(name=name) for name in ["Polri", "polri-ri", "Kepolisian"]]
        response = editor_client.post(
            reverse("admin:news_tag_changelist"),
            {"action": "merge_tags", "_selected_action": [tag.pk for tag in tags]},
        )
        assert response.status_code == 200
        assert list(response.context["form"].fields["target"].queryset) == sorted(
            tags, key=lambda tag: tag.name
        )
        assert Tag.objects.count() == 3

    def test_merge_into_one_of_them(self, editor_client):
        """Every article moves to the chosen tag, once; the other tags are deleted."""
        polri, kepolisian, police = (
            Tag.objects.create(name=name) for name in ["Polri", "Kepolisian", "Police"]
        )
        both = ArticleFactory(tags=[polri, kepolisian])
        all_three = ArticleFactory(tags=[polri, kepolisian, police])
        two_sources = ArticleFactory(tags=[kepolisian, police])
        only_source = ArticleFactory(tags=[police])
        untouched = ArticleFactory(tags=["Narkoba"])
        response = editor_client.post(
            reverse("admin:news_tag_changelist"),
            {
                "action": "merge_tags",
                "_selected_action": [polri.pk, kepolisian.pk, police.pk],
                "target": polri.pk,
                "apply": "1",
            },
            follow=True,
        )
        assert "2 tag digabungkan ke “Polri”." in response.text
        assert list(Tag.objects.values_list("name", flat=True)) == ["Narkoba", "Polri"]
        for article in [both, all_three, two_sources, only_source]:
            assert list(article.tags.names()) == ["Polri"]
        assert list(untouched.tags.names()) == ["Narkoba"]
        assert TaggedArticle.objects.filter(tag=polri).count() == 4

    def test_merge_into_a_new_name(self, editor_client):
        """Typing a name merges into that tag, created when missing."""
        a, b = Tag.objects.create(name="lantas"), Tag.objects.create(name="lalin")
        article = ArticleFactory(tags=[a, b])
        editor_client.post(
            reverse("admin:news_tag_changelist"),
            {
                "action": "merge_tags",
                "_selected_action": [a.pk, b.pk],
                "new_name": " Lalu  Lintas ",
                "apply": "1",
            },
        )
        assert list(article.tags.names()) == ["Lalu Lintas"]
        assert Tag.objects.get().slug == "lalulintas"

    def test_merge_needs_a_target(self, editor_client):
        """Without a chosen tag or a name nothing is merged and the form says why."""
        a, b = Tag.objects.create(name="a"), Tag.objects.create(name="b")
        response = editor_client.post(
            reverse("admin:news_tag_changelist"),
            {"action": "merge_tags", "_selected_action": [a.pk, b.pk], "apply": "1"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        assert Tag.objects.count() == 2
