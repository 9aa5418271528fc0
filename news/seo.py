"""What search engines and social networks read about an article, built in Python."""

import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime

# As django.utils.html.json_script does, so the data can never close its script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as a JSON-LD script element, safe to place in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


def news_article(article, request):
    """The article as a schema.org NewsArticle, with absolute addresses."""
    absolute = request.build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(article.get_absolute_url())},
        "headline": article.title,
        "description": article.excerpt,
        "datePublished": localtime(article.published_at).isoformat(),
        "dateModified": localtime(article.modified_at).isoformat(),
        "articleSection": article.category.name,
        "author": [person(writer, request) for writer in article.writers],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute(reverse("news:home")),
        },
    }
    if article.editor:
        # No address: an editor who writes nothing has no archive page.
        data["editor"] = {"@type": "Person", "name": article.editor.name}
    if corrections := article.corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": note.text,
                "datePublished": localtime(note.published_at).isoformat(),
            }
            for note in corrections
        ]
    if image := article.social_image:
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute(image["url"]),
            "width": image["width"],
            "height": image["height"],
        }
    return data


def person(author, request):
    """An author as a schema.org Person, with their archive's address."""
    return {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }


def share_links(title, url):
    """Where readers share an article, as (network, address) pairs: plain links, no script."""
    return [
        ("WhatsApp", "https://wa.me/?" + query({"text": f"{title} {url}"})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + query({"u": url})),
        ("X", "https://x.com/intent/tweet?" + query({"text": title, "url": url})),
        ("Telegram", "https://t.me/share/url?" + query({"url": url, "text": title})),
    ]


def query(params):
    # Spaces as %20: not every share endpoint reads `+` as a space.
    return urlencode(params, quote_via=quote)


def live_blog_posting(article, entries, request):
    """An article in live coverage as a schema.org LiveBlogPosting, its entries as updates."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        **news_article(article, request),
        "@type": "LiveBlogPosting",
        "coverageStartTime": localtime(
            article.coverage_started_at or article.published_at
        ).isoformat(),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": Truncator(entry.text).chars(110),
                "articleBody": entry.text,
                "datePublished": localtime(entry.created_at).isoformat(),
                "url": f"{url}#{entry.anchor}",
            }
            for entry in entries
        ],
    }
    if article.coverage_ended_at:
        data["coverageEndTime"] = localtime(article.coverage_ended_at).isoformat()
    return data
