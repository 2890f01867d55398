"""KPU Provinsi and the D.Hasil Provinsi plenary of a governor race (issue #9).

The small world's province 18 gets a second kabupaten (1872, one TPS) beside Lampung Timur
(1807, six TPS in two kecamatan). Every form is verified by double entry; the plenaries are then
locked bottom-up, and the province plenary may be proposed only once both kabupaten are locked,
by one KPU Provinsi member, and approved by another.
"""

from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

from pilkada.accounts.models import User
from pilkada.audit.models import AuditEntry
from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.counting.models import Pleno
from pilkada.counting.services import (
    entry_correct,
    entry_submit,
    keberatan_create,
    pleno_approve,
    pleno_propose,
)
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.kesiapan.selectors import readiness_by_kecamatan
from pilkada.recap.selectors import recap_get
from pilkada.voters.models import ImportBatch
from tests.helpers import METRO_TPS, lock_kabupaten, province_with_verified_forms

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def prov(world: Any) -> dict[str, User]:
    make_contests()
    return province_with_verified_forms()


def _propose(c: Client, follow: bool = False) -> Any:
    return c.post(
        "/rekap/pilgub/18/pleno/ajukan/",
        {
            "nomor_berita_acara": "BA/KPU-PROV/1",
            "tempat": "Bandar Lampung",
            "tanggal": "2024-12-05",
        },
        follow=follow,
    )


def test_province_plenary_waits_for_every_kabupaten_then_takes_two_people(prov, settings) -> None:
    settings.RESULTS_VERSION_SECONDS = 0  # the public results read the current data version
    p1, p2 = login(prov["prov1"]), login(prov["prov2"])
    # Only Lampung Timur locked: the page names Kota Metro as still open, and proposing fails.
    lock_kabupaten(prov, "1807")
    page = p1.get("/rekap/pilgub/18/").content.decode()
    assert "Pleno kabupaten/kota ditetapkan: 1 dari 2." in page and "Kota Metro" in page
    assert "1 pleno kabupaten/kota belum ditetapkan." in page
    r = _propose(p1, follow=True)
    assert r.redirect_chain == [("/rekap/pilgub/18/", 302)]
    assert "1 pleno kabupaten/kota belum ditetapkan." in r.content.decode()
    assert not Pleno.objects.filter(area_code="18").exists()

    lock_kabupaten(prov, "1872")
    page = p1.get("/rekap/pilgub/18/").content.decode()
    assert "Pleno kabupaten/kota ditetapkan: 2 dari 2." in page
    assert 'action="/rekap/pilgub/18/pleno/ajukan/"' in page
    assert _propose(p1).status_code == 302
    p = Pleno.objects.get(area_code="18")
    assert (p.level, p.status, p.diajukan_oleh) == ("provinsi", "diajukan", prov["prov1"])
    # The totals read out: the province and one row per kabupaten/kota.
    assert p.totals["suara"] == {"1": 6 * 120 + 50, "2": 6 * 80 + 70}
    assert p.totals["baris"] == {"1807": {"1": 720, "2": 480}, "1872": {"1": 50, "2": 70}}

    # The proposer cannot approve; a KPU Kabupaten is refused at province level (403).
    p1.post("/rekap/pilgub/18/pleno/setujui/")
    p.refresh_from_db()
    assert p.status == "diajukan"
    kab = login(prov["kpu1807a"])
    assert kab.post("/rekap/pilgub/18/pleno/setujui/").status_code == 403
    assert _propose(kab).status_code == 403
    with pytest.raises(PermissionDenied):
        pleno_approve(actor=prov["kpu1807b"], pleno_id=p.pk, totals={})
    p.refresh_from_db()
    assert p.status == "diajukan" and p.disetujui_oleh is None

    assert p2.post("/rekap/pilgub/18/pleno/setujui/").status_code == 302
    p.refresh_from_db()
    assert (p.status, p.disetujui_oleh) == ("terkunci", prov["prov2"])
    assert p.totals["suara"] == {"1": 770, "2": 550}
    proposed = AuditEntry.objects.get(action="counting.pleno.proposed", object_id=str(p.pk))
    locked = AuditEntry.objects.get(action="counting.pleno.locked", object_id=str(p.pk))
    assert (proposed.actor, proposed.area_code) == (prov["prov1"], "18")
    assert (locked.actor, locked.area_code) == (prov["prov2"], "18")
    assert locked.changes["level"] == "provinsi"
    assert (locked.changes["diajukan_oleh"], locked.changes["disetujui_oleh"]) == ("prov1", "prov2")
    # A second proposal for the same contest and province is refused.
    with pytest.raises(ValidationFailed, match="sudah diajukan"):
        pleno_propose(
            actor=prov["prov1"],
            contest_kode="pilgub",
            area_code="18",
            nomor_berita_acara="BA/2",
            tempat="Aula",
            tanggal=date(2024, 12, 6),
            totals={},
        )

    # The D.Hasil Provinsi: the PDF answers, and is titled for the province.
    pdf = p1.get("/rekap/pilgub/18/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    html = render_to_string(
        "recap/d_hasil_pdf.html",
        {"r": recap_get(actor=prov["prov1"], contest_kode="pilgub", area_code="18")},
    )
    assert "D.HASIL PROVINSI" in html and "BA/KPU-PROV/1" in html and "Kota Metro" in html

    # The public results say the province figure is now the adopted plenary result.
    public = Client().get("/hasil/pilgub/data/18.json").json()
    assert public["status"] == "pleno_ditetapkan"
    assert public["pleno"]["nomor_berita_acara"] == "BA/KPU-PROV/1"

    # After the province lock no form of the governor race changes, even by a correction with
    # an objection record (KPU Kabupaten could correct after its own lock).
    k = keberatan_create(
        actor=prov["prov1"],
        contest_kode="pilgub",
        area_code="18",
        saksi="Saksi paslon 2",
        isi="Selisih di Kota Metro.",
    )
    assert k.level == "provinsi"
    with pytest.raises(PermissionDenied, match="provinsi sudah ditetapkan"):
        entry_correct(
            actor=prov["kpu1872a"],
            tps_kode=METRO_TPS,
            contest_kode="pilgub",
            reason="Salah salin",
            keberatan_id=k.pk,
            **kwargs({1: 51, 2: 70}),
        )


def test_province_plenary_only_for_the_governor_race_of_that_province(prov) -> None:
    with pytest.raises(ValidationFailed, match="pemilihan gubernur"):
        pleno_propose(
            actor=prov["prov1"],
            contest_kode="pilbup",
            area_code="18",
            nomor_berita_acara="BA/1",
            tempat="Aula",
            tanggal=date(2024, 12, 5),
            totals={},
        )
    # The regency race has no province level at all: the page is "not found".
    assert login(prov["prov1"]).get("/rekap/pilbup/18/").status_code == 404
    # Opening the regency race's recapitulation lands KPU Provinsi on the kabupaten.
    r = login(prov["prov1"]).get("/rekap/pilbup/")
    assert r.status_code == 302 and r["Location"] == "/rekap/pilbup/1807/"
    r = login(prov["prov1"]).get("/rekap/pilgub/")
    assert r["Location"] == "/rekap/pilgub/18/"


def test_kpu_provinsi_types_no_form_and_imports_no_roll(prov) -> None:
    c = login(prov["prov1"])
    tps = "1807012001001"
    assert c.get(f"/penghitungan/{tps}/pilgub/entri/").status_code == 403
    assert c.post(f"/penghitungan/{tps}/pilgub/entri/", {}).status_code == 403
    body = {"tps": tps, "kontestasi": "pilgub", **kwargs({1: 1, 2: 1})}
    r = c.post("/api/penghitungan/entri", body, content_type="application/json")
    assert r.status_code == 403
    with pytest.raises(PermissionDenied):
        entry_submit(
            actor=prov["prov1"], tps_kode=tps, contest_kode="pilgub", **kwargs({1: 1, 2: 1})
        )
    assert c.get("/penghitungan/impor/").status_code == 403
    assert c.get("/pemilih/impor/").status_code == 403
    assert c.post("/pemilih/impor/", {}).status_code == 403
    assert c.get("/pemilih/ekspor/").status_code == 403
    assert not ImportBatch.objects.exists()
    # ... but reads the whole province: a form, the recapitulation, a TPS of Kota Metro.
    assert c.get(f"/penghitungan/{METRO_TPS}/pilgub/").status_code == 200
    assert c.get("/rekap/pilgub/1872/").status_code == 200
    assert c.get(f"/tps/{METRO_TPS}/").status_code == 200
    assert c.get("/kesiapan/").status_code == 200
    assert "Kota Metro" in c.get("/kesiapan/18/").content.decode()
    # A kabupaten's readiness page holds that kabupaten's kecamatan only, though KPU Provinsi's
    # own area holds them all.
    rows = readiness_by_kecamatan(actor=prov["prov1"], area="1807")
    assert [r.kode for r in rows] == ["180701", "180702"]
    assert [r.kode for r in readiness_by_kecamatan(actor=prov["prov1"])] == [
        "180701",
        "180702",
        "187201",
    ]
    page = c.get("/kesiapan/1807/").content.decode()
    assert "Sukadana" in page and "Metro Pusat" not in page
