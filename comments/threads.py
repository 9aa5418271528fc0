def build_threads(comments):
    """Nest `comments` (oldest first) under their parents and return the top-level ones.

    Each comment gets a `thread_replies` list. A reply whose parent is not shown (removed, or
    someone else's pending comment) is shown at the top level rather than lost.
    """
    comments = list(comments)
    by_id = {comment.pk: comment for comment in comments}
    top_level = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        (parent.thread_replies if parent else top_level).append(comment)
    return top_level
