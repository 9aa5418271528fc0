"""The news app's only signal receivers: what must follow an article however it is saved.

Connected in `NewsConfig.ready()`. Whatever saves or deletes an article (the admin, the demo
loader, the shell, a cascade), its search index entry matches it, its image renditions are made
by a task once the transaction commits (the save does not wait for them; pages show the
original image meanwhile), and files of a replaced or deleted image are removed after commit.
A raw save (a restored revision, loaddata) skips Article.save() and TaggedArticle.save(), so
the tag links' listing time is set here then.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from beritapolisi.tasks import enqueue_on_commit

from . import images, search, tasks
from .models import Article, Category, LiveEntry, TaggedArticle


@receiver(post_save, sender=Article, dispatch_uid="news_search_update")
def update_search_index(sender, instance, raw=False, **kwargs):
    search.update_index(sender, instance, raw=raw, **kwargs)


@receiver(post_save, sender=Article, dispatch_uid="news_restored_article_tags")
def relist_restored_article(sender, instance, raw=False, **kwargs):
    if raw:
        instance.tagged_items.update(listed_at=instance.listed_at)


@receiver(post_save, sender=TaggedArticle, dispatch_uid="news_restored_tag_link")
def relist_restored_link(sender, instance, raw=False, **kwargs):
    if raw:
        TaggedArticle.objects.filter(pk=instance.pk).relist()


@receiver(post_save, sender=Category, dispatch_uid="news_search_section")
def reindex_section(sender, instance, raw=False, **kwargs):
    if not raw:
        search.reindex_category(sender, instance, **kwargs)


@receiver(post_delete, sender=Article, dispatch_uid="news_search_remove")
def remove_from_search_index(sender, instance, **kwargs):
    search.remove_from_index(sender, instance, **kwargs)


@receiver(post_save, sender=Article, dispatch_uid="news_article_renditions")
def update_renditions(sender, instance, raw=False, **kwargs):
    if not raw and images.renditions_outdated(instance):  # loaddata stores rows as they are
        enqueue_on_commit(tasks.make_renditions, instance.pk)


@receiver(post_delete, sender=Article, dispatch_uid="news_article_image_files")
def delete_image_files(sender, instance, **kwargs):
    if name := instance.featured_image.name:
        storage = instance.featured_image.storage
        transaction.on_commit(lambda: images.delete_image_files(storage, name))


@receiver(post_delete, sender=LiveEntry, dispatch_uid="news_live_entry_image_file")
def delete_live_entry_image(sender, instance, **kwargs):
    """A deleted live entry takes its image file with it, once the deletion is committed."""
    if instance.image:
        storage, name = instance.image.storage, instance.image.name
        transaction.on_commit(lambda: storage.delete(name))
