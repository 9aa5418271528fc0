"""Turning a WordPress post body into the site's HTML, before the site's sanitiser cleans it.

What WordPress does when it shows a post (the `the_content` filters), in the same order:
block comments go, classic-editor text gets its paragraphs (wpautop), then shortcodes run.
[caption] becomes a figure, [gallery] the imported images, [embed]/[video]/[audio] plain
links; other shortcodes are left as they are and counted, so someone can look at them.
Finally links to the old wp-content/uploads point to the imported files.
"""

import re
from collections import Counter
from html import escape

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# WordPress's wpautop() block elements.
ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
SHORTCODE = re.compile(
    r"\[(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)(?<!/)\]"
    r"(?:(?P<content>.*?)\[/(?P=name)\])?"
    r"|\[(?P<selfname>[A-Za-z][\w-]*)(?P<selfattrs>(?:\s[^\]]*)?)/\]",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
STANDALONE_SHORTCODE = re.compile(
    r"<p>\s*(\[(?:caption|gallery|embed|video|audio)\b.*?)</p>", re.DOTALL
)
IMAGE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
UPLOAD = re.compile(
    r"(?:(?:https?:)?//[^\s\"'<>\]]+?|(?<=[\"'=]))/wp-content/uploads/([^\s\"'<>?#\]]+)"
)
BARE_URL = re.compile(
    r"(<p>|<div class=\"wp-block-embed__wrapper\">)\s*(https?://[^\s<>\"]+)\s*(?=</p>|</div>)"
)
MEDIA_EXTENSIONS = ["mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "m4a", "ogg", "wav", "wma"]


def convert(html, *, gallery, upload_url):
    """The body as the site stores it (before sanitising), and a Counter of the shortcodes it
    could not convert.

    `gallery(attributes)` returns the (url, alt, caption) of a [gallery]'s images;
    `upload_url(path)` the new address of wp-content/uploads/`path`, or None to keep the link.
    """
    # The block editor writes its own paragraphs; classic text needs them made.
    html = BLOCK_COMMENT.sub("", html) if BLOCK_COMMENT.search(html) else autop(html)
    html = STANDALONE_SHORTCODE.sub(lambda match: match.group(1), html)
    unknown = Counter()
    html = run_shortcodes(html, gallery, unknown)
    html = BARE_URL.sub(lambda m: f'{m.group(1)}<a href="{m.group(2)}">{m.group(2)}</a>', html)
    html = UPLOAD.sub(lambda match: upload_url(match.group(1)) or match.group(0), html)
    return html, unknown


def autop(text):
    """Paragraphs and line breaks from blank lines and newlines: WordPress's wpautop()."""
    if not text.strip():
        return ""
    pre_blocks = {}

    def keep_pre(match):
        key = f"<pre wp-pre-tag-{len(pre_blocks)}></pre>"
        pre_blocks[key] = match.group(0)
        return key

    text = PRE.sub(keep_pre, text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALL_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALL_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = TAG.sub(lambda match: match.group(0).replace("\n", " <!-- wpnl --> "), text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, block in pre_blocks.items():
        text = text.replace(key, block)
    return text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")


def attributes(text):
    """A shortcode's attributes: `width="300" align='left' id=12` → {"width": "300", …}."""
    return {
        name.lower(): next(value for value in values if value is not None)
        for name, *values in ATTRIBUTE.findall(text or "")
    }


def run_shortcodes(html, gallery, unknown):
    def replace(match):
        name = match.group("name") or match.group("selfname")
        attrs = attributes(match.group("attrs") or match.group("selfattrs"))
        content = match.group("content") or ""
        if name == "caption" or name == "wp_caption":
            return caption(attrs, run_shortcodes(content, gallery, unknown))
        if name == "gallery":
            return "".join(figure(url, alt, text) for url, alt, text in gallery(attrs))
        if name in {"embed", "video", "audio"}:
            return media_link(attrs, content)
        unknown[name] += 1
        return match.group(0)

    return SHORTCODE.sub(replace, html)


def figure(image_url, alt, caption_html):
    image = f'<img src="{escape(image_url)}" alt="{escape(alt)}">'
    return figure_html(image, caption_html)


def figure_html(image_html, caption_html):
    caption_html = caption_html.strip()
    figcaption = f"<figcaption>{caption_html}</figcaption>" if caption_html else ""
    return f'<figure class="figure">{image_html}{figcaption}</figure>'


def caption(attrs, content):
    """[caption]<img …> Text[/caption], or the older caption="Text" attribute."""
    if match := IMAGE.match(content):
        image, text = match.groups()
    else:
        image, text = "", content
    return figure_html(image, attrs.get("caption") or text)


def media_link(attrs, content):
    """A link to what [embed], [video] or [audio] would have played."""
    candidates = [content.strip(), attrs.get("src", "")] + [
        attrs.get(extension, "") for extension in MEDIA_EXTENSIONS
    ]
    url = next((candidate for candidate in candidates if candidate), "")
    if not url:
        return ""
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'
