from datetime import date

import pytest
from django.test import Client

from conftest import PASSWORD, make_user
from pilkada.adhoc.models import Body, Member, Position
from pilkada.budget.models import Payout
from pilkada.budget.services import (
    NewAllocation,
    entitlements_compute,
    grant_create,
    payout_record,
    pps_transfer_record,
    rates_sync,
)

pytestmark = pytest.mark.django_db


def login(user):
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def paid(world, users):
    rates_sync(actor=None)
    members = [
        Member.objects.create(
            body=Body.KPPS, position=Position.ANGGOTA, unit_code="1807012001001", nama=f"WARGA {i}"
        )
        for i in range(3)
    ]
    entitlements_compute(actor=users["kpu"], area_code="1807")
    pps_transfer_record(
        actor=users["kpu"], desa_kode="1807012001", jumlah=3 * 850_000, tanggal=date(2024, 11, 19)
    )
    for m in members:
        payout_record(actor=users["pps_a1"], member_id=m.pk, dibayar=799_000, pajak=51_000)
    grant_create(
        actor=users["kpu"],
        nomor="N-1",
        tanggal_ttd=date(2023, 11, 10),
        hari_pemungutan=date(2024, 11, 27),
        kode_wilayah="1807",
        pemberi="Pemkab",
        allocations=[NewAllocation("kpu", "KPU", 1_000_000)],
    )
    return members


def test_kades_confirms_for_his_desa_and_a_cut_shows(paid, users):
    c = login(users["kades_a1"])
    page = c.get("/anggaran/")
    assert page.status_code == 200
    assert b"/anggaran/wilayah/1807012001/" in page.content
    form = c.get("/anggaran/wilayah/1807012001/")
    assert form.status_code == 200 and b"W**** 0" in form.content  # names masked
    data = {f"diterima-{m.pk}": "799.000" for m in paid}
    data[f"diterima-{paid[0].pk}"] = "599000"
    r = c.post("/anggaran/wilayah/1807012001/", data)
    assert r.status_code == 302
    assert Payout.objects.get(entitlement__member=paid[0]).diterima == 599_000
    page = c.get("/anggaran/wilayah/1807012001/")
    assert b"Rp200.000" in page.content
    # bad input: nothing saved, a clear message
    r = c.post(
        "/anggaran/wilayah/1807012001/",
        {f"diterima-{paid[1].pk}": "-5", f"diterima-{paid[2].pk}": "1"},
    )
    assert r.status_code == 400 and b"negatif" in r.content
    assert Payout.objects.get(entitlement__member=paid[2]).diterima == 799_000
    pdf = c.get("/anggaran/wilayah/1807012001/formulir.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert c.get("/anggaran/wilayah/1807022001/formulir.pdf").status_code == 404


def test_scoping_of_pages(paid, users):
    assert login(users["kades_a1"]).get("/anggaran/wilayah/1807012002/").status_code == 404
    assert login(users["pps_a1"]).post("/anggaran/wilayah/1807012001/", {}).status_code == 403
    assert login(users["ppk_a"]).get("/anggaran/wilayah/1807012001/").status_code == 200


@pytest.mark.parametrize("kind", ["penerima", "kecamatan", "desa"])
def test_reports(paid, users, kind):
    c = login(users["kpu"])
    x = c.get(f"/anggaran/laporan/{kind}.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    p = c.get(f"/anggaran/laporan/{kind}.pdf")
    assert p.status_code == 200 and p.content[:5] == b"%PDF-"
    assert c.get(f"/anggaran/laporan/{kind}.doc").status_code == 404


def test_api_cuts_and_confirmation(paid, users):
    import json

    c = login(users["kades_a1"])
    body = {
        "wilayah": "1807012001",
        "diterima": {str(paid[0].pk): 599_000, str(paid[1].pk): 799_000},
    }
    r = c.post("/api/anggaran/konfirmasi", json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content
    cuts = c.get("/api/anggaran/potongan").json()
    assert cuts == [
        {
            "unit_code": "1807012001001",
            "desa_kode": "1807012001",
            "step": "penerimaan",
            "amount": 200_000,
            "people": 1,
        }
    ]
    rec = login(users["kpu"]).get("/api/anggaran/rekonsiliasi").json()
    assert rec["transferred"] == 3 * 850_000 and rec["cuts"] == 200_000
    bad = {"wilayah": "1807012001", "diterima": {str(paid[2].pk): 1.5}}
    r = c.post("/api/anggaran/konfirmasi", json.dumps(bad), content_type="application/json")
    assert r.status_code == 422
    r = login(users["pps_a1"]).post(
        "/api/anggaran/pembayaran",
        json.dumps({"anggota": 424242, "dibayar": 1}),
        content_type="application/json",
    )
    assert r.status_code == 404 and "tidak terdaftar" in r.json()["detail"]


def test_api_grant_lifecycle_and_bad_input(world, users):
    import json

    c = Client()
    c.force_login(make_user("keu", "pemkab_keuangan", "1807"))
    body = {
        "nomor": "NPHD-API",
        "tanggal_ttd": "2023-11-10",
        "hari_pemungutan": "2024-11-27",
        "kode_wilayah": "1807",
        "pemberi": "Pemkab",
        "penerima": [{"kode": "kpu", "nama": "KPU", "jumlah": 40_000_000_000}],
    }
    for amount in (-4, 1.5, "empat miliar"):
        bad = {**body, "penerima": [{"kode": "kpu", "nama": "KPU", "jumlah": amount}]}
        r = c.post("/api/anggaran/nphd", json.dumps(bad), content_type="application/json")
        assert r.status_code == 422
        assert r.json()["errors"][0]["lokasi"].endswith("jumlah"), r.json()
    r = c.post("/api/anggaran/nphd", json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content
    grant = r.json()
    alloc = grant["penerima"][0]
    assert [t["jumlah"] for t in alloc["tahap"]] == [16_000_000_000, 24_000_000_000]
    t1 = alloc["tahap"][0]["id"]
    over = {"jumlah": 16_000_000_001, "tanggal": "2023-11-20"}
    r = c.post(
        f"/api/anggaran/tahap/{t1}/transfer", json.dumps(over), content_type="application/json"
    )
    assert r.status_code == 422
    ok = {"jumlah": 16_000_000_000, "tanggal": "2023-11-20", "referensi": "SP2D 1"}
    assert (
        c.post(
            f"/api/anggaran/tahap/{t1}/transfer", json.dumps(ok), content_type="application/json"
        ).status_code
        == 201
    )
    spend = {"akun": "5211", "uraian": "logistik", "jumlah": 1_000_000, "tanggal": "2024-01-01"}
    assert (
        c.post(
            f"/api/anggaran/alokasi/{alloc['id']}/realisasi",
            json.dumps(spend),
            content_type="application/json",
        ).status_code
        == 201
    )
    plan = {"tahap": [[40_000_000_001, "2024-01-01"]]}
    r = c.put(
        f"/api/anggaran/alokasi/{alloc['id']}/tahap",
        json.dumps(plan),
        content_type="application/json",
    )
    assert r.status_code == 422  # exceeds the allocation (and transfers exist)
    listed = c.get("/api/anggaran/nphd").json()
    assert listed[0]["penerima"][0]["saldo"] == 16_000_000_000 - 1_000_000
    # a kepala desa cannot see or make grants
    kades = login(users["kades_a1"])
    assert kades.get("/api/anggaran/nphd").json() == []
    assert (
        kades.post(
            "/api/anggaran/nphd",
            json.dumps({**body, "nomor": "X"}),
            content_type="application/json",
        ).status_code
        == 403
    )


def test_pps_records_payouts_on_its_sheet(world, users):
    rates_sync(actor=None)
    members = [
        Member.objects.create(
            body=Body.KPPS, position=Position.ANGGOTA, unit_code="1807012001002", nama=f"WARGA {i}"
        )
        for i in range(2)
    ]
    entitlements_compute(actor=users["kpu"], area_code="1807")
    pps_transfer_record(
        actor=users["kpu"], desa_kode="1807012001", jumlah=2 * 850_000, tanggal=date(2024, 11, 19)
    )
    c = login(users["pps_a1"])
    page = c.get("/anggaran/wilayah/1807012001/")
    assert f'name="bayar-{members[0].pk}"'.encode() in page.content
    # one bad row (more than the entitlement): nothing is recorded
    r = c.post(
        "/anggaran/wilayah/1807012001/",
        {
            "aksi": "bayar",
            f"bayar-{members[0].pk}": "799.000",
            f"pajak-{members[0].pk}": "51.000",
            f"bayar-{members[1].pk}": "900.000",
        },
    )
    assert r.status_code == 400 and b"melebihi hak" in r.content
    assert not Payout.objects.exists()
    r = c.post(
        "/anggaran/wilayah/1807012001/",
        {
            "aksi": "bayar",
            f"bayar-{members[0].pk}": "799.000",
            f"pajak-{members[0].pk}": "51.000",
            f"bayar-{members[1].pk}": "850000",
        },
    )
    assert r.status_code == 302
    assert sorted(Payout.objects.values_list("dibayar", "pajak")) == [
        (799_000, 51_000),
        (850_000, 0),
    ]
    # the kepala desa may not record payouts
    assert (
        login(users["kades_a1"])
        .post("/anggaran/wilayah/1807012001/", {"aksi": "bayar"})
        .status_code
        == 403
    )


def test_grant_forms_on_the_overview(world, users):
    keu = make_user("keu2", "pemkab_keuangan", "1807")
    grant = grant_create(
        actor=keu,
        nomor="N-9",
        tanggal_ttd=date(2023, 11, 10),
        hari_pemungutan=date(2024, 11, 27),
        kode_wilayah="1807",
        pemberi="Pemkab",
        allocations=[NewAllocation("kpu", "KPU", 1_000_000)],
    )
    t1 = grant.allocations.get().tranches.get(nomor=1)
    c = login(keu)
    assert b"Catat transfer" in c.get("/anggaran/").content
    r = c.post(f"/anggaran/tahap/{t1.pk}/transfer/", {"jumlah": "400.001", "tanggal": "2023-11-20"})
    assert r.status_code == 400 and b"melebihi sisa tahap" in r.content
    r = c.post(f"/anggaran/tahap/{t1.pk}/transfer/", {"jumlah": "400.000", "tanggal": "kemarin"})
    assert r.status_code == 400
    r = c.post(f"/anggaran/tahap/{t1.pk}/transfer/", {"jumlah": "400.000", "tanggal": "2023-11-20"})
    assert r.status_code == 302
    alloc = grant.allocations.get()
    r = c.post(
        f"/anggaran/alokasi/{alloc.pk}/realisasi/",
        {"akun": "5211", "uraian": "x", "jumlah": "1,5", "tanggal": "2024-01-01"},
    )
    assert r.status_code == 400 and b"pecahan" in r.content
    r = c.post(
        f"/anggaran/alokasi/{alloc.pk}/realisasi/",
        {"akun": "5211", "uraian": "x", "jumlah": "300000", "tanggal": "2024-01-01"},
    )
    assert r.status_code == 302
    r = c.post(
        f"/anggaran/alokasi/{alloc.pk}/pengembalian/",
        {"jumlah": "100.000", "tanggal": "2025-03-25"},
    )
    assert r.status_code == 302
    assert (
        login(users["kades_a1"])
        .post(f"/anggaran/tahap/{t1.pk}/transfer/", {"jumlah": "1", "tanggal": "2023-11-20"})
        .status_code
        == 403
    )


def test_form_field_names_are_not_localised_for_large_ids(world, users):
    """Real rosters have ids in the tens of thousands; "34.918" in a field name broke the form."""
    rates_sync(actor=None)
    m = Member.objects.create(
        id=123_456, body=Body.KPPS, position=Position.ANGGOTA, unit_code="1807012001001", nama="A B"
    )
    entitlements_compute(actor=users["kpu"], area_code="1807")
    pps_transfer_record(
        actor=users["kpu"], desa_kode="1807012001", jumlah=850_000, tanggal=date(2024, 11, 19)
    )
    payout_record(actor=users["pps_a1"], member_id=m.pk, dibayar=850_000)
    c = login(users["kades_a1"])
    page = c.get("/anggaran/wilayah/1807012001/").content.decode()
    assert 'name="diterima-123456"' in page and "123.456" not in page
    assert (
        c.post("/anggaran/wilayah/1807012001/", {"diterima-123456": "850.000"}).status_code == 302
    )
    assert Payout.objects.get().diterima == 850_000
