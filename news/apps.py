from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from . import search


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        # The only signal handlers of the app: they keep the search index in step with the
        # articles, whichever way an article is saved or deleted (admin, load_demo, cascade).
        Article = self.get_model("Article")
        post_save.connect(search.update_index, sender=Article, dispatch_uid="news_search_update")
        post_delete.connect(
            search.remove_from_index, sender=Article, dispatch_uid="news_search_remove"
        )
