"""Signals the comments app sends, for apps that show comments.

`comments_moderated` is sent after `services.moderate()` changed the status of comments in bulk
(a queryset update sends no `post_save`), with `article_ids`: the articles whose comments
changed.
"""

from django.dispatch import Signal

comments_moderated = Signal()
