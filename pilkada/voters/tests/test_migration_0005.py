"""Migration 0005 protects rows sealed the old way (HMAC-SHA256, AES-GCM) the new way, and back."""

import base64
import hmac
import os
import struct

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pilkada.voters import protect

OLD = [("voters", "0004_voter_rowid_no_nkk_mask")]
NEW = [("voters", "0005_identitas_cmac_ctr")]
PEOPLE = [("1807014508900001", "1807010101080002"), ("1807020101700003", "0807010101080004")]


def _old_hash(value: str) -> str:
    return hmac.digest(str(settings.PILKADA_NIK_KEY).encode(), value.encode(), "sha256")[:16].hex()


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_old_rows_get_cmac_hashes_and_ctr_records_and_go_back():
    apps = _migrate(OLD)
    Voter = apps.get_model("voters", "Voter")
    aead = AESGCM(base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY)))
    for n, (nik, nkk) in enumerate(PEOPLE):
        nonce = os.urandom(12)
        plain = struct.pack(">QQ", int(nik), int(nkk)) if n == 0 else f"{nik}|{nkk}".encode()
        Voter.objects.create(
            tps_kode="1807012001001",
            nik_hash=_old_hash(nik),
            nkk_hash=_old_hash(nkk),
            nik_masked="1807**********01",
            identitas_enc=nonce + aead.encrypt(nonce, plain, None),
            nama="UJI",
            tanggal_lahir="1990-08-05",
            status_kawin="S",
            jenis_kelamin="P",
            baris=n + 2,
        )
    try:
        apps = _migrate(NEW)
        rows = list(
            apps.get_model("voters", "Voter")
            .objects.order_by("baris")
            .values_list("nik_hash", "nkk_hash", "identitas_enc")
        )
        for (nik, nkk), (nik_hash, nkk_hash, sealed) in zip(PEOPLE, rows, strict=True):
            assert (nik_hash, nkk_hash) == (protect.keyed_hash(nik), protect.keyed_hash(nkk))
            assert protect.unseal(sealed, nik_hash, nkk_hash) == (nik, nkk)
        apps = _migrate(OLD)
        back = apps.get_model("voters", "Voter").objects.order_by("baris")
        for (nik, nkk), v in zip(PEOPLE, back, strict=True):
            assert (v.nik_hash, v.nkk_hash) == (_old_hash(nik), _old_hash(nkk))
            blob = bytes(v.identitas_enc)
            packed = struct.pack(">QQ", int(nik), int(nkk))
            assert aead.decrypt(blob[:12], blob[12:], None) == packed
    finally:
        _migrate(NEW)
