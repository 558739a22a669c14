"""Refuse requests whose Host header names none of the allowed hosts (DNS rebinding, poisoned
links built from the Host header).

Starlette's TrustedHostMiddleware does the same check but answers plain text; this one answers
the API's error shape (``{"detail": {"code": "invalid_host", …}}``) so clients can branch on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from goldlabel.api.errors import error_response
from goldlabel.core.errors import ErrorCode


def host_name(header: str) -> str:
    """The host part of a Host header, lowercased, without port or IPv6 brackets."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else ""
    name, sep, port = header.rpartition(":")
    return name if sep and port.isdigit() and ":" not in name else header


def host_allowed(name: str, patterns: Sequence[str]) -> bool:
    """``*`` allows anything; ``*.example.com`` allows its subdomains; otherwise exact names."""
    return bool(name) and any(
        p == "*" or name == p or (p.startswith("*.") and name.endswith(p[1:])) for p in patterns
    )


class AllowedHosts:
    def __init__(self, app: ASGIApp, *, hosts: Sequence[str]) -> None:
        self.app = app
        self.hosts = [h.lower() for h in hosts]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            if not host_allowed(host_name(header), self.hosts):
                response = error_response(
                    400,
                    ErrorCode.INVALID_HOST,
                    f"this server does not answer to the host {header[:100]!r}; add it to "
                    "GOLDLABEL_ALLOWED_HOSTS, or set GOLDLABEL_PUBLIC_URL to the address users open",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
