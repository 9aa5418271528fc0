"""The client's address: X-Forwarded-For is believed only as far as trusted proxies vouch."""

import pytest
from django.test import RequestFactory

from beritapolisi.clientip import client_ip
from comments.models import Comment, KeywordRule

from .factories import ArticleFactory, comment_form_data


def address(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8"]


def test_without_header_the_peer_is_the_client():
    """No X-Forwarded-For: REMOTE_ADDR is the client."""
    assert address("203.0.113.5") == "203.0.113.5"


def test_spoofed_header_from_an_untrusted_peer_is_ignored():
    """A client that sends X-Forwarded-For itself is still known by its own address."""
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"


def test_trusted_proxy_passes_on_the_client_it_saw():
    """From a trusted proxy, the address the proxy appended is the client."""
    assert address("127.0.0.1", "198.51.100.1") == "198.51.100.1"


def test_client_claim_left_of_the_proxy_entry_is_ignored():
    """A client's own X-Forwarded-For, kept by the proxy on the left, is not believed."""
    assert address("127.0.0.1", "192.0.2.99, 198.51.100.1") == "198.51.100.1"


def test_chain_of_trusted_proxies_inside_a_cidr():
    """Hops owned by trusted proxies (a CIDR) are skipped from the right."""
    assert address("127.0.0.1", "192.0.2.99, 198.51.100.1, 10.1.2.3, 10.9.9.9") == "198.51.100.1"


def test_peer_inside_a_trusted_cidr():
    """A proxy inside a trusted CIDR is believed like a listed one."""
    assert address("10.20.30.40", "198.51.100.1") == "198.51.100.1"


def test_ipv6_client_and_proxy():
    """IPv6 peers, hops with brackets and ports, and IPv4-mapped addresses are understood."""
    assert address("::1", "2001:db8::7") == "2001:db8::7"
    assert address("fd00::1", "[2001:db8::8]:4711") == "2001:db8::8"
    assert address("::ffff:127.0.0.1", "198.51.100.1:5000") == "198.51.100.1"
    assert address("2001:db8::5", "198.51.100.1") == "2001:db8::5"


@pytest.mark.parametrize("forwarded", ["", "unknown", "999.1.1.1", "<script>", ",,,", "a" * 500])
def test_garbage_in_the_header_never_becomes_the_address(forwarded):
    """An unreadable hop stops the walk at the last address that is known for sure."""
    assert address("127.0.0.1", forwarded) == "127.0.0.1"


def test_garbage_peer_gives_no_address():
    """A REMOTE_ADDR that is not an address gives None rather than an exception."""
    assert address("not-an-ip", "198.51.100.1") is None


def test_nothing_is_trusted_when_the_setting_is_empty(settings):
    """TRUSTED_PROXIES empty: the header is never read."""
    settings.TRUSTED_PROXIES = []
    assert address("127.0.0.1", "198.51.100.1") == "127.0.0.1"


@pytest.mark.django_db
class TestCommentsBehindAProxy:
    def post(self, client, article, forwarded, **overrides):
        url = article.get_absolute_url()
        data = comment_form_data(article, **overrides)
        return client.post(url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    def test_comment_stores_the_forwarded_address(self, client):
        """The comment records the reader's address, not the proxy's."""
        response = self.post(client, ArticleFactory(), "198.51.100.7")
        assert response.status_code == 302
        assert Comment.objects.get().ip_address == "198.51.100.7"

    def test_flood_control_separates_readers_behind_one_proxy(self, client):
        """Two readers behind the proxy can comment one after the other; one reader cannot."""
        article = ArticleFactory()
        assert self.post(client, article, "198.51.100.1").status_code == 302
        other = self.post(client, article, "198.51.100.2", name="Siti", email="siti@example.com")
        assert other.status_code == 302
        again = self.post(client, article, "198.51.100.1", body="Lagi", name="Budi")
        assert again.status_code == 429
        assert "terlalu cepat" in again.text
        assert Comment.objects.count() == 2

    def test_block_list_blocks_one_reader_not_the_proxy(self, client):
        """Blocking one forwarded address marks only that reader's comments as spam."""
        KeywordRule.objects.create(keyword="198.51.100.66", action=KeywordRule.Action.SPAM)
        article = ArticleFactory()
        self.post(client, article, "198.51.100.66")
        self.post(client, article, "198.51.100.67", name="Siti", email="siti@example.com")
        statuses = dict(Comment.objects.values_list("ip_address", "status"))
        assert statuses == {"198.51.100.66": Comment.Status.SPAM, "198.51.100.67": "pending"}
