"""manage.py import_wordpress: a WordPress export (WXR) comes across whole, safely, and once."""

import io
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from comments.models import Comment
from news.models import Article, Author, Category, Page, Redirect, Tag
from news.wordpress.content import autop, convert

from .factories import ArticleFactory
from .wxr import WXR
from .wxr import Comment as C

pytestmark = pytest.mark.django_db

RTL_TITLE = "Kapolda \u202bمرحبا\u202c bertemu\u200b warga Jose\u0301"
ENCODED_SLUG = "%d8%b3%d9%84%d8%a7%d9%85-caf%c3%a9-jakarta"  # "سلام-café-jakarta"
CLASSIC_BODY = (
    "Polisi menangkap tersangka.\nDi Jakarta.\n\n"
    '[caption id="attachment_90" align="alignnone" width="300"]'
    '<img src="https://lama.example/wp-content/uploads/2013/01/foto.jpg" alt="Foto" '
    'width="300" height="200" /> Petugas di lokasi[/caption]\n\n'
    "Kalimat terakhir ]]> tetap utuh."
)
BLOCK_BODY = (
    "<!-- wp:paragraph -->\n<p>Paragraf blok.</p>\n<!-- /wp:paragraph -->\n\n"
    '<!-- wp:gallery {"linkTo":"none"} -->\n[gallery ids="90,91"]\n<!-- /wp:gallery -->\n'
    '[contact-form-7 id="5"] [embed]https://www.youtube.com/watch?v=abc[/embed]'
)


def build_export(version="1.2"):
    """A small site with one of everything the issue lists."""
    export = WXR(version)
    export.author("budi.s", "Budi Santoso", "budi@example.com", author_id=2)
    export.category("berita", "Berita", term_id=1, description="Semua berita")
    export.category("kriminal", "Kriminal", parent="berita", term_id=2)
    export.category("narkoba", "Narkoba", parent="kriminal", term_id=3)
    export.tag("polda-metro-jaya", "Polda Metro Jaya", term_id=10)
    export.term("nav_menu", "utama", "Menu Utama")
    thread = [C(id=1000, content="Akar")] + [
        C(id=1000 + depth, content=f"Balasan {depth}", parent=1000 + depth - 1)
        for depth in range(1, 10)
    ]
    export.item(
        1,
        title=RTL_TITLE,
        name=ENCODED_SLUG,
        link=f"https://lama.example/2013/01/11/{ENCODED_SLUG}/",
        content=CLASSIC_BODY,
        excerpt="Ringkasan <b>pendek</b>.",
        creator="budi.s",
        sticky=True,
        terms=[
            ("category", "narkoba", "Narkoba"),
            ("post_tag", "polda-metro-jaya", "Polda Metro Jaya"),
            ("post_tag", "POLRI", "POLRI"),
        ],
        meta={"_thumbnail_id": "90"},
        comments=[
            *thread,
            C(id=1100, content="Menunggu moderasi", approved="0"),
            C(id=1101, content="Obat murah", approved="spam"),
            C(id=1102, content="Dibuang", approved="trash"),
            C(id=1103, content="Pingback", type="pingback"),
            C(id=1104, content="Trackback", type="trackback"),
        ],
    )
    export.item(
        2,
        title="Terjadwal",
        status="future",
        date="2040-01-01 08:00:00",
        date_gmt="2040-01-01 01:00:00",
        content=BLOCK_BODY,
        terms=[("category", "baru", "Kategori Baru"), ("post_tag", "polri", "Polri")],
        creator="tamu",
    )
    export.item(3, title="Draf", status="draft", date_gmt="0000-00-00 00:00:00")
    export.item(4, title="Menunggu", status="pending")
    export.item(5, title="Pribadi", status="private")
    export.item(6, title="Berkata sandi", password="rahasia")
    export.item(7, title="Otomatis", status="auto-draft")
    export.item(8, title="Sampah", status="trash")
    export.item(9, title="Biasa", terms=[("category", "berita", "Berita")])
    export.item(20, title="Tentang Kami", type="page", name="tentang-kami", content="Kami.")
    export.item(21, title="Menu", type="nav_menu_item")
    export.item(22, title="Revisi", type="revision", status="inherit")
    export.item(23, title="Produk", type="product")
    for attachment_id, filename in [(90, "foto.jpg"), (91, "hilang.jpg"), (92, "rusak.jpg")]:
        export.item(
            attachment_id,
            title=f"Lampiran {filename}",
            type="attachment",
            status="inherit",
            parent=1,
            attachment_url=f"https://lama.example/wp-content/uploads/2013/01/{filename}",
            meta={
                "_wp_attached_file": f"2013/01/{filename}",
                "_wp_attachment_image_alt": "Petugas berjaga",
            },
            excerpt="Keterangan foto",
        )
    return export


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads: one good image, one that is not an image, one missing."""
    folder = tmp_path / "uploads" / "2013" / "01"
    folder.mkdir(parents=True)
    Image.new("RGB", (320, 200), "#1d4e89").save(folder / "foto.jpg")
    (folder / "rusak.jpg").write_bytes(b"<?php echo 'not an image';")
    return tmp_path / "uploads"


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(tmp_path, uploads, django_capture_on_commit_callbacks):
    path = build_export().write(tmp_path / "export.xml")
    # The import commits once; then the renditions are made (a task, run here at once).
    with django_capture_on_commit_callbacks(execute=True):
        return run_import(path, "--media-dir", str(uploads))


def test_every_status(imported):
    """publish, future, draft, pending, private, password, auto-draft, trash: mapped or skipped."""
    by_title = {article.title: article for article in Article.objects.all()}
    assert by_title[RTL_TITLE].is_published
    assert by_title["Terjadwal"].state == Article.State.SCHEDULED
    assert by_title["Terjadwal"].published_at == datetime(2040, 1, 1, 1, 0, tzinfo=UTC)
    assert by_title["Draf"].status == Article.Status.DRAFT
    assert by_title["Menunggu"].status == Article.Status.REVIEW
    assert by_title["Pribadi"].status == Article.Status.DRAFT
    assert by_title["Berkata sandi"].status == Article.Status.DRAFT
    assert "Otomatis" not in by_title and "Sampah" not in by_title
    assert "posts: 7 imported, 2 skipped" in imported
    assert "skipped: status auto-draft (1)" in imported
    assert "skipped: status trash (1)" in imported
    assert "Pribadi (WordPress id 5: private)" in imported
    assert "Berkata sandi (WordPress id 6: password-protected)" in imported


def test_draft_without_gmt_date_uses_jakarta_time(imported):
    """A zero post_date_gmt falls back to post_date in Asia/Jakarta."""
    draft = Article.objects.get(title="Draf")
    assert draft.published_at == datetime(2013, 1, 11, 13, 22, 19, tzinfo=UTC)


def test_title_slug_excerpt_and_dates(imported):
    """The title is kept exactly; the percent-encoded UTF-8 slug becomes a valid one."""
    article = Article.objects.get(wp_id=1)
    assert article.title == RTL_TITLE
    assert article.slug == "cafe-jakarta"
    assert article.excerpt == "Ringkasan pendek."
    assert article.published_at == datetime(2013, 1, 11, 13, 22, 19, tzinfo=UTC)
    assert article.updated_at == datetime(2013, 1, 11, 13, 22, 19, tzinfo=UTC)
    assert article.is_sticky
    assert article.author.name == "Budi Santoso"
    assert article.author.slug == "budi-s"
    assert article.author.email == "budi@example.com"


def test_authors_categories_and_tags(imported):
    """Declared and undeclared authors, categories and tags; one tag per name, any case."""
    assert Author.objects.get(slug="tamu").name == "tamu"  # dc:creator not declared
    narkoba = Category.objects.get(slug="narkoba")
    assert narkoba.parent.slug == "kriminal"
    assert narkoba.parent.parent.slug == "berita"
    assert Category.objects.get(slug="berita").description == "Semua berita"
    assert Category.objects.get(slug="baru").name == "Kategori Baru"  # undeclared
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["POLRI", "Polda Metro Jaya"]
    assert sorted(Article.objects.get(wp_id=2).tags.names()) == ["POLRI"]
    assert "skipped: taxonomy nav_menu (1)" in imported


def test_other_items_skipped_and_counted(imported):
    """Menu items, revisions and custom post types are skipped and counted."""
    assert "skipped: menu item (1)" in imported
    assert "skipped: revision (1)" in imported
    assert "skipped: post type product (1)" in imported


def test_comments_statuses_threads_and_pingbacks(imported, mailoutbox):
    """Approval states map, a 10-deep thread keeps its parents, pingbacks are skipped."""
    comments = Comment.objects.filter(article__wp_id=1)
    assert comments.count() == 13
    deepest = comments.get(wp_id=1009)
    assert deepest.depth == 9 and deepest.parent.wp_id == 1008
    assert comments.get(wp_id=1100).status == Comment.Status.PENDING
    assert comments.get(wp_id=1101).status == Comment.Status.SPAM
    assert comments.get(wp_id=1102).status == Comment.Status.REMOVED
    root = comments.get(wp_id=1000)
    assert root.status == Comment.Status.APPROVED
    assert root.moderation_reason == Comment.Reason.IMPORTED
    assert str(root.ip_address) == "203.0.113.7"
    assert root.created_at == datetime(2013, 1, 12, 3, 0, tzinfo=UTC)
    assert "skipped: pingback (1)" in imported and "skipped: trackback (1)" in imported
    assert mailoutbox == []


def test_deep_threads_show_at_the_deepest_level(imported, client):
    """Replies deeper than the site's depth are shown at its deepest level, in order."""
    response = client.get(Article.objects.get(wp_id=1).get_absolute_url())
    html = response.text
    assert response.status_code == 200
    assert html.count('<ol class="comment-list comment-list--replies">') == 2
    assert html.index("Balasan 2") < html.index("Balasan 9")
    assert "Menunggu moderasi" not in html and "Obat murah" not in html


def test_bodies(imported):
    """Classic text gets paragraphs, captions become figures, blocks and shortcodes convert."""
    classic = Article.objects.get(wp_id=1).body
    assert "<p>Polisi menangkap tersangka.<br>\nDi Jakarta.</p>" in classic
    assert '<figure class="figure"><img src="/media/wordpress/2013/01/foto.jpg"' in classic
    assert "<figcaption>Petugas di lokasi</figcaption></figure>" in classic
    assert "Kalimat terakhir ]]&gt; tetap utuh." in classic  # the split CDATA, joined again
    block = Article.objects.get(wp_id=2).body
    assert "<!--" not in block and "<p>Paragraf blok.</p>" in block
    assert '<img src="/media/wordpress/2013/01/foto.jpg" alt="Petugas berjaga">' in block
    assert "<figcaption>Keterangan foto</figcaption>" in block
    assert 'href="https://www.youtube.com/watch?v=abc"' in block
    assert '[contact-form-7 id="5"]' in block
    assert "skipped: [contact-form-7] (1)" in imported


def test_featured_image_through_the_upload_checks(imported):
    """The thumbnail comes from --media-dir, with alt text, caption and renditions."""
    article = Article.objects.get(wp_id=1)
    assert article.featured_image.name.startswith("articles/")
    assert article.image_alt == "Petugas berjaga"
    assert article.image_caption == "Keterangan foto"
    assert article.image_renditions["sizes"]["thumb"] == [320, 200]
    assert article.image_renditions["sizes"]["social"] == [1200, 630]
    assert "featured images: 1 imported" in imported


def test_missing_and_refused_files_are_reported(tmp_path, uploads):
    """A missing file and a file that is not an image are reported, not fatal."""
    export = WXR()
    export.item(
        90, type="attachment", status="inherit", meta={"_wp_attached_file": "2013/01/rusak.jpg"}
    )
    export.item(
        91, type="attachment", status="inherit", meta={"_wp_attached_file": "2013/01/hilang.jpg"}
    )
    export.item(1, title="Rusak", meta={"_thumbnail_id": "90"})
    export.item(2, title="Hilang", meta={"_thumbnail_id": "91"})
    output = run_import(export.write(tmp_path / "e.xml"), "--media-dir", str(uploads))
    assert not Article.objects.exclude(featured_image="").exists()
    assert "2013/01/rusak.jpg: refused: " in output
    assert "skipped: file missing from --media-dir (1)" in output
    assert Article.objects.count() == 2


def test_pages(imported, client):
    """Pages come across, are served under /halaman/ and linked from the footer."""
    page = Page.objects.get(wp_id=20)
    assert page.title == "Tentang Kami" and page.published
    response = client.get(reverse("news:page", args=["tentang-kami"]))
    assert response.status_code == 200
    assert "<p>Kami.</p>" in response.text
    assert f'<a href="{page.get_absolute_url()}">Tentang Kami</a>' in response.text


@pytest.mark.parametrize(
    "old, new",
    [
        ("/2013/01/11/%D8%B3%D9%84%D8%A7%D9%85-caf%C3%A9-jakarta/", "/berita/cafe-jakarta/"),
        ("/?p=1", "/berita/cafe-jakarta/"),
        ("/post-9", "/berita/post-9/"),
        ("/?page_id=20", "/halaman/tentang-kami/"),
        ("/tentang-kami/", "/halaman/tentang-kami/"),
        ("/category/berita/kriminal/narkoba/", "/kategori/narkoba/"),
        ("/category/narkoba/feed/", "/kategori/narkoba/feed/"),
        ("/tag/polda-metro-jaya/", "/tag/poldametrojaya/"),
        ("/tag/polda-metro-jaya/feed/", "/tag/poldametrojaya/feed/"),
        ("/author/budi-s/", "/penulis/budi-s/"),
        ("/author/budi-s/feed/", "/penulis/budi-s/feed/"),
    ],
)
def test_old_addresses_redirect_in_one_hop(imported, client, old, new):
    """Each old address answers 301 straight to the new one."""
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_redirects_and_pages_in_the_admin(imported, editor_client):
    """Editors see and edit the old addresses and the pages."""
    response = editor_client.get(reverse("admin:news_redirect_changelist") + "?q=narkoba")
    assert response.status_code == 200
    assert "/category/berita/kriminal/narkoba/" in response.text
    response = editor_client.get(reverse("admin:news_page_changelist"))
    assert response.status_code == 200
    assert "Tentang Kami" in response.text


def test_category_cannot_be_inside_itself():
    """A parent chain that comes back to the category is refused."""
    top = Category.objects.create(name="Atas", slug="atas")
    below = Category.objects.create(name="Bawah", slug="bawah", parent=top)
    top.parent = below
    with pytest.raises(ValidationError):
        top.clean()


def test_sticky_on_top_of_the_front_page(imported, client):
    """A sticky post is a headline, above newer articles."""
    ArticleFactory(title="Kabar paling baru")
    response = client.get(reverse("news:home"))
    assert response.text.index(RTL_TITLE) < response.text.index("Kabar paling baru")


def test_category_archive_includes_children_with_breadcrumbs(imported, client):
    """A parent's archive lists its children's articles; a child shows its ancestors."""
    response = client.get(reverse("news:category", args=["berita"]))
    assert RTL_TITLE in response.text and "Biasa" in response.text
    response = client.get(reverse("news:category", args=["narkoba"]))
    assert '<a href="/kategori/berita/">Berita</a>' in response.text
    assert '<a href="/kategori/kriminal/">Kriminal</a>' in response.text
    assert '<li aria-current="page">Narkoba</li>' in response.text


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_wxr_versions(tmp_path, version):
    """WXR 1.0, 1.1 and 1.2 all import the same posts, comments and tags."""
    run_import(build_export(version).write(tmp_path / "e.xml"))
    assert Article.objects.count() == 7
    assert Comment.objects.count() == 13
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["POLRI", "Polda Metro Jaya"]
    assert Category.objects.get(slug="narkoba").parent.slug == "kriminal"


def test_rerun_adds_nothing_and_updates_what_changed(tmp_path, imported, uploads):
    """The same export again adds nothing; a newer one updates and adds only what is new."""
    counts = (Article.objects.count(), Comment.objects.count(), Redirect.objects.count())
    export = build_export()
    output = run_import(export.write(tmp_path / "export.xml"), "--media-dir", str(uploads))
    assert (Article.objects.count(), Comment.objects.count(), Redirect.objects.count()) == counts
    assert "posts: 7 unchanged, 2 skipped" in output
    assert " imported" not in output.replace("featured images", "")
    export.items[0].title = "Judul baru"
    export.items[0].comments[10].approved = "1"
    export.items[0].comments.append(C(id=1200, content="Komentar baru"))
    export.item(30, title="Artikel baru")
    output = run_import(export.write(tmp_path / "newer.xml"), "--media-dir", str(uploads))
    assert Article.objects.get(wp_id=1).title == "Judul baru"
    assert Comment.objects.get(wp_id=1100).status == Comment.Status.APPROVED
    assert Comment.objects.filter(wp_id=1200).exists()
    assert "posts: 1 imported, 1 updated, 6 unchanged, 2 skipped" in output
    assert "comments: 1 imported, 1 updated, 12 unchanged" in output


def test_dry_run_writes_nothing(tmp_path, uploads):
    """--dry-run prints the same report and leaves the database and media as they were."""
    path = build_export().write(tmp_path / "export.xml")
    output = run_import(path, "--media-dir", str(uploads), "--dry-run")
    assert "posts: 7 imported, 2 skipped" in output
    assert "Dry run: nothing was written" in output
    assert not Article.objects.exists() and not Comment.objects.exists()
    assert not Redirect.objects.exists() and not Author.objects.exists()


def test_truncated_file_changes_nothing(tmp_path):
    """A truncated export fails with the line, and nothing is written."""
    text = build_export().render()
    path = tmp_path / "truncated.xml"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    lines = text[: len(text) // 2].count("\n") + 1
    with pytest.raises(CommandError, match=rf"line {lines}, column \d+.*truncated"):
        run_import(path)
    assert not Article.objects.exists() and not Category.objects.exists()


ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss><channel><item><title>&f;</title><wp:post_id>1</wp:post_id></item></channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title></item></channel></rss>
"""


@pytest.mark.parametrize("text", [ENTITY_BOMB, EXTERNAL_ENTITY], ids=["bomb", "external"])
def test_entities_are_refused(tmp_path, text):
    """An entity bomb or an external entity is refused, with nothing written."""
    path = tmp_path / "evil.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match="declares XML entities"):
        run_import(path)
    assert not Article.objects.exists()


def test_not_a_wordpress_export(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<html><body/></html>")
    with pytest.raises(CommandError, match="Not a WordPress export"):
        run_import(path)


def test_autop_follows_wordpress():
    """Blank lines make paragraphs, newlines breaks; block elements and <pre> are left alone."""
    assert autop("Satu\ndua\n\nTiga") == "<p>Satu<br />\ndua</p>\n<p>Tiga</p>\n"
    assert autop("<h2>Judul</h2>\nTeks") == "<h2>Judul</h2>\n<p>Teks</p>\n"
    assert autop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"
    assert autop("<blockquote>Kutipan</blockquote>") == "<blockquote><p>Kutipan</p></blockquote>\n"


def test_old_caption_attribute_and_upload_links():
    """[caption caption="…"] (older WordPress) and links to uploads are converted."""
    html, unknown = convert(
        '[caption caption="Teks"]<img src="http://x/wp-content/uploads/a.png" />[/caption]',
        gallery=lambda attributes: [],
        upload_url=lambda path: f"/media/wordpress/{path}",
    )
    assert html == (
        '<figure class="figure"><img src="/media/wordpress/a.png" /><figcaption>Teks'
        "</figcaption></figure>\n"
    )
    assert not unknown


def test_headline_field_for_editors_only(imported, editor_client, staff_user):
    """Editors can make an article a headline; reporters see it but cannot change it."""
    response = editor_client.get(reverse("admin:news_article_add"))
    assert 'name="is_sticky"' in response.text
    reporter = Client()
    reporter.force_login(staff_user("Reporter"))
    response = reporter.get(reverse("admin:news_article_add"))
    assert response.status_code == 200
    assert 'name="is_sticky"' not in response.text


def test_blank_lines_and_control_characters_are_tolerated(tmp_path):
    """Blank lines before the XML declaration and control characters (as pasted from word
    processors into WordPress) do not stop the import."""
    export = WXR()
    export.item(1, title="Judul\x0bdengan tab vertikal", content="Isi\x08 berita.")
    path = tmp_path / "e.xml"
    path.write_text("\n\n" + export.render(), encoding="utf-8")
    run_import(path)
    article = Article.objects.get(wp_id=1)
    assert article.title == "Juduldengan tab vertikal"
    assert "<p>Isi berita.</p>" in article.body


def test_term_names_are_unescaped(tmp_path):
    """WordPress stores "&" in term names as "&amp;"; the site shows "&"."""
    export = WXR()
    export.category("hukum-ham", "Hukum &amp; HAM")
    export.item(
        1,
        terms=[("category", "hukum-ham", "Hukum &amp; HAM"), ("post_tag", "s-w", "Satu &amp; Dua")],
    )
    run_import(export.write(tmp_path / "e.xml"))
    assert Category.objects.get(slug="hukum-ham").name == "Hukum & HAM"
    assert list(Article.objects.get(wp_id=1).tags.names()) == ["Satu & Dua"]
