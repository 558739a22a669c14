"""The one outbound HTTP client (SECURITY.md rule 1): every request goldlabel makes to a URL a
user gave (alert webhooks today; URL import, storage and ML backends go through here too).

- only ``http`` and ``https``; no credentials in the URL;
- the host is resolved once and every address checked: loopback, private, link-local,
  multicast, reserved and unspecified addresses are refused unless ``allow_private``
  (``GOLDLABEL_WEBHOOK_ALLOW_PRIVATE``: tests, single-machine use);
- the request connects to the checked IP (the ``Host`` header and TLS SNI carry the name, so
  the certificate is still verified against it): a DNS answer that changes between check and
  connect (rebinding) cannot redirect it;
- redirects are never followed (a redirect is reported as a failure, not re-checked and taken);
- a short timeout; the answer's body is never read (only its status is kept), so no
  Content-Length can make it large, and errors name the status, never echo the upstream body.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import httpx

DEFAULT_TIMEOUT_S = 5.0
MAX_URL_CHARS = 2000

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundRefused(ValueError):
    """The URL or the address it resolves to may not be contacted."""


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str  # the name as given (lower case), IPv6 without brackets
    port: int
    path: str  # path and query


@dataclass(frozen=True, slots=True)
class Delivery:
    ok: bool
    status: str  # "delivered (HTTP 204)", "failed: HTTP 500", "refused: …", "failed: timeout"


def parse_target(url: str) -> Target:
    """The scheme, host, port and path of an http(s) URL, or OutboundRefused."""
    if len(url) > MAX_URL_CHARS:
        raise OutboundRefused("the URL is too long")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise OutboundRefused("the URL is not valid") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise OutboundRefused("only http and https URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise OutboundRefused("credentials in the URL are not allowed")
    host = (parts.hostname or "").lower()
    if not host:
        raise OutboundRefused("the URL has no host")
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def refused_address(ip: IPAddress) -> str | None:
    """Why this address may not be contacted without ``allow_private`` (None: it may)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return "a reserved address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    return None


def check_literal(url: str, *, allow_private: bool) -> Target:
    """A URL's shape, and its host when it is an IP literal or ``localhost`` (no DNS): what a
    form can refuse at once. Delivery checks the resolved addresses again."""
    target = parse_target(url)
    if allow_private:
        return target
    if target.host == "localhost" or target.host.endswith(".localhost"):
        raise OutboundRefused("the URL points at a loopback address")
    try:
        ip = ipaddress.ip_address(target.host)
    except ValueError:
        return target
    if (why := refused_address(ip)) is not None:
        raise OutboundRefused(f"the URL points at {why}")
    return target


def resolve(target: Target, *, allow_private: bool) -> IPAddress:
    """The first address of the host, after checking every address it resolves to."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OutboundRefused("the host name does not resolve") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise OutboundRefused("the host name does not resolve")
    if not allow_private:
        for ip in addresses:
            if (why := refused_address(ip)) is not None:
                raise OutboundRefused(f"the host resolves to {why}")
    return addresses[0]


def post_json(
    url: str,
    payload: Any,
    *,
    allow_private: bool,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    transport: httpx.BaseTransport | None = None,
) -> Delivery:
    """POST ``payload`` as JSON to ``url`` under the rules above; never raises for the remote
    side's failures (they are the returned status). httpx is imported here: importing it loads
    its command line's dependencies, which the server does not need at start."""
    import httpx

    try:
        target = check_literal(url, allow_private=allow_private)
        ip = resolve(target, allow_private=allow_private)
    except OutboundRefused as exc:
        return Delivery(False, f"refused: {exc}")
    host_in_url = f"[{ip}]" if ip.version == 6 else str(ip)
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    if ":" in target.host:  # an IPv6 literal
        host_header = f"[{target.host}]" if target.port == default_port else f"[{target.host}]:{target.port}"
    pinned = f"{target.scheme}://{host_in_url}:{target.port}{target.path}"
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    try:
        with httpx.Client(timeout=timeout_s, follow_redirects=False, transport=transport) as client:
            request = client.build_request(
                "POST",
                pinned,
                json=payload,
                headers={"Host": host_header, "User-Agent": "goldlabel-webhook"},
                extensions=extensions,
            )
            # the status is all we keep: the body is never read (nor echoed)
            response = client.send(request, stream=True)
            code = response.status_code
            response.close()
    except httpx.TimeoutException:
        return Delivery(False, "failed: timeout")
    except httpx.HTTPError as exc:
        return Delivery(False, f"failed: {type(exc).__name__}")
    if 200 <= code < 300:
        return Delivery(True, f"delivered (HTTP {code})")
    if 300 <= code < 400:
        return Delivery(False, f"failed: HTTP {code} (redirects are not followed)")
    return Delivery(False, f"failed: HTTP {code}")
