"""Which IP addresses a tenant-given URL may reach: only globally routable unicast ones.

The one rule behind the endpoint form check (:mod:`chalicelib.domain.connections`) and the
connect-time check of every outgoing request (:mod:`chalicelib.adapters.outbound`). IPv6 forms
that carry an IPv4 address (IPv4-mapped, 6to4, NAT64, Teredo) are judged by that address too, so
``::ffff:10.0.0.1`` is as internal as ``10.0.0.1``.
"""

from __future__ import annotations

import ipaddress

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NOT_GLOBAL = tuple(
    ipaddress.ip_network(n)
    for n in (
        "100.64.0.0/10",  # carrier-grade NAT (shared address space)
        "192.0.0.0/24",  # IETF protocol assignments (Python < 3.12 calls parts of it global)
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "64:ff9b:1::/48",  # local-use NAT64
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _is_global_unicast(ip: IpAddress) -> bool:
    return (
        ip.is_global
        and not ip.is_multicast
        and not ip.is_reserved
        and not ip.is_unspecified
        and not any(ip in net for net in _NOT_GLOBAL if net.version == ip.version)
    )


def parse_address(address: str) -> IpAddress | None:
    """The IP address of ``address`` (an IPv6 zone ``%eth0`` is dropped), or None for a name."""
    try:
        return ipaddress.ip_address(address.split("%")[0].strip("[]"))
    except ValueError:
        return None


def address_is_public(address: str | IpAddress) -> bool:
    """True for a globally routable unicast address (and, for IPv6 carrying IPv4, that IPv4 too)."""
    ip = parse_address(address) if isinstance(address, str) else address
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None and not _is_global_unicast(embedded):
            return False
        if ip.ipv4_mapped is not None or ip.sixtofour is not None or ip in _NAT64:
            return True  # a wrapper of a public IPv4 address: that address decides
    return _is_global_unicast(ip)


def address_is_loopback(address: str | IpAddress) -> bool:
    """127.0.0.0/8, ``::1`` and their IPv4-mapped forms."""
    ip = parse_address(address) if isinstance(address, str) else address
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback
