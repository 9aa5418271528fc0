from django.conf import settings


def build_threads(comments):
    """Nest `comments` (oldest first) under their parents and return the top-level ones.

    Each comment gets a `thread_replies` list. A reply whose parent is not shown (removed, or
    someone else's pending comment) is shown at the top level rather than lost. Threads are
    shown COMMENTS_MAX_DEPTH levels deep; deeper replies (imported ones can be) are shown at
    the deepest level, under their nearest ancestor above it.
    """
    comments = list(comments)
    by_id = {comment.pk: comment for comment in comments}
    top_level = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        while parent is not None and parent.depth >= settings.COMMENTS_MAX_DEPTH - 1:
            parent = by_id.get(parent.parent_id)
        (parent.thread_replies if parent else top_level).append(comment)
    return top_level
