import pytest
from django.test import Client

from conftest import PASSWORD
from pilkada.accounts.roles import Role
from tests.helpers import all_role_users


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/docs",
        "/admin/login/",
        "/tahapan/",
        "/akun/masuk/",
        "/api/openapi.json",
        "/api/tahapan",
    ],
)
def test_public_pages_answer(world, path):
    assert Client().get(path).status_code == 200


def test_home_shows_the_region_numbers(world):
    html = Client().get("/").content.decode()
    assert "kecamatan" in html and "TPS" in html


def test_every_role_has_a_home_page(world):
    users = all_role_users()
    assert {u.role for u in users} == set(Role)
    for user in users:
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        r = client.get("/")
        assert r.status_code == 200, user.role
        assert user.get_role_display() in r.content.decode()
        assert client.get("/kesiapan/").status_code == 200


def test_english_is_available(world):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_kesiapan_counts_follow_the_roster(world, users):
    from pilkada.adhoc.models import Body, Position
    from pilkada.adhoc.services import member_create
    from pilkada.kesiapan.selectors import readiness_by_kecamatan

    for i in range(7):
        member_create(
            actor=users["kpu"],
            body=Body.KPPS,
            position=Position.KETUA if i == 0 else Position.ANGGOTA,
            unit_code="1807012001001",
            nama=f"Petugas {i}",
        )
    rows = {r.kode: r for r in readiness_by_kecamatan(actor=users["kpu"])}
    kpps = rows["180701"].measures["kpps"]
    assert (kpps.have, kpps.need) == (7, 7 * 4)
    assert not kpps.ready
    # A PPS operator sees only the kecamatan row of its own area, with its own desa's numbers.
    own = readiness_by_kecamatan(actor=users["pps_a1"])
    assert [r.kode for r in own] == ["180701"]
    assert (own[0].tps, own[0].measures["kpps"].have) == (2, 7)


def test_election_api_lists_contests_and_pairs(world):
    from datetime import date

    from django.conf import settings

    from pilkada.pemilihan.loader import load_pairs_file
    from pilkada.pemilihan.services import election_setup

    assert Client().get("/api/pemilihan").status_code == 404
    contests = load_pairs_file(
        settings.PILKADA_DATA_DIR / "paslon_referensi.csv", region_code="1807"
    )
    election_setup(
        actor=None,
        kode="uji",
        nama="Pilkada Uji",
        tanggal=date(2024, 11, 27),
        kode_wilayah="1807",
        contests=contests,
    )
    body = Client().get("/api/pemilihan").json()
    assert [c["jenis"] for c in body["kontestasi"]] == ["gubernur", "bupati"]
    bupati = body["kontestasi"][1]["pasangan"]
    assert [(p["nomor_urut"], p["calon"]) for p in bupati] == [
        (1, "Ela Siti Nuryamah"),
        (2, "Dawam Rahardjo"),
    ]
    assert "PDI Perjuangan" in bupati[1]["partai_pengusul"]
    html = Client().get("/").content.decode()
    assert "Ela Siti Nuryamah" in html and "Rahmat Mirzani Djausal" in html


def test_english_translation_is_complete_and_used(world):
    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po if not e.translated() or e.obsolete] == []
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Sign in" in html and "Masuk" not in html


def test_indonesian_first_whatever_the_browser_says(world):
    html = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/").content.decode()
    assert 'lang="id"' in html and "Masuk" in html
