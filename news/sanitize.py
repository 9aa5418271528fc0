"""The one place that decides which HTML an article body may contain.

The rich-text editor (django-prose-editor) is configured here too, so that what editors can
produce and what the sanitiser keeps are read side by side. Anything else is removed on save:
scripts, styles, event handlers, frames, forms, embeds, and URLs other than http(s)/mailto/tel.
"""

import re

import nh3
from django.urls import reverse_lazy

# What the editor offers, by ProseMirror extension name.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Figure": {"pickerUrl": reverse_lazy("image_picker")},
    "Caption": True,
    "Image": True,
    "ReadAlso": {"pickerUrl": reverse_lazy("article_picker")},
}

# Exactly the tags and attributes those extensions write.
ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "figure",
    "figcaption",
    "img",
    "aside",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    # "Baca juga": a reference to another article by its id (rendered by news/body.py).
    "aside": {"data-read-also"},
}
# The editor marks figures with class="figure"; no other class survives.
ALLOWED_CLASSES = {"figure": {"figure"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "textarea",
    "select",
    "svg",
    "math",
    "title",
}
NUMERIC_ATTRIBUTES = {"width", "height", "start", "data-read-also"}
EMPTY_DOCUMENT = re.compile(r"^\s*(<p>\s*</p>\s*)*$")


def keep_numbers_only(tag, attribute, value):
    """nh3 attribute filter: sizes and list starts must be plain numbers."""
    if attribute in NUMERIC_ATTRIBUTES and not value.isdigit():
        return None
    return value


def clean_html(html):
    """Return `html` with everything outside the allow-list removed."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_numbers_only,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # The editor always leaves one paragraph, even when the editor emptied it.
    return "" if EMPTY_DOCUMENT.match(cleaned) else cleaned
