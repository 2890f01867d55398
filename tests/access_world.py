"""The objects the access matrix needs: one of each kind in an own area (A) and another (B).

Area A is kecamatan 180701 (desa 1807012001, TPS 1807012001001), where every role's user sits;
area B is kecamatan 180702 (desa 1807022001, TPS 1807022001001). The province and kabupaten
roles (KPU Provinsi of 18; KPU Kabupaten, Bawaslu, ... of 1807) cover both.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from conftest import build_world, make_user
from pilkada.accounts.models import User
from pilkada.accounts.roles import ROLE_LEVEL, Role
from pilkada.core.codes import Level
from pilkada.counting.services import entry_submit, keberatan_create, photo_add
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.results.tests.factories import png

AREA_A = {
    Level.PROVINSI: "18",
    Level.KABUPATEN: "1807",
    Level.KECAMATAN: "180701",
    Level.DESA: "1807012001",
    Level.TPS: "1807012001001",
}
AREA_B = {
    Level.PROVINSI: "18",
    Level.KABUPATEN: "1807",
    Level.KECAMATAN: "180702",
    Level.DESA: "1807022001",
    Level.TPS: "1807022001001",
}
# "P": the province itself, for the routes that also answer there (the recapitulation of the
# governor race, KPU Provinsi's plenary); routes without a "P" object are tried on A and B only.
SIDES = ("A", "B", "P")


@dataclass
class Obj:
    """A URL argument value and the area codes that decide who may reach it."""

    value: str
    areas: tuple[str, ...]
    officers: tuple[str, ...] = ()  # usernames assigned to it (supervision cases)


@dataclass
class MatrixWorld:
    users: dict[str, User]  # one per role (key: role value), all in area A
    objects: dict[tuple[str, str], Obj] = field(default_factory=dict)  # (kind, side) -> Obj


def _helpers_for(side: dict[Level, str], tag: str) -> dict[str, User]:
    return {
        "kpps": make_user(f"h_kpps_{tag}", Role.KPPS, side[Level.TPS]),
        "pps": make_user(f"h_pps_{tag}", Role.PPS, side[Level.DESA]),
        "ppk": make_user(f"h_ppk_{tag}", Role.PPK, side[Level.KECAMATAN]),
    }


def build_matrix_world() -> MatrixWorld:
    from pilkada.budget.services import NewAllocation, grant_create
    from pilkada.logistics.services import (
        ReceiptPhoto,
        items_sync,
        shipment_dispatch,
        shipment_receive,
    )
    from pilkada.supervision.services import UploadedEvidence, case_assign, report_receive
    from pilkada.supervision.tests.conftest import new_report
    from pilkada.voters.models import DuplicatePair, ImportBatch
    from pilkada.voters.services import nik_duplicates_find
    from pilkada.voters.tests.conftest import load, make_rows

    build_world()
    make_contests()
    users = {
        role.value: make_user(
            f"m_{role.value}",
            role,
            AREA_A[ROLE_LEVEL[role]],
            is_staff=role == Role.KPU_ADMIN,
        )
        for role in Role
    }
    kpu = users[Role.KPU_ADMIN]
    w = MatrixWorld(users=users)
    o = w.objects
    for kind in ("tps", "desa", "kecamatan"):
        level = {"tps": Level.TPS, "desa": Level.DESA, "kecamatan": Level.KECAMATAN}[kind]
        for name, side in (("A", AREA_A), ("B", AREA_B)):
            o[(kind, name)] = Obj(side[level], (side[level],))

    # A recapitulation level: a kecamatan of each side, and the province (governor race only).
    for name, code in (("A", AREA_A[Level.KECAMATAN]), ("B", AREA_B[Level.KECAMATAN]), ("P", "18")):
        o[("rekap", name)] = Obj(code, (code,))

    items_sync(actor=None, contests=[("bup", "Bupati")])
    for name, side in (("A", AREA_A), ("B", AREA_B)):
        h = _helpers_for(side, name)
        tps = side[Level.TPS]
        photo = photo_add(actor=h["kpps"], tps_kode=tps, contest_kode="pilgub", content=png())
        for who in ("kpps", "pps"):
            entry_submit(
                actor=h[who],
                tps_kode=tps,
                contest_kode="pilgub",
                photo_sha256=photo.sha256,
                **kwargs({1: 120, 2: 80}),
            )
        o[("photo", name)] = Obj(str(photo.pk), (tps,))
        k = keberatan_create(
            actor=h["kpps"],
            contest_kode="pilgub",
            area_code=tps,
            saksi="Saksi paslon 1",
            isi="Keberatan atas jumlah suara tidak sah.",
        )
        o[("keberatan", name)] = Obj(str(k.pk), (tps,))
        case = report_receive(
            report=new_report(desa_kode=side[Level.DESA]),
            files=[UploadedEvidence("bukti.png", png())],
        )
        officer = (
            users[Role.PANWASCAM]
            if name == "A"
            else make_user("h_panwascam_B", Role.PANWASCAM, side[Level.KECAMATAN])
        )
        case_assign(actor=users[Role.BAWASLU], case_id=case.pk, officers=[officer])
        o[("case", name)] = Obj(str(case.pk), (case.area_code,), (officer.username,))
        ev = case.evidence.get()
        o[("evidence", name)] = Obj(str(ev.pk), (case.area_code,))
        s = shipment_dispatch(
            actor=kpu, from_code="1807", to_code=side[Level.KECAMATAN], quantities={"tinta": 3}
        )
        o[("shipment", name)] = Obj(str(s.pk), (s.from_code, s.to_code))
        got = shipment_dispatch(
            actor=kpu, from_code="1807", to_code=side[Level.KECAMATAN], quantities={"tinta": 2}
        )
        shipment_receive(
            actor=h["ppk"],
            shipment_id=got.pk,
            received={"tinta": (2, 0)},
            photo=ReceiptPhoto("ba.png", png()),
        )
        o[("received", name)] = Obj(str(got.pk), (got.from_code, got.to_code))

    from pilkada.adhoc.models import Body, Member, Position
    from pilkada.budget.services import entitlements_compute, rates_sync

    rates_sync(actor=None)
    members = {
        name: Member.objects.create(
            body=Body.KPPS, position=Position.ANGGOTA, unit_code=side[Level.TPS], nama="WARGA"
        )
        for name, side in (("A", AREA_A), ("B", AREA_B))
    }
    entitlements_compute(actor=kpu, area_code="1807")
    for name, m in members.items():
        o[("member", name)] = Obj(str(m.pk), (m.unit_code,))

    grant = grant_create(
        actor=kpu,
        nomor="NPHD-1",
        tanggal_ttd=date(2023, 11, 10),
        hari_pemungutan=date(2024, 11, 27),
        kode_wilayah="1807",
        pemberi="Pemkab",
        allocations=[NewAllocation("kpu", "KPU", 1_000_000)],
    )
    alloc = grant.allocations.get()
    tranche = alloc.tranches.order_by("id").first()
    assert tranche is not None
    o[("allocation", "A")] = Obj(str(alloc.pk), ("1807",))
    o[("tranche", "A")] = Obj(str(tranche.pk), ("1807",))

    rows, _ = make_rows(40, seed=3, duplicates=0.2)
    batch: ImportBatch = load(rows, actor=kpu)
    o[("batch", "A")] = Obj(str(batch.pk), (batch.area_code,))
    nik_duplicates_find()
    for name, side in (("A", AREA_A), ("B", AREA_B)):
        pair = DuplicatePair.objects.filter(tps_kode__startswith=side[Level.KECAMATAN]).first()
        if pair is not None:
            o[("pair", name)] = Obj(str(pair.pk), (pair.tps_kode,))
    return w


def arg_defaults() -> dict[str, Any]:
    """URL arguments that name no object in an area."""
    return {"kontestasi": "pilgub", "fmt": "xlsx", "transition": "mulai_kajian"}
