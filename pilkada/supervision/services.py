"""Writes of the supervision app: intake, findings, transitions, links, TPS rawan, checklists.

Every service is atomic and writes its audit entry in the same transaction. Audit entries never
carry the reporter's identity.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilkada.accounts.models import User
from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import can_see, require_change
from pilkada.audit.services import audit_log
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.supervision import crypto
from pilkada.supervision.checklist import QUESTION_BY_CODE, findings_from_answers
from pilkada.supervision.models import (
    Case,
    CaseStep,
    ChecklistAnswer,
    Evidence,
    Reporter,
    TpsVulnerability,
)
from pilkada.supervision.rawan import INDICATOR_VARIABLE
from pilkada.supervision.rules import is_late_report
from pilkada.supervision.selectors import (
    can_see_reporter,
    case_issues_before,
    deadline_rules,
    holidays,
)
from pilkada.supervision.workflow import (
    FINAL,
    TRANSITIONS,
    Category,
    Destination,
    Status,
    destination_for,
    target_of,
)
from pilkada.tps.models import Tps
from pilkada.tps.services import tps_result_supersede
from pilkada.wilayah.models import Desa

# Evidence: what a phone can send, recognised by content (magic bytes), not by the file name.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 5
EVIDENCE_TYPES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
    (b"RIFF", "image/webp", "webp"),
)
MP4_MARK = b"ftyp"

GAKKUMDU_EVENTS: dict[str, str] = {
    "berkas_ke_jaksa": "Berkas disampaikan penyidik ke penuntut umum",
    "berkas_dikembalikan": "Berkas dikembalikan penuntut umum (belum lengkap)",
    "berkas_diperbaiki": "Berkas perbaikan diserahkan kembali",
    "berkas_lengkap": "Berkas dinyatakan lengkap",
    "dilimpahkan": "Perkara dilimpahkan ke pengadilan negeri",
    "putusan_pn": "Putusan pengadilan negeri",
    "banding": "Permohonan banding",
    "inkracht": "Putusan berkekuatan hukum tetap (tanpa banding)",
    "putusan_pt": "Putusan pengadilan tinggi",
}


@dataclass(frozen=True)
class UploadedEvidence:
    name: str
    content: bytes


@dataclass(frozen=True)
class NewReport:
    """What a public reporter sends (identity first: it is encrypted and kept apart)."""

    nama: str
    alamat: str
    kontak: str
    kategori: str
    desa_kode: str
    tps_nomor: int | None
    tempat: str
    terlapor: str
    peristiwa_pada: datetime
    diketahui_pada: date
    uraian: str
    saksi: str = ""


def _sniff(content: bytes) -> tuple[str, str] | None:
    for magic, ctype, ext in EVIDENCE_TYPES:
        if content.startswith(magic):
            if ctype == "image/webp" and content[8:12] != b"WEBP":
                return None
            return ctype, ext
    if content[4:8] == MP4_MARK:
        return "video/mp4", "mp4"
    return None


def _check_evidence(files: Sequence[UploadedEvidence]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if len(files) > MAX_EVIDENCE_FILES:
        errors.append(("bukti", _("paling banyak %(n)d berkas") % {"n": MAX_EVIDENCE_FILES}))
    for i, f in enumerate(files, start=1):
        where = _("bukti ke-%(i)d") % {"i": i}
        if len(f.content) > MAX_EVIDENCE_BYTES:
            errors.append((where, _("lebih dari 10 MB")))
        elif not f.content:
            errors.append((where, _("berkas kosong")))
        elif _sniff(f.content) is None:
            errors.append((where, _("jenis berkas tidak diterima (JPEG, PNG, WebP, PDF, MP4)")))
    return errors


def _store_evidence(case: Case, files: Sequence[UploadedEvidence]) -> int:
    for f in files:
        sniffed = _sniff(f.content)
        assert sniffed is not None  # checked before  # noqa: S101
        ctype, ext = sniffed
        digest = hashlib.sha256(f.content).hexdigest()
        ev = Evidence(
            case=case,
            nama_asli=f.name[:200],
            content_type=ctype,
            ukuran=len(f.content),
            sha256=digest,
            uploaded_at=clock.now(),
        )
        ev.berkas.save(f"{digest}.{ext}", ContentFile(f.content), save=False)
        ev.save()
    return len(files)


def _place(desa_kode: str, tps_nomor: int | None) -> tuple[Desa, Tps | None]:
    desa = Desa.objects.filter(pk=desa_kode).first()
    if desa is None:
        raise ValidationFailed(_("Desa tidak ditemukan."), [("desa", _("tidak ada"))])
    tps = None
    if tps_nomor:
        tps = Tps.objects.filter(desa=desa, nomor=tps_nomor).first()
        if tps is None:
            raise ValidationFailed(
                _("TPS %(n)03d tidak ada di desa %(desa)s.") % {"n": tps_nomor, "desa": desa.nama},
                [("tps", _("tidak ada di desa ini"))],
            )
    return desa, tps


def _check_facts(
    *, kategori: str, terlapor: str, uraian: str, peristiwa: datetime, diketahui: date
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if kategori not in {c.value for c in Category}:
        errors.append(("kategori", _("kategori tidak dikenal")))
    if not terlapor.strip():
        errors.append(("terlapor", _("wajib diisi")))
    if len(uraian.strip()) < 20:
        errors.append(("uraian", _("uraikan kejadian (paling sedikit 20 karakter)")))
    today = clock.local_today()
    if diketahui > today:
        errors.append(("diketahui_pada", _("tidak boleh setelah hari ini")))
    if timezone.localtime(peristiwa).date() > diketahui:
        errors.append(("diketahui_pada", _("tidak boleh sebelum waktu kejadian")))
    return errors


def _number(case: Case) -> str:
    prefix = "LP" if case.jenis == Case.Kind.LAPORAN else "TM"
    return f"{prefix}-{timezone.localtime(case.diterima_pada).year}-{case.pk:05d}"


@transaction.atomic
def report_receive(*, report: NewReport, files: Sequence[UploadedEvidence] = ()) -> Case:
    """Register a public report. A late one is registered and marked late, never dropped."""
    errors = _check_facts(
        kategori=report.kategori,
        terlapor=report.terlapor,
        uraian=report.uraian,
        peristiwa=report.peristiwa_pada,
        diketahui=report.diketahui_pada,
    )
    if not report.nama.strip():
        errors.append(("nama", _("wajib diisi")))
    if not report.alamat.strip():
        errors.append(("alamat", _("wajib diisi")))
    if not report.kontak.strip():
        errors.append(("kontak", _("wajib diisi (telepon atau surel)")))
    errors += _check_evidence(files)
    if errors:
        raise ValidationFailed("; ".join(f"{w}: {r}" for w, r in errors), errors)
    desa, tps = _place(report.desa_kode, report.tps_nomor)
    received = clock.now()
    late = is_late_report(
        deadline_rules(),
        known=report.diketahui_pada,
        received=timezone.localtime(received).date(),
        holidays=holidays(),
    )
    case = Case.objects.create(
        jenis=Case.Kind.LAPORAN,
        kategori=report.kategori,
        area_code=tps.kode if tps else desa.kode,
        kecamatan_kode=desa.kode[:6],
        desa=desa,
        tps=tps,
        tempat=report.tempat.strip(),
        terlapor=report.terlapor.strip(),
        peristiwa_pada=report.peristiwa_pada,
        diketahui_pada=report.diketahui_pada,
        diterima_pada=received,
        uraian=report.uraian.strip(),
        saksi=report.saksi.strip(),
        terlambat=late,
    )
    case.nomor = _number(case)
    case.save(update_fields=["nomor"])
    Reporter.objects.create(
        case=case,
        nama_enc=crypto.encrypt(report.nama.strip(), field="nama"),
        alamat_enc=crypto.encrypt(report.alamat.strip(), field="alamat"),
        kontak_enc=crypto.encrypt(report.kontak.strip(), field="kontak"),
    )
    n = _store_evidence(case, files)
    CaseStep.objects.create(
        case=case, at=received, action="diterima", to_status=Status.DITERIMA.value
    )
    audit_log(
        actor=None,
        action="supervision.case.received",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={"nomor": case.nomor, "kategori": case.kategori, "terlambat": late, "bukti": n},
    )
    return case


@transaction.atomic
def finding_create(
    *,
    actor: Any,
    kategori: str,
    area_code: str,
    terlapor: str,
    peristiwa_pada: datetime,
    diketahui_pada: date,
    uraian: str,
    tempat: str = "",
    saksi: str = "",
    files: Sequence[UploadedEvidence] = (),
) -> Case:
    """A finding (temuan) of a Pengawas in its own area: a desa or TPS code."""
    require_change(actor, area_code, Perm.SUPERVISION_FIND)
    errors = _check_facts(
        kategori=kategori,
        terlapor=terlapor,
        uraian=uraian,
        peristiwa=peristiwa_pada,
        diketahui=diketahui_pada,
    )
    errors += _check_evidence(files)
    if len(area_code) not in (10, 13):
        errors.append(("tempat", _("pilih desa atau TPS")))
    if errors:
        raise ValidationFailed("; ".join(f"{w}: {r}" for w, r in errors), errors)
    desa, tps = _place(area_code[:10], int(area_code[10:]) if len(area_code) == 13 else None)
    received = clock.now()
    late = is_late_report(
        deadline_rules(),
        known=diketahui_pada,
        received=timezone.localtime(received).date(),
        holidays=holidays(),
    )
    case = Case.objects.create(
        jenis=Case.Kind.TEMUAN,
        kategori=kategori,
        area_code=area_code,
        kecamatan_kode=desa.kode[:6],
        desa=desa,
        tps=tps,
        tempat=tempat.strip(),
        terlapor=terlapor.strip(),
        peristiwa_pada=peristiwa_pada,
        diketahui_pada=diketahui_pada,
        diterima_pada=received,
        uraian=uraian.strip(),
        saksi=saksi.strip(),
        terlambat=late,
        dibuat_oleh=actor,
    )
    case.nomor = _number(case)
    case.save(update_fields=["nomor"])
    n = _store_evidence(case, files)
    CaseStep.objects.create(
        case=case, at=received, actor=actor, action="diterima", to_status=Status.DITERIMA.value
    )
    audit_log(
        actor=actor,
        action="supervision.case.finding_created",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={"nomor": case.nomor, "kategori": kategori, "terlambat": late, "bukti": n},
    )
    return case


def _locked(case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFoundOrOutOfScope(_("Kasus tidak ditemukan."))
    return case


def _step(
    case: Case,
    *,
    actor: Any,
    action: str,
    keputusan: str = "",
    dokumen: str = "",
    from_status: str = "",
    to_status: str = "",
    event: str = "",
    event_date: date | None = None,
) -> CaseStep:
    return CaseStep.objects.create(
        case=case,
        at=clock.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        keputusan=keputusan,
        dokumen=dokumen,
        event=event,
        event_date=event_date,
    )


# Transitions that need a document number (register number, decision or forwarding letter).
NEEDS_DOCUMENT = frozenset({"nyatakan_lengkap", "tindak_lanjuti", "hentikan", "teruskan"})


def _transition(
    *,
    actor: Any,
    case_id: int,
    transition: str,
    keputusan: str,
    dokumen: str,
    perintah_ulang: str = "",
) -> Case:
    case = _locked(case_id)
    require_change(actor, case.area_code, Perm.SUPERVISION_HANDLE)
    issues = case_issues_before(actor=actor, case=case, transition=transition)
    if issues:
        raise ValidationFailed(" ".join(issues), [("status", i) for i in issues])
    errors: list[tuple[str, str]] = []
    if transition != "mulai_kajian" and not keputusan.strip():
        errors.append(("keputusan", _("wajib diisi")))
    if transition in NEEDS_DOCUMENT and not dokumen.strip():
        errors.append(("dokumen", _("nomor dokumen wajib diisi")))
    if perintah_ulang:
        if transition != "teruskan":
            errors.append(("perintah_ulang", _("hanya pada penerusan ke KPU")))
        elif perintah_ulang not in Case.Rerun.values:
            errors.append(("perintah_ulang", _("pilih HSU atau PSU")))
        elif case.tps_id is None:
            errors.append(("perintah_ulang", _("kasus ini tidak tentang satu TPS")))
        elif destination_for(case.kategori) != Destination.KPU:
            errors.append(("perintah_ulang", _("HSU/PSU hanya direkomendasikan kepada KPU")))
    if errors:
        raise ValidationFailed("; ".join(f"{w}: {r}" for w, r in errors), errors)
    target = target_of(case.status, transition)
    assert target is not None  # the issues above include a refused transition  # noqa: S101
    before = case.status
    t = TRANSITIONS[transition]
    case.status = target.value
    fields = ["status"]
    if transition == "teruskan":
        case.tujuan = destination_for(case.kategori).value
        case.perintah_ulang = perintah_ulang
        fields += ["tujuan", "perintah_ulang"]
    case.save(update_fields=fields)
    _step(
        case,
        actor=actor,
        action=transition,
        keputusan=keputusan.strip(),
        dokumen=dokumen.strip(),
        from_status=before,
        to_status=target.value,
        event=t.event,
        event_date=clock.local_today() if t.event else None,
    )
    audit_log(
        actor=actor,
        action="supervision.case.transition",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={
            "langkah": transition,
            "status": [before, target.value],
            "keputusan": keputusan.strip(),
            "dokumen": dokumen.strip(),
            "tujuan": case.tujuan,
            "perintah_ulang": perintah_ulang,
        },
    )
    if perintah_ulang and case.tps_id:
        tps_result_supersede(
            actor=actor,
            kode=case.tps_id,
            kind=perintah_ulang,
            reason=keputusan.strip(),
            reference=f"supervision.case:{case.pk} {dokumen.strip()}",
        )
    return case


@transaction.atomic
def case_mulai_kajian(*, actor: Any, case_id: int, keputusan: str = "", dokumen: str = "") -> Case:
    """diterima -> kajian awal."""
    return _transition(
        actor=actor,
        case_id=case_id,
        transition="mulai_kajian",
        keputusan=keputusan,
        dokumen=dokumen,
    )


@transaction.atomic
def case_nyatakan_lengkap(*, actor: Any, case_id: int, keputusan: str, dokumen: str) -> Case:
    """kajian awal -> lengkap: formal and material requirements met, the case is registered."""
    return _transition(
        actor=actor,
        case_id=case_id,
        transition="nyatakan_lengkap",
        keputusan=keputusan,
        dokumen=dokumen,
    )


@transaction.atomic
def case_nyatakan_tidak_lengkap(
    *, actor: Any, case_id: int, keputusan: str, dokumen: str = ""
) -> Case:
    """kajian awal -> tidak lengkap: the reporter has 2 days to complete the report."""
    return _transition(
        actor=actor,
        case_id=case_id,
        transition="nyatakan_tidak_lengkap",
        keputusan=keputusan,
        dokumen=dokumen,
    )


@transaction.atomic
def case_lengkapi(*, actor: Any, case_id: int, keputusan: str, dokumen: str = "") -> Case:
    """tidak lengkap -> lengkap: the reporter supplied what was missing."""
    return _transition(
        actor=actor, case_id=case_id, transition="lengkapi", keputusan=keputusan, dokumen=dokumen
    )


@transaction.atomic
def case_tindak_lanjuti(*, actor: Any, case_id: int, keputusan: str, dokumen: str) -> Case:
    """lengkap -> ditindaklanjuti: the assessment found a violation."""
    return _transition(
        actor=actor,
        case_id=case_id,
        transition="tindak_lanjuti",
        keputusan=keputusan,
        dokumen=dokumen,
    )


@transaction.atomic
def case_hentikan(*, actor: Any, case_id: int, keputusan: str, dokumen: str) -> Case:
    """lengkap or tidak lengkap -> dihentikan: no violation, or not completed in time."""
    return _transition(
        actor=actor, case_id=case_id, transition="hentikan", keputusan=keputusan, dokumen=dokumen
    )


@transaction.atomic
def case_teruskan(
    *, actor: Any, case_id: int, keputusan: str, dokumen: str, perintah_ulang: str = ""
) -> Case:
    """ditindaklanjuti -> diteruskan to the body the category routes to.

    A recommendation to the KPU of a recount (HSU) or revote (PSU) at the case's TPS marks that
    TPS's result superseded (tps.services.tps_result_supersede) until the new form arrives.
    """
    return _transition(
        actor=actor,
        case_id=case_id,
        transition="teruskan",
        keputusan=keputusan,
        dokumen=dokumen,
        perintah_ulang=perintah_ulang,
    )


TRANSITION_SERVICES: dict[str, Callable[..., Case]] = {
    "mulai_kajian": case_mulai_kajian,
    "nyatakan_lengkap": case_nyatakan_lengkap,
    "nyatakan_tidak_lengkap": case_nyatakan_tidak_lengkap,
    "lengkapi": case_lengkapi,
    "tindak_lanjuti": case_tindak_lanjuti,
    "hentikan": case_hentikan,
    "teruskan": case_teruskan,
}


@transaction.atomic
def case_extend(*, actor: Any, case_id: int, keputusan: str, dokumen: str = "") -> Case:
    """Extend the decision period by 2 days (more information needed); once per case."""
    case = _locked(case_id)
    require_change(actor, case.area_code, Perm.SUPERVISION_HANDLE)
    errors: list[tuple[str, str]] = []
    if case.diperpanjang:
        errors.append(("status", _("batas putusan sudah diperpanjang")))
    if case.status not in (Status.KAJIAN_AWAL, Status.LENGKAP, Status.TIDAK_LENGKAP):
        errors.append(("status", _("hanya selama kajian, sebelum putusan")))
    if not keputusan.strip():
        errors.append(("keputusan", _("alasan wajib diisi")))
    if errors:
        raise ValidationFailed("; ".join(f"{w}: {r}" for w, r in errors), errors)
    case.diperpanjang = True
    case.save(update_fields=["diperpanjang"])
    _step(case, actor=actor, action="perpanjang", keputusan=keputusan.strip(), dokumen=dokumen)
    audit_log(
        actor=actor,
        action="supervision.case.extended",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={"alasan": keputusan.strip(), "dokumen": dokumen},
    )
    return case


@transaction.atomic
def case_assign(*, actor: Any, case_id: int, officers: Sequence[User]) -> Case:
    """Set the case officers: handlers whose area covers the case (they alone see the reporter)."""
    case = _locked(case_id)
    require_change(actor, case.area_code, Perm.SUPERVISION_HANDLE)
    bad = [u.username for u in officers if not can_see(u, case.area_code, Perm.SUPERVISION_HANDLE)]
    if bad:
        raise ValidationFailed(
            _("Tidak dapat ditugaskan (peran atau wilayah): %(u)s") % {"u": ", ".join(bad)},
            [("petugas", u) for u in bad],
        )
    before = sorted(case.petugas.values_list("username", flat=True))
    case.petugas.set(officers)
    after = sorted(u.username for u in officers)
    _step(case, actor=actor, action="tugaskan", keputusan=", ".join(after))
    audit_log(
        actor=actor,
        action="supervision.case.assigned",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={"petugas": [before, after]},
    )
    return case


@transaction.atomic
def case_link(*, actor: Any, case_id: int, primary_id: int, keputusan: str) -> Case:
    """Link a report to the case of the same event (operator-confirmed duplicate)."""
    if case_id == primary_id:
        raise ValidationFailed(_("Kasus tidak dapat digabung ke dirinya sendiri."), [("kasus", "")])
    case = _locked(case_id)
    primary = _locked(primary_id)
    require_change(actor, case.area_code, Perm.SUPERVISION_HANDLE)
    require_change(actor, primary.area_code, Perm.SUPERVISION_HANDLE)
    errors: list[tuple[str, str]] = []
    if case.linked_to_id is not None:
        errors.append(("kasus", _("sudah digabung")))
    if primary.linked_to_id is not None:
        errors.append(("kasus_utama", _("kasus utama sendiri sudah digabung ke kasus lain")))
    if case.status in FINAL:
        errors.append(("kasus", _("kasus sudah selesai")))
    if not keputusan.strip():
        errors.append(("keputusan", _("alasan wajib diisi")))
    if errors:
        raise ValidationFailed("; ".join(f"{w}: {r}" for w, r in errors), errors)
    # Reports already linked to this one follow it to the primary case.
    moved = Case.objects.filter(linked_to=case).update(linked_to=primary)
    case.linked_to = primary
    case.save(update_fields=["linked_to"])
    _step(case, actor=actor, action="gabung", keputusan=keputusan.strip(), dokumen=primary.nomor)
    _step(primary, actor=actor, action="gabungan", keputusan=keputusan.strip(), dokumen=case.nomor)
    audit_log(
        actor=actor,
        action="supervision.case.linked",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={"ke": primary.nomor, "ikut_dipindah": moved, "alasan": keputusan.strip()},
    )
    return case


@transaction.atomic
def case_gakkumdu_record(
    *, actor: Any, case_id: int, event: str, tanggal: date, keputusan: str = "", dokumen: str = ""
) -> Case:
    """Record a step of the Gakkumdu criminal track; its deadlines then run from `tanggal`."""
    case = _locked(case_id)
    require_change(actor, case.area_code, Perm.SUPERVISION_HANDLE)
    errors: list[tuple[str, str]] = []
    if case.status != Status.DITERUSKAN or case.tujuan != Destination.GAKKUMDU:
        errors.append(("status", _("kasus tidak diteruskan ke Sentra Gakkumdu")))
    if event not in GAKKUMDU_EVENTS:
        errors.append(("tahap", _("tahap tidak dikenal")))
    elif case.steps.filter(event=event).exists():
        errors.append(("tahap", _("tahap ini sudah dicatat")))
    if tanggal > clock.local_today():
        errors.append(("tanggal", _("tidak boleh setelah hari ini")))
    if errors:
        raise ValidationFailed("; ".join(f"{w}: {r}" for w, r in errors), errors)
    _step(
        case,
        actor=actor,
        action="gakkumdu",
        keputusan=keputusan.strip() or GAKKUMDU_EVENTS[event],
        dokumen=dokumen,
        event=event,
        event_date=tanggal,
    )
    audit_log(
        actor=actor,
        action="supervision.case.gakkumdu_event",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={"tahap": event, "tanggal": tanggal, "dokumen": dokumen},
    )
    return case


@transaction.atomic
def case_evidence_add(*, actor: Any, case_id: int, files: Sequence[UploadedEvidence]) -> int:
    """Add evidence to a case later (e.g. what a reporter brought to complete the report)."""
    case = _locked(case_id)
    require_change(actor, case.area_code, Perm.SUPERVISION_HANDLE)
    errors = _check_evidence(files)
    if not files:
        errors.append(("bukti", _("pilih paling sedikit satu berkas")))
    elif case.evidence.count() + len(files) > 4 * MAX_EVIDENCE_FILES:
        errors.append(("bukti", _("terlalu banyak berkas pada satu kasus")))
    if errors:
        raise ValidationFailed("; ".join(f"{w}: {r}" for w, r in errors), errors)
    n = _store_evidence(case, files)
    _step(case, actor=actor, action="bukti", keputusan=f"{n} berkas")
    audit_log(
        actor=actor,
        action="supervision.case.evidence_added",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
        changes={"sha256": [hashlib.sha256(f.content).hexdigest() for f in files]},
    )
    return n


@dataclass(frozen=True)
class ReporterIdentity:
    nama: str
    alamat: str
    kontak: str


@transaction.atomic
def case_reporter_reveal(*, actor: Any, case: Case) -> ReporterIdentity | None:
    """The reporter's identity for an assigned officer (each opening is audited).

    Anyone else gets PermissionDenied; a finding (no public reporter) gives None.
    """
    if not can_see_reporter(actor, case):
        raise PermissionDenied(_("Identitas pelapor hanya untuk petugas yang ditugaskan."))
    rep = Reporter.objects.filter(case=case).first()
    if rep is None:
        return None
    audit_log(
        actor=actor,
        action="supervision.reporter.viewed",
        object_type="supervision.case",
        object_id=str(case.pk),
        area_code=case.area_code,
    )
    return ReporterIdentity(
        nama=crypto.decrypt(rep.nama_enc, field="nama"),
        alamat=crypto.decrypt(rep.alamat_enc, field="alamat"),
        kontak=crypto.decrypt(rep.kontak_enc, field="kontak"),
    )


@transaction.atomic
def rawan_record(
    *, actor: Any, tps_kode: str, present: dict[str, bool], catatan: dict[str, str] | None = None
) -> int:
    """Record the TPS rawan indicators of one TPS; returns how many changed."""
    require_change(actor, tps_kode, Perm.SUPERVISION_FIND)
    unknown = sorted(set(present) - set(INDICATOR_VARIABLE))
    if unknown:
        raise ValidationFailed(
            _("Indikator tidak dikenal: %(c)s") % {"c": ", ".join(unknown)},
            [(c, _("tidak dikenal")) for c in unknown],
        )
    if not Tps.objects.filter(pk=tps_kode).exists():
        raise NotFoundOrOutOfScope(_("TPS tidak ditemukan."))
    notes = catatan or {}
    existing = {v.indikator: v for v in TpsVulnerability.objects.filter(tps_id=tps_kode)}
    changes: dict[str, list[Any]] = {}
    for code, value in present.items():
        note = notes.get(code, "")[:200]
        row = existing.get(code)
        if row is None:
            TpsVulnerability.objects.create(
                tps_id=tps_kode,
                indikator=code,
                ada=value,
                catatan=note,
                recorded_by=actor,
                recorded_at=clock.now(),
            )
            changes[code] = [None, value]
        elif row.ada != value or row.catatan != note:
            changes[code] = [row.ada, value]
            row.ada, row.catatan, row.recorded_by, row.recorded_at = value, note, actor, clock.now()
            row.save()
    if changes:
        audit_log(
            actor=actor,
            action="supervision.rawan.recorded",
            object_type="tps.tps",
            object_id=tps_kode,
            area_code=tps_kode,
            changes=changes,
        )
    return len(changes)


@transaction.atomic
def rawan_bulk_record(*, actor: Any, area_code: str, present: dict[str, list[str]]) -> int:
    """Map many TPS at once (the demo, or a mapping sheet): for each TPS not mapped yet, every
    indicator is recorded, present if listed. One audit entry; returns TPS mapped."""
    require_change(actor, area_code, Perm.SUPERVISION_FIND)
    unknown = sorted({c for codes in present.values() for c in codes} - set(INDICATOR_VARIABLE))
    if unknown:
        raise ValidationFailed(
            _("Indikator tidak dikenal: %(c)s") % {"c": ", ".join(unknown)},
            [(c, _("tidak dikenal")) for c in unknown],
        )
    mapped = set(
        TpsVulnerability.objects.filter(tps__kode__startswith=area_code).values_list(
            "tps_id", flat=True
        )
    )
    existing = set(
        Tps.objects.filter(kode__in=list(present), kode__startswith=area_code).values_list(
            "kode", flat=True
        )
    )
    todo = sorted(k for k in present if k in existing and k not in mapped)
    now = clock.now()
    TpsVulnerability.objects.bulk_create(
        [
            TpsVulnerability(
                tps_id=k, indikator=code, ada=code in present[k], recorded_by=actor, recorded_at=now
            )
            for k in todo
            for code in sorted(INDICATOR_VARIABLE)
        ],
        batch_size=2000,
    )
    if todo:
        audit_log(
            actor=actor,
            action="supervision.rawan.bulk_recorded",
            object_type="wilayah",
            object_id=area_code,
            area_code=area_code,
            changes={"tps": len(todo), "tps_rawan": sum(1 for k in todo if present[k])},
        )
    return len(todo)


@transaction.atomic
def checklist_submit(
    *, actor: Any, tps_kode: str, answers: dict[str, bool], catatan: dict[str, str] | None = None
) -> list[Case]:
    """Save a Pengawas TPS's voting-day answers; each irregular answer becomes a finding once."""
    require_change(actor, tps_kode, Perm.SUPERVISION_FIND)
    if len(tps_kode) != 13 or not Tps.objects.filter(pk=tps_kode).exists():
        raise NotFoundOrOutOfScope(_("TPS tidak ditemukan."))
    try:
        irregular = {q.code for q in findings_from_answers(answers)}
    except ValueError as exc:
        raise ValidationFailed(str(exc), [("pertanyaan", str(exc))]) from None
    notes = catatan or {}
    existing = {a.pertanyaan: a for a in ChecklistAnswer.objects.filter(tps_id=tps_kode)}
    created: list[Case] = []
    now = clock.now()
    for code, value in answers.items():
        note = notes.get(code, "")[:300]
        row = existing.get(code) or ChecklistAnswer(tps_id=tps_kode, pertanyaan=code)
        row.jawaban, row.catatan, row.answered_by, row.answered_at = value, note, actor, now
        if code in irregular and row.finding_id is None:
            q = QUESTION_BY_CODE[code]
            answer = _("ya") if value else _("tidak")
            row.finding = finding_create(
                actor=actor,
                kategori=q.category.value,
                area_code=tps_kode,
                terlapor=_("Belum diketahui (daftar periksa TPS)"),
                peristiwa_pada=now,
                diketahui_pada=clock.local_today(),
                uraian=f"{_('Daftar periksa hari pemungutan')}: {q.text} — {answer}. {note}",
            )
            created.append(row.finding)
        row.save()
    audit_log(
        actor=actor,
        action="supervision.checklist.answered",
        object_type="tps.tps",
        object_id=tps_kode,
        area_code=tps_kode,
        changes={"jawaban": answers, "temuan": [c.nomor for c in created]},
    )
    return created
