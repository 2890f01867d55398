"""The client's address, also behind nginx on the same server.

Behind a reverse proxy every request comes from the proxy (REMOTE_ADDR 127.0.0.1), so a limit per
address would be one limit for everybody. When REMOTE_ADDR is one of PILKADA_TRUSTED_PROXIES, the
client is the right-most X-Forwarded-For entry that is not itself a trusted proxy (nginx's
$proxy_add_x_forwarded_for appends the address it saw; anything to its left came from the
client and is not believed). From any other REMOTE_ADDR the header is ignored.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = set(settings.PILKADA_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address
    return remote
