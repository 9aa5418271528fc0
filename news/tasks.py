"""Slow work the task queue runs for the news app once a save has committed."""

from django_tasks import task

from . import images, popularity
from .models import Article


@task()
def make_renditions(article_id):
    """Bring the article's image renditions in line with its image (see news.images)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        images.sync_renditions(article)


@task()
def fold_views():
    """Write the view counters kept in the cache into the database (see news.popularity)."""
    popularity.fold()
