"""The client's address, for rate limits and login lockouts.

Behind the TLS proxy every request comes from the proxy's address. Only when the peer is
one of settings.TRUSTED_PROXIES is X-Forwarded-For read, from the right (the entries the
proxies appended) past the trusted proxies: the left-most entries are whatever the client
sent and are never believed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    ip = _address(address)
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return ip is not None and any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client: REMOTE_ADDR, or the forwarded one behind trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(remote):
        return remote
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        if _address(entry) is None:
            break  # garbage: stop at the last address a trusted proxy vouched for
        client = entry.strip()
        if not is_trusted_proxy(client):
            break
    return client
