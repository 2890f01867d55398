"""Keeping floods out of the public intake without an account or an outside captcha service.

Three checks, all server-side (security.md: ASVS 2.4.1 anti-automation):
* a honeypot field that people do not see and simple bots fill in;
* a signed, single-use form token carrying the time the form was served: a submission sooner
  than `MIN_SECONDS` after (scripted) or later than `MAX_AGE` (stale or replayed) is refused;
* a per-client rate limit in Django's cache (`PILKADA_INTAKE_PER_HOUR`, default 5 an hour).
"""

import secrets
import time
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from pilkada.core.clientip import client_ip

SALT = "pilkada.supervision.intake"
MIN_SECONDS = 3
MAX_AGE = 2 * 3600
WINDOW = 3600
HONEYPOT = "situs_web"


class Refusal(StrEnum):
    HONEYPOT = "honeypot"
    BAD_FORM = "formulir"
    TOO_FAST = "terlalu_cepat"
    RATE = "batas"


def issue_token() -> str:
    return signing.TimestampSigner(salt=SALT).sign(secrets.token_urlsafe(12))


def check_token(token: str) -> Refusal | None:
    signer = signing.TimestampSigner(salt=SALT)
    try:
        nonce = signer.unsign(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return Refusal.BAD_FORM
    ts = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])  # value:timestamp:signature
    if time.time() - ts < MIN_SECONDS:
        return Refusal.TOO_FAST
    # Single use: a replayed token is refused.
    if not cache.add(f"sup-intake-token:{nonce}", 1, timeout=MAX_AGE):
        return Refusal.BAD_FORM
    return None


def client_key(request: HttpRequest) -> str:
    """The client's address, also behind nginx (pilkada.core.clientip)."""
    return client_ip(request) or "unknown"


def rate_limited(request: HttpRequest) -> bool:
    """Count this attempt; True when the client is over the hourly limit."""
    limit = int(getattr(settings, "PILKADA_INTAKE_PER_HOUR", 5))
    key = f"sup-intake-rate:{client_key(request)}"
    cache.add(key, 0, timeout=WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW)
        count = 1
    return count > limit


def check_submission(request: HttpRequest) -> Refusal | None:
    """Run every check on a POSTed public form; None means the submission may be processed."""
    if request.POST.get(HONEYPOT, ""):
        return Refusal.HONEYPOT
    if rate_limited(request):
        return Refusal.RATE
    return check_token(request.POST.get("token", ""))
