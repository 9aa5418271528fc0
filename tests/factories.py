import time
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from comments.forms import make_form_token
from comments.models import Comment
from news.models import Article, Author, Category


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("secret-password")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Penulis {n}")
    slug = factory.Sequence(lambda n: f"penulis-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, one hour older than the one made before it."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Berita nomor {n}")
    slug = factory.Sequence(lambda n: f"berita-nomor-{n}")
    excerpt = "Ringkasan berita."
    body = "<p>Isi berita.</p>"
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(AuthorFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=1 + n))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Pembaca {n}")
    email = factory.Sequence(lambda n: f"pembaca{n}@example.com")
    body = "Terima kasih atas informasinya."
    status = Comment.Status.APPROVED


def comment_form_data(article, seconds_ago=60, **overrides):
    """What a reader's browser sends from the Leave a Comment form, shown `seconds_ago`."""
    return {
        "name": "Budi Santoso",
        "email": "budi@example.com",
        "website": "",
        "body": "Semoga Jakarta tetap aman.",
        "homepage": "",
        "token": make_form_token(article, issued_at=time.time() - seconds_ago),
        "parent": "",
        **overrides,
    }


# The management forms of the article form's inlines (co-writers, notes, rights of reply), as
# a browser sends them when the editor adds no row.
ARTICLE_INLINES = {
    f"{prefix}-{name}": "0"
    for prefix in ("writer_links", "notes", "replies_given")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")
}


def admin_form_data(article, **overrides):
    """What the admin's article change form sends back for `article`, with `overrides`."""
    local = timezone.localtime(article.published_at)
    return {
        "title": article.title,
        "slug": article.slug,
        "excerpt": article.excerpt,
        "body": article.body,
        "image_alt": article.image_alt,
        "image_caption": article.image_caption,
        "category": article.category_id,
        "author": article.author_id,
        "tags": ", ".join(sorted(article.tags.names())) if article.pk else "",
        "status": article.status,
        "published_at_0": local.date().isoformat(),
        "published_at_1": local.strftime("%H:%M:%S"),
        # As a browser does: the time shown, so the form knows whether the editor changed it.
        "initial-published_at_0": local.date().isoformat(),
        "initial-published_at_1": local.strftime("%H:%M:%S"),
        "comments_open": "on" if article.comments_open else "",
        "review_note": article.review_note,
        "live_status": article.live_status,
        **ARTICLE_INLINES,
        **overrides,
    }
