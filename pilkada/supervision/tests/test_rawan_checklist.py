"""TPS rawan scoring and the voting-day checklist whose irregular answers become findings."""

import pytest

from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.supervision import rawan
from pilkada.supervision.checklist import QUESTIONS, findings_from_answers
from pilkada.supervision.duplicates import text_similarity
from pilkada.supervision.models import Case, ChecklistAnswer
from pilkada.supervision.selectors import rawan_list
from pilkada.supervision.services import checklist_submit, rawan_record

REGULAR = {q.code: q.expected for q in QUESTIONS}


def test_eight_variables_and_scoring():
    assert len(rawan.VARIABLES) == 8
    assert rawan.score([]).level == "aman"
    assert rawan.score(["dptb"]) == rawan.Score(1, 1, rawan.Level.RENDAH)
    assert rawan.score(["dptb", "riwayat_psu", "potensi_dpk"]).level == "sedang"
    four_vars = ["dptb", "intimidasi", "riwayat_politik_uang", "netralitas_asn"]
    assert rawan.score(four_vars) == rawan.Score(4, 4, rawan.Level.TINGGI)
    with pytest.raises(ValueError):
        rawan.score(["tidak_ada"])


def test_checklist_rules_and_similarity():
    assert findings_from_answers(REGULAR) == []
    irregular = findings_from_answers({**REGULAR, "politik_uang": True, "buka_tepat_waktu": False})
    assert {q.code for q in irregular} == {"politik_uang", "buka_tepat_waktu"}
    assert text_similarity("amplop uang warga", "warga terima amplop uang") == 0.75
    assert text_similarity("", "x") == 0.0


@pytest.mark.django_db
def test_rawan_record_and_list(sup):
    n = rawan_record(
        actor=sup["pkd_a1"],
        tps_kode="1807012001001",
        present={"dptb": True, "intimidasi": True, "sulit_dijangkau": False},
    )
    assert n == 3
    rawan_record(actor=sup["pkd_a1"], tps_kode="1807012001002", present={"dptb": True})
    rows = rawan_list(actor=sup["bawaslu"])
    assert [(r.tps.kode, r.score.indicators) for r in rows] == [
        ("1807012001001", 2),
        ("1807012001002", 1),
    ]
    assert rawan_record(actor=sup["pkd_a1"], tps_kode="1807012001001", present={"dptb": True}) == 0
    with pytest.raises(PermissionDenied):
        rawan_record(actor=sup["pkd_a1"], tps_kode="1807012002001", present={"dptb": True})
    with pytest.raises(ValidationFailed):
        rawan_record(actor=sup["pkd_a1"], tps_kode="1807012001001", present={"x": True})


@pytest.mark.django_db
def test_checklist_answers_become_findings_once(sup):
    answers = {**REGULAR, "politik_uang": True, "salinan_c_hasil": False}
    created = checklist_submit(actor=sup["ptps_a1"], tps_kode="1807012001001", answers=answers)
    assert sorted(c.kategori for c in created) == ["administrasi", "politik_uang"]
    assert all(c.jenis == "temuan" and c.area_code == "1807012001001" for c in created)
    again = checklist_submit(actor=sup["ptps_a1"], tps_kode="1807012001001", answers=answers)
    assert again == [] and Case.objects.count() == 2
    assert ChecklistAnswer.objects.filter(tps_id="1807012001001").count() == len(QUESTIONS)
    with pytest.raises(PermissionDenied):
        checklist_submit(actor=sup["ptps_a1"], tps_kode="1807012001002", answers=REGULAR)
