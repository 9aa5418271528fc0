from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from news.views import ArticleDetailView

from .forms import CommentForm
from .services import post_comment, remember_own_comment


@require_POST
def comment_create(request, slug):
    """Post a comment, then send the reader back to the article (POST/redirect/GET).

    Invalid input re-renders the article page with the reader's text and the errors.
    """
    article_view = ArticleDetailView(request=request, args=(), kwargs={"slug": slug})
    article = article_view.object = article_view.get_object()
    if not article.comments_open:
        return HttpResponseForbidden(_("Comments are closed for this article."))
    form = CommentForm(request.POST)
    if not form.is_valid():
        context = article_view.get_context_data(comment_form=form)
        return TemplateResponse(request, article_view.get_template_names(), context)
    comment = post_comment(
        article=article,
        form=form,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if comment.is_pending:
        remember_own_comment(request.session, comment)
    return HttpResponseRedirect(comment.get_absolute_url())
