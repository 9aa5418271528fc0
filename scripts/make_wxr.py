"""Write a WordPress export (WXR 1.2) of a generated site, to measure `import_wordpress`.

    .venv/bin/python scripts/make_wxr.py export.xml --posts 20000 --comments 100000
    /usr/bin/time -v .venv/bin/python manage.py import_wordpress export.xml

Posts have classic-editor bodies of a few paragraphs, a category among twenty (some nested),
three tags among two hundred, and their share of the comments, one in three a reply. The file
is written as it is generated, so any size fits in memory.
"""

import argparse
import random
from datetime import datetime, timedelta

WORDS = [
    "polisi",
    "polda",
    "polres",
    "kapolda",
    "warga",
    "jakarta",
    "tersangka",
    "barang",
    "bukti",
    "operasi",
    "lalu",
    "lintas",
    "patroli",
    "keamanan",
    "masyarakat",
    "penyidik",
    "laporan",
    "kasus",
    "narkoba",
    "pencurian",
    "kendaraan",
    "jalan",
]
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Berita Polisi</title><link>https://lama.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://lama.example</wp:base_site_url>
"""


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def declarations(out):
    for n in range(1, 6):
        out.write(
            f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(f'penulis{n}')}"
            f"</wp:author_login><wp:author_email>{cdata(f'penulis{n}@example.com')}"
            f"</wp:author_email><wp:author_display_name>{cdata(f'Penulis {n}')}"
            "</wp:author_display_name></wp:author>\n"
        )
    for n in range(1, 21):
        parent = f"kategori-{n - 10}" if n > 10 else ""
        out.write(
            f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>kategori-{n}"
            f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
            f"<wp:cat_name>{cdata(f'Kategori {n}')}</wp:cat_name></wp:category>\n"
        )
    for n in range(1, 201):
        out.write(
            f"<wp:tag><wp:term_id>{100 + n}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(f'Tag {n}')}</wp:tag_name></wp:tag>\n"
        )


def comment(rng, comment_id, parent, date):
    stamp = date.strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata('Pembaca')}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(f'p{comment_id}@example.com')}"
        "</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>"
        f"<wp:comment_author_IP>{cdata('203.0.113.9')}</wp:comment_author_IP>"
        f"<wp:comment_date>{cdata(stamp)}</wp:comment_date>"
        f"<wp:comment_date_gmt>{cdata(stamp)}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(sentence(rng))}</wp:comment_content>"
        f"<wp:comment_approved>{cdata(rng.choice('1110'))}</wp:comment_approved>"
        f"<wp:comment_type>{cdata('comment')}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def post(rng, post_id, comments_from, comment_count):
    date = datetime(2015, 1, 1) + timedelta(hours=post_id * 3)
    stamp = date.strftime("%Y-%m-%d %H:%M:%S")
    body = "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(5))
    slug = f"berita-{post_id}"
    terms = [f'<category domain="category" nicename="kategori-{rng.randint(1, 20)}">x</category>']
    terms += [
        f'<category domain="post_tag" nicename="tag-{n}">{cdata(f"Tag {n}")}</category>'
        for n in rng.sample(range(1, 201), 3)
    ]
    comments, ids = [], []
    for comment_id in range(comments_from, comments_from + comment_count):
        parent = rng.choice(ids) if ids and rng.random() < 0.33 else 0
        comments.append(comment(rng, comment_id, parent, date + timedelta(minutes=comment_id)))
        ids.append(comment_id)
    return (
        f"<item><title>{cdata(sentence(rng, 8))}</title>"
        f"<link>https://lama.example/{date:%Y/%m/%d}/{slug}/</link>"
        f"<dc:creator>{cdata(f'penulis{rng.randint(1, 5)}')}</dc:creator>"
        f"<content:encoded>{cdata(body)}</content:encoded>"
        f"<excerpt:encoded>{cdata(sentence(rng))}</excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{cdata(stamp)}</wp:post_date>"
        f"<wp:post_date_gmt>{cdata(stamp)}</wp:post_date_gmt>"
        f"<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f"<wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>"
        + "".join(terms)
        + "".join(comments)
        + "</item>\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--comments", type=int, default=100_000)
    arguments = parser.parse_args()
    rng = random.Random(11)
    per_post, extra = divmod(arguments.comments, arguments.posts)
    with open(arguments.path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        declarations(out)
        comment_id = 1
        for post_id in range(1, arguments.posts + 1):
            count = per_post + (1 if post_id <= extra else 0)
            out.write(post(rng, post_id, comment_id, count))
            comment_id += count
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
