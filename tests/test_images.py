"""Featured images through the admin: upload checks, renditions, alt text and file clean-up."""

import io
import os
import struct
import zlib
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from news import images
from news.images import rendition_name
from news.models import Article
from news.preview import preview_url

from .factories import ArticleFactory, AuthorFactory, CategoryFactory
from .test_admin import article_form_data

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "bukan gambar yang dapat dipakai"
TOO_MANY = "paling banyak 40 megapiksel"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """An empty media folder of its own, so a test can list every file written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def media_files(media):
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def image_bytes(fmt="JPEG", size=(1600, 900), mode="RGB", color=(11, 61, 145)):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt)
    return buffer.getvalue()


def upload(content, name="foto.jpg"):
    return SimpleUploadedFile(name, content)


def png_claiming(width, height):
    """A valid, tiny PNG whose header claims `width`×`height` pixels: a decompression bomb."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def noise_png(megabytes):
    """A real PNG of random pixels (incompressible), a little over `megabytes` MB."""
    side = int((megabytes * 2**20 / 3) ** 0.5) + 50
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def post_article(client, image=None, article=None, **overrides):
    """Send the article form as the admin does, with `image` as the featured image."""
    data = article_form_data(CategoryFactory(), AuthorFactory(), **overrides)
    if image is not None:
        data["featured_image"] = image
    url = (
        reverse("admin:news_article_change", args=[article.pk])
        if article
        else reverse("admin:news_article_add")
    )
    return client.post(url, data)


def field_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


def stored_article(editor_client, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_article(editor_client, image_alt="Foto kegiatan", **kwargs)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get()


def renditions_on_disk(media, article):
    stored = article.image_renditions
    return {
        name: Image.open(media / rendition_name(stored["source"], name, extension)).size
        for name in stored["sizes"]
        for extension in ["webp", stored["fallback"]]
    }


class TestUpload:
    def test_renditions_are_made_once_at_upload(
        self, editor_client, media, django_capture_on_commit_callbacks
    ):
        """A JPEG upload gets 480/960/1440 wide and 1200×630 renditions in WebP and JPEG."""
        article = stored_article(
            editor_client,
            django_capture_on_commit_callbacks,
            image=upload(image_bytes(size=(2000, 1000))),
        )
        name = article.featured_image.name
        assert name.startswith("articles/") and name.endswith("foto.jpg")
        assert (article.featured_image_width, article.featured_image_height) == (2000, 1000)
        assert article.image_renditions["fallback"] == "jpg"
        assert renditions_on_disk(media, article) == {
            "thumb": (480, 240),
            "medium": (960, 480),
            "large": (1440, 720),
            "social": (1200, 630),
        }
        folder = name.removesuffix(".jpg")
        assert media_files(media) == sorted(
            [name]
            + [
                f"renditions/{folder}/{rendition}.{extension}"
                for rendition in ["thumb", "medium", "large", "social"]
                for extension in ["webp", "jpg"]
            ]
        )

    def test_transparent_png_falls_back_to_png(
        self, editor_client, media, django_capture_on_commit_callbacks
    ):
        """Images with transparency keep it: the fallback is PNG, not JPEG."""
        png = image_bytes("PNG", size=(1000, 500), mode="RGBA", color=(0, 0, 0, 0))
        article = stored_article(
            editor_client, django_capture_on_commit_callbacks, image=upload(png, "logo.png")
        )
        assert article.image_renditions["fallback"] == "png"
        assert article.social_image_url.endswith("/logo/social.png")
        assert (
            Image.open(media / rendition_name(article.featured_image.name, "thumb", "png")).mode
            == "RGBA"
        )

    def test_small_image_is_never_enlarged(
        self, editor_client, media, django_capture_on_commit_callbacks
    ):
        """An image narrower than a rendition is kept at its own width, once."""
        article = stored_article(
            editor_client,
            django_capture_on_commit_callbacks,
            image=upload(image_bytes(size=(700, 350))),
        )
        assert article.image_renditions["sizes"] == {
            "thumb": [480, 240],
            "medium": [700, 350],
            "social": [1200, 630],
        }

    @pytest.mark.parametrize(
        ("fmt", "name"), [("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")]
    )
    def test_other_allowed_formats(
        self, editor_client, media, django_capture_on_commit_callbacks, fmt, name
    ):
        """PNG, WebP and GIF are accepted like JPEG."""
        article = stored_article(
            editor_client,
            django_capture_on_commit_callbacks,
            image=upload(image_bytes(fmt, mode="RGB" if fmt != "GIF" else "P"), name),
        )
        assert set(article.image_renditions["sizes"]) == {"thumb", "medium", "large", "social"}


class TestRefusedUploads:
    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (lambda: b"Ini bukan gambar, hanya teks biasa.", "foto.jpg", NOT_AN_IMAGE),
            (lambda: image_bytes("BMP", size=(40, 30)), "foto.jpg", NOT_AN_IMAGE),
            (lambda: image_bytes("TIFF", size=(40, 30)), "foto.jpg", NOT_AN_IMAGE),
            (lambda: image_bytes("PNG", size=(40, 30))[:60], "foto.png", NOT_AN_IMAGE),
            (lambda: SVG, "a.svg", NOT_AN_IMAGE),
            (lambda: image_bytes(size=(8000, 5001), mode="L", color=0), "besar.jpg", TOO_MANY),
            (lambda: png_claiming(30000, 30000), "bom.png", TOO_MANY),
            (lambda: png_claiming(9500, 9500), "bom.png", TOO_MANY),
        ],
        ids=["text", "bmp", "tiff", "truncated", "svg", "48-megapixels", "bomb", "bomb-warning"],
    )
    def test_refused_with_a_field_error_and_nothing_stored(
        self, editor_client, media, content, name, message
    ):
        """Non-images, other formats and decompression bombs are refused; no file is kept."""
        response = post_article(
            editor_client, image=upload(content(), name), image_alt="Foto kegiatan"
        )
        assert response.status_code == 200
        errors = field_errors(response, "featured_image")
        assert any(message in error for error in errors), errors
        assert not Article.objects.exists()
        assert media_files(media) == []

    @pytest.mark.slow
    def test_file_over_ten_megabytes_is_refused(self, editor_client, media):
        """A real image over 10 MB is refused with its size in the message; no file is kept."""
        content = noise_png(10.2)
        assert len(content) > 10 * 2**20
        response = post_article(editor_client, image=upload(content, "besar.png"), image_alt="Foto")
        [error] = field_errors(response, "featured_image")
        assert "paling besar 10 MB" in error
        assert not Article.objects.exists()
        assert media_files(media) == []

    def test_alt_text_is_required_with_an_image(self, editor_client, media):
        """An image without alt text is refused, with the error beside the alt text field."""
        response = post_article(editor_client, image=upload(image_bytes()), image_alt=" ")
        assert response.status_code == 200
        [error] = field_errors(response, "image_alt")
        assert error.startswith("Teks alternatif wajib diisi")
        assert '<ul class="errorlist" id="id_image_alt_error"><li>Teks alternatif' in response.text
        assert not Article.objects.exists()
        assert media_files(media) == []

    def test_no_alt_text_needed_without_an_image(self, editor_client):
        """Articles without an image need no alt text."""
        assert post_article(editor_client).status_code == 302


class TestReplaceAndDelete:
    @pytest.fixture
    def article(self, editor_client, django_capture_on_commit_callbacks):
        return stored_article(
            editor_client, django_capture_on_commit_callbacks, image=upload(image_bytes())
        )

    def test_replacing_removes_old_file_and_renditions(
        self, editor_client, media, article, django_capture_on_commit_callbacks
    ):
        """A new image replaces the old file and its renditions on disk."""
        old_files = media_files(media)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_article(
                editor_client,
                image=upload(image_bytes(size=(1200, 800), color=(200, 0, 0)), "baru.jpg"),
                article=article,
                image_alt="Foto baru",
            )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.featured_image.name.endswith("baru.jpg")
        files = media_files(media)
        assert not set(old_files) & set(files)
        assert len(files) == 9 and all("baru" in path for path in files)

    def test_clearing_the_image_removes_every_file(
        self, editor_client, media, article, django_capture_on_commit_callbacks
    ):
        """Ticking "clear" removes the image and its renditions."""
        with django_capture_on_commit_callbacks(execute=True):
            response = post_article(
                editor_client, article=article, **{"featured_image-clear": "on"}
            )
        assert response.status_code == 302
        article.refresh_from_db()
        assert not article.featured_image and article.image_renditions == {}
        assert media_files(media) == []

    def test_deleting_the_article_removes_every_file(
        self, editor_client, media, article, django_capture_on_commit_callbacks
    ):
        """Deleting the article in the admin removes its image and renditions."""
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"}
            )
        assert response.status_code == 302
        assert media_files(media) == []

    def test_saving_without_a_new_image_keeps_everything(
        self, editor_client, media, article, django_capture_on_commit_callbacks
    ):
        """Editing the text leaves the image and its renditions untouched."""
        files = media_files(media)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_article(
                editor_client, article=article, title="Judul baru", image_alt="Foto"
            )
        assert response.status_code == 302
        assert media_files(media) == files


class TestPages:
    @pytest.fixture
    def article(self, editor_client, django_capture_on_commit_callbacks):
        return stored_article(
            editor_client,
            django_capture_on_commit_callbacks,
            image=upload(image_bytes(size=(1600, 900))),
            image_caption="Apel pagi.",
            image_credit="Foto: Humas",
        )

    def test_card_uses_picture_with_srcset_sizes_and_dimensions(self, client, article):
        """The list card offers WebP and JPEG thumbnails at 480 and 960 wide, sized, lazily."""
        html = client.get(article.category.get_absolute_url()).text
        picture = article.card_picture
        assert f'<source type="image/webp" srcset="{picture["webp_srcset"]}"' in html
        assert picture["webp_srcset"].endswith("/medium.webp 960w")
        assert " 480w, " in picture["srcset"] and picture["srcset"].endswith("/medium.jpg 960w")
        assert f'src="{picture["src"]}" srcset="{picture["srcset"]}" sizes="' in html
        assert 'width="480" height="270" loading="lazy"' in html

    def test_article_page_uses_large_renditions_and_credit(self, client, article):
        """The article page offers 960 and 1440 wide images, eagerly, with caption and credit."""
        html = client.get(article.get_absolute_url()).text
        picture = article.page_picture
        assert picture["srcset"].endswith("/large.jpg 1440w")
        assert f'srcset="{picture["webp_srcset"]}" sizes="(min-width: 49rem) 45rem, 100vw"' in html
        assert 'width="960" height="540" fetchpriority="high">' in html
        assert '<span class="credit">Foto: Humas</span>' in html and "Apel pagi." in html

    def test_pages_show_the_renditions_once_they_are_made(
        self, client, editor_client, django_capture_on_commit_callbacks
    ):
        """The renditions are made after the save commits: a page cached in between shows the
        original image, and the renditions from the next request on."""
        with django_capture_on_commit_callbacks():  # the renditions task is not run
            post_article(editor_client, image_alt="Foto kegiatan", image=upload(image_bytes()))
        article = Article.objects.get()
        assert "/large.jpg" not in client.get(article.get_absolute_url()).text
        images.sync_renditions(article)
        assert "/large.jpg 1440w" in client.get(article.get_absolute_url()).text

    def test_social_image_url(self, article):
        """The 1200×630 social image has a stable URL under media."""
        expected = rendition_name(article.featured_image.name, "social", "jpg")
        assert article.social_image_url == f"/media/{expected}"

    def test_page_views_never_open_image_files(self, client, article):
        """Pages read sizes from the database: no image file is opened while rendering."""
        urls = [
            reverse("news:home"),
            article.get_absolute_url(),
            article.category.get_absolute_url(),
            reverse("news:tag", args=["lalulintas"]),
        ]
        article = Article.objects.get()
        with (
            mock.patch.object(FileSystemStorage, "open", side_effect=AssertionError("open")),
            mock.patch("PIL.Image.open", side_effect=AssertionError("Image.open")),
        ):
            for url in urls:
                assert client.get(url).status_code == 200, url

    def test_image_without_renditions_shows_the_original(self, client, media):
        """An image stored before renditions existed is shown (and previewed) as it is."""
        article = ArticleFactory(image_alt="Foto lama")
        Article.objects.filter(pk=article.pk).update(
            featured_image="articles/lama.jpg", featured_image_width=800, featured_image_height=600
        )
        article = Article.objects.get(pk=article.pk)
        html = client.get(article.get_absolute_url()).text
        assert (
            '<img src="/media/articles/lama.jpg" alt="Foto lama" width="800" height="600" '
            'fetchpriority="high">' in html
        )
        assert article.social_image_url == "/media/articles/lama.jpg"


class TestBodyImagePicker:
    def test_lists_article_images_for_the_editor(
        self, editor_client, media, django_capture_on_commit_callbacks
    ):
        """The editor's "Browse" window offers each article image's 960 wide version."""
        article = stored_article(
            editor_client,
            django_capture_on_commit_callbacks,
            image=upload(image_bytes()),
            image_caption="Apel pagi.",
        )
        ArticleFactory(title="Tanpa gambar")
        response = editor_client.get(reverse("image_picker"), {"CKEditorFuncNum": "-1"})
        assert response.status_code == 200
        assert list(response.context["object_list"]) == [article]
        assert f'data-url="{article.page_picture["src"]}"' in response.text
        assert 'data-alt="Foto kegiatan" data-caption="Apel pagi."' in response.text

    def test_body_editor_is_configured_with_the_picker(self, editor_client):
        """The figure dialog of the body editor opens the picker."""
        html = editor_client.get(reverse("admin:news_article_add")).text
        assert f"&quot;pickerUrl&quot;:&quot;{reverse('image_picker')}&quot;" in html

    def test_only_for_staff_who_edit_articles(self, moderator_client):
        """Readers are sent to the login page; a moderator is refused."""
        assert Client().get(reverse("image_picker")).status_code == 302
        assert moderator_client.get(reverse("image_picker")).status_code == 403


def jpeg_with_camera_data():
    """A 1600×900 JPEG a phone would send: turned by its orientation tag, with GPS and make."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise: 900×1600
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (6.0, 12.0, 30.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (11, 61, 145)).save(
        buffer, "JPEG", exif=exif, comment=b"Lokasi rahasia"
    )
    return buffer.getvalue()


class TestPrivacy:
    @pytest.fixture
    def draft(self, editor_client, django_capture_on_commit_callbacks):
        return stored_article(
            editor_client,
            django_capture_on_commit_callbacks,
            image=upload(jpeg_with_camera_data()),
            status=Article.Status.DRAFT,
        )

    def test_stored_original_has_no_camera_data_and_is_upright(self, media, draft):
        """EXIF (GPS, camera make), and comments are gone; the orientation is applied."""
        with Image.open(media / draft.featured_image.name) as stored:
            assert stored.size == (900, 1600)
            assert dict(stored.getexif()) == {}
            assert "exif" not in stored.info and "comment" not in stored.info
        assert (draft.featured_image_width, draft.featured_image_height) == (900, 1600)
        assert b"Canon" not in (media / draft.featured_image.name).read_bytes()

    def test_a_drafts_images_are_not_reachable_by_readers(self, editor_client, draft):
        """Neither the original nor any rendition of a draft's image has a public address;
        the same addresses work for the editor, so the files are there."""
        reader = Client()
        urls = [draft.featured_image.url, *rendition_urls(draft)]
        urls += [url.replace("/media/", "/media/authors/../") for url in urls]
        assert [reader.get(url).status_code for url in urls] == [404] * len(urls)
        assert [editor_client.get(url).status_code for url in urls] == [200] * len(urls)

    def test_staff_see_a_drafts_images(self, editor_client, draft):
        """The editor's preview and image picker still show them, never cached."""
        response = editor_client.get(rendition_urls(draft)[0])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert "no-store" in response["Cache-Control"]
        assert editor_client.get(draft.featured_image.url).status_code == 200

    def test_a_shared_preview_shows_its_images(self, draft):
        """Whoever opens the shared preview link sees that draft's images."""
        visitor = Client()
        assert visitor.get(rendition_urls(draft)[0]).status_code == 404
        assert visitor.get(preview_url(draft)).status_code == 200
        assert visitor.get(rendition_urls(draft)[0]).status_code == 200

    def test_published_renditions_are_public_the_original_is_not(self, draft):
        """Once published, pages' renditions are public; the uploaded original stays private."""
        draft.publish()
        draft.save()
        reader = Client()
        urls = rendition_urls(draft)
        assert [reader.get(url).status_code for url in urls] == [200] * len(urls)
        assert reader.get(draft.featured_image.url).status_code == 404

    def test_a_published_original_is_shown_while_it_has_no_renditions(self, draft):
        """Pages fall back to the original until renditions are made; readers may load it."""
        draft.publish()
        draft.save()
        Article.objects.filter(pk=draft.pk).update(image_renditions={})
        draft.refresh_from_db()
        html = Client().get(draft.get_absolute_url()).text
        assert f'<img src="{draft.featured_image.url}"' in html
        assert Client().get(draft.featured_image.url).status_code == 200

    def test_other_uploads_and_odd_paths(self, media):
        """Authors' photos stay public; unknown or absurd media paths are 4xx, never 500."""
        (media / "authors").mkdir(parents=True)
        (media / "authors" / "a.jpg").write_bytes(image_bytes(size=(60, 60)))
        reader = Client(raise_request_exception=False)
        assert reader.get("/media/authors/a.jpg").status_code == 200
        for path in ["renditions/articles/x/thumb.webp", "articles/../../etc/passwd", "a" * 3000]:
            assert reader.get(f"/media/{path}").status_code in (400, 404)


def rendition_urls(article):
    picture = article.page_picture
    return [entry.split()[0] for entry in picture["webp_srcset"].split(", ")] + [picture["src"]]


@pytest.mark.parametrize(
    ("fmt", "size"), [("GIF", (10799, 10)), ("PNG", (10, 2000)), ("JPEG", (2000, 150))]
)
def test_extreme_proportions_are_refused_and_nothing_is_stored(editor_client, media, fmt, size):
    """A 10799×10 GIF (or any image no rendition can be made of) gets a message by the field."""
    files_before = media_files(media)
    name = f"strip.{fmt.lower()}"
    mode = "P" if fmt == "GIF" else "RGB"
    response = post_article(
        editor_client, image=upload(image_bytes(fmt, size=size, mode=mode), name), image_alt="x"
    )
    assert response.status_code == 200
    [error] = field_errors(response, "featured_image")
    assert f"{size[0]}×{size[1]} piksel" in error
    assert media_files(media) == files_before
    assert not Article.objects.exists()
