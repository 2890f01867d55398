"""The bulk protection of NIK/NKK gives exactly what the one-at-a-time functions give."""

import base64
import hmac

import polars as pl
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from pilkada.voters import protect


@pytest.mark.parametrize("key", [b"", b"k", b"x" * 64, b"long key " * 20])
def test_hmac_many_is_hmac_sha256(key):
    messages = [b"", b"3207014508900001", bytes(range(256)) * 3]
    assert protect.hmac_many(key, messages) == [hmac.digest(key, m, "sha256") for m in messages]


def test_protected_chunk_hashes_seals_and_never_repeats_a_nonce():
    niks = pl.Series([f"18070{i:011d}" for i in range(300)])
    nkks = pl.Series([f"18071{i // 4:011d}" for i in range(300)])  # families of four
    enc_key = base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY))
    chunk = protect._protect_chunk(protect.hash_key(), enc_key, niks, nkks)
    assert chunk["nik_hash"].to_list() == [protect.keyed_hash(x) for x in niks]
    assert chunk["nkk_hash"].to_list() == [protect.keyed_hash(x) for x in nkks]
    sealed = chunk["identitas_enc"].to_list()
    assert [protect.unseal(s) for s in sealed] == list(zip(niks, nkks, strict=True))
    assert len({s[:12] for s in sealed}) == len(sealed)
    again = protect._protect_chunk(protect.hash_key(), enc_key, niks, nkks)
    assert again["identitas_enc"][0][:8] != sealed[0][:8]  # a fresh random prefix per chunk


def test_worker_processes_give_the_same_columns_in_order(monkeypatch):
    niks = pl.Series([f"18070{i:011d}" for i in range(250)])
    nkks = pl.Series([f"18071{i // 3:011d}" for i in range(250)])
    monkeypatch.setattr(protect, "PARALLEL_MIN", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    parts = list(protect.protect_chunks(niks, nkks, 100))
    assert [p.height for p in parts] == [100, 100, 50]
    both = pl.concat(parts)
    assert both["nik_hash"].to_list() == [protect.keyed_hash(x) for x in niks]
    assert both["nkk_hash"].to_list() == [protect.keyed_hash(x) for x in nkks]
    assert protect.unseal(both["identitas_enc"][249]) == (niks[249], nkks[249])


def test_sealed_pair_is_44_bytes_and_records_sealed_as_text_still_open():
    enc_key = base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY))
    nik, nkk = "1807014508900001", "1807010101080002"
    _, _, sealed = protect._seal_chunk(protect.hash_key(), enc_key, [nik.encode()], [nkk.encode()])
    assert len(sealed[0]) == 12 + 16 + 16  # nonce + two 64-bit integers + GCM tag
    assert protect.unseal(sealed[0]) == (nik, nkk)
    # The text form "nik|nkk" written before the packed one.
    nonce = b"\0" * 12
    old = nonce + AESGCM(enc_key).encrypt(nonce, f"{nik}|{nkk}".encode(), None)
    assert protect.unseal(old) == (nik, nkk)


def test_a_nik_that_is_not_digits_never_gets_sealed():
    enc_key = base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY))
    with pytest.raises(ValueError):
        protect._seal_chunk(protect.hash_key(), enc_key, [b"18070145089000x1"], [b"1" * 16])
