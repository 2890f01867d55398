"""Helpers for cross-app tests."""

from conftest import make_user
from pilkada.accounts.models import User
from pilkada.accounts.roles import ROLE_LEVEL, Role
from pilkada.core.codes import Level

AREA_BY_LEVEL = {
    Level.PROVINSI: "18",
    Level.KABUPATEN: "1807",
    Level.KECAMATAN: "180701",
    Level.DESA: "1807012001",
    Level.TPS: "1807012001001",
}


def all_role_users() -> list[User]:
    """One user per role, each bound to an area of the small test world."""
    return [make_user(f"u_{role.value}", role, AREA_BY_LEVEL[ROLE_LEVEL[role]]) for role in Role]


# Stand-in values for every variable production requires (config.env.PRODUCTION_REQUIRED):
# not secrets, only enough for the production settings to load in a test subprocess.
PRODUCTION_SECRETS = {
    "DJANGO_SECRET_KEY": "Kq8#vL2@pZ9!mW4$tR7^yB1&nC6*hJ3(fD5)gS0-xxxxxxxxxxxxxxxxxxxx",
    "DATABASE_URL": "postgres://pilkada:rahasia@127.0.0.1:5432/pilkada",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PILKADA_NIK_KEY": "uji-kunci-hmac-nik-bukan-rahasia",
    "PILKADA_NIK_ENC_KEY": "ZGV2LW9ubHktbmlrLWFlcy1rZXktbm90LXNlY3JldCE=",
    "PILKADA_AUDIT_SIGNING_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
}


# --- A province of two kabupaten, for KPU Provinsi and the D.Hasil Provinsi plenary ---------

METRO_TPS = "1872012001001"
# Governor votes per TPS in each kabupaten (Lampung Timur has six TPS, Kota Metro one).
PROVINCE_VOTES = {"1807": {1: 120, 2: 80}, "1872": {1: 50, 2: 70}}


def province_with_verified_forms() -> dict[str, User]:
    """On the small world (and its contests): Kota Metro (1872, one TPS) beside Lampung Timur,
    two KPU Provinsi members, two KPU members per kabupaten, and every governor form verified
    by their double entry."""
    from pilkada.counting.models import Entry
    from pilkada.counting.services import entry_submit
    from pilkada.counting.tests.helpers import kwargs
    from pilkada.tps.models import Tps
    from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan

    kab = Kabupaten.objects.create(
        kode="1872", kode_kemendagri="18.72", provinsi_id="18", nama="Kota Metro"
    )
    kec = Kecamatan.objects.create(
        kode="187201", kode_kemendagri="18.72.01", kabupaten=kab, nama="Metro Pusat"
    )
    desa = Desa.objects.create(
        kode="1872012001", kode_kemendagri="18.72.01.2001", kecamatan=kec, nama="Imopuro"
    )
    Tps(kode=METRO_TPS, desa=desa, nomor=1, alamat="Balai Kelurahan Imopuro").save()
    people = {
        "prov1": make_user("prov1", Role.KPU_PROVINSI, "18"),
        "prov2": make_user("prov2", Role.KPU_PROVINSI, "18"),
    }
    for k in PROVINCE_VOTES:
        for who in ("a", "b"):
            people[f"kpu{k}{who}"] = make_user(f"kpu{k}{who}", Role.KPU_ADMIN, k)
    for code in Tps.objects.values_list("kode", flat=True):
        for who in ("a", "b"):
            out = entry_submit(
                actor=people[f"kpu{code[:4]}{who}"],
                tps_kode=code,
                contest_kode="pilgub",
                **kwargs(PROVINCE_VOTES[code[:4]]),
            )
        assert out.entry.result == Entry.Result.COCOK
    return people


def lock_plenary(contest: str, area: str, first: User, second: User) -> None:
    """Propose (first) and approve (second) the plenary of one area, straight through the
    services (the web's checklist is what tests/test_province_plenary.py exercises)."""
    from datetime import date

    from pilkada.counting.services import pleno_approve, pleno_propose

    p = pleno_propose(
        actor=first,
        contest_kode=contest,
        area_code=area,
        nomor_berita_acara=f"BA/{area}",
        tempat="Aula",
        tanggal=date(2024, 12, 1),
        totals={},
    )
    pleno_approve(actor=second, pleno_id=p.pk, totals={})


def lock_kabupaten(people: dict[str, User], kab: str) -> None:
    """Every kecamatan plenary of the governor race in `kab`, then the kabupaten's own."""
    from pilkada.wilayah.models import Kecamatan

    a, b = people[f"kpu{kab}a"], people[f"kpu{kab}b"]
    for kec in Kecamatan.objects.filter(kabupaten_id=kab).values_list("kode", flat=True):
        lock_plenary("pilgub", kec, a, b)
    lock_plenary("pilgub", kab, a, b)
