"""Demo content: the client's real article plus enough around it to exercise every page.

The content lives in `fixtures/demo_content.json`; images are drawn here with Pillow, so the
demo needs no download. Loading is idempotent: rows are matched by slug and updated.
"""

import hashlib
import io
import json
from datetime import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFont

from comments.models import Comment

from .models import Article, Author, Category

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "demo_content.json"
IMAGE_SIZE = (1200, 675)
PALETTE = ["#0b3d91", "#8a1c1c", "#1d5c4d", "#5a3d8a", "#7a4b0b", "#234a6b", "#4d5a1d"]


@transaction.atomic
def load_demo_content(path=FIXTURE):
    """Create or update the demo rows; return how many articles the fixture holds."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    categories = {row["slug"]: upsert(Category, row) for row in data["categories"]}
    authors = {row["slug"]: upsert(Author, row) for row in data["authors"]}
    articles = {}
    for row in data["articles"]:
        articles[row["slug"]] = load_article(row, categories, authors)
    for row in data["comments"]:
        load_comment(row, articles)
    return len(articles)


def upsert(model, row):
    fields = {name: value for name, value in row.items() if name != "slug"}
    obj, _ = model.objects.update_or_create(slug=row["slug"], defaults=fields)
    return obj


def load_article(row, categories, authors):
    image = row.get("image") or {}
    article, _ = Article.objects.update_or_create(
        slug=row["slug"],
        defaults={
            "title": row["title"],
            "excerpt": row["excerpt"],
            "body": "\n".join(f"<p>{escape(text)}</p>" for text in row["paragraphs"]),
            "category": categories[row["category"]],
            "author": authors[row["author"]],
            "status": Article.Status.PUBLISHED,
            "published_at": datetime.fromisoformat(row["published_at"]),
            "image_alt": image.get("alt", ""),
            "image_caption": image.get("caption", ""),
        },
    )
    article.tags.set(row["tags"])
    if image and not (
        article.featured_image
        and article.featured_image.storage.exists(article.featured_image.name)
    ):
        article.featured_image.save(f"{article.slug[:60]}.jpg", draw_image(article.title))
    return article


def load_comment(row, articles):
    article = articles[row["article"]]
    comment, created = Comment.objects.get_or_create(
        article=article,
        name=row["name"],
        body=row["body"],
        defaults={
            "email": row["email"],
            "website": row.get("website", ""),
            "status": Comment.Status.APPROVED,
        },
    )
    if created and row.get("created"):
        # created_at is set automatically on insert; the demo wants the fixture's time.
        Comment.objects.filter(pk=comment.pk).update(
            created_at=datetime.fromisoformat(row["created"])
        )


def wrap(text, font, max_width):
    """Split `text` into lines no wider than `max_width` pixels."""
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if font.getlength(candidate) <= max_width or not lines[-1]:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def draw_image(title):
    """A simple, recognisable illustration: a coloured field with the headline's first words."""
    digest = hashlib.sha256(title.encode()).digest()
    colour = PALETTE[digest[0] % len(PALETTE)]
    image = Image.new("RGB", IMAGE_SIZE, colour)
    draw = ImageDraw.Draw(image)
    width, height = IMAGE_SIZE
    for step in range(6):
        offset = digest[step + 1] * 3
        draw.ellipse(
            (offset - 200, height - 300 + step * 40, offset + 400, height + 300 + step * 40),
            outline="#ffffff",
            width=3,
        )
    draw.rectangle((0, 0, width, 12), fill="#f2c200")
    font = ImageFont.load_default(size=64)
    for number, line in enumerate(wrap(title, font, width - 120)[:3]):
        draw.text((60, 80 + number * 84), line, fill="#ffffff", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())
