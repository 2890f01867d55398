import hashlib

import pytest
from django.test import Client

from conftest import PASSWORD
from pilkada.logistics.models import Shipment
from pilkada.logistics.services import items_sync, shipment_dispatch

pytestmark = pytest.mark.django_db


def login(user):
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_receive_through_the_web_with_photo(world, users):
    items_sync(actor=None, contests=[("bup", "Bupati")])
    s = shipment_dispatch(
        actor=users["kpu"], from_code="1807", to_code="180701", quantities={"tinta": 10}
    )
    c = login(users["ppk_a"])
    assert c.get("/logistik/").status_code == 200
    assert c.get(f"/logistik/pengiriman/{s.pk}/").status_code == 200
    r = c.post(f"/logistik/pengiriman/{s.pk}/", {"terima-tinta": "11", "rusak-tinta": "0"})
    assert r.status_code == 400 and b"lebih besar" in r.content
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("ba.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    r = c.post(
        f"/logistik/pengiriman/{s.pk}/", {"terima-tinta": "8", "rusak-tinta": "1", "foto": fake}
    )
    assert r.status_code == 400 and b"JPEG, PNG" in r.content
    photo = SimpleUploadedFile("ba.jpg", b"\x89PNG\r\n\x1a\n png bytes", content_type="image/png")
    r = c.post(
        f"/logistik/pengiriman/{s.pk}/", {"terima-tinta": "8", "rusak-tinta": "1", "foto": photo}
    )
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == Shipment.Status.DITERIMA
    assert s.receipt_sha256 == hashlib.sha256(b"\x89PNG\r\n\x1a\n png bytes").hexdigest()
    shown = c.get(f"/logistik/pengiriman/{s.pk}/foto/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert login(users["pps_a2"]).get(f"/logistik/pengiriman/{s.pk}/foto/").status_code == 404
    page = c.get("/logistik/")
    assert b"180701" in page.content
    # outside the area: 404; a reader: 403 on write
    assert login(users["pps_a2"]).get(f"/logistik/pengiriman/{s.pk}/").status_code == 404
    assert login(users["auditor"]).post(f"/logistik/pengiriman/{s.pk}/", {}).status_code == 403


def test_dispatch_form_and_reports(world, users):
    items_sync(actor=None, contests=[("bup", "Bupati")])
    c = login(users["kpu"])
    r = c.post("/logistik/pengiriman/baru/", {"ke": "180701", "qty-tinta": "abc"})
    assert r.status_code == 400
    r = c.post("/logistik/pengiriman/baru/", {"ke": "180701", "qty-tinta": "4"})
    assert r.status_code == 302
    assert login(users["kades_a1"]).get("/logistik/pengiriman/baru/").status_code == 403
    for kind in ("kecamatan", "desa"):
        assert c.get(f"/logistik/laporan/{kind}.xlsx").content[:2] == b"PK"
        assert c.get(f"/logistik/laporan/{kind}.pdf").content[:5] == b"%PDF-"


def test_api_dispatch_receive_and_status(world, users):
    import json

    items_sync(actor=None, contests=[("bup", "Bupati")])
    kpu = login(users["kpu"])
    r = kpu.post(
        "/api/logistik/pengiriman",
        json.dumps({"dari": "1807", "ke": "180701", "barang": {"tinta": 5}}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    sid = r.json()["id"]
    ppk = login(users["ppk_a"])
    too_many = {"barang": {"tinta": [6, 0]}}
    r = ppk.post(
        f"/api/logistik/pengiriman/{sid}/terima",
        json.dumps(too_many),
        content_type="application/json",
    )
    assert r.status_code == 422 and "lebih besar" in r.json()["detail"]
    r = ppk.post(
        f"/api/logistik/pengiriman/{sid}/terima",
        json.dumps({"barang": {"tinta": [4, 0]}}),
        content_type="application/json",
    )
    assert r.status_code == 200
    flags = ppk.get("/api/logistik/kekurangan").json()
    assert [(f["to_code"], f["shortfall"]) for f in flags] == [("180701", 1)]
    tps = ppk.get("/api/logistik/tps").json()
    assert len(tps) == 4 and not any(t["lengkap"] for t in tps)


def test_receive_form_defaults_are_plain_numbers(world, users):
    items_sync(actor=None, contests=[("bup", "Bupati")])
    s = shipment_dispatch(
        actor=users["kpu"],
        from_code="1807",
        to_code="180701",
        quantities={"surat-suara-bup": 12_345},
    )
    c = login(users["ppk_a"])
    page = c.get(f"/logistik/pengiriman/{s.pk}/").content.decode()
    assert 'value="12345"' in page
    r = c.post(
        f"/logistik/pengiriman/{s.pk}/",
        {"terima-surat-suara-bup": "12345", "rusak-surat-suara-bup": "0"},
    )
    assert r.status_code == 302
