"""NIK/NKK protection in bulk (docs/adr/0004): keyed hashes become AES-CMAC, the sealed pair
becomes AES-CTR text (36 characters). Rows sealed before are opened with the old AES-GCM form
and protected again under the same keys; a new database has no rows and needs no key here."""

import base64
import hmac
import os
import struct

import polars as pl
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import migrations, models

BATCH = 50_000
_PAIR = struct.Struct(">QQ")


def _open_gcm(aead: AESGCM, blob: bytes) -> tuple[str, str]:
    plain = aead.decrypt(blob[:12], blob[12:], None)
    if len(plain) == _PAIR.size:
        nik, nkk = _PAIR.unpack(plain)
        return f"{nik:016d}", f"{nkk:016d}"
    text_nik, _, text_nkk = plain.decode().partition("|")
    return text_nik, text_nkk


def reprotect(apps, schema_editor):
    from pilkada.voters import protect

    connection = schema_editor.connection
    table = "voters_voter"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        if not cursor.fetchone()[0]:
            return
    protect.clear_key_cache()
    aead = AESGCM(base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY)))
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, identitas_enc FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            pairs = [_open_gcm(aead, bytes(blob)) for _, blob in rows]
            new = protect.protect_columns(
                pl.Series([p[0] for p in pairs]), pl.Series([p[1] for p in pairs])
            )
            cursor.executemany(
                f"UPDATE {table} SET nik_hash = %s, nkk_hash = %s, identitas_baru = %s "
                "WHERE id = %s",
                [(*r, i) for r, (i, _) in zip(new.iter_rows(), rows, strict=True)],
            )
            last = rows[-1][0]


def back_to_gcm(apps, schema_editor):
    """The reverse: HMAC-SHA256 hashes and AES-GCM of the packed pair, as 0004 stored them."""
    from pilkada.voters import protect

    connection = schema_editor.connection
    table = "voters_voter"
    protect.clear_key_cache()
    aead = AESGCM(base64.urlsafe_b64decode(str(settings.PILKADA_NIK_ENC_KEY)))
    hash_key = str(settings.PILKADA_NIK_KEY).encode()

    def old_hash(value: str) -> str:
        return hmac.digest(hash_key, value.encode(), "sha256")[:16].hex()

    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, identitas_baru, nik_hash, nkk_hash FROM {table} "
                "WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            pairs = protect.unseal_column(
                [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]
            )
            updates = []
            for (i, *_), (nik, nkk) in zip(rows, pairs, strict=True):
                nonce = os.urandom(12)
                sealed = nonce + aead.encrypt(nonce, _PAIR.pack(int(nik), int(nkk)), None)
                updates.append((old_hash(nik), old_hash(nkk), sealed, i))
            cursor.executemany(
                f"UPDATE {table} SET nik_hash = %s, nkk_hash = %s, identitas_enc = %s "
                "WHERE id = %s",
                updates,
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("voters", "0004_voter_rowid_no_nkk_mask"),
    ]

    operations = [
        # Nullable first, so that the reverse can add it back empty and fill it.
        migrations.AlterField(
            model_name="voter", name="identitas_enc", field=models.BinaryField(null=True)
        ),
        migrations.AddField(
            model_name="voter",
            name="identitas_baru",
            field=models.CharField(default="", max_length=36),
            preserve_default=False,
        ),
        migrations.RunPython(reprotect, back_to_gcm, elidable=False),
        migrations.RemoveField(model_name="voter", name="identitas_enc"),
        migrations.RenameField(
            model_name="voter", old_name="identitas_baru", new_name="identitas_enc"
        ),
    ]
