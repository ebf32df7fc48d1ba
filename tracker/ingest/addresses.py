"""Which network addresses a fetch may connect to: public internet ones only.

The names in URLs are resolved by fetch; what they resolve to is judged here, so
that the policy reads in one place and can be tested without a network.
"""

import ipaddress
import socket

# NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses carry an IPv4 address
# that the network turns into a real destination; Python treats them as
# global, so the embedded address is checked instead.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Ranges Python 3.11 still calls global although they never lead to the
# public internet.
_NOT_PUBLIC = (
    ipaddress.IPv4Network("100.64.0.0/10"),  # carrier-grade NAT
    ipaddress.IPv4Network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.IPv6Network("fec0::/10"),  # deprecated site-local
)


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    # The C resolver also accepts the old inet_aton spellings (2130706433,
    # 0x7f.1, 0177.0.0.1); they name an address without any DNS involved.
    if all(c in "0123456789abcdefx." for c in host) and any(c.isdigit() for c in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def check_address(address: str, *, allow_loopback: bool = False) -> str | None:
    """Return why ``address`` may not be fetched from, or None when it may."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            why = check_address(str(embedded), allow_loopback=allow_loopback)
            return f"{address} embeds {why}" if why else None
    if ip.is_loopback:
        return None if allow_loopback else f"{ip} is a loopback address"
    # is_global alone misses multicast and some reserved IPv4 ranges on 3.11,
    # so the named checks come first and also give a clearer reason.
    for flag, label in (
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (any(ip in net for net in _NOT_PUBLIC), "not a public address"),
        (not ip.is_global, "not a public address"),
    ):
        if flag:
            return f"{ip} is {label}"
    return None
