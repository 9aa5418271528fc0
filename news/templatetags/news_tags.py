from django import template
from django.utils.safestring import mark_safe

from news import popularity, seo
from news.body import render_body
from news.cache import content_version as current_content_version
from news.models import Article, BreakingNews, Category
from news.search import highlight

register = template.Library()


@register.filter
def hashtag(tag):
    """Show a tag the way readers share it: `Kapolda Metro Jaya` becomes `#kapoldametrojaya`."""
    return "#" + tag.slug


@register.simple_tag(takes_context=True)
def category_ancestors(context, category):
    """The categories above `category`, outermost first, from the page's category tree."""
    return context["category_tree"].ancestors(category)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as an address with scheme and host, as the request reached the site."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's own address without query string, except the page number of a list."""
    request, page = context["request"], context.get("page_obj")
    page_query = f"?page={page.number}" if page and page.number > 1 else ""
    return request.build_absolute_uri(request.path + page_query)


@register.simple_tag(takes_context=True)
def content_version(context):
    """The content version, for the key of a `{% cache %}` fragment: a fragment keyed with it
    is never served after a change readers could see (see news.cache.fragment_key)."""
    return current_content_version(context["request"])


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article):
    return seo.json_ld_script(seo.news_article(article, context["request"]))


@register.simple_tag
def share_links(title, url):
    return seo.share_links(title, url)


@register.filter
def highlight_hits(snippet):
    """A search result's snippet, escaped, with the words found in <mark> tags."""
    return highlight(snippet)


@register.inclusion_tag("includes/picture.html")
def article_picture(article, picture, sizes, lazy=True):
    """A responsive <picture> of `article`'s image: WebP first, JPEG/PNG as the fallback.

    `picture` is the article's `card_picture` or `page_picture`; without renditions (an image
    stored before they existed) the original is shown at its stored size.
    """
    return {"article": article, "picture": picture, "sizes": sizes, "lazy": lazy}


@register.simple_tag(takes_context=True)
def article_body(context, article):
    """The article's body as readers see it (news/body.py); kept in the cache with the page's
    main column (news/article_main.html)."""
    return mark_safe(render_body(article, context.get("related_articles") or ()))


@register.simple_tag(takes_context=True)
def live_blog_json_ld(context, article, entries):
    return seo.json_ld_script(seo.live_blog_posting(article, entries, context["request"]))


@register.simple_tag
def breaking_news():
    """The breaking-news bar shown now, or None (read inside a fragment cached under the
    content version, which changes when the bar is saved and when its end time comes)."""
    return BreakingNews.objects.current()


@register.simple_tag
def most_read_lists():
    """The most-read lists, {"day": [...], "week": [...]} (read inside a cached fragment)."""
    return popularity.lists()


@register.simple_tag(takes_context=True)
def current_section(context):
    """The top-level category the page belongs to, for the navigation to mark, or None.

    A category archive belongs to its section (`current` is "page" when it is the section's
    own archive, "true" below it); an article to its category's section ("true"). Reads the
    category tree only for a subcategory, whose page has read it for its breadcrumbs.
    """
    archive, article = context.get("archive"), context.get("article")
    if isinstance(archive, Category):
        category, current = archive, "page"
    elif isinstance(article, Article):
        category, current = article.category, "true"
    else:
        return None
    if category.parent_id is not None:
        category = next(iter(context["category_tree"].ancestors(category)), category)
        current = "true"
    return {"pk": category.pk, "current": current}
