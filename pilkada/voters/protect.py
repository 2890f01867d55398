"""Protecting NIK and NKK: keyed hash for lookup, AES-GCM for the authorised export.

* `nik_hash(x)` = first 16 bytes of HMAC-SHA256(PILKADA_NIK_KEY, x), hex (32 chars). Without the
  key the 16-digit space cannot be enumerated against the hashes.
* `seal(nik, nkk)` = 12-byte nonce + AES-256-GCM("nik|nkk") under PILKADA_NIK_ENC_KEY. Nonces are
  a random 4-byte prefix per `Sealer` plus a counter, so they never repeat under one key.
* Pages show `core.privacy.mask` (1807**********01).
"""

import base64
import hmac
import os
from collections.abc import Iterator
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

HASH_BYTES = 16


@lru_cache(maxsize=1)
def _hash_key() -> bytes:
    return str(settings.PILKADA_NIK_KEY).encode()


@lru_cache(maxsize=1)
def _aead() -> AESGCM:
    key = base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY))
    if len(key) != 32:
        raise ValueError("PILKADA_NIK_ENC_KEY harus 32 byte (base64)")
    return AESGCM(key)


hmac_digest = hmac.digest


def hash_key() -> bytes:
    return _hash_key()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a NIK or NKK, truncated to 128 bits, as hex."""
    return hmac.digest(_hash_key(), value.encode(), "sha256")[:HASH_BYTES].hex()


def _protect_chunk(
    hash_key: bytes, enc_key: bytes, niks: list[str], nkks: list[str]
) -> tuple[list[str], list[str], list[bytes]]:
    digest = hmac.digest
    n = HASH_BYTES
    aead = AESGCM(enc_key)
    encrypt = aead.encrypt
    # 8 random bytes per chunk + a 4-byte counter: nonces never repeat under one key.
    prefix = os.urandom(8)
    nik_h = [digest(hash_key, x.encode(), "sha256")[:n].hex() for x in niks]
    # A family shares its NKK: hash each one once.
    memo: dict[str, str] = {}
    nkk_h = []
    for x in nkks:
        h = memo.get(x)
        if h is None:
            h = memo[x] = digest(hash_key, x.encode(), "sha256")[:n].hex()
        nkk_h.append(h)
    sealed = []
    for i, (a, b) in enumerate(zip(niks, nkks, strict=True)):
        nonce = prefix + i.to_bytes(4, "big")
        sealed.append(nonce + encrypt(nonce, f"{a}|{b}".encode(), None))
    return nik_h, nkk_h, sealed


PARALLEL_MIN = 200_000

Protected = tuple[list[str], list[str], list[bytes]]


def protect_chunks(niks: list[str], nkks: list[str], size: int) -> Iterator[Protected]:
    """Hashes and ciphertexts, `size` rows at a time, in order.

    Large files are protected in worker processes (fork; they never touch the database) while
    the caller inserts the chunks already done, so the cryptography overlaps the database work.
    """
    key = _hash_key()
    enc_key = base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY))
    starts = range(0, len(niks), size)
    # One core stays with the caller, which inserts while the workers protect.
    workers = min((os.cpu_count() or 1) - 1, 3)
    if len(niks) < PARALLEL_MIN or workers < 1:
        for i in starts:
            yield _protect_chunk(key, enc_key, niks[i : i + size], nkks[i : i + size])
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(
            _protect_chunk,
            [key] * len(starts),
            [enc_key] * len(starts),
            [niks[i : i + size] for i in starts],
            [nkks[i : i + size] for i in starts],
        )


def protect_many(niks: list[str], nkks: list[str]) -> Protected:
    out: Protected = ([], [], [])
    for a, b, c in protect_chunks(niks, nkks, 100_000):
        out[0].extend(a)
        out[1].extend(b)
        out[2].extend(c)
    return out


class Sealer:
    """Encrypts many (nik, nkk) pairs quickly with unique nonces."""

    def __init__(self) -> None:
        self._prefix = os.urandom(4)
        self._counter = 0
        self._aead = _aead()

    def seal(self, nik: str, nkk: str) -> bytes:
        self._counter += 1
        nonce = self._prefix + self._counter.to_bytes(8, "big")
        return nonce + self._aead.encrypt(nonce, f"{nik}|{nkk}".encode(), None)

    def seal_bytes(self, data: bytes) -> bytes:
        """A whole file (an upload waiting for its run) under the same key."""
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, b"file")


def unseal_bytes(blob: bytes) -> bytes:
    return _aead().decrypt(blob[:12], blob[12:], b"file")


def unseal(blob: bytes | memoryview) -> tuple[str, str]:
    """(nik, nkk) from `identitas_enc`; only the authorised export calls this."""
    data = bytes(blob)
    plain = _aead().decrypt(data[:12], data[12:], None).decode()
    nik, _, nkk = plain.partition("|")
    return nik, nkk


def clear_key_cache() -> None:
    _hash_key.cache_clear()
    _aead.cache_clear()
