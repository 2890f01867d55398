"""Field encryption of reporter identity (AES-256-GCM).

security.md §2: reports are not anonymous (Perbawaslu requires the reporter's name and
address), so the identity is encrypted at field level and shown only to the case's assigned
officers. The key is `PILKADA_REPORTER_KEY` (32 bytes, urlsafe base64) when set; otherwise it is
derived from SECRET_KEY with HKDF, so a copy of the database alone does not reveal reporters.
"""

import base64
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "v1:"
NONCE_BYTES = 12


@lru_cache(maxsize=4)
def _key(configured: str, secret: str) -> bytes:
    if configured:
        key = base64.urlsafe_b64decode(configured)
        if len(key) != 32:
            raise ValueError("PILKADA_REPORTER_KEY harus 32 byte (base64)")
        return key
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"pilkada.supervision.reporter"
    ).derive(secret.encode())


def _aead() -> AESGCM:
    return AESGCM(_key(getattr(settings, "PILKADA_REPORTER_KEY", ""), settings.SECRET_KEY))


def encrypt(plain: str, *, field: str) -> str:
    """Ciphertext as text; `field` is bound in as associated data (no swapping between fields)."""
    if not plain:
        return ""
    nonce = os.urandom(NONCE_BYTES)
    sealed = _aead().encrypt(nonce, plain.encode(), field.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str, *, field: str) -> str:
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("format sandi tidak dikenal")
    raw = base64.urlsafe_b64decode(token[len(PREFIX) :])
    return _aead().decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], field.encode()).decode()
