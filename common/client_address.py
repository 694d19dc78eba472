"""The client's address, as far as the reverse proxies we trust can tell it.

``REMOTE_ADDR`` is the peer of the connection: behind a reverse proxy that is the proxy, and every
visitor would share one address (one lockout, one lookup allowance). A proxy in ``TRUSTED_PROXIES``
says who its own peer was in ``X-Forwarded-For``, appending it to whatever the client sent; so the
client is the right-most hop that is not one of our proxies. A header that did not come through a
trusted proxy is ignored: anyone can write one.

django-ipware's parser reads the header (ports, brackets, IPv6, RFC 7239 ``for=``); which hop to
believe is decided here, from the configured list.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from python_ipware.modern.parsers import parse_ip, split_proxy_chain


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address, networks) -> bool:
    return address is not None and any(address.version == n.version and address in n for n in networks)


def client_ip(request) -> str:
    """The client's address as a string ("" when there is none); also django-axes' callable."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(parse_ip(peer), networks):
        return peer
    hops = split_proxy_chain(request.META.get("HTTP_X_FORWARDED_FOR", "")) or []
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return str(hop)
    # Every hop is one of ours (or there is no header): the left-most is the nearest to the client.
    return str(hops[0]) if hops else peer
