"""How a stored article body becomes what the reader sees.

The stored body is sanitised HTML (news/sanitize.py). Rendering it adds what depends on other
rows or on the page, never anything a reader typed:

- a "Baca juga" (read also) reference, stored as `<aside data-read-also="ID">`, becomes a card
  with the article's current title and address, or disappears if that article is not public;
- a paragraph that is only a YouTube link becomes a click-to-load player: a local play button
  with the video's title, and youtube-nocookie.com loaded only when the reader asks for it;
- two or more figures in a row become a gallery;
- images in the body load lazily (they are below the headline and the lead image).

With READ_ALSO_AUTOMATIC on, a body of more than three paragraphs that refers to no article
gets one card after its third paragraph, for the first related post.
"""

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Article

VOID_TAGS = {"br", "hr", "img"}
READ_ALSO = re.compile(r'^<aside data-read-also="(\d+)">.*</aside>$', re.DOTALL)
SOLE_LINK = re.compile(r'^<p>\s*<a href="([^"]+)"[^>]*>([^<]*)</a>\s*</p>$')
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
YOUTUBE_HOSTS |= {"www.youtube-nocookie.com"}
YOUTUBE_PATH_PREFIXES = ("/embed/", "/shorts/", "/live/", "/v/")
BODY_IMAGE = re.compile(r"<img (?![^>]*\bloading=)")


def split_blocks(html):
    """The body's top-level elements as source text, in order, with the text between them as
    blocks of its own: joined, they are the body again."""
    return _BlockSplitter(html).blocks


class _BlockSplitter(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.depth = 0
        self.block_start = self.taken = 0
        self.blocks = []
        self.feed(html)
        self.close()
        self.take(self.taken, len(html))

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def take(self, start, end):
        """Keep html[start:end] as a block, and what came before it since the last one."""
        self.blocks.extend((self.html[self.taken : start], self.html[start:end]))
        self.taken = end

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            start = self.position()
            if tag in VOID_TAGS:
                self.take(start, start + len(self.get_starttag_text()))
                return
            self.block_start = start
        if tag not in VOID_TAGS:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            start = self.position()
            self.take(start, start + len(self.get_starttag_text()))

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            self.take(self.block_start, self.html.index(">", self.position()) + 1)


def read_also_ids(html):
    """The ids of the articles a body refers to with "Baca juga", in order."""
    ids = []
    for block in split_blocks(html):
        if match := READ_ALSO.match(block):
            ids.append(int(match[1]))
    return ids


def youtube_video_id(url):
    """The id of the YouTube video at `url`, or None if it is not one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"}:
        return None
    if host == "youtu.be":
        candidate = parts.path.lstrip("/")
    elif host in YOUTUBE_HOSTS and parts.path == "/watch":
        candidate = parse_qs(parts.query).get("v", [""])[0]
    elif host in YOUTUBE_HOSTS and parts.path.startswith(YOUTUBE_PATH_PREFIXES):
        candidate = parts.path.split("/")[2]
    else:
        return None
    return candidate if VIDEO_ID.match(candidate) else None


@dataclass
class BodyRenderer:
    """Renders one body: `articles` maps the referred ids to the public articles among them;
    `automatic` is the article recommended after the third paragraph, if any."""

    articles: dict
    automatic: object = None

    def render(self, html):
        blocks = [block for block in split_blocks(html) if block]
        refers = any(READ_ALSO.match(block) for block in blocks)
        last = max((i for i, block in enumerate(blocks) if block.strip()), default=-1)
        rendered, figures, paragraphs = [], [], 0
        for index, block in enumerate(blocks):
            if block.startswith("<figure"):
                figures.append(block)
                continue
            if figures and not block.strip():  # between two figures of a row
                continue
            rendered.extend(self.gallery(figures))
            figures = []
            rendered.append(self.block(block))
            if block.startswith("<p>"):
                paragraphs += 1
                if paragraphs == 3 and index < last and self.automatic and not refers:
                    rendered.append(read_also_card(self.automatic))
        rendered.extend(self.gallery(figures))
        return BODY_IMAGE.sub('<img loading="lazy" decoding="async" ', "".join(rendered))

    def block(self, block):
        if match := READ_ALSO.match(block):
            article = self.articles.get(int(match[1]))
            return read_also_card(article) if article else ""
        if (match := SOLE_LINK.match(block)) and (video := youtube_video_id(unescape(match[1]))):
            return video_facade(video, unescape(match[2]).strip(), unescape(match[1]))
        return block

    @staticmethod
    def gallery(figures):
        if len(figures) < 2:
            return figures
        label = escape(_("Gallery of %(count)d photos") % {"count": len(figures)})
        return [f'<div class="gallery" role="group" aria-label="{label}">{"".join(figures)}</div>']


def read_also_card(article):
    return (
        f'<p class="read-also"><span class="read-also__label">{escape(_("Read also"))}</span> '
        f'<a class="read-also__link" href="{escape(article.get_absolute_url())}">'
        f"{escape(article.title)}</a></p>"
    )


def video_facade(video_id, title, url):
    """A link to the video that the page's script turns into the player on click."""
    if not title or title == url or title.startswith(("http://", "https://")):
        title = _("YouTube video")
    return (
        f'<figure class="video"><a class="video__link" href="https://www.youtube.com/watch?v={video_id}"'
        f' data-youtube="{video_id}" data-title="{escape(title)}">'
        f'<span class="video__play" aria-hidden="true"></span>'
        f'<span class="video__title">{escape(title)}</span>'
        f'<span class="video__note">{escape(_("Play (loads YouTube)"))}</span></a></figure>'
    )


def render_body(article, related_articles=()):
    """`article.body` as the reader sees it (see the module docstring)."""
    ids = read_also_ids(article.body)
    articles = {}
    if ids:
        public = Article.objects.published().filter(pk__in=ids).exclude(pk=article.pk)
        articles = {found.pk: found for found in public.only("pk", "slug", "title")}
    automatic = related_articles[0] if related_articles else None
    renderer = BodyRenderer(articles, automatic if settings.READ_ALSO_AUTOMATIC else None)
    return renderer.render(article.body)
