"""Featured images: what an upload must be, and the renditions pages show.

Renditions are made once, when an article's stored image changes (see `news.signals`), and
written under `renditions/<image path without extension>/<name>.<webp|jpg|png>`. Pages read
their sizes from the article row and never open an image file.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]
ALLOWED_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]

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


class StoredSizeImageField(models.ImageField):
    """An ImageField that never opens its file to learn the size of an image already stored.

    Django's ImageField opens the file of every loaded row whose width or height is empty;
    here the size is read only when a file is assigned, or on save when it is still missing.
    """

    def update_dimension_fields(self, instance, force=False, **kwargs):
        if force:
            super().update_dimension_fields(instance, force=True)

    def pre_save(self, instance, add):
        file = super().pre_save(instance, add)
        if file and getattr(instance, self.width_field) is None:
            super().update_dimension_fields(instance, force=True)
        return file


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


def delete_image_files(storage, image_name):
    """Remove an image and all its renditions from `storage`."""
    storage.delete(image_name)
    folder = rendition_folder(image_name)
    if storage.exists(folder):
        for filename in storage.listdir(folder)[1]:
            storage.delete(f"{folder}/{filename}")


def sync_renditions(article):
    """Make renditions when the article's image changed, and remove the replaced image's files.

    The replaced files are removed only once the transaction commits, so a rolled-back save
    keeps the image the article still points to.
    """
    current = article.featured_image.name or ""
    previous = article.image_renditions.get("source", "")
    if current == previous:
        return
    article.image_renditions = make_renditions(article.featured_image) if current else {}
    type(article).objects.filter(pk=article.pk).update(image_renditions=article.image_renditions)
    if previous:
        storage = article.featured_image.storage
        transaction.on_commit(lambda: delete_image_files(storage, previous))


def picture_sources(article, renditions):
    """The srcsets, fallback URL and size of a <picture> made of the named renditions."""
    stored = article.image_renditions
    names = [name for name in renditions if name in stored.get("sizes", {})]
    if not names or stored.get("source") != article.featured_image.name:
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
