"""The kepala desa's journey (issue #6): confirm what each person received, see the cut."""

from datetime import date

import pytest

from pilkada.adhoc.models import Body, Member, Position
from pilkada.budget.models import Payout
from pilkada.budget.services import (
    entitlements_compute,
    payout_record,
    pps_transfer_record,
    rates_sync,
)
from tests.e2e.conftest import shot
from tests.e2e.test_journeys import login

pytestmark = pytest.mark.django_db(transaction=True)


def honoraria_to_confirm(users) -> list[Member]:
    """Three KPPS members of TPS 1807012001001, paid in full by the PPS (to be confirmed)."""
    rates_sync(actor=None)
    members = [
        Member.objects.create(
            body=Body.KPPS,
            position=Position.KETUA if i == 0 else Position.ANGGOTA,
            unit_code="1807012001001",
            nama=f"WARGA SINTETIS {i}",
        )
        for i in range(3)
    ]
    entitlements_compute(actor=users["kpu"], area_code="1807")
    pps_transfer_record(
        actor=users["kpu"],
        desa_kode="1807012001",
        jumlah=900_000 + 2 * 850_000,
        tanggal=date(2024, 11, 19),
    )
    for m in members:
        gross = m.entitlement.bruto
        payout_record(actor=users["pps_a1"], member_id=m.pk, dibayar=gross)
    return members


def test_kepala_desa_confirms_and_a_cut_is_flagged(page, world, users):
    members = honoraria_to_confirm(users)
    login(page, "kades_a1")
    page.wait_for_load_state()
    assert "Konfirmasi honorarium desa" in page.content()  # the kepala desa's task
    page.goto(page.base_url + "/anggaran/")
    assert "Isi konfirmasi honorarium yang diterima" in page.content()
    page.goto(page.base_url + "/anggaran/wilayah/1807012001/")
    shot(page, "honorarium-kepala-desa-form")
    assert f'name="diterima-{members[0].pk}"' in page.content(), page.content()[-3000:]
    for m in members:
        received = m.entitlement.bruto - (200_000 if m.position == Position.KETUA else 0)
        page.fill(f"input[name=diterima-{m.pk}]", f"{received:,}".replace(",", "."))
    page.click("button:has-text('Simpan konfirmasi')")
    assert "Konfirmasi penerimaan disimpan." in page.content()
    assert "Dugaan potongan Rp200.000 di 1807012001001 pada langkah penerimaan." in page.content()
    shot(page, "honorarium-kepala-desa")
    ketua = Payout.objects.get(entitlement__member=members[0])
    assert (ketua.dibayar, ketua.diterima, ketua.saluran) == (900_000, 700_000, "form_kades")
