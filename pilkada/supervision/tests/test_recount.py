"""A recount/revote recommendation marks the TPS's result superseded (supervision's side)."""

import pytest

from pilkada.core.exceptions import ValidationFailed
from pilkada.supervision.services import (
    case_assign,
    case_mulai_kajian,
    case_nyatakan_lengkap,
    case_teruskan,
    case_tindak_lanjuti,
    report_receive,
)
from pilkada.supervision.tests.conftest import new_report
from pilkada.tps.models import ResultSupersession
from pilkada.tps.selectors import tps_superseded_codes
from pilkada.tps.services import tps_result_supersession_resolve

TPS = "1807012001001"


def _decided(sup, kategori: str = "proses_tps") -> int:
    actor = sup["panwascam_a"]
    case = report_receive(report=new_report(kategori=kategori))
    case_assign(actor=sup["bawaslu"], case_id=case.pk, officers=[actor])
    case_mulai_kajian(actor=actor, case_id=case.pk)
    case_nyatakan_lengkap(actor=actor, case_id=case.pk, keputusan="Lengkap", dokumen="01/REG")
    case_tindak_lanjuti(actor=actor, case_id=case.pk, keputusan="Terbukti", dokumen="02/KJ")
    return case.pk


@pytest.mark.django_db
def test_hsu_recommendation_supersedes_the_tps_result(sup):
    pk = _decided(sup)
    assert TPS not in tps_superseded_codes()
    case = case_teruskan(
        actor=sup["panwascam_a"],
        case_id=pk,
        keputusan="Pemilih tanpa hak memberikan suara; HSU direkomendasikan",
        dokumen="03/REK/2024",
        perintah_ulang="hsu",
    )
    assert (case.status, case.tujuan, case.perintah_ulang) == ("diteruskan", "kpu", "hsu")
    assert tps_superseded_codes() == {TPS}
    row = ResultSupersession.objects.get()
    assert (row.kind, row.reference.split()[0]) == ("hsu", f"supervision.case:{pk}")
    # What counting does when the new verified form arrives: the TPS counts again.
    tps_result_supersession_resolve(
        actor=None, kode=TPS, contest_kode="bupati", resolved_by_reference="counting.form:1"
    )
    assert tps_superseded_codes() == set()


@pytest.mark.django_db
def test_rerun_refused_outside_kpu_route_or_without_tps(sup):
    pk = _decided(sup, kategori="politik_uang")  # routed to Gakkumdu
    with pytest.raises(ValidationFailed):
        case_teruskan(
            actor=sup["panwascam_a"], case_id=pk, keputusan="x", dokumen="y", perintah_ulang="psu"
        )
    assert tps_superseded_codes() == set()
    actor = sup["panwascam_a"]
    case = report_receive(report=new_report(kategori="administrasi", tps_nomor=None))
    case_assign(actor=sup["bawaslu"], case_id=case.pk, officers=[actor])
    case_mulai_kajian(actor=actor, case_id=case.pk)
    case_nyatakan_lengkap(actor=actor, case_id=case.pk, keputusan="L", dokumen="1")
    case_tindak_lanjuti(actor=actor, case_id=case.pk, keputusan="T", dokumen="2")
    with pytest.raises(ValidationFailed):
        case_teruskan(
            actor=actor, case_id=case.pk, keputusan="x", dokumen="y", perintah_ulang="psu"
        )
    assert ResultSupersession.objects.count() == 0
