from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from beritapolisi.clientip import client_ip
from news.views import ArticleDetailView

from .forms import CommentForm
from .remember import update_remembered_commenter
from .services import CommentRefused, post_comment, remember_own_comment


@require_POST
def comment_create(request, slug):
    """Post a comment, then send the reader back to the article (POST/redirect/GET).

    Refused or invalid input re-renders the article page with the reader's text and the
    message beside the field, or above the form.
    """
    article_view = ArticleDetailView(request=request, args=(), kwargs={"slug": slug})
    article = article_view.object = article_view.get_object()
    if not article.comments_are_open:
        return render(request, "comments/closed.html", {"article": article}, status=403)
    form = CommentForm(request.POST, article=article)
    status = 200
    if form.is_valid():
        try:
            comment = post_comment(
                article=article,
                form=form,
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                base_url=request.build_absolute_uri("/"),
            )
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status_code
        else:
            if comment.is_pending:
                remember_own_comment(request.session, comment)
            response = HttpResponseRedirect(comment.get_absolute_url())
            update_remembered_commenter(response, form)
            return response
    context = article_view.get_context_data(comment_form=form)
    return TemplateResponse(request, article_view.get_template_names(), context, status=status)
