"""Test data for the results pages: verified forms with photos, one unverified, one correction."""

import struct
import zlib
from typing import Any

from pilkada.counting.services import entry_correct, entry_submit, photo_add
from pilkada.counting.tests.helpers import kwargs

TPS_A = "1807012001001"
TPS_B = "1807012001002"
TPS_C = "1807022001001"


def png(width: int = 240, height: int = 160) -> bytes:
    """A small valid grey PNG (what a phone would upload, only smaller)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes([200, 200, 190]) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def load(users: dict[str, Any]) -> dict[str, Any]:
    """TPS_A verified with a photo (pilgub 120/80); TPS_B entered once (unverified);
    TPS_C verified then corrected at the PPK (one vote moved)."""
    photo = photo_add(actor=users["kpps_a1"], tps_kode=TPS_A, contest_kode="pilgub", content=png())
    for u in ("kpps_a1", "pps_a1"):
        entry_submit(
            actor=users[u],
            tps_kode=TPS_A,
            contest_kode="pilgub",
            photo_sha256=photo.sha256,
            **kwargs({1: 120, 2: 80}),
        )
    entry_submit(
        actor=users["pps_a1"], tps_kode=TPS_B, contest_kode="pilgub", **kwargs({1: 50, 2: 60})
    )
    from conftest import make_user

    kpps_b = make_user("kpps_b1", "kpps", TPS_C)
    ppk_b = make_user("ppk_b", "ppk", "180702")
    for who in (kpps_b, ppk_b):
        entry_submit(actor=who, tps_kode=TPS_C, contest_kode="pilgub", **kwargs({1: 70, 2: 90}))
    entry_correct(
        actor=ppk_b,
        tps_kode=TPS_C,
        contest_kode="pilgub",
        reason="Salah salin: satu suara paslon 2 tertulis di kolom paslon 1.",
        kejadian="Saksi paslon 2 menunjukkan formulir plano.",
        **kwargs({1: 69, 2: 91}),
    )
    return {"photo": photo}
