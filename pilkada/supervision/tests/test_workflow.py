"""Every transition the state machine forbids is refused; every allowed one is audited."""

import pytest

from pilkada.audit.models import AuditEntry
from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.supervision.models import Case, CaseStep
from pilkada.supervision.selectors import case_issues_before, case_issues_before_teruskan
from pilkada.supervision.services import (
    TRANSITION_SERVICES,
    case_assign,
    case_hentikan,
    case_mulai_kajian,
    case_nyatakan_lengkap,
    case_teruskan,
    case_tindak_lanjuti,
    report_receive,
)
from pilkada.supervision.tests.conftest import new_report
from pilkada.supervision.workflow import TRANSITIONS, Status, allowed_transitions, target_of

ALL_PAIRS = [(s, t) for s in Status for t in TRANSITIONS]


def test_table_shape():
    assert allowed_transitions(Status.DITERIMA) == ["mulai_kajian"]
    assert set(allowed_transitions(Status.KAJIAN_AWAL)) == {
        "nyatakan_lengkap",
        "nyatakan_tidak_lengkap",
    }
    assert allowed_transitions(Status.DITERUSKAN) == []
    assert allowed_transitions(Status.DIHENTIKAN) == []
    assert target_of("diterima", "teruskan") is None
    assert target_of("ditindaklanjuti", "teruskan") == Status.DITERUSKAN
    # 7 statuses x 7 transitions, of which 8 are allowed.
    assert sum(target_of(s, t) is not None for s, t in ALL_PAIRS) == 8


@pytest.mark.django_db
def test_every_pair_refused_or_audited(sup):
    actor = sup["panwascam_a"]
    for status, transition in ALL_PAIRS:
        case = report_receive(report=new_report(kategori="administrasi"))
        case_assign(actor=sup["bawaslu"], case_id=case.pk, officers=[actor])
        Case.objects.filter(pk=case.pk).update(status=status.value)
        audits = AuditEntry.objects.filter(action="supervision.case.transition").count()
        steps = CaseStep.objects.filter(case=case).count()
        kwargs = {"keputusan": "Keputusan rapat pleno", "dokumen": "001/PL/2024"}
        target = target_of(status, transition)
        if target is None:
            with pytest.raises(ValidationFailed):
                TRANSITION_SERVICES[transition](actor=actor, case_id=case.pk, **kwargs)
            case.refresh_from_db()
            assert case.status == status.value, (status, transition)
            assert AuditEntry.objects.filter(action="supervision.case.transition").count() == audits
            assert CaseStep.objects.filter(case=case).count() == steps
        else:
            TRANSITION_SERVICES[transition](actor=actor, case_id=case.pk, **kwargs)
            case.refresh_from_db()
            assert case.status == target.value
            entry = AuditEntry.objects.filter(action="supervision.case.transition").latest("seq")
            assert entry.object_id == str(case.pk)
            assert entry.actor_id == actor.pk
            assert entry.changes["status"] == [status.value, target.value]
            assert entry.changes["langkah"] == transition
            step = CaseStep.objects.filter(case=case).latest("pk")
            assert (step.actor_id, step.action, step.keputusan, step.dokumen) == (
                actor.pk,
                transition,
                "Keputusan rapat pleno",
                "001/PL/2024",
            )


@pytest.mark.django_db
def test_full_path_routes_by_category(sup, report):
    actor = sup["panwascam_a"]
    assert case_issues_before_teruskan(actor=actor, case=report)  # wrong status
    case_mulai_kajian(actor=actor, case_id=report.pk)
    case_nyatakan_lengkap(actor=actor, case_id=report.pk, keputusan="Lengkap", dokumen="01/REG")
    case_tindak_lanjuti(actor=actor, case_id=report.pk, keputusan="Terbukti", dokumen="02/KJ")
    report.refresh_from_db()
    assert case_issues_before_teruskan(actor=actor, case=report) == []
    case_teruskan(actor=actor, case_id=report.pk, keputusan="Ke Gakkumdu", dokumen="03/TR")
    report.refresh_from_db()
    assert (report.status, report.tujuan) == ("diteruskan", "gakkumdu")


@pytest.mark.django_db
def test_blockers_unassigned_linked_and_other_area(sup):
    case = report_receive(report=new_report())
    issues = case_issues_before(actor=sup["bawaslu"], case=case, transition="mulai_kajian")
    assert any("petugas" in i for i in issues)
    with pytest.raises(ValidationFailed):
        case_mulai_kajian(actor=sup["bawaslu"], case_id=case.pk)
    # Panwascam of another kecamatan may not act at all (403), and cannot be assigned.
    with pytest.raises(PermissionDenied):
        case_mulai_kajian(actor=sup["panwascam_b"], case_id=case.pk)
    with pytest.raises(ValidationFailed):
        case_assign(actor=sup["bawaslu"], case_id=case.pk, officers=[sup["panwascam_b"]])
    # A PTPS may enter findings but not handle cases.
    with pytest.raises(PermissionDenied):
        case_hentikan(actor=sup["ptps_a1"], case_id=case.pk, keputusan="x", dokumen="y")


@pytest.mark.django_db
def test_decision_and_document_required(sup, report):
    actor = sup["panwascam_a"]
    case_mulai_kajian(actor=actor, case_id=report.pk)
    with pytest.raises(ValidationFailed) as exc:
        case_nyatakan_lengkap(actor=actor, case_id=report.pk, keputusan=" ", dokumen="")
    assert {w for w, _ in exc.value.errors} == {"keputusan", "dokumen"}
