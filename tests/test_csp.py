"""The Content-Security-Policy header: no inline code on public pages, nonces in the admin."""

import re
import subprocess
import sys

import pytest
from django.urls import reverse
from django.views.defaults import server_error

from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>")
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=")


def policy(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )


def test_public_pages_have_no_inline_code_and_no_nonce(client):
    """Public pages (cached and shared) carry no nonce, no inline script, style or handler."""
    article = ArticleFactory()
    CommentFactory(article=article, status="approved")
    for url in [reverse("news:home"), article.get_absolute_url(), "/tidak-ada/"]:
        response = client.get(url)
        html = response.text
        assert "nonce" not in response["Content-Security-Policy"]
        assert "nonce=" not in html
        assert not INLINE_SCRIPT.search(html), url
        assert "<style" not in html
        assert not STYLE_ATTRIBUTE.search(html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_policy_limits_scripts_and_images(client, settings):
    """Scripts only from the site; images from the site, data: URLs and nothing else."""
    directives = policy(client.get(reverse("news:home")))
    assert directives["script-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_admin_import_map_carries_the_nonce_of_the_header(admin_client):
    """The editor's inline import map runs because it carries this response's nonce."""
    response = admin_client.get(reverse("admin:news_article_add"))
    nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"]).group(1)
    inline = [match.group(0) for match in INLINE_SCRIPT.finditer(response.text)]
    assert inline == [f'<script type="importmap" nonce="{nonce}">']


def settings_value(expression, **env):
    code = f"from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip().splitlines()[-1]


def test_report_only_switch_and_media_host():
    """CSP_REPORT_ONLY=true only reports; MEDIA_HOST is the one other image source."""
    expression = (
        "getattr(settings, 'CONTENT_SECURITY_POLICY', None) is None,"
        "settings.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['img-src']"
    )
    output = settings_value(expression, CSP_REPORT_ONLY="true", MEDIA_HOST="media.example.id")
    assert output == """True ["'self'", 'data:', 'media.example.id']"""


def test_server_error_page_has_no_inline_style(rf):
    """The 500 page styles itself from the stylesheet, which the policy allows."""
    html = server_error(rf.get("/")).content.decode()
    assert not STYLE_ATTRIBUTE.search(html)
    assert "<style" not in html
    assert 'href="/static/css/site.css"' in html
