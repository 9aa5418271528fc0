"""Comparing two saved revisions of an article, field by field, for the admin.

Revisions are kept by django-reversion (Article is registered in news.models, following its
tags and co-writers); this module only reads them.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from reversion.models import Version

from .models import Article, ArticleWriter, Author, Category, Tag, TaggedArticle

# The fields an editor compares, in the order of the change form.
COMPARED_FIELDS = [
    "title",
    "slug",
    "excerpt",
    "body",
    "image_alt",
    "image_caption",
    "category",
    "author",
    "co_writers",
    "tags",
    "status",
    "published_at",
    "comments_open",
    "review_note",
]
# Words, runs of spaces, and each punctuation mark on its own.
TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# The body's elements that start a line of their own in its text.
BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "figure", "figcaption", "hr", "br"}


@dataclass
class FieldChange:
    label: str
    diff: str  # HTML: escaped text with <del> and <ins>, or a plain note


def versions_of(article):
    """The article's revisions, newest first, with who saved them."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def chosen(versions, old_pk=None, new_pk=None):
    """The (old, new) pair to compare: the versions asked for, else the newest two."""
    by_pk = {str(version.pk): version for version in versions}
    newest = [*versions[:2], None, None]
    return by_pk.get(old_pk, newest[1]), by_pk.get(new_pk, newest[0])


def inline_diff(old, new):
    """`old` against `new`, word by word: escaped, removals in <del>, additions in <ins>."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    parts = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return mark_safe("".join(parts))


class BodyText(HTMLParser):
    """The text of a body's HTML, a line per block (paragraph, heading, list item, caption),
    an image as its alt text: what readers read, without the markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.words, self.prefix = [], [], ""

    def end_line(self):
        text = " ".join("".join(self.words).split())
        if text:
            self.lines.append(self.prefix + text)
            self.prefix = ""
        self.words = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.end_line()
        if tag == "li":
            self.prefix = "• "
        elif tag == "img":
            image = dict(attrs).get("alt") or dict(attrs).get("src") or ""
            self.end_line()
            self.lines.append(f"[{gettext('image')}: {image}]")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.end_line()

    def handle_data(self, data):
        self.words.append(data)

    def close(self):
        super().close()
        self.end_line()


def body_text(html):
    """The text of the body `html`, blocks separated by an empty line."""
    parser = BodyText()
    parser.feed(html)
    parser.close()
    return "\n\n".join(parser.lines)


def compare(old, new):
    """What changed from version `old` to version `new`: a FieldChange per changed field.

    The body is compared as text; a change of its markup alone is named as such.
    """
    old_text, new_text = as_text([old, new])
    changes = []
    for name in COMPARED_FIELDS:
        label = label_of(name)
        if old_text[name] != new_text[name]:
            changes.append(FieldChange(label, inline_diff(old_text[name], new_text[name])))
        elif name == "body" and old.field_dict["body"] != new.field_dict["body"]:
            changes.append(FieldChange(label, gettext("Only the formatting changed.")))
    return changes


def label_of(name):
    """The label of a compared field; "co_writers" are the article's ArticleWriter rows."""
    if name == "co_writers":
        return ArticleWriter._meta.verbose_name_plural
    return Article._meta.get_field(name).verbose_name


def as_text(versions):
    """Each version's compared fields as readable text; related names come in bulk."""
    fields = [version.field_dict for version in versions]
    categories = Category.objects.in_bulk({f["category_id"] for f in fields})
    writer_ids = co_writers_in([version.revision_id for version in versions])
    authors = Author.objects.in_bulk(
        {f["author_id"] for f in fields} | {pk for ids in writer_ids.values() for pk in ids}
    )
    tag_ids = tags_in([version.revision_id for version in versions])
    tags = Tag.objects.in_bulk({pk for ids in tag_ids.values() for pk in ids})
    texts = []
    for version, values in zip(versions, fields, strict=True):
        names = sorted(str(tags[pk]) for pk in tag_ids.get(version.revision_id, []) if pk in tags)
        texts.append(
            {
                **{name: str(values.get(name, "")) for name in COMPARED_FIELDS},
                "body": body_text(values["body"]),
                "category": str(categories.get(values["category_id"], "")),
                "author": str(authors.get(values["author_id"], "")),
                "co_writers": ", ".join(
                    str(authors[pk])
                    for pk in writer_ids.get(version.revision_id, [])
                    if pk in authors
                ),
                "tags": ", ".join(names),
                "status": str(Article.Status(values["status"]).label),
                "published_at": date_format(
                    timezone.localtime(values["published_at"]), "DATETIME_FORMAT"
                ),
                "comments_open": gettext("yes") if values["comments_open"] else gettext("no"),
            }
        )
    return texts


def tags_in(revision_ids):
    """{revision id: [tag ids]} from the tag links saved with each revision."""
    saved_links = Version.objects.get_for_model(TaggedArticle).filter(revision_id__in=revision_ids)
    tag_ids = {}
    for link in saved_links:
        tag_ids.setdefault(link.revision_id, []).append(link.field_dict["tag_id"])
    return tag_ids


def co_writers_in(revision_ids):
    """{revision id: [author ids]}, in byline order, from the co-writer links saved with each
    revision."""
    saved_links = Version.objects.get_for_model(ArticleWriter).filter(revision_id__in=revision_ids)
    links = {}
    for link in saved_links:
        values = link.field_dict
        links.setdefault(link.revision_id, []).append(
            (values["position"], int(link.object_id), values["author_id"])
        )
    return {revision: [author for *_, author in sorted(found)] for revision, found in links.items()}
