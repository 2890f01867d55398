"""Anomaly flags: turnout over 100 %, landslide at high turnout, all zero, copies, shared photos."""

from pilkada.counting.anomalies import Flag, FormFacts, anomalies
from pilkada.counting.tests.helpers import form_numbers


def facts(code: str, votes: dict[int, int], dpt: int = 400, sha: str = "") -> FormFacts:
    f = form_numbers(votes, dpt=dpt)
    return FormFacts(tps_kode=code, angka=f.angka, suara=f.suara, photo_sha256=sha)


def codes(flags: list[Flag]) -> set[tuple[str, str]]:
    return {(f.tps_kode, f.code) for f in flags}


def test_each_flag() -> None:
    ordinary = facts("A", {1: 120, 2: 80}, sha="s1")
    over = facts("B", {1: 300, 2: 200}, dpt=400)  # 505 voted, 400 registered
    landslide = facts("C", {1: 391, 2: 4}, dpt=420)  # 400 of 420 voted, 99 % for pair 1
    zero = FormFacts(
        tps_kode="D", angka=dict.fromkeys(form_numbers({1: 0, 2: 0}).angka, 0), suara={1: 0, 2: 0}
    )
    copy1 = facts("E", {1: 111, 2: 99})
    copy2 = facts("F", {1: 111, 2: 99}, sha="s1")
    flags = anomalies([ordinary, over, landslide, zero, copy1, copy2], photos=[("s1", "G")])
    got = codes(flags)
    assert ("B", "partisipasi_lebih_100") in got
    assert ("C", "satu_paslon_dominan") in got
    assert ("D", "semua_nol") in got
    assert {("E", "formulir_identik"), ("F", "formulir_identik")} <= got
    assert {("A", "foto_sama"), ("F", "foto_sama"), ("G", "foto_sama")} <= got
    assert not {c for t, c in got if t == "A"} - {"foto_sama"}
