"""Reading WordPress's export format (WXR 1.0, 1.1 and 1.2) as a stream.

The file is parsed with defusedxml's iterparse, which refuses entity declarations (an entity
bomb, or an external entity reaching for another file) as soon as it meets them. Each top-level
element of the channel (author, category, tag, term, item) is turned into plain data and then
removed from the tree, so memory stays bounded whatever the size of the export.

Names follow WordPress's exporter (wp-admin/includes/export.php): `wp:` elements in the
http://wordpress.org/export/1.x/ namespace, `excerpt:encoded`, `content:encoded`, `dc:creator`,
and on items `<category domain="category|post_tag" nicename="…">Name</category>`.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils import timezone

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/(excerpt/)?$")
NAMESPACE_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
ZERO_DATE = "0000-00-00 00:00:00"
# Control characters XML 1.0 forbids. WordPress exports them as they are in the database
# (pasted from word processors), which would stop any XML parser; they are dropped. In UTF-8
# these bytes never occur inside a multi-byte character.
FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Top-level elements of <channel> that are read as records.
RECORDS = {"wp:author", "wp:category", "wp:tag", "wp:term", "item"}


class WXRError(Exception):
    """The file cannot be imported; the message says why (and where, when known)."""


@dataclass
class Comment:
    wp_id: int
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    content: str
    approved: str
    type: str
    parent: int


@dataclass
class Item:
    """One <item>: a post, page, attachment, menu item, revision…"""

    wp_id: int
    post_type: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    name: str
    status: str
    password: str
    is_sticky: bool
    comments_open: bool
    date: datetime | None
    modified: datetime | None
    parent: int
    menu_order: int
    attachment_url: str
    guid: str
    # (taxonomy, slug, name): "category" or "post_tag" (WXR 1.0's "tag" is renamed), or other.
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


def qualified_name(tag):
    """ "{http://wordpress.org/export/1.2/}post_id" → "wp:post_id", whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if match := WP_NAMESPACE.match(uri):
        return f"{'excerpt' if match.group(2) else 'wp'}:{local}"
    return f"{NAMESPACE_PREFIXES.get(uri, uri)}:{local}"


def children(element):
    """The element's children as {qualified name: text}; the first of a repeated name wins."""
    values = {}
    for child in element:
        values.setdefault(qualified_name(child.tag), (child.text or "").strip())
    return values


def text(element, name):
    for child in element:
        if qualified_name(child.tag) == name:
            return child.text or ""
    return ""


def number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def parse_date(local, gmt=""):
    """The moment of a WordPress date: the GMT column, or the local one in the site's time zone
    when the GMT one is empty or zero (drafts). None when neither is a date."""
    for value, zone in [(gmt, UTC), (local, timezone.get_current_timezone())]:
        value = (value or "").strip()
        if not value or value.startswith("0000-00-00"):
            continue
        try:
            return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
        except ValueError:
            continue
    return None


def read_comment(element):
    values = children(element)
    return Comment(
        wp_id=number(values.get("wp:comment_id")),
        author=text(element, "wp:comment_author").strip(),
        email=values.get("wp:comment_author_email", ""),
        url=values.get("wp:comment_author_url", ""),
        ip=values.get("wp:comment_author_IP", ""),
        date=parse_date(values.get("wp:comment_date"), values.get("wp:comment_date_gmt")),
        content=text(element, "wp:comment_content"),
        approved=values.get("wp:comment_approved", "0"),
        type=values.get("wp:comment_type", ""),
        parent=number(values.get("wp:comment_parent")),
    )


def read_item(element):
    values = children(element)
    item = Item(
        wp_id=number(values.get("wp:post_id")),
        post_type=values.get("wp:post_type", "post"),
        title=text(element, "title"),
        link=values.get("link", ""),
        creator=values.get("dc:creator", ""),
        content=text(element, "content:encoded"),
        excerpt=text(element, "excerpt:encoded"),
        name=values.get("wp:post_name", ""),
        status=values.get("wp:status", "publish"),
        password=text(element, "wp:post_password"),
        is_sticky=values.get("wp:is_sticky") == "1",
        comments_open=values.get("wp:comment_status", "open") == "open",
        date=parse_date(values.get("wp:post_date"), values.get("wp:post_date_gmt")),
        modified=parse_date(values.get("wp:post_modified"), values.get("wp:post_modified_gmt")),
        parent=number(values.get("wp:post_parent")),
        menu_order=number(values.get("wp:menu_order")),
        attachment_url=values.get("wp:attachment_url", ""),
        guid=values.get("guid", ""),
    )
    for child in element:
        name = qualified_name(child.tag)
        if name == "category" and child.get("domain"):
            taxonomy = "post_tag" if child.get("domain") == "tag" else child.get("domain")
            item.terms.append((taxonomy, child.get("nicename", ""), (child.text or "").strip()))
        elif name == "category":  # WXR 1.0 repeats categories without a domain: by name only
            item.terms.append(("category", "", (child.text or "").strip()))
        elif name == "wp:postmeta":
            meta = children(child)
            item.meta.setdefault(meta.get("wp:meta_key", ""), text(child, "wp:meta_value"))
        elif name == "wp:comment":
            item.comments.append(read_comment(child))
    return item


def read_term(element, kind):
    """A declared author, category, tag or term, as a dict with the names of WXR 1.2."""
    values = children(element)
    if kind == "wp:author":
        return {
            "wp_id": number(values.get("wp:author_id")),
            "login": values.get("wp:author_login", ""),
            "email": values.get("wp:author_email", ""),
            "name": values.get("wp:author_display_name", ""),
        }
    if kind == "wp:category":
        return {
            "taxonomy": "category",
            "wp_id": number(values.get("wp:term_id")),
            "slug": values.get("wp:category_nicename", ""),
            "parent": values.get("wp:category_parent", ""),
            "name": values.get("wp:cat_name", ""),
            "description": values.get("wp:category_description", ""),
        }
    if kind == "wp:tag":
        return {
            "taxonomy": "post_tag",
            "wp_id": number(values.get("wp:term_id")),
            "slug": values.get("wp:tag_slug", ""),
            "name": values.get("wp:tag_name", ""),
            "description": values.get("wp:tag_description", ""),
        }
    return {
        "taxonomy": values.get("wp:term_taxonomy", ""),
        "wp_id": number(values.get("wp:term_id")),
        "slug": values.get("wp:term_slug", ""),
        "parent": values.get("wp:term_parent", ""),
        "name": values.get("wp:term_name", ""),
        "description": values.get("wp:term_description", ""),
    }


class ExportFile:
    """The export as the parser reads it: without blank lines before the XML declaration
    (some plugins print them) and without the control characters XML forbids."""

    def __init__(self, path):
        self.file = open(path, "rb")  # noqa: SIM115 (closed by records())
        start = self.file.read(4096)
        self.file.seek(len(start) - len(start.lstrip(b" \t\r\n")))

    def read(self, size=-1):
        return FORBIDDEN_BYTES.sub(b"", self.file.read(size))

    def close(self):
        self.file.close()


def records(path):
    """Yield ("channel", {name: text}) for the channel's own fields, and (kind, data) for each
    author ("wp:author", dict), category/tag/term (dict) and item (Item), in file order.

    Raises WXRError for a file that is not a WordPress export, malformed or truncated XML
    (naming the line), and any entity declaration.
    """
    depth, channel = 0, None
    source = ExportFile(path)
    try:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise WXRError(f"Not a WordPress export: it starts with <{element.tag}>.")
                if depth == 2:
                    channel = element
                continue
            depth -= 1
            if depth != 2:
                continue
            name = qualified_name(element.tag)
            if name == "item":
                yield "item", read_item(element)
            elif name in RECORDS:
                yield name, read_term(element, name)
            else:
                yield "channel", {name: (element.text or "").strip()}
            channel.remove(element)  # handled: let it go
    except ParseError as error:
        line, column = error.position
        problem = str(error).split(": line")[0]
        raise WXRError(
            f"The file is not well-formed XML at line {line}, column {column + 1} ({problem}); "
            "it may be truncated. Nothing was imported."
        ) from error
    except DefusedXmlException as error:
        raise WXRError(
            "The file declares XML entities, which a WordPress export never does; it was "
            f"refused as it could be an entity bomb or reach for other files ({error}). "
            "Nothing was imported."
        ) from error
    finally:
        source.close()
    if channel is None:
        raise WXRError("This is not a WordPress export: it has no <channel>.")
