"""The address of the reader's computer, as far as it can be trusted.

Behind a reverse proxy every request comes from the proxy; the proxy appends the address it
saw to `X-Forwarded-For`. Anyone can send that header too, so it is read only when the
request arrives from a proxy named in `TRUSTED_PROXIES`, and then from the right: each
trusted proxy vouches for the hop before it, and the first address no trusted proxy owns is
the client. Whatever the client wrote further left is its own claim and is ignored.

django-ipware was considered: its trusted proxies are matched position by position against
the end of the header, without checking the connecting peer, which does not give this rule.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache
def trusted_networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def parse_address(value):
    """An `ip_address` from a header hop or REMOTE_ADDR, or None for garbage."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:port
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value.split("%")[0])
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


def is_trusted(address):
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    return any(address in network for network in networks)


def client_ip(request):
    """The client's address as a string, or None when not even REMOTE_ADDR is usable."""
    address = parse_address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",") if forwarded else []):
        if not is_trusted(address):
            break
        if (previous := parse_address(hop)) is None:
            break
        address = previous
    return str(address)
