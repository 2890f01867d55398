"""Each consistency rule of domain.md §4.3 with a form that breaks it (pure, no database)."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilkada.counting.validators import (
    NUMBER_FIELDS,
    Context,
    Form,
    check_form,
    consistent_form,
    differences,
    reserve,
)

CTX = Context(pair_numbers=(1, 2))


def good() -> Form:
    return consistent_form(
        dpt_l=250, dpt_p=260, voted_l=150, voted_p=170, votes={1: 200, 2: 110}, invalid=10
    )


def broken(**changes: int) -> Form:
    f = good()
    return Form(angka={**f.angka, **changes}, suara=f.suara)


def rules(form: Form, ctx: Context = CTX) -> set[int]:
    return {f.rule for f in check_form(form, ctx)}


def test_consistent_form_has_no_findings() -> None:
    assert check_form(good(), CTX) == []
    assert reserve(510) == 13


def test_rule1_votes_per_pair_must_sum_to_valid() -> None:
    f = good()
    f = Form(angka=f.angka, suara={1: 201, 2: 110})
    assert 1 in rules(f)


def test_rule2_valid_plus_invalid_is_total() -> None:
    assert 2 in rules(broken(suara_tidak_sah=11))


def test_rule3_total_equals_ballots_used_and_voters() -> None:
    findings = check_form(broken(surat_digunakan=321, surat_tidak_digunakan=202), CTX)
    assert [f.code for f in findings if f.rule == 3] == ["suara_surat_pengguna"]
    assert "surat suara digunakan (321)" in findings[0].message


def test_rule4_l_plus_p_and_categories() -> None:
    assert 4 in rules(broken(pemilih_dpt_jml=511))
    # Category sum: a DPTb voter who voted but is not added into the total.
    assert 4 in rules(broken(pengguna_dptb_l=1, pengguna_dptb_jml=1))


def test_rule5_ballots_received_and_reconciled() -> None:
    codes = {f.code for f in check_form(broken(surat_diterima=600), CTX)}
    assert {"surat_diterima", "rekonsiliasi_surat"} <= codes
    assert 5 in rules(broken(surat_rusak=3))


def test_rule6_dpt_voters_not_above_dpt_and_disabled() -> None:
    assert 6 in rules(broken(pengguna_dpt_l=251))
    assert 6 in rules(
        broken(disabilitas_memilih_l=200, disabilitas_memilih_p=121, disabilitas_memilih_jml=321)
    )


def test_rule7_range_and_over_registered() -> None:
    assert 7 in rules(broken(pemilih_dpt_l=1000))
    # 105 read as 905: far above everyone allowed to vote plus the 2.5 % reserve.
    f = consistent_form(
        dpt_l=100, dpt_p=100, voted_l=450, voted_p=455, votes={1: 905, 2: 0}, invalid=0
    )
    codes = {x.code for x in check_form(f, CTX)}
    assert "melebihi_pemilih" in codes
    # Against the DPT the voters app registered for the TPS.
    assert "dpt_terdaftar" in {x.code for x in check_form(good(), replace(CTX, registered_dpt=300))}
    assert "melebihi_dpt_terdaftar" in {
        x.code for x in check_form(good(), replace(CTX, registered_dpt=200))
    }


def test_vote_columns_must_match_pairs_and_empty_box() -> None:
    ctx = Context(pair_numbers=(1,), kotak_kosong=True)
    f = consistent_form(dpt_l=10, dpt_p=10, voted_l=5, voted_p=5, votes={1: 6, 0: 4}, invalid=0)
    assert check_form(f, ctx) == []
    g = Form(angka=f.angka, suara={1: 10})
    assert "kolom_suara" in {x.code for x in check_form(g, ctx)}


@given(dl=st.integers(0, 300), dp=st.integers(0, 300), share=st.floats(0, 1), inv=st.integers(0, 5))
def test_generated_consistent_forms_pass(dl: int, dp: int, share: float, inv: int) -> None:
    voted_l, voted_p = dl // 2, dp // 2
    voted = voted_l + voted_p
    inv = min(inv, voted)
    one = int((voted - inv) * share)
    f = consistent_form(
        dpt_l=dl,
        dpt_p=dp,
        voted_l=voted_l,
        voted_p=voted_p,
        votes={1: one, 2: voted - inv - one},
        invalid=inv,
    )
    assert check_form(f, CTX) == []
    assert differences(f, f) == []


@pytest.mark.parametrize("name", NUMBER_FIELDS)
def test_any_changed_number_is_a_difference(name: str) -> None:
    assert differences(good(), broken(**{name: good().get(name) + 1})) == [name]
