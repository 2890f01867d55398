"""Property: for any sequence of entries, corrections and recount orders,
kabupaten total = Σ kecamatan = Σ desa = Σ latest verified TPS forms, for every contest."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from pilkada.accounts.models import User
from pilkada.accounts.roles import Role
from pilkada.accounts.services import user_create
from pilkada.core.exceptions import ValidationFailed
from pilkada.counting.models import CHasil, Entry
from pilkada.counting.selectors import totals
from pilkada.counting.services import entry_correct, entry_submit, keberatan_create
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.tps.models import Tps
from pilkada.tps.selectors import tps_superseded_codes
from pilkada.tps.services import tps_result_supersede
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi

DESA = ["1807012001", "1807012002", "1807022001"]
TPS = [f"{d}{n:03d}" for d in DESA for n in (1, 2)]

op = st.tuples(
    st.sampled_from(["entry", "entry", "entry", "correct", "supersede"]),
    st.integers(0, len(TPS) - 1),
    st.sampled_from(["pilgub", "pilbup"]),
    st.integers(0, 2),  # user
    st.integers(0, 3),  # numbers variant; 3 = inconsistent
)


def variant(contest: str, v: int) -> dict[str, Any]:
    keys = (1, 2) if contest == "pilgub" else (1, 0)
    k = kwargs({keys[0]: 100 + 7 * v, keys[1]: 50 + 3 * v})
    if v == 3:
        k["angka"]["suara_sah"] += 1
    return k


class RecapProperty(TestCase):
    users: list[User]

    @classmethod
    def setUpTestData(cls) -> None:
        prov = Provinsi.objects.create(kode="18", kode_kemendagri="18", nama="Lampung")
        kab = Kabupaten.objects.create(
            kode="1807", kode_kemendagri="18.07", provinsi=prov, nama="Lampung Timur"
        )
        for kec in ("180701", "180702"):
            Kecamatan.objects.create(kode=kec, kode_kemendagri=kec, kabupaten=kab, nama=kec)
        for d in DESA:
            Desa.objects.create(kode=d, kode_kemendagri=d, kecamatan_id=d[:6], nama=d)
        for code in TPS:
            Tps(kode=code, desa_id=code[:10], nomor=int(code[10:])).save()
        make_contests()
        cls.users = [
            user_create(
                actor=None, username=f"pps{i}", password="x-uji-123", role=Role.PPK, area_code=area
            )
            for i, area in enumerate(("180701", "180702"))
        ] + [
            user_create(
                actor=None,
                username="kpu0",
                password="x-uji-123",
                role=Role.KPU_ADMIN,
                area_code="1807",
            )
        ]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(op, min_size=1, max_size=25))
    def test_totals_agree_at_every_level(self, ops: list[tuple[str, int, str, int, int]]) -> None:
        kpu = self.users[2]
        for kind, ti, contest, ui, v in ops:
            tps = TPS[ti]
            # user 0/1: the PPK of the TPS's kecamatan or the KPU (two independent typists)
            user = kpu if ui == 2 else self.users[0 if tps.startswith("180701") else 1]
            try:
                if kind == "entry":
                    entry_submit(
                        actor=user, tps_kode=tps, contest_kode=contest, **variant(contest, v)
                    )
                elif kind == "correct":
                    k = keberatan_create(
                        actor=kpu,
                        contest_kode=contest,
                        area_code=tps,
                        saksi="Saksi",
                        isi="Keberatan",
                    )
                    entry_correct(
                        actor=kpu,
                        tps_kode=tps,
                        contest_kode=contest,
                        reason="Koreksi pleno",
                        keberatan_id=k.pk,
                        **variant(contest, v),
                    )
                else:
                    tps_result_supersede(
                        actor=kpu, kode=tps, kind="hsu", reason="HSU", contest_kode=contest
                    )
            except ValidationFailed:
                pass
        for contest in ("pilgub", "pilbup"):
            from pilkada.pemilihan.models import Contest

            c = Contest.objects.get(kode=contest)
            superseded = tps_superseded_codes(contest_kode=contest)
            # Expected: the latest verified entry (matched double entry or correction) per form.
            expected_sah = 0
            expected_votes: dict[str, int] = {}
            for form in CHasil.objects.filter(contest=c):
                latest = (
                    Entry.objects.filter(form=form, result__in=["cocok", "ditetapkan"])
                    .order_by("-entered_at", "-pk")
                    .first()
                )
                assert (latest is None) == (form.counted_id is None)
                if latest is None or form.tps_id in superseded:
                    continue
                assert latest.pk == form.counted_id
                assert not latest.findings
                expected_sah += latest.angka["suara_sah"]
                for key, n in latest.suara.items():
                    expected_votes[key] = expected_votes.get(key, 0) + n
            t = totals(contest=c, area_codes=["1807", "180701", "180702", *DESA])
            assert t["1807"]["suara_sah"] == expected_sah
            assert {
                str(k): n for k, n in t["1807"]["suara"].items() if n or str(k) in expected_votes
            } == expected_votes
            for field in ("suara_sah", "suara_total", "tps_count", "pengguna"):
                assert t["1807"][field] == t["180701"][field] + t["180702"][field]
                assert t["1807"][field] == sum(t[d][field] for d in DESA)
            for key in t["1807"]["suara"]:
                assert t["1807"]["suara"][key] == sum(t[d]["suara"][key] for d in DESA)
