"""Every change a reader could see invalidates the page cache: the receivers, in one place.

Connected in `NewsConfig.ready()`. Each receiver calls `news.cache.content_changed()` with the
Cache-Tag names of the pages to purge from a CDN (the app's own cache drops every page rendered
before the change). A new model whose rows appear on public pages gets a line here.

- An article saved or deleted (published, edited, unpublished, scheduled), its tags, pins and
  exclusions, a tag merge (it moves tags), a category, a page or an old-address redirect:
  `site`. Lists, archives, feeds,
  sitemaps, every article's related posts and the navigation may change.
- A tag or an author saved or deleted: `tag-N`, `author-N`, the pages that show it.
- A live entry added, edited or removed: `article-N` (its page and its entries fragment).
- A breaking-news bar saved or deleted: `site` (every page shows it); its end time is noted
  beside the schedule, so pages drop it when it comes (news.cache).
- The most-read lists: `most-read`, bumped by news.popularity when a fold changed them.
- A comment approved on arrival, edited, approved or removed (also in bulk): `article-N` and
  `feeds`. A new comment awaiting moderation is on no shared page.
- A co-writer added, moved or removed: `site` (author archives and feeds list the article).
- A correction, clarification, update or right of reply saved or deleted: its `article-N`
  (and the reply article's), `corrections` (the /ralat/ page) and `feeds` (the entry's
  update time).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from comments.models import Comment
from comments.signals import comments_moderated

from .cache import FEEDS, WHOLE_SITE, content_changed, tags_of
from .models import (
    Article,
    ArticleNote,
    ArticleWriter,
    Author,
    BreakingNews,
    Category,
    LiveEntry,
    Page,
    Redirect,
    RelatedPin,
    RightOfReply,
    Tag,
    TaggedArticle,
)

# Pages are linked from every page's footer; a redirect turns an old address's 404 around.
SHOWN_ON_EVERY_LIST = (Article, Category, TaggedArticle, RelatedPin, Page, Redirect, ArticleWriter)
SHOWN_WHERE_NAMED = (Tag, Author, LiveEntry)
SHOWN_WITH_ARTICLE_AND_FEEDS = (ArticleNote, RightOfReply)


def names_of(instance):
    """The Cache-Tag names of the pages showing `instance`."""
    if isinstance(instance, TaggedArticle):
        return {f"article-{instance.content_object_id}", f"tag-{instance.tag_id}"}
    if isinstance(instance, RelatedPin | LiveEntry):
        return {f"article-{instance.article_id}"}
    if isinstance(instance, ArticleWriter):
        return {f"article-{instance.article_id}", f"author-{instance.author_id}"}
    return tags_of(instance)


def list_changed(sender, instance, **kwargs):
    content_changed(WHOLE_SITE, *names_of(instance), schedule_changed=sender is Article)


def named_object_changed(sender, instance, **kwargs):
    content_changed(*names_of(instance))


@receiver(post_save, sender=BreakingNews, dispatch_uid="page_cache_breaking_news_saved")
@receiver(post_delete, sender=BreakingNews, dispatch_uid="page_cache_breaking_news_deleted")
def breaking_news_changed(sender, instance, **kwargs):
    content_changed(WHOLE_SITE, schedule_changed=True)


def note_changed(sender, instance, **kwargs):
    content_changed(*names_of(instance), FEEDS)


for model in SHOWN_WITH_ARTICLE_AND_FEEDS:
    post_save.connect(note_changed, sender=model, dispatch_uid=f"page_cache_save_{model.__name__}")
    post_delete.connect(note_changed, sender=model, dispatch_uid=f"page_cache_del_{model.__name__}")
for model in SHOWN_ON_EVERY_LIST:
    post_save.connect(list_changed, sender=model, dispatch_uid=f"page_cache_save_{model.__name__}")
    post_delete.connect(list_changed, sender=model, dispatch_uid=f"page_cache_del_{model.__name__}")
for model in SHOWN_WHERE_NAMED:
    post_save.connect(named_object_changed, sender=model, dispatch_uid=f"page_cache_save_{model}")
    post_delete.connect(named_object_changed, sender=model, dispatch_uid=f"page_cache_del_{model}")


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="page_cache_article_tags")
@receiver(m2m_changed, sender=Article.related_excluded.through, dispatch_uid="page_cache_excluded")
def relation_changed(sender, instance, action, model, pk_set, **kwargs):
    if action.startswith("post_"):
        prefix = "tag" if model is Tag else "article"
        content_changed(WHOLE_SITE, *tags_of(instance), *(f"{prefix}-{pk}" for pk in pk_set or ()))


@receiver(post_save, sender=Comment, dispatch_uid="page_cache_comment_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="page_cache_comment_deleted")
def comment_changed(sender, instance, created=False, **kwargs):
    if created and instance.status != Comment.Status.APPROVED:
        return  # a new comment held for moderation (or spam) is on no shared page
    content_changed(f"article-{instance.article_id}", FEEDS)


@receiver(comments_moderated, dispatch_uid="page_cache_comments_moderated")
def comments_were_moderated(sender, article_ids, **kwargs):
    content_changed(*(f"article-{pk}" for pk in article_ids), FEEDS)
