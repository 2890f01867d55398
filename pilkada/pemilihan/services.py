"""Creating an election with its contests and pairs (audited, idempotent)."""

from datetime import date
from typing import Any

from django.db import transaction

from pilkada.audit.services import audit_log
from pilkada.pemilihan.loader import ContestRows
from pilkada.pemilihan.models import Contest, Election, Pair


@transaction.atomic
def election_setup(
    *,
    actor: Any,
    kode: str,
    nama: str,
    tanggal: date,
    kode_wilayah: str,
    contests: list[ContestRows],
    zona_waktu: str = "Asia/Jakarta",
) -> Election:
    """Create the election and any missing contests and pairs; existing rows are kept."""
    election = Election.objects.filter(kode=kode).first()
    if election is None:
        election = Election.objects.create(
            kode=kode, nama=nama, tanggal=tanggal, kode_wilayah=kode_wilayah, zona_waktu=zona_waktu
        )
        audit_log(
            actor=actor,
            action="pemilihan.election.created",
            object_type="pemilihan.election",
            object_id=kode,
            area_code=kode_wilayah,
            changes={"nama": nama, "tanggal": tanggal},
        )
    for urutan, rows in enumerate(contests, start=1):
        contest = Contest.objects.filter(kode=rows.kode).first()
        if contest is None:
            contest = Contest.objects.create(
                election=election,
                kode=rows.kode,
                jenis=rows.jenis,
                kode_wilayah=rows.kode_wilayah,
                nama_wilayah=rows.nama_wilayah,
                urutan=urutan,
            )
            audit_log(
                actor=actor,
                action="pemilihan.contest.created",
                object_type="pemilihan.contest",
                object_id=rows.kode,
                area_code=rows.kode_wilayah,
                changes={"jenis": rows.jenis, "wilayah": rows.nama_wilayah},
            )
        existing = set(contest.pairs.values_list("nomor_urut", flat=True))
        for p in rows.pairs:
            if p.nomor_urut in existing:
                continue
            pair = Pair(
                contest=contest,
                nomor_urut=p.nomor_urut,
                calon=p.calon,
                wakil=p.wakil,
                partai_pengusul=p.partai,
                sumber=p.sumber,
            )
            pair.full_clean()
            pair.save()
            audit_log(
                actor=actor,
                action="pemilihan.pair.created",
                object_type="pemilihan.pair",
                object_id=str(pair.pk),
                area_code=rows.kode_wilayah,
                changes={
                    "kontestasi": rows.kode,
                    "nomor_urut": p.nomor_urut,
                    "calon": p.calon,
                    "wakil": p.wakil,
                    "partai": p.partai,
                },
            )
    return election
