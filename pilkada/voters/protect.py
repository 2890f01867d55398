"""Protecting NIK and NKK: keyed hash for lookup, encryption for the authorised export.

Both are standard AES constructions from the `cryptography` library, applied to a whole column
at once (docs/adr/0004-nik-protection-in-bulk.md: per-row HMAC and AES-GCM calls took 5.8 CPU-s
of an 823,417-row import; these take about 0.3):

* `nik_hash(x)` = AES-CMAC (RFC 4493, NIST SP 800-38B) of the 16 ASCII digits, under a 256-bit
  key derived with HKDF-SHA256 from PILKADA_NIK_KEY. Without the key the
  16-digit space cannot be enumerated against the hashes. A 16-digit value is exactly one AES
  block, for which CMAC is AES(K, M xor K1): `hash_column` hashes a whole column with one ECB
  call; `keyed_hash` (one value, the library's CMAC) gives the same result (tested). Stored as
  URL-safe base64 without padding (22 characters).
* `identitas_enc` = base64 of a 27-byte record: an 8-byte random prefix per protected column, a
  3-byte row counter, then AES-256-CTR(NIK and NKK as two big-endian 64-bit integers) under a key
  derived from PILKADA_NIK_ENC_KEY. The counter block of row i is prefix || 0^5 || i (24 bits),
  so blocks never repeat under one key. CTR carries no tag: `unseal_column` checks every
  decrypted NIK and NKK against the row's keyed hashes (encrypt-and-MAC), so a changed
  ciphertext is refused, not exported as a wrong NIK.
* Pages show `core.privacy.mask` (1807**********01).
"""

import base64
import os
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import polars as pl
from cryptography.hazmat.primitives import cmac, hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

HASH_BYTES = 16
HASH_CHARS = 22  # URL-safe base64 of 16 bytes, no padding
RECORD_BYTES = 27  # prefix 8 + counter 3 + ciphertext 16
RECORD_CHARS = 36  # base64 of 27 bytes, no padding
MAX_ROWS = 1 << 24  # rows one prefix may count
_DIGITS = 16


class TamperedRecord(ValueError):
    """A stored ciphertext that does not decrypt to the NIK/NKK its keyed hashes name."""

    def __init__(self, message: str, index: int = 0) -> None:
        super().__init__(message)
        self.index = index


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def mac_key(secret: bytes | None = None) -> bytes:
    """The CMAC key: from PILKADA_NIK_KEY, or from `secret` (a benchmark's or a test's own)."""
    if secret is None:
        return _settings_mac_key()
    return _derive(secret, b"pilkada nik hash aes-cmac")


@lru_cache(maxsize=1)
def _settings_mac_key() -> bytes:
    return mac_key(str(settings.PILKADA_NIK_KEY).encode())


@lru_cache(maxsize=1)
def _file_key() -> bytes:
    key = base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY))
    if len(key) != 32:
        raise ValueError("PILKADA_NIK_ENC_KEY harus 32 byte (base64)")
    return key


@lru_cache(maxsize=1)
def _enc_key() -> bytes:
    return _derive(_file_key(), b"pilkada identitas aes-ctr")


def _ecb(key: bytes, blocks: bytes) -> bytes:
    """AES applied to each 16-byte block: the building block of CMAC and CTR below."""
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 (one block per value)
    return enc.update(blocks) + enc.finalize()


def _subkey(key: bytes) -> np.ndarray:
    """CMAC's K1 (RFC 4493 §2.3): L = AES(K, 0^128), K1 = L << 1, xor 0x87 if L's top bit."""
    ell = int.from_bytes(_ecb(key, bytes(16)), "big")
    k1 = (ell << 1) & ((1 << 128) - 1)
    if ell >> 127:
        k1 ^= 0x87
    return np.frombuffer(k1.to_bytes(16, "big"), np.uint8)


def _checked(values: pl.Series, name: str) -> pl.Series:
    """A column of 16-digit strings; anything else is refused."""
    if values.null_count() or not values.str.contains(r"^[0-9]{16}$").all():
        raise ValueError(f"{name} harus 16 digit")
    return values


def _ascii(values: pl.Series) -> np.ndarray:
    """The 16 ASCII digits of each value, as rows of a (n, 16) byte array (one copy)."""
    joined = values.str.join("").item()
    return np.frombuffer(str(joined).encode(), np.uint8).reshape(-1, _DIGITS)


def _cmac_text(digits: np.ndarray, key: bytes, name: str) -> pl.Series:
    """AES-CMAC of each 16-byte row, as `_tag_text` writes it."""
    tags = np.frombuffer(_ecb(key, (digits ^ _subkey(key)).tobytes()), np.uint8)
    # 16 bytes + 2 zero bytes encode to 24 characters whose first 22 are the 16 bytes' unpadded
    # base64: the whole column in one b64encode call.
    padded = np.zeros((len(digits), HASH_BYTES + 2), np.uint8)
    padded[:, :HASH_BYTES] = tags.reshape(-1, HASH_BYTES)
    text = np.frombuffer(base64.urlsafe_b64encode(padded.tobytes()), np.uint8)
    rows = np.ascontiguousarray(text.reshape(len(digits), -1)[:, :HASH_CHARS])
    return pl.Series(name, rows.view(f"S{HASH_CHARS}").ravel()).cast(pl.String)


def _tag_text(tag: bytes) -> str:
    """A 16-byte tag as stored: URL-safe base64 without padding, 22 characters (hex took 32:
    the COPY and the index are a tenth faster with the shorter text)."""
    return base64.urlsafe_b64encode(tag).decode().rstrip("=")


def hash_column(values: pl.Series, *, secret: bytes | None = None, name: str = "") -> pl.Series:
    """`keyed_hash` of every value of a column of 16-digit strings, in one AES call."""
    digits = _ascii(_checked(values, "nilai"))
    return _cmac_text(digits, mac_key(secret), name or values.name)


def keyed_hash(value: str) -> str:
    """AES-CMAC of a NIK or NKK (its 16 ASCII digits), as `_tag_text`."""
    mac = cmac.CMAC(algorithms.AES(_settings_mac_key()))
    mac.update(value.encode())
    return _tag_text(mac.finalize())


def _counter_blocks(prefixes: np.ndarray, counters: np.ndarray) -> bytes:
    blocks = np.zeros((len(counters), 16), np.uint8)
    blocks[:, :8] = prefixes
    blocks[:, 13:] = counters
    return blocks.tobytes()


def _pairs(nik: np.ndarray, nkk: np.ndarray) -> np.ndarray:
    plain = np.empty((len(nik), 2), ">u8")
    plain[:, 0] = nik
    plain[:, 1] = nkk
    return plain.view(np.uint8).reshape(-1, 16)


def protect_columns(niks: pl.Series, nkks: pl.Series) -> pl.DataFrame:
    """Columns nik_hash, nkk_hash and identitas_enc for a column of NIKs and one of NKKs."""
    n = len(niks)
    if len(nkks) != n:
        raise ValueError("kolom NIK dan NKK berbeda panjang")
    if n >= MAX_ROWS:
        raise ValueError(f"paling banyak {MAX_ROWS - 1} baris sekali lindung")
    niks, nkks = _checked(niks, "NIK"), _checked(nkks, "NKK")
    nik, nkk = niks.cast(pl.UInt64).to_numpy(), nkks.cast(pl.UInt64).to_numpy()
    key = _settings_mac_key()
    counters = np.arange(n, dtype=">u4").view(np.uint8).reshape(-1, 4)[:, 1:]
    prefix = np.frombuffer(os.urandom(8), np.uint8)
    stream = np.frombuffer(_ecb(_enc_key(), _counter_blocks(prefix, counters)), np.uint8)
    record = np.empty((n, RECORD_BYTES), np.uint8)
    record[:, :8] = prefix
    record[:, 8:11] = counters
    record[:, 11:] = _pairs(nik, nkk) ^ stream.reshape(-1, 16)
    text = base64.b64encode(record.tobytes())
    sealed = pl.Series("identitas_enc", np.frombuffer(text, dtype=f"S{RECORD_CHARS}"))
    return pl.DataFrame(
        [
            _cmac_text(_ascii(niks), key, "nik_hash"),
            _cmac_text(_ascii(nkks), key, "nkk_hash"),
            sealed.cast(pl.String),
        ]
    )


def unseal_column(
    sealed: Sequence[str], nik_hashes: Sequence[str], nkk_hashes: Sequence[str]
) -> list[tuple[str, str]]:
    """(nik, nkk) of each record, checked against its keyed hashes; only the authorised export
    (and the key-rotation command) call this. Raises `TamperedRecord` naming the first bad row."""
    n = len(sealed)
    if not n:
        return []
    for i, s in enumerate(sealed):
        if len(s) != RECORD_CHARS:
            raise TamperedRecord(f"baris {i + 1}: identitas_enc bukan rekaman yang dikenal", i)
    record = np.frombuffer(base64.b64decode("".join(sealed)), np.uint8).reshape(n, RECORD_BYTES)
    stream = np.frombuffer(
        _ecb(_enc_key(), _counter_blocks(record[:, :8], record[:, 8:11])), np.uint8
    )
    plain = (record[:, 11:] ^ stream.reshape(-1, 16)).copy().view(">u8")
    nik = pl.Series(plain[:, 0].astype(np.uint64)).cast(pl.String).str.zfill(_DIGITS)
    nkk = pl.Series(plain[:, 1].astype(np.uint64)).cast(pl.String).str.zfill(_DIGITS)
    key = _settings_mac_key()
    for got, want, what in (
        (_cmac_text(_ascii(nik), key, "h"), nik_hashes, "NIK"),
        (_cmac_text(_ascii(nkk), key, "h"), nkk_hashes, "NKK"),
    ):
        bad = (got != pl.Series(list(want), dtype=pl.String)).arg_true()
        if len(bad):
            i = int(bad[0])
            raise TamperedRecord(f"baris {i + 1}: {what} tidak cocok dengan hash-nya", i)
    return list(zip(nik.to_list(), nkk.to_list(), strict=True))


def unseal(sealed: str, nik_hash: str, nkk_hash: str) -> tuple[str, str]:
    """One record (see `unseal_column`)."""
    return unseal_column([sealed], [nik_hash], [nkk_hash])[0]


class Sealer:
    """Encrypts an uploaded file while it waits for its run (AES-GCM, one call per file)."""

    def __init__(self) -> None:
        self._aead = AESGCM(_file_key())

    def seal_bytes(self, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, b"file")


def unseal_bytes(blob: bytes) -> bytes:
    return AESGCM(_file_key()).decrypt(blob[:12], blob[12:], b"file")


def clear_key_cache() -> None:
    _settings_mac_key.cache_clear()
    _file_key.cache_clear()
    _enc_key.cache_clear()
