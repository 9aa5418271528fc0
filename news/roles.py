"""Who may do what: the staff roles and the named rules every part of the site asks.

A staff user's group is their role. Editors hold PUBLISH_ARTICLE; reporters write and may open
only their own articles, changing them while they are drafts; moderators see comments only.
The admin, the article form, the dashboard and the image picker ask the predicates below
rather than checking groups or permissions themselves.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from .models import Article

# The groups, created by migrations.
EDITOR = "Editor"
REPORTER = "Reporter"
MODERATOR = "Moderator"

PUBLISH_ARTICLE = "news.publish_article"
VIEW_ARTICLE = "news.view_article"
CHANGE_ARTICLE = "news.change_article"


def can_publish(user):
    """Editors publish, schedule, unpublish and send back any article, and see every one."""
    return user.has_perm(PUBLISH_ARTICLE)


def editor_emails():
    """The addresses of the staff who may publish (see can_publish): through a group, directly,
    or as superusers. They are told of each article submitted for review."""
    publish = Permission.objects.filter(
        content_type__app_label="news", codename=PUBLISH_ARTICLE.split(".")[1]
    )
    may_publish = (
        Q(is_superuser=True) | Q(groups__permissions__in=publish) | Q(user_permissions__in=publish)
    )
    users = get_user_model().objects.filter(may_publish, is_active=True, is_staff=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _is_own(user, article):
    return article.created_by_id == user.pk


def _is_new(article):
    return article is None or article._state.adding


def can_view(user, article=None):
    """May `user` open `article` (or, without one, articles at all) in the admin?"""
    if not (user.has_perm(VIEW_ARTICLE) or user.has_perm(CHANGE_ARTICLE)):
        return False
    return _is_new(article) or can_publish(user) or _is_own(user, article)


def can_edit(user, article=None):
    """Editors change any article; reporters their own, while it is a draft."""
    if not user.has_perm(CHANGE_ARTICLE):
        return False
    if _is_new(article) or can_publish(user):
        return True
    return _is_own(user, article) and article.status == Article.Status.DRAFT


def can_submit_for_review(user, article=None):
    """A reporter hands their draft to the editors (editors simply publish)."""
    return not can_publish(user) and can_edit(user, article)


def can_send_back(user, article=None):
    """An editor returns an article in review to its reporter, with a note."""
    return can_publish(user) and not _is_new(article) and article.status == Article.Status.REVIEW


def can_add_notes(user, article=None):
    """Editors attach corrections, updates and rights of reply to an article; reporters do
    not (they change only drafts, and a note speaks for the newsroom)."""
    return can_publish(user) and can_edit(user, article)


def visible_articles(user, articles=None):
    """The articles `user` may open (see can_view), from `articles` or all of them.

    Every list of articles in the admin starts here: the change list, the autocomplete
    boxes (related posts, a comment's article) and the image picker.
    """
    articles = Article.objects.all() if articles is None else articles
    if not can_view(user):
        return articles.none()
    if can_publish(user):
        return articles
    return articles.filter(created_by=user)


def image_sources(user):
    """Articles whose image `user` may reuse in a body: those they may open, and every
    published one, whose image readers see anyway."""
    if not can_view(user):
        return Article.objects.none()
    return visible_articles(user) | Article.objects.published()


def can_report_live(user, article):
    """Editors add, pin and remove an article's live entries. An entry reaches readers at once,
    with no review, so reporters (who cannot publish) do not."""
    return can_publish(user) and not _is_new(article)
