from django import template

register = template.Library()


@register.filter
def hashtag(tag):
    """Show a tag the way readers share it: `Kapolda Metro Jaya` becomes `#kapoldametrojaya`."""
    return "#" + "".join(str(tag).split()).lower()
