"""Per-client rate limit for the public Cek DPT, on Django's cache (LocMem or Redis).

A fixed window: key = hash of the client address + window number; `cache.add` then
`cache.incr` are atomic on Redis and per process on LocMem. The key holds no NIK and no clear
address.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from pilkada.core.clientip import client_ip


def client_key(request: HttpRequest) -> str:
    addr = client_ip(request)  # the client's own address, also behind nginx
    return hashlib.sha256(f"{settings.SECRET_KEY}|{addr}".encode()).hexdigest()[:24]


def allow(request: HttpRequest) -> bool:
    """Count this request; False once the client has used up its window."""
    window = int(settings.PILKADA_CEKDPT_WINDOW)
    limit = int(settings.PILKADA_CEKDPT_LIMIT)
    key = f"cekdpt:{client_key(request)}:{int(time.time()) // window}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        count = 1
    return count <= limit
