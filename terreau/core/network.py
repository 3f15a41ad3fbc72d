"""The client's address, as every rate limit counts it (allauth's and django-ratelimit's).

Behind a reverse proxy the peer is the proxy: counting it would make the whole platform one
visitor. The proxy's X-Forwarded-For is believed only when the peer is one of
TERREAU_TRUSTED_PROXIES, and only up to the first address that is not a trusted proxy: what
lies to its left was written by the client and may be anything. The entry `unix` trusts a
peer that has no address, a proxy talking to the app server over a Unix socket.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# Where no address can be known, everyone shares one count rather than escaping it.
UNKNOWN = "0.0.0.0"


UNIX_SOCKET = "unix"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries if entry != UNIX_SOCKET)


def _address(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the same client.
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)


def client_ip(request: HttpRequest) -> str:
    """The address rate limits count: the peer, or the client its trusted proxy names."""
    entries = tuple(getattr(settings, "TERREAU_TRUSTED_PROXIES", ()))
    trusted = _networks(entries)
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        if UNIX_SOCKET not in entries:
            return UNKNOWN  # one shared bucket rather than none
    elif not _is_trusted(peer, trusted):
        return str(peer)
    client = peer
    forwarded = request.headers.get("X-Forwarded-For", "")
    for hop in reversed([hop for hop in forwarded.split(",") if hop.strip()]):
        address = _address(hop)
        if address is None:
            break  # garbage can only come from the client's own part: keep the last good hop
        client = address
        if not _is_trusted(address, trusted):
            break
    return str(client) if client is not None else UNKNOWN


@register(Tags.security, deploy=True)
def check_proxy_settings(app_configs, **kwargs):
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    if behind_proxy and not getattr(settings, "TERREAU_TRUSTED_PROXIES", None):
        return [
            CheckWarning(
                "TERREAU_BEHIND_PROXY is set but TERREAU_TRUSTED_PROXIES is empty: rate limits will count "
                "every visitor as the proxy's address.",
                hint="Set TERREAU_TRUSTED_PROXIES to the proxy's address (e.g. 127.0.0.1 or 10.0.0.0/24).",
                id="terreau.W001",
            )
        ]
    return []
