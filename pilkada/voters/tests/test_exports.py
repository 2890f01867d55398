import csv
import io

import pytest

from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.audit.models import AuditEntry
from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.voters.models import RollExport
from pilkada.voters.services import (
    export_approve,
    export_produce,
    export_request,
    export_trace,
)
from pilkada.voters.tests.conftest import load, make_rows


@pytest.fixture
def roll(world):
    rows, _ = make_rows(200, seed=51)
    load(rows)
    return rows


@pytest.mark.django_db
def test_full_export_needs_a_second_person_and_is_watermarked(roll, users):
    kpu = users["kpu"]
    second = make_user("kpu_dua", Role.KPU_ADMIN, "1807")
    export = export_request(actor=kpu, kind=RollExport.Kind.LENGKAP, alasan="salinan untuk partai")

    with pytest.raises(PermissionDenied):
        export_approve(actor=kpu, export_id=export.pk)  # not by the requester
    with pytest.raises(PermissionDenied):
        export_approve(actor=users["pps_a1"], export_id=export.pk)  # not by a PPS
    with pytest.raises(ValidationFailed):
        export_produce(actor=kpu, export_id=export.pk)  # not before approval

    export_approve(actor=second, export_id=export.pk)
    with pytest.raises(PermissionDenied):
        export_produce(actor=second, export_id=export.pk)  # only the requester downloads
    export, data = export_produce(actor=kpu, export_id=export.pk)
    with pytest.raises(ValidationFailed):
        export_produce(actor=kpu, export_id=export.pk)  # once

    lines = list(csv.reader(io.StringIO(data.decode())))
    assert export.penanda in lines[0][0]
    assert lines[1][-1] == "penanda"
    body = lines[2:]
    assert len(body) == export.jumlah_baris == 200
    assert all(row[-1] == export.penanda for row in body)
    # The authorised full export decrypts NIK and NKK: the only place they appear in clear.
    assert {row[1] for row in body} == {r[1] for r in roll}
    assert {row[0] for row in body} == {r[0] for r in roll}

    # A leaked copy names its export: the file itself by hash, an edited copy by its marker.
    assert export_trace(data) == export
    edited = data.replace(b"\n", b"\r\n", 5)
    assert export_trace(edited) == export
    assert export_trace(b"NIK,Nama\n") is None

    actions = list(
        AuditEntry.objects.filter(action__startswith="voters.export")
        .order_by("seq")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("voters.export.requested", kpu.pk),
        ("voters.export.approved", second.pk),
        ("voters.export.downloaded", kpu.pk),
    ]


@pytest.mark.django_db
def test_seven_element_copy_has_no_nik(roll, users):
    second = make_user("kpu_dua", Role.KPU_ADMIN, "1807")
    export = export_request(
        actor=users["kpu"], kind=RollExport.Kind.SALINAN, alasan="untuk Bawaslu"
    )
    export_approve(actor=second, export_id=export.pk)
    _, data = export_produce(actor=users["kpu"], export_id=export.pk)
    text = data.decode()
    assert not any(r[1] in text or r[0] in text for r in roll)
    assert text.splitlines()[1].split(",")[:3] == ["Nama", "Jenis kelamin", "Usia"]
