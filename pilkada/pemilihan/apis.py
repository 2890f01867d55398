from django.http import HttpRequest
from ninja import Router, Schema, Status

from pilkada.core.api import PUBLIC_ERRORS
from pilkada.pemilihan.selectors import contest_list, election_get_current

router = Router(tags=["pemilihan"])


class PairOut(Schema):
    nomor_urut: int
    calon: str
    wakil: str
    partai_pengusul: list[str]


class ContestOut(Schema):
    kode: str
    jenis: str
    kode_wilayah: str
    nama_wilayah: str
    kotak_kosong: bool
    pasangan: list[PairOut]


class ElectionOut(Schema):
    kode: str
    nama: str
    tanggal: str
    kontestasi: list[ContestOut]


@router.get("", response={200: ElectionOut, **PUBLIC_ERRORS}, auth=None)
def current_election(request: HttpRequest) -> object:
    """The election this installation runs, with its contests and candidate pairs (public)."""
    election = election_get_current()
    if election is None:
        return Status(404, {"detail": "Belum ada pemilihan."})
    contests = []
    for c in contest_list(election=election):
        pairs = list(c.pairs.all())
        contests.append(
            ContestOut(
                kode=c.kode,
                jenis=c.jenis,
                kode_wilayah=c.kode_wilayah,
                nama_wilayah=c.nama_wilayah,
                kotak_kosong=len(pairs) == 1,
                pasangan=[
                    PairOut(
                        nomor_urut=p.nomor_urut,
                        calon=p.calon,
                        wakil=p.wakil,
                        partai_pengusul=p.partai_pengusul,
                    )
                    for p in pairs
                ],
            )
        )
    return ElectionOut(
        kode=election.kode,
        nama=election.nama,
        tanggal=election.tanggal.isoformat(),
        kontestasi=contests,
    )
