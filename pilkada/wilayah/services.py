"""Writing region data (audited)."""

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from pilkada.audit.services import audit_log
from pilkada.wilayah.loader import Unit, WilayahData
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int
    unchanged: int


def _upsert(model: type[models.Model], kode: str, values: dict[str, Any]) -> str:
    """Create or update one row; return 'created', 'updated' or 'unchanged'."""
    obj = model._default_manager.filter(pk=kode).first()
    if obj is None:
        model._default_manager.create(pk=kode, **values)
        return "created"
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        return "unchanged"
    for k in changed:
        setattr(obj, k, values[k])
    obj.save(update_fields=changed)
    return "updated"


def _unit_values(unit: Unit) -> dict[str, Any]:
    return {
        "kode_kemendagri": unit.kode_kemendagri,
        "nama": unit.nama,
        "nama_kpu": unit.nama_kpu,
        "lat": unit.lat,
        "lng": unit.lng,
        "batas": unit.batas,
    }


@transaction.atomic
def wilayah_load(*, actor: Any, data: WilayahData, versi_kode: str = "") -> LoadSummary:
    """Create or update the province, kabupaten, kecamatan and desa of `data` in one go.

    Running it again with the same files changes nothing (and says so in the audit entry).
    """
    outcomes: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}

    def record(kode: str, outcome: str) -> None:
        outcomes[outcome].append(kode)

    record(
        data.provinsi_kode,
        _upsert(
            Provinsi,
            data.provinsi_kode,
            {"kode_kemendagri": data.provinsi_kode, "nama": data.provinsi_nama},
        ),
    )
    kab = data.kabupaten
    record(
        kab.kode,
        _upsert(
            Kabupaten,
            kab.kode,
            {**_unit_values(kab), "provinsi_id": data.provinsi_kode, "versi_kode": versi_kode},
        ),
    )
    for unit in data.kecamatan:
        record(
            unit.kode,
            _upsert(Kecamatan, unit.kode, {**_unit_values(unit), "kabupaten_id": kab.kode}),
        )
    for unit in data.desa:
        record(
            unit.kode,
            _upsert(
                Desa,
                unit.kode,
                {
                    **_unit_values(unit),
                    "kecamatan_id": unit.parent,
                    "jenis": unit.jenis,
                    "tps_pemilu2024": unit.tps_pemilu2024,
                },
            ),
        )

    summary = LoadSummary(
        len(outcomes["created"]), len(outcomes["updated"]), len(outcomes["unchanged"])
    )
    if not (outcomes["created"] or outcomes["updated"]):
        return summary  # nothing written, nothing to audit
    audit_log(
        actor=actor,
        action="wilayah.loaded",
        object_type="wilayah.kabupaten",
        object_id=kab.kode,
        area_code=kab.kode,
        changes={
            "dibuat": outcomes["created"],
            "diubah": outcomes["updated"],
            "tidak_berubah": len(outcomes["unchanged"]),
            "versi_kode": versi_kode,
        },
    )
    return summary
