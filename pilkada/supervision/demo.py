"""Synthetic reports, findings and TPS rawan indicators for the demo (idempotent).

Everything goes through the services, so the demo cases carry steps and audit entries like real
ones. Times are relative to the (rehearsal-aware) clock so the countdowns are live: some cases
are within their deadlines, one is overdue, one report came in late.
"""

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from pilkada.accounts.models import User
from pilkada.core import clock
from pilkada.supervision.models import Case, TpsVulnerability
from pilkada.supervision.rawan import INDICATOR_VARIABLE
from pilkada.supervision.services import (
    NewReport,
    case_assign,
    case_gakkumdu_record,
    case_link,
    case_mulai_kajian,
    case_nyatakan_lengkap,
    case_nyatakan_tidak_lengkap,
    case_teruskan,
    case_tindak_lanjuti,
    checklist_submit,
    finding_create,
    rawan_record,
    report_receive,
)
from pilkada.tps.models import Tps

# (days ago received, category, desa, TPS number or None, reported party, account, steps)
DEMO_REPORTS: list[tuple[int, str, str, int | None, str, str, list[str]]] = [
    (
        6,
        "politik_uang",
        "1807012001",
        1,
        "Relawan pasangan calon (inisial AS)",
        "Pembagian amplop berisi uang Rp50.000 kepada warga RT 03 pada malam sebelum "
        "pemungutan suara, disertai ajakan memilih pasangan tertentu.",
        ["mulai_kajian", "nyatakan_lengkap", "tindak_lanjuti", "teruskan", "berkas_ke_jaksa"],
    ),
    (
        2,
        "asn",
        "1807012002",
        None,
        "Guru SD negeri (ASN)",
        "Seorang guru ASN mengunggah foto bersama pasangan calon dengan gestur jari dan "
        "ajakan memilih di grup WhatsApp wali murid.",
        ["mulai_kajian", "nyatakan_lengkap", "tindak_lanjuti"],
    ),
    (
        1,
        "kades",
        "1807012001",
        None,
        "Kepala desa",
        "Kepala desa hadir dan berpidato dalam kampanye terbuka pasangan calon di lapangan "
        "desa, mengajak perangkat desa mendukung.",
        ["mulai_kajian"],
    ),
    (
        3,
        "etika",
        "1807012002",
        2,
        "Anggota KPPS TPS 002",
        "Anggota KPPS diduga memakai atribut pasangan calon saat bimbingan teknis.",
        ["mulai_kajian", "nyatakan_tidak_lengkap"],
    ),
    (
        5,
        "administrasi",
        "1807012001",
        2,
        "PPS Desa Sukadana",
        "Salinan DPT tidak ditempel di TPS 002 sampai H-1 sehingga pemilih tidak dapat "
        "memeriksa namanya.",
        [],
    ),
    (
        0,
        "pidana_lain",
        "1807012002",
        None,
        "Orang tidak dikenal",
        "Perusakan alat peraga kampanye di simpang jalan desa pada dini hari.",
        [],
    ),
]

Say = Callable[[str], None]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def supervision_demo_load(*, seed: int = 7, say: Say = lambda s: None) -> dict[str, Any]:
    """Load the supervision demo once; a second run finds cases present and adds nothing."""
    done: dict[str, Any] = {"kasus_baru": 0, "tps_rawan_baru": 0}
    bawaslu = _user("bawaslu")
    panwascam = _user("panwascam.sukadana")
    ptps = _user("ptps.1807012001001")
    pkd = _user("pkd.sukadana")
    if not (bawaslu and panwascam and ptps and pkd):
        return done
    rng = random.Random(seed)  # noqa: S311  (synthetic demo data, not security)
    if not Case.objects.exists():
        cases = []
        for i, (days, cat, desa, tps, party, text, steps) in enumerate(DEMO_REPORTS, start=1):
            # The sixth report was known 12 days before it was filed: registered, marked late.
            known_days = days + (12 if cat == "pidana_lain" else 1)
            with clock.shifted(-timedelta(days=days)):
                when = clock.local_now() - timedelta(days=known_days - days)
                case = report_receive(
                    report=NewReport(
                        nama=f"Pelapor Demo {i}",
                        alamat=f"Dusun {i} (sintetis)",
                        kontak=f"0812-0000-{i:04d}",
                        kategori=cat,
                        desa_kode=desa,
                        tps_nomor=tps,
                        tempat="",
                        terlapor=party,
                        peristiwa_pada=when,
                        diketahui_pada=when.date(),
                        uraian=text,
                    )
                )
                case_assign(actor=bawaslu, case_id=case.pk, officers=[panwascam])
                for n, step in enumerate(steps, start=1):
                    doc = f"{n:03d}/PL/PWS/{case.pk:03d}"
                    if step == "berkas_ke_jaksa":
                        case_gakkumdu_record(
                            actor=panwascam,
                            case_id=case.pk,
                            event=step,
                            tanggal=clock.local_today(),
                            dokumen=doc,
                        )
                    elif step == "nyatakan_tidak_lengkap":
                        case_nyatakan_tidak_lengkap(
                            actor=panwascam,
                            case_id=case.pk,
                            keputusan="Bukti foto belum dilampirkan; pelapor diminta melengkapi.",
                        )
                    elif step == "mulai_kajian":
                        case_mulai_kajian(actor=panwascam, case_id=case.pk)
                    elif step == "nyatakan_lengkap":
                        case_nyatakan_lengkap(
                            actor=panwascam,
                            case_id=case.pk,
                            keputusan="Syarat formal dan materiel terpenuhi.",
                            dokumen=doc,
                        )
                    elif step == "tindak_lanjuti":
                        case_tindak_lanjuti(
                            actor=panwascam,
                            case_id=case.pk,
                            keputusan="Hasil kajian: memenuhi unsur pelanggaran.",
                            dokumen=doc,
                        )
                    elif step == "teruskan":
                        case_teruskan(
                            actor=panwascam,
                            case_id=case.pk,
                            keputusan="Diteruskan sesuai jenis pelanggaran.",
                            dokumen=doc,
                        )
            cases.append(case)
        # A second report of the money-politics event, linked by the operator.
        with clock.shifted(-timedelta(days=5)):
            dup = report_receive(
                report=NewReport(
                    nama="Pelapor Demo 7",
                    alamat="Dusun 7 (sintetis)",
                    kontak="0812-0000-0007",
                    kategori="politik_uang",
                    desa_kode="1807012001",
                    tps_nomor=1,
                    tempat="RT 03",
                    terlapor="Relawan pasangan calon",
                    peristiwa_pada=clock.local_now() - timedelta(days=1),
                    diketahui_pada=(clock.local_now() - timedelta(days=1)).date(),
                    uraian="Warga RT 03 menerima amplop berisi uang dari relawan pasangan calon "
                    "pada malam sebelum pemungutan suara.",
                )
            )
            case_link(
                actor=panwascam,
                case_id=dup.pk,
                primary_id=cases[0].pk,
                keputusan="Kejadian yang sama (tempat, waktu, terlapor).",
            )
        finding = finding_create(
            actor=pkd,
            kategori="kades",
            area_code="1807012001",
            terlapor="Perangkat desa (kepala dusun)",
            peristiwa_pada=clock.now() - timedelta(hours=20),
            diketahui_pada=clock.local_today(),
            uraian="Kepala dusun membagikan kalender bergambar pasangan calon di posyandu.",
        )
        case_assign(actor=bawaslu, case_id=finding.pk, officers=[panwascam])
        regular = {
            "buka_tepat_waktu": True,
            "kotak_kosong": True,
            "logistik_lengkap": False,
            "dpt_diumumkan": True,
            "pemilih_tidak_berhak": False,
            "politik_uang": False,
        }
        checklist_submit(actor=ptps, tps_kode="1807012001001", answers=regular)
        done["kasus_baru"] = Case.objects.count()
        say(f"pengawasan: {done['kasus_baru']} kasus sintetis (laporan dan temuan)")
    if not TpsVulnerability.objects.exists():
        codes = sorted(INDICATOR_VARIABLE)
        n = 0
        for station in Tps.objects.filter(kecamatan_kode="180701").order_by("kode")[:40]:
            k = rng.choice([0, 0, 1, 1, 2, 3, 5, 7])
            present = dict.fromkeys(codes, False)
            present.update(dict.fromkeys(rng.sample(codes, k), True))
            rawan_record(actor=bawaslu, tps_kode=station.kode, present=present)
            n += 1
        done["tps_rawan_baru"] = n
        say(f"pengawasan: indikator TPS rawan untuk {n} TPS")
    return done
