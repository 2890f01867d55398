"""The client's address behind nginx: X-Forwarded-For believed only from a trusted proxy."""

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from pilkada.core.clientip import client_ip


def request(remote: str, forwarded: str | None = None) -> HttpRequest:
    if forwarded is None:
        return RequestFactory().get("/", REMOTE_ADDR=remote)
    return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Straight to gunicorn (no proxy configured as trusted): the header is ignored.
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),
        # Through nginx on the same server: the address nginx appended.
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # A client sending its own header: nginx appends the real address right of the forged one.
        ("127.0.0.1", "10.9.9.9, 198.51.100.1", "198.51.100.1"),
        ("::1", "198.51.100.7", "198.51.100.7"),
        # No header from the proxy: the proxy's own address.
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_ip(settings, remote, forwarded, expected):
    settings.PILKADA_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert client_ip(request(remote, forwarded)) == expected


def test_without_trusted_proxies_the_header_is_never_believed(settings):
    settings.PILKADA_TRUSTED_PROXIES = []
    assert client_ip(request("127.0.0.1", "198.51.100.1")) == "127.0.0.1"
