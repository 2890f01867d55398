"""Protecting NIK and NKK: keyed hash for lookup, AES-GCM for the authorised export.

* `nik_hash(x)` = first 16 bytes of HMAC-SHA256(PILKADA_NIK_KEY, x), hex (32 chars). Without the
  key the 16-digit space cannot be enumerated against the hashes.
* `identitas_enc` = 12-byte nonce + AES-256-GCM(NIK and NKK as two big-endian 64-bit integers)
  under PILKADA_NIK_ENC_KEY: 44 bytes a row (the text "nik|nkk" made 61). Nonces are a random
  8-byte prefix per chunk plus a 4-byte counter, so they never repeat under one key. Records
  sealed before 2026-11-28 hold the text form; `unseal` reads both.
* Pages show `core.privacy.mask` (1807**********01).
"""

import base64
import hashlib
import hmac
import os
import struct
from collections.abc import Iterator
from functools import lru_cache
from itertools import repeat

import polars as pl
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


_NONCE = struct.Struct(">8sI")
# NIK and NKK are 16 ASCII digits (the import's rules) < 2**64: 16 bytes instead of 33 as text.
_PAIR = struct.Struct(">QQ")
_BLOCK = 64  # SHA-256 block size
_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


def hmac_many(key: bytes, messages: list[bytes]) -> list[bytes]:
    """HMAC-SHA256 of many messages (RFC 2104, identical to `hmac.digest`), full 32 bytes.

    The key's inner and outer SHA-256 states are computed once and copied per message, as
    `hmac.HMAC` does: about half the cost of one `hmac.digest` call per message.
    """
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner_copy = hashlib.sha256(key.translate(_IPAD)).copy
    outer_copy = hashlib.sha256(key.translate(_OPAD)).copy
    out: list[bytes] = []
    append = out.append
    for message in messages:
        inner = inner_copy()
        inner.update(message)
        outer = outer_copy()
        outer.update(inner.digest())
        append(outer.digest())
    return out


def hash_key() -> bytes:
    return _hash_key()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a NIK or NKK, truncated to 128 bits, as hex."""
    return hmac.digest(_hash_key(), value.encode(), "sha256")[:HASH_BYTES].hex()


def _hex_prefix(digests: list[bytes], name: str) -> pl.Series:
    """First HASH_BYTES of each digest as lowercase hex, vectorised (same as `keyed_hash`)."""
    return pl.Series(name, digests, dtype=pl.Binary).bin.encode("hex").str.slice(0, 2 * HASH_BYTES)


Sealed = tuple[list[bytes], list[bytes], list[bytes]]


def _seal_chunk(hash_key: bytes, enc_key: bytes, niks: list[bytes], nkks: list[bytes]) -> Sealed:
    """Full HMAC digests of NIKs and NKKs, and nonce + AES-GCM(packed NIK and NKK) per row.

    Runs in a forked worker for big files, so it uses no polars (its thread pool does not
    survive a fork). Per row: the HMAC from precomputed key states and one AES-GCM call.
    """
    nik_h = hmac_many(hash_key, niks)
    # A family shares its NKK: hash each one once.
    uniq = list(dict.fromkeys(nkks))
    memo = dict(zip(uniq, hmac_many(hash_key, uniq), strict=True))
    nkk_h = list(map(memo.__getitem__, nkks))
    # 8 random bytes per chunk + a 4-byte counter: nonces never repeat under one key.
    nonces = list(map(_NONCE.pack, repeat(os.urandom(8)), range(len(niks))))
    if len(niks) != len(nkks):
        raise ValueError("NIK and NKK columns differ in length")
    plain = list(map(_PAIR.pack, map(int, niks), map(int, nkks)))
    sealed = list(map(AESGCM(enc_key).encrypt, nonces, plain, repeat(None)))
    return nik_h, nkk_h, list(map(bytes.__add__, nonces, sealed))


def _protect_chunk(
    hash_key: bytes, enc_key: bytes, niks: pl.Series, nkks: pl.Series
) -> pl.DataFrame:
    """Keyed hashes and ciphertexts of one chunk, as columns nik_hash, nkk_hash, identitas_enc."""
    return _frame(_seal_chunk(hash_key, enc_key, _utf8(niks), _utf8(nkks)))


def _utf8(values: pl.Series) -> list[bytes]:
    return values.cast(pl.Binary).to_list()


def _frame(sealed: Sealed) -> pl.DataFrame:
    nik_h, nkk_h, enc = sealed
    return pl.DataFrame(
        [
            _hex_prefix(nik_h, "nik_hash"),
            _hex_prefix(nkk_h, "nkk_hash"),
            pl.Series("identitas_enc", enc, dtype=pl.Binary),
        ]
    )


PARALLEL_MIN = 200_000


def protect_chunks(niks: pl.Series, nkks: pl.Series, size: int) -> Iterator[pl.DataFrame]:
    """Hashes and ciphertexts, `size` rows at a time, in order (see `_seal_chunk`).

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
            yield _protect_chunk(key, enc_key, niks.slice(i, size), nkks.slice(i, size))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        done = pool.map(
            _seal_chunk,
            [key] * len(starts),
            [enc_key] * len(starts),
            [_utf8(niks.slice(i, size)) for i in starts],
            [_utf8(nkks.slice(i, size)) for i in starts],
        )
        for sealed in done:
            yield _frame(sealed)


class Sealer:
    """Encrypts an uploaded file while it waits for its run."""

    def __init__(self) -> None:
        self._aead = _aead()

    def seal_bytes(self, data: bytes) -> bytes:
        """A whole file (an upload waiting for its run) under the same key."""
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, b"file")


def unseal_bytes(blob: bytes) -> bytes:
    return _aead().decrypt(blob[:12], blob[12:], b"file")


def unseal(blob: bytes | memoryview) -> tuple[str, str]:
    """(nik, nkk) from `identitas_enc`; only the authorised export calls this."""
    data = bytes(blob)
    plain = _aead().decrypt(data[:12], data[12:], None)
    if len(plain) == _PAIR.size:
        nik, nkk = _PAIR.unpack(plain)
        return f"{nik:016d}", f"{nkk:016d}"
    text_nik, _, text_nkk = plain.decode().partition("|")  # sealed before the packed form
    return text_nik, text_nkk


def clear_key_cache() -> None:
    _hash_key.cache_clear()
    _aead.cache_clear()
