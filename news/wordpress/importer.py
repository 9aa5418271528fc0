"""Writing a WordPress export into the site: authors, categories, tags, articles, pages,
comments, featured images and old addresses.

`scan()` reads the file once first: it checks that the whole file parses (so a truncated
export fails before anything is written), counts the items for the progress bar and keeps
the attachments, which posts refer to by id from anywhere in the file. `Importer.run()` then
reads it again and writes, row by row, inside the caller's transaction.

Every row remembers its WordPress id (`wp_id`), so a second run of the same export, or of a
newer one, updates what changed and adds only what is new.
"""

import html
import ipaddress
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.db.models import Model
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from comments.models import Comment

from ..models import Article, Author, Category, Page, Redirect, Tag, TaggedArticle
from ..sanitize import clean_html
from . import content, wxr
from .media import MediaProblem

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with its future time: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
    "private": Article.Status.DRAFT,
}
SKIPPED_STATUSES = {"auto-draft", "trash", "inherit"}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
SKIPPED_POST_TYPES = {"nav_menu_item": "menu item", "revision": "revision"}
DEFAULT_CATEGORY = ("uncategorized", "Uncategorized")
DEFAULT_AUTHOR = "admin"
REDIRECT_BATCH = 1000


@dataclass
class Attachment:
    wp_id: int
    file: str  # relative to wp-content/uploads, e.g. "2013/01/foto.jpg"
    title: str
    alt: str
    caption: str
    parent: int
    menu_order: int


@dataclass
class Scan:
    items: int = 0
    attachments: dict = field(default_factory=dict)

    def children(self, post_id):
        """The images attached to a post, as [gallery] without ids shows them."""
        found = [a for a in self.attachments.values() if a.parent == post_id]
        return sorted(found, key=lambda attachment: (attachment.menu_order, attachment.wp_id))


def upload_path(url):
    """ "https://site/wp-content/uploads/2013/01/a.jpg" → "2013/01/a.jpg"."""
    path = urlsplit(url).path
    return unquote(path.split("/uploads/", 1)[1]) if "/uploads/" in path else ""


def scan(path):
    """Read the whole file once: the number of items and the attachments (see module doc)."""
    found = Scan()
    for kind, item in wxr.records(path):
        if kind != "item":
            continue
        found.items += 1
        if item.post_type == "attachment":
            found.attachments[item.wp_id] = Attachment(
                wp_id=item.wp_id,
                file=item.meta.get("_wp_attached_file") or upload_path(item.attachment_url),
                title=item.title,
                alt=item.meta.get("_wp_attachment_image_alt", ""),
                caption=item.excerpt,
                parent=item.parent,
                menu_order=item.menu_order,
            )
    return found


def site_slug(wp_slug, title, fallback, max_length=200):
    """A valid slug for the site from WordPress's (maybe percent-encoded UTF-8) slug."""
    for candidate in [unquote(wp_slug or ""), title or ""]:
        if slug := slugify(candidate)[:max_length].strip("-"):
            return slug
    return fallback


def nicename(login):
    """The author's part of WordPress's /author/<nicename>/ address, from their login."""
    return slugify(login.replace(".", "-").replace("@", "-")) or "penulis"


def old_path(url):
    """The path (and query) of an old address, percent-decoded as Django reads request.path."""
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    return f"{path}?{parts.query}" if parts.query else path


def tag_name(wp_slug, name):
    """WordPress stores "&" in term names as "&amp;"; names are at most 100 characters."""
    return html.unescape(name or unquote(wp_slug or ""))[:100].strip()


def plain_text(value):
    return html.unescape(strip_tags(value or "")).strip()


class Importer:
    def __init__(self, *, scanned, media, report, progress=None):
        self.scanned = scanned
        self.media = media
        self.report = report
        self.progress = progress
        self.authors = {}  # login → Author
        self.categories = {}  # WordPress slug (or name, for WXR 1.0) → Category
        self.category_parents = {}  # WordPress slug → parent's WordPress slug or name
        self.tags = {}  # lower-case name → Tag
        self.redirects = {}  # old path → new path, written in batches
        self.image_names = []  # featured images stored by this run
        # Which posts were imported before, read once: a new one needs no look-ups.
        self.known_posts = set(
            Article.objects.filter(wp_id__isnull=False).values_list("wp_id", flat=True)
        )

    # The run.

    def run(self, path):
        handlers = {
            "wp:author": self.author,
            "wp:category": self.term,
            "wp:tag": self.term,
            "wp:term": self.term,
            "item": self.item,
        }
        for kind, data in wxr.records(path):
            if kind in handlers:
                handlers[kind](data)
            if kind == "item" and self.progress is not None:
                self.progress.update()
        self.link_categories()
        self.flush_redirects()

    # Authors.

    def author(self, data, reason=""):
        login = data["login"] or data["name"]
        slug = nicename(login)
        found = (
            Author.objects.filter(wp_id=data["wp_id"]).first() if data["wp_id"] else None
        ) or Author.objects.filter(slug=slug).first()
        values = {"name": (data["name"] or login)[:120], "email": data["email"][:254]}
        if data["wp_id"] and not Author.objects.filter(wp_id=data["wp_id"]).exists():
            values["wp_id"] = data["wp_id"]
        self.authors[login], _ = self.save("authors", found, Author, values, slug, reason)
        self.redirect_archive(f"/author/{slug}/", self.authors[login])

    def author_for(self, login):
        """The author of an item; a login that was not declared still gets one."""
        login = login or DEFAULT_AUTHOR
        if login not in self.authors:
            self.author(
                {"wp_id": 0, "login": login, "email": "", "name": login},
                reason="not declared, named after the login",
            )
        return self.authors[login]

    # Categories and tags.

    def term(self, data):
        if data["taxonomy"] == "category":
            self.category(data)
        elif data["taxonomy"] == "post_tag":
            self.tag(data)
        else:
            self.report.count("terms", "skipped", f"taxonomy {data['taxonomy']}")

    def category(self, data, reason=""):
        slug = site_slug(data["slug"], data["name"], f"kategori-{data['wp_id']}", 120)
        found = (
            Category.objects.filter(wp_id=data["wp_id"]).first() if data["wp_id"] else None
        ) or Category.objects.filter(slug=slug).first()
        values = {
            "name": html.unescape(data["name"])[:100] or slug,
            "description": html.unescape(data["description"]),
        }
        if data["wp_id"] and not Category.objects.filter(wp_id=data["wp_id"]).exists():
            values["wp_id"] = data["wp_id"]
        category, _ = self.save("categories", found, Category, values, slug, reason)
        key = data["slug"] or data["name"]
        self.categories[key] = self.categories[data["name"]] = category
        self.category_parents[key] = data.get("parent", "")

    def category_for(self, wp_slug, name):
        key = wp_slug or name
        if key not in self.categories:
            self.category(
                {"wp_id": 0, "slug": wp_slug, "name": name, "description": ""},
                reason="not declared, found on posts",
            )
        return self.categories[key]

    def link_categories(self):
        """Give categories their parents (known once all are read) and their old addresses."""
        for key, parent_key in self.category_parents.items():
            category, parent = self.categories[key], self.categories.get(parent_key)
            if parent is not None and parent != category and category.parent_id != parent.pk:
                category.parent = parent
                category.save(update_fields=["parent"])
            self.redirect_archive(f"/category/{'/'.join(self.category_path(key))}/", category)
            self.redirect_archive(f"/category/{unquote(key)}/", category)

    def category_path(self, key):
        """The WordPress slugs from the top category down to `key`, as its address has them."""
        path = [unquote(key)]
        while (key := self.category_parents.get(key)) and len(path) < 20:
            path.insert(0, unquote(key))
        return path

    def tag(self, data, reason=""):
        name = tag_name(data["slug"], data["name"])
        if not name:
            self.report.count("tags", "skipped", "no name")
            return
        key = name.lower()
        if key in self.tags:
            self.report.count("tags", "unchanged", "same name as another, any capitalisation")
        else:
            found = Tag.objects.filter(name__iexact=name).first()
            self.report.count("tags", "unchanged" if found else "imported", reason)
            self.tags[key] = found or Tag.objects.for_name(name)
        tag = self.tags[key]
        wp_id = data.get("wp_id")
        if wp_id and tag.wp_id is None and not Tag.objects.filter(wp_id=wp_id).exists():
            tag.wp_id = wp_id
            tag.save(update_fields=["wp_id"])
        if data["slug"]:
            self.redirect_archive(f"/tag/{unquote(data['slug'])}/", tag)

    def tag_for(self, wp_slug, name):
        if tag_name(wp_slug, name).lower() not in self.tags:
            self.tag({"wp_id": 0, "slug": wp_slug, "name": name}, "not declared, found on posts")
        return self.tags.get(tag_name(wp_slug, name).lower())

    # Items.

    def item(self, item):
        if item.post_type == "post":
            self.article(item)
        elif item.post_type == "page":
            self.page(item)
        elif item.post_type == "attachment":
            pass  # read by scan(); imported where a post uses it
        else:
            reason = SKIPPED_POST_TYPES.get(item.post_type, f"post type {item.post_type}")
            self.report.count("other items", "skipped", reason)

    def public_status(self, item, kind):
        """The status an item gets here, or None when it is skipped (counted in the report)."""
        if item.status in SKIPPED_STATUSES:
            self.report.count(kind, "skipped", f"status {item.status}")
            if item.comments:
                self.report.count("comments", "skipped", "on a skipped item", len(item.comments))
            return None
        if item.password or item.status == "private":
            why = "password-protected" if item.password else "private"
            self.report.list(
                f"{kind} kept out of public view",
                f"{item.title} (WordPress id {item.wp_id}: {why})",
            )
            return Article.Status.DRAFT
        return STATUSES.get(item.status, Article.Status.DRAFT)

    def body(self, item):
        html_body, unknown = content.convert(
            item.content, gallery=self.gallery_images(item), upload_url=self.upload_url
        )
        for name, number in unknown.items():
            self.report.count("shortcodes left as text", "skipped", f"[{name}]", number)
        return clean_html(html_body)

    def upload_url(self, relative):
        try:
            return self.media.url(relative)
        except MediaProblem as problem:
            outcome = "refused" if "refused" in str(problem) else "skipped"
            self.report.count("files", outcome, str(problem))
            return None

    def gallery_images(self, item):
        def images(attributes):
            ids = attributes.get("ids") or attributes.get("include") or ""
            wanted = [wxr.number(part) for part in ids.split(",") if part.strip()]
            attachments = (
                [self.scanned.attachments[i] for i in wanted if i in self.scanned.attachments]
                if wanted
                else self.scanned.children(item.wp_id)
            )
            for attachment in attachments:
                if url := self.upload_url(attachment.file):
                    yield url, attachment.alt or attachment.title, attachment.caption

        return images

    def article(self, item):
        status = self.public_status(item, "posts")
        if status is None:
            return
        known = item.wp_id in self.known_posts
        found = Article.objects.filter(wp_id=item.wp_id).first() if known else None
        published_at = item.date or timezone.now()
        title = item.title.strip() or f"(WordPress {item.wp_id})"
        if len(title) > 200:
            self.report.list("posts with a title shortened to 200 characters", title)
        categories = [(slug, name) for taxonomy, slug, name in item.terms if taxonomy == "category"]
        values = {
            "title": title[:200],
            "excerpt": plain_text(item.excerpt)[:500],
            "body": self.body(item),
            "status": status,
            "published_at": published_at,
            "comments_open": item.comments_open,
            "is_sticky": item.is_sticky,
            "author": self.author_for(item.creator),
            "category": self.category_for(*(categories[0] if categories else DEFAULT_CATEGORY)),
        }
        if found is None:
            values["wp_id"] = item.wp_id
        slug = None if found else self.unique_slug(Article, item, title)
        article, outcome = self.save("posts", found, Article, values, slug)
        tags = [self.tag_for(slug, name) for kind, slug, name in item.terms if kind == "post_tag"]
        self.set_tags(article, {tag.pk for tag in tags if tag}, known)
        self.featured_image(article, item)
        if outcome != "unchanged":  # keep WordPress's dates, which save() replaced
            Article.objects.filter(pk=article.pk).update(
                created_at=published_at, updated_at=item.modified or published_at
            )
        self.comments(article, item, known)
        self.known_posts.add(item.wp_id)
        self.redirect_item(item, article.get_absolute_url(), "p")

    def unique_slug(self, model, item, title):
        base = site_slug(item.name, title, f"{model._meta.model_name}-{item.wp_id}")
        slug, number = base, 1
        while model.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base[: 200 - len(str(number)) - 1]}-{number}"
        return slug

    def set_tags(self, article, tag_ids, known=True):
        tagged = TaggedArticle.objects.filter(content_object=article)
        current = set(tagged.values_list("tag_id", flat=True)) if known else set()
        if current == tag_ids:
            return
        if known:
            tagged.exclude(tag_id__in=tag_ids).delete()
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag_id=pk, listed_at=article.listed_at)
            for pk in tag_ids - current
        )

    def featured_image(self, article, item):
        attachment = self.scanned.attachments.get(wxr.number(item.meta.get("_thumbnail_id")))
        if attachment is None or article.featured_image:
            return  # none, or already there (imported before, or chosen by an editor)
        try:
            image = self.media.open_image(attachment.file)
        except MediaProblem as problem:
            outcome = "refused" if "refused" in str(problem) else "skipped"
            self.report.count("featured images", outcome, str(problem))
            self.report.list("featured images not imported", f"{attachment.file}: {problem}")
            return
        with image:
            article.image_alt = (attachment.alt or attachment.title or article.title)[:250]
            article.image_caption = plain_text(attachment.caption)[:300]
            if self.media.dry_run:
                self.report.count("featured images", "imported")
                return
            article.featured_image.save(PurePosixPath(attachment.file).name, image, save=False)
            self.image_names.append(article.featured_image.name)
            article.save()  # its renditions are made once the import commits (news.signals)
        self.report.count("featured images", "imported")

    def page(self, item):
        status = self.public_status(item, "pages")
        if status is None:
            return
        found = Page.objects.filter(wp_id=item.wp_id).first()
        values = {
            "title": (item.title.strip() or f"(WordPress {item.wp_id})")[:200],
            "body": self.body(item),
            "published": status == Article.Status.PUBLISHED
            and not item.password
            and item.status != "private",
        }
        if found is None:
            values["wp_id"] = item.wp_id
        slug = None if found else self.unique_slug(Page, item, values["title"])
        page, _ = self.save("pages", found, Page, values, slug)
        if item.comments:
            self.report.count("comments", "skipped", "on a page", len(item.comments))
        self.redirect_item(item, page.get_absolute_url(), "page_id")

    def save(self, kind, found, model, values, slug=None, reason=""):
        """Create the row, or update the fields of `found` that changed; count which.

        Returns the row and the outcome ("imported", "updated" or "unchanged").
        """
        if found is None:
            row = model(**values, **({"slug": slug} if slug else {}))
            row.save()
            self.report.count(kind, "imported", reason)
            return row, "imported"
        changed = [name for name, value in values.items() if differs(found, name, value)]
        for name in changed:
            setattr(found, name, values[name])
        if changed:
            found.save()
        outcome = "updated" if changed else "unchanged"
        self.report.count(kind, outcome)
        return found, outcome

    # Comments.

    def comments(self, article, item, known=True):
        wanted = []
        for comment in item.comments:
            if comment.type in {"", "comment"}:
                wanted.append(comment)
            else:
                self.report.count("comments", "skipped", f"{comment.type or 'unknown type'}")
        if not wanted:
            return
        ids = [comment.wp_id for comment in wanted]
        existing = {c.wp_id: c for c in Comment.objects.filter(wp_id__in=ids)} if known else {}
        by_id = {comment.wp_id: comment for comment in wanted}
        saved = {}
        for level in thread_levels(wanted, by_id):
            new = []
            for comment in level:
                parent = saved.get(comment.parent)
                row = self.comment_row(article, comment, parent, existing.get(comment.wp_id))
                if row.pk is None:
                    new.append(row)
                saved[comment.wp_id] = row
            Comment.objects.bulk_create(new)
            self.report.count("comments", "imported", number=len(new))

    def comment_row(self, article, comment, parent, found):
        values = {
            "article": article,
            "parent": parent,
            # bulk_create skips Comment.save(): the same derived fields, set here.
            "depth": parent.depth + 1 if parent else 0,
            "name": (plain_text(comment.author) or "Anonim")[:245],
            "email": comment.email.strip().lower()[:100],
            "website": comment.url[:200] if comment.url.startswith(("http://", "https://")) else "",
            "body": plain_text(comment.content),
            "status": COMMENT_STATUSES.get(comment.approved, Comment.Status.PENDING),
            "ip_address": valid_ip(comment.ip),
            "created_at": comment.date or timezone.now(),
            "moderation_reason": Comment.Reason.IMPORTED,
        }
        if found is None:
            return Comment(wp_id=comment.wp_id, **values)
        changed = [name for name, value in values.items() if differs(found, name, value)]
        for name in changed:
            setattr(found, name, values[name])
        if changed:
            found.save(update_fields=changed)
        self.report.count("comments", "updated" if changed else "unchanged")
        return found

    # Old addresses.

    def redirect_item(self, item, new_path, query_name):
        if item.link:
            self.add_redirect(old_path(item.link), new_path)
        self.add_redirect(f"/?{query_name}={item.wp_id}", new_path)

    def redirect_archive(self, path, row):
        url = row.get_absolute_url()
        self.add_redirect(path, url)
        self.add_redirect(f"{path}feed/", f"{url}feed/")

    def add_redirect(self, old, new):
        if old and old != new and old != "/":
            self.redirects[old[:500]] = new
        if len(self.redirects) >= REDIRECT_BATCH:
            self.flush_redirects()

    def flush_redirects(self):
        if not self.redirects:
            return
        known = dict(
            Redirect.objects.filter(old_path__in=self.redirects).values_list("old_path", "new_path")
        )
        for old, new in self.redirects.items():
            if old not in known:
                self.report.count("old addresses", "imported")
            else:
                self.report.count("old addresses", "unchanged" if known[old] == new else "updated")
        Redirect.objects.bulk_create(
            [Redirect(old_path=old, new_path=new) for old, new in self.redirects.items()],
            update_conflicts=True,
            unique_fields=["old_path"],
            update_fields=["new_path"],
        )
        self.redirects = {}


def thread_levels(comments, by_id):
    """The comments grouped by depth, top level first, so parents are saved before replies.

    A reply whose parent is missing (not exported, or a pingback) starts a thread of its own;
    a loop of parents is broken where it is found.
    """
    depths = {}

    def depth(comment, seen=()):
        if comment.wp_id not in depths:
            parent = by_id.get(comment.parent)
            if parent is None or parent.wp_id in seen or parent is comment:
                depths[comment.wp_id] = 0
                comment.parent = 0
            else:
                depths[comment.wp_id] = depth(parent, (*seen, comment.wp_id)) + 1
        return depths[comment.wp_id]

    levels = {}
    for comment in comments:
        levels.setdefault(depth(comment), []).append(comment)
    return [levels[level] for level in sorted(levels)]


def differs(row, name, value):
    """Whether `row.name` is not `value`, comparing foreign keys by id (no query)."""
    if isinstance(value, Model) or value is None and row._meta.get_field(name).is_relation:
        return getattr(row, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(row, name) != value


def valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
