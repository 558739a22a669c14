"""The one outbound HTTP client (core/outbound.py): schemes, credentials, and every address a
name resolves to are checked; private, loopback and link-local ones are refused unless allowed;
the request goes to the checked IP with the name in Host."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from goldlabel.core import outbound


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.com/", "only http and https"),
        ("http://user:pw@example.com/", "credentials"),
        ("http:///nohost", "no host"),
        ("http://127.0.0.1/", "loopback"),
        ("http://127.8.9.10:8080/", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://api.localhost/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0/", "reserved"),
        ("http://224.0.0.1/", "reserved"),
    ],
)
def test_refused_urls_are_never_contacted(url: str, why: str) -> None:
    def transport(_request: httpx.Request) -> httpx.Response:
        raise AssertionError("contacted")

    delivery = outbound.post_json(url, {}, allow_private=False, transport=httpx.MockTransport(transport))
    assert not delivery.ok and delivery.status.startswith("refused:") and why in delivery.status


def test_a_public_name_that_resolves_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(host: str, port: int, **_: Any) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    delivery = outbound.post_json("https://hooks.example.com/x", {}, allow_private=False)
    assert delivery.status == "refused: the host resolves to a private address"


def test_the_request_goes_to_the_checked_ip_with_the_name_in_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **_: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))],
    )
    seen: list[httpx.Request] = []

    def transport(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"x" * 10)

    delivery = outbound.post_json(
        "https://hooks.example.com:8443/a/b?c=d",
        {"k": 1},
        allow_private=False,
        transport=httpx.MockTransport(transport),
    )
    assert delivery == outbound.Delivery(True, "delivered (HTTP 200)")
    [request] = seen
    assert str(request.url) == "https://93.184.216.34:8443/a/b?c=d"
    assert request.headers["Host"] == "hooks.example.com:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.com"
    assert request.content == b'{"k":1}'


def test_failures_name_the_status_never_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **_: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))],
    )

    def failing(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, content=b"secret upstream details")

    def slow(_request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow")

    down = outbound.post_json(
        "http://h.example/", {}, allow_private=False, transport=httpx.MockTransport(failing)
    )
    assert down.status == "failed: HTTP 500"
    late = outbound.post_json(
        "http://h.example/", {}, allow_private=False, transport=httpx.MockTransport(slow)
    )
    assert late.status == "failed: timeout"


def test_allow_private_lets_loopback_through() -> None:
    assert outbound.check_literal("http://127.0.0.1:8000/x", allow_private=True).port == 8000
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_literal("ftp://127.0.0.1/", allow_private=True)
