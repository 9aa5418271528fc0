"""Featured images: what an upload must be, and the renditions pages show.

Renditions are made once, when an article's stored image changes, by a task that runs after
the save commits (see `news.signals`, `news.tasks`), and written under
`renditions/<image path without extension>/<name>.<webp|jpg|png>`. Pages read their sizes from
the article row and never open an image file; until the renditions exist they show the
original image.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .cache import WHOLE_SITE, content_changed, tags_of

ALLOWED_FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]
ALLOWED_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
ARTICLE_IMAGE_FOLDER = "articles"  # the first part of Article.featured_image's upload_to

# name: (width, height); a height of None keeps the image's proportions and never enlarges it.
RENDITIONS = {
    "thumb": (480, None),
    "medium": (960, None),
    "large": (1440, None),
    "social": (1200, 630),
}
SAVE_OPTIONS = {
    "webp": {"format": "WEBP", "quality": 80},
    "jpg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    "png": {"format": "PNG", "optimize": True},
}
# How an upload is stored again without its metadata, by format.
ORIGINAL_SAVE_OPTIONS = {
    "JPEG": {"quality": 92},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}
# Image information that is about the pixels, not about the camera, place or person.
KEPT_INFO = ["transparency", "icc_profile"]


def check_upload(upload):
    """Raise ValidationError unless `upload` is a JPEG, PNG, WebP or GIF within the limits.

    The size in bytes and in pixels is checked before any pixel is decoded, so a small file
    that would unpack to gigabytes (a decompression bomb) is refused without unpacking it.
    """
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s MB."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": max_bytes // 2**20},
        )
    max_pixels = settings.IMAGE_UPLOAD_MAX_PIXELS
    too_many_pixels = ValidationError(
        _("The image has too many pixels; at most %(limit)s megapixels are allowed."),
        code="too_many_pixels",
        params={"limit": max_pixels // 1_000_000},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as image:  # reads the header only
                if image.width * image.height > max_pixels:
                    raise too_many_pixels
                image.verify()
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as image:
                image.load()  # a truncated file fails here, not later when renditions are made
            check_proportions(image.width, image.height)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many types for files it cannot read
        raise ValidationError(
            _("This file is not a usable image. Upload a JPEG, PNG, WebP or GIF image."),
            code="not_an_image",
        ) from error
    finally:
        upload.seek(0)


def check_proportions(width, height):
    """Refuse an image too narrow, too low or too elongated to make every rendition from."""
    min_side = settings.IMAGE_UPLOAD_MIN_SIDE
    max_ratio = settings.IMAGE_UPLOAD_MAX_ASPECT_RATIO
    if min(width, height) < min_side or max(width, height) > max_ratio * min(width, height):
        raise ValidationError(
            _(
                "The image is %(width)s×%(height)s pixels; each side must be at least "
                "%(min_side)s pixels and the long side at most %(ratio)s times the short one."
            ),
            code="proportions",
            params={"width": width, "height": height, "min_side": min_side, "ratio": max_ratio},
        )


def without_metadata(upload):
    """The checked `upload` stored again with only its pixels: no EXIF, XMP, GPS or comments.

    The camera's orientation is applied first, so the picture stays the right way up. An
    animated GIF keeps its first frame only, the one renditions are made from anyway.
    """
    with Image.open(upload, formats=ALLOWED_FORMATS) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        kept = {key: original.info[key] for key in KEPT_INFO if key in original.info}
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, image_format, **kept, **ORIGINAL_SAVE_OPTIONS[image_format])
    upload.seek(0)
    return SimpleUploadedFile(upload.name, buffer.getvalue(), upload.content_type)


def rendition_folder(image_name):
    return str(PurePosixPath("renditions") / PurePosixPath(image_name).with_suffix(""))


def rendition_name(image_name, rendition, extension):
    return f"{rendition_folder(image_name)}/{rendition}.{extension}"


def make_renditions(image_file):
    """Write the renditions of a stored image; return what pages need to show them."""
    with image_file.open("rb"), Image.open(image_file) as original:
        transparent = original.has_transparency_data
        image = ImageOps.exif_transpose(original).convert("RGBA" if transparent else "RGB")
    fallback = "png" if transparent else "jpg"
    storage, sizes = image_file.storage, {}
    for rendition, (width, height) in RENDITIONS.items():
        if height:
            picture = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
        else:
            width = min(width, image.width)
            if width in [size[0] for size in sizes.values()]:
                continue  # the image is narrower than this rendition: the last one covers it
            picture = image.resize(
                (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS
            )
        for extension in ["webp", fallback]:
            name = rendition_name(image_file.name, rendition, extension)
            buffer = io.BytesIO()
            picture.save(buffer, **SAVE_OPTIONS[extension])
            storage.delete(name)
            storage.save(name, ContentFile(buffer.getvalue()))
        sizes[rendition] = [picture.width, picture.height]
    return {"source": image_file.name, "fallback": fallback, "sizes": sizes}


def owns_file(image_name, media_path):
    """Whether `media_path` is the image called `image_name` or one of its renditions."""
    return media_path == image_name or (
        bool(image_name) and str(PurePosixPath(media_path).parent) == rendition_folder(image_name)
    )


def image_name_prefix(media_path):
    """The start every name of the image `media_path` belongs to shares, or None.

    `articles/2026/05/apel.jpg` is an image itself; `renditions/articles/2026/05/apel/thumb.webp`
    belongs to an image whose name starts with `articles/2026/05/apel.`. Other paths (authors'
    photos) belong to no article.
    """
    path = PurePosixPath(media_path)
    if path.parts[:1] == (ARTICLE_IMAGE_FOLDER,):
        return media_path
    if path.parts[:2] == ("renditions", ARTICLE_IMAGE_FOLDER) and len(path.parts) > 3:
        return f"{PurePosixPath(*path.parts[1:-1])}."
    return None


def delete_image_files(storage, image_name):
    """Remove an image and all its renditions from `storage`."""
    storage.delete(image_name)
    folder = rendition_folder(image_name)
    if storage.exists(folder):
        for filename in storage.listdir(folder)[1]:
            storage.delete(f"{folder}/{filename}")


def renditions_outdated(article):
    """Whether the article's renditions were made from another image than its current one."""
    return (article.featured_image.name or "") != article.image_renditions.get("source", "")


def sync_renditions(article):
    """Make renditions when the article's image changed, and remove the replaced image's files.

    Run by the task `news.tasks.make_renditions` after the article's save committed. The
    renditions are stored only if the image is still the one they were made from. The replaced
    files are removed only once the transaction commits, so a rolled-back save keeps the image
    the article still points to.
    """
    if not renditions_outdated(article):
        return
    current = article.featured_image.name or ""
    previous = article.image_renditions.get("source", "")
    article.image_renditions = make_renditions(article.featured_image) if current else {}
    stored = (
        type(article)
        .objects.filter(pk=article.pk, featured_image=current)
        .update(image_renditions=article.image_renditions)
    )
    if stored:  # pages cached since the save show the original: its page and every list
        content_changed(WHOLE_SITE, *tags_of(article))
    if previous:
        storage = article.featured_image.storage
        transaction.on_commit(lambda: delete_image_files(storage, previous))


def has_renditions(article):
    """Whether the renditions of the article's current image are made."""
    return article.image_renditions.get("source") == article.featured_image.name


def picture_sources(article, renditions):
    """The srcsets, fallback URL and size of a <picture> made of the named renditions."""
    stored = article.image_renditions
    names = [name for name in renditions if name in stored.get("sizes", {})]
    if not names or not has_renditions(article):
        return None
    storage = article.featured_image.storage

    def srcset(extension):
        return ", ".join(
            f"{storage.url(rendition_name(stored['source'], name, extension))} "
            f"{stored['sizes'][name][0]}w"
            for name in names
        )

    width, height = stored["sizes"][names[0]]
    return {
        "webp_srcset": srcset("webp"),
        "srcset": srcset(stored["fallback"]),
        "src": storage.url(rendition_name(stored["source"], names[0], stored["fallback"])),
        "width": width,
        "height": height,
    }
