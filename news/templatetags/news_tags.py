from django import template

register = template.Library()


@register.filter
def hashtag(tag):
    """Show a tag the way readers share it: `Kapolda Metro Jaya` becomes `#kapoldametrojaya`."""
    return "#" + tag.slug


@register.inclusion_tag("includes/picture.html")
def article_picture(article, picture, sizes, lazy=True):
    """A responsive <picture> of `article`'s image: WebP first, JPEG/PNG as the fallback.

    `picture` is the article's `card_picture` or `page_picture`; without renditions (an image
    stored before they existed) the original is shown at its stored size.
    """
    return {"article": article, "picture": picture, "sizes": sizes, "lazy": lazy}
