from django import template

from news.search import highlight

register = template.Library()


@register.filter
def hashtag(tag):
    """Show a tag the way readers share it: `Kapolda Metro Jaya` becomes `#kapoldametrojaya`."""
    return "#" + "".join(str(tag).split()).lower()


@register.filter
def highlight_hits(snippet):
    """A search result's snippet, escaped, with the words found in <mark> tags."""
    return highlight(snippet)
