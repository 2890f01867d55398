"""NIK/NKK protection in bulk gives exactly what the library's one-value constructions give."""

import base64
import os

import polars as pl
import pytest
from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

from pilkada.voters import protect

sixteen = st.text(alphabet="0123456789", min_size=16, max_size=16)


@settings(max_examples=50, deadline=None)
@given(st.lists(sixteen, min_size=1, max_size=40), st.binary(min_size=0, max_size=80))
def test_hash_column_is_the_library_aes_cmac(values, secret):
    key = protect.mac_key(secret)
    want = []
    for v in values:
        mac = cmac.CMAC(algorithms.AES(key))
        mac.update(v.encode())
        want.append(base64.urlsafe_b64encode(mac.finalize()).decode().rstrip("="))
    assert protect.hash_column(pl.Series(values), secret=secret).to_list() == want


def test_keyed_hash_is_the_bulk_hash_under_the_configured_key():
    niks = pl.Series([f"18070{i:011d}" for i in range(300)] + ["0000000000000000"])
    assert protect.hash_column(niks).to_list() == [protect.keyed_hash(x) for x in niks]
    assert len(protect.keyed_hash(niks[0])) == protect.HASH_CHARS == 22


def test_protected_columns_open_to_the_pair_and_never_repeat_a_counter_block():
    niks = pl.Series([f"18070{i:011d}" for i in range(300)])
    nkks = pl.Series([f"08071{i // 4:011d}" for i in range(300)])  # families of four, a 0 first
    cols = protect.protect_columns(niks, nkks)
    assert cols["nik_hash"].to_list() == [protect.keyed_hash(x) for x in niks]
    assert cols["nkk_hash"].to_list() == [protect.keyed_hash(x) for x in nkks]
    sealed = cols["identitas_enc"].to_list()
    assert {len(s) for s in sealed} == {protect.RECORD_CHARS}
    opened = protect.unseal_column(sealed, cols["nik_hash"].to_list(), cols["nkk_hash"].to_list())
    assert opened == list(zip(niks, nkks, strict=True))
    records = [base64.b64decode(s) for s in sealed]
    assert len({r[:11] for r in records}) == len(records)  # prefix + counter: one per row
    again = protect.protect_columns(niks, nkks)["identitas_enc"].to_list()
    assert base64.b64decode(again[0])[:8] != records[0][:8]  # a fresh prefix per call
    assert all(a != b for a, b in zip(again, sealed, strict=True))


def test_a_record_is_aes_ctr_from_its_counter_block():
    nik, nkk = "1807014508900001", "1807010101080002"
    cols = protect.protect_columns(pl.Series([nik, nik]), pl.Series([nkk, nkk]))
    record = base64.b64decode(cols["identitas_enc"][1])
    block = record[:8] + bytes(5) + record[8:11]
    dec = Cipher(algorithms.AES(protect._enc_key()), modes.CTR(block)).decryptor()
    plain = dec.update(record[11:]) + dec.finalize()
    assert plain == int(nik).to_bytes(8, "big") + int(nkk).to_bytes(8, "big")
    assert record[8:11] == b"\0\0\1"


def test_a_changed_ciphertext_or_hash_is_refused_not_opened_wrong():
    nik, nkk = "1807014508900001", "1807010101080002"
    cols = protect.protect_columns(pl.Series([nik, nik]), pl.Series([nkk, nkk]))
    sealed, nh, kh = cols["identitas_enc"][1], cols["nik_hash"][1], cols["nkk_hash"][1]
    assert protect.unseal(sealed, nh, kh) == (nik, nkk)
    record = bytearray(base64.b64decode(sealed))
    record[-1] ^= 1  # CTR is malleable: one flipped bit changes the NKK by one
    flipped = base64.b64encode(bytes(record)).decode()
    with pytest.raises(protect.TamperedRecord) as caught:
        protect.unseal_column([sealed, flipped], [nh, nh], [kh, kh])
    assert caught.value.index == 1 and "NKK" in str(caught.value)
    with pytest.raises(protect.TamperedRecord):
        protect.unseal(sealed, protect.keyed_hash("1807014508900002"), kh)
    with pytest.raises(protect.TamperedRecord):
        protect.unseal(sealed[:-4], nh, kh)


@pytest.mark.parametrize("bad", ["18070145089000x1", "180701450890001", "", "١٨٠٧٠١٤٥٠٨٩٠٠٠٠١"])
def test_a_value_that_is_not_sixteen_ascii_digits_never_gets_protected(bad):
    with pytest.raises(ValueError):
        protect.protect_columns(pl.Series([bad]), pl.Series(["1" * 16]))
    with pytest.raises(ValueError):
        protect.hash_column(pl.Series([bad]))


def test_the_spool_seal_opens_only_with_its_key():
    data = os.urandom(1000)
    blob = protect.Sealer().seal_bytes(data)
    assert protect.unseal_bytes(blob) == data
    assert data not in blob
