"""Roles, the level of area each is bound to, and what each may do.

A user has one role and one area (a KPU code). What the user may see is everything whose code
starts with the area code; what the user may change is decided by the permission table below,
still within the area.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.core.codes import Level


class Role(models.TextChoices):
    KPU_PROVINSI = "kpu_provinsi", _("KPU Provinsi")
    KPU_ADMIN = "kpu_admin", _("Admin KPU Kabupaten")
    PPK = "ppk", _("Operator PPK (kecamatan)")
    PPS = "pps", _("Operator PPS (desa)")
    KPPS = "kpps", _("KPPS (TPS)")
    BAWASLU = "bawaslu", _("Bawaslu Kabupaten")
    PANWASCAM = "panwascam", _("Panwaslu Kecamatan")
    PKD = "pkd", _("Panwaslu Kelurahan/Desa (PKD)")
    PTPS = "ptps", _("Pengawas TPS")
    PEMKAB_KEUANGAN = "pemkab_keuangan", _("Keuangan Pemerintah Kabupaten")
    KEPALA_DESA = "kepala_desa", _("Kepala Desa")
    AUDITOR = "auditor", _("Auditor (hanya baca)")


ROLE_LEVEL: dict[str, Level] = {
    Role.KPU_PROVINSI: Level.PROVINSI,
    Role.KPU_ADMIN: Level.KABUPATEN,
    Role.PPK: Level.KECAMATAN,
    Role.PPS: Level.DESA,
    Role.KPPS: Level.TPS,
    Role.BAWASLU: Level.KABUPATEN,
    Role.PANWASCAM: Level.KECAMATAN,
    Role.PKD: Level.DESA,
    Role.PTPS: Level.TPS,
    Role.PEMKAB_KEUANGAN: Level.KABUPATEN,
    Role.KEPALA_DESA: Level.DESA,
    Role.AUDITOR: Level.KABUPATEN,
}

KPU_SIDE = frozenset({Role.KPU_PROVINSI, Role.KPU_ADMIN, Role.PPK, Role.PPS, Role.KPPS})
# The bodies that hold a count or a tiered recapitulation below the province: they type C.Hasil.
# KPU Provinsi recapitulates kabupaten/kota results (D.Hasil Provinsi) and never types a form.
COUNTING_BODIES = frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS, Role.KPPS})
BAWASLU_SIDE = frozenset({Role.BAWASLU, Role.PANWASCAM, Role.PKD, Role.PTPS})


class Perm(StrEnum):
    """What a role may do. Reads are also limited to the user's area."""

    WILAYAH_VIEW = "wilayah.view"
    TPS_VIEW = "tps.view"
    TPS_CREATE = "tps.create"
    TPS_EDIT = "tps.edit"
    ADHOC_VIEW = "adhoc.view"
    ADHOC_EDIT_KPU = "adhoc.edit_kpu"
    ADHOC_EDIT_BAWASLU = "adhoc.edit_bawaslu"
    KESIAPAN_VIEW = "kesiapan.view"
    AUDIT_VIEW = "audit.view"
    TAHAPAN_MANAGE = "tahapan.manage"
    # supervision (Bawaslu reports and findings)
    SUPERVISION_VIEW = "supervision.view"
    SUPERVISION_HANDLE = "supervision.handle"
    SUPERVISION_FIND = "supervision.find"
    SUPERVISION_EXPORT = "supervision.export"
    COUNTING_VIEW = "counting.view"
    COUNTING_ENTER = "counting.enter"
    COUNTING_IMPORT = "counting.import"
    COUNTING_CORRECT = "counting.correct"
    COUNTING_OBJECTION = "counting.objection"
    RECAP_LOCK = "recap.lock"
    # logistics (issue #6)
    LOGISTICS_VIEW = "logistics.view"
    LOGISTICS_DISPATCH = "logistics.dispatch"
    LOGISTICS_RECEIVE = "logistics.receive"
    LOGISTICS_MANAGE = "logistics.manage"
    # budget: grant (NPHD) and honoraria (issue #6)
    GRANT_VIEW = "budget.grant_view"
    GRANT_MANAGE = "budget.grant_manage"
    GRANT_REPORT = "budget.grant_report"
    HONOR_VIEW = "budget.honor_view"
    HONOR_MANAGE = "budget.honor_manage"
    HONOR_PAY = "budget.honor_pay"
    HONOR_CONFIRM = "budget.honor_confirm"
    VOTERS_VIEW = "voters.view"
    VOTERS_IMPORT = "voters.import"
    VOTERS_REVIEW = "voters.review"
    VOTERS_EXPORT = "voters.export"
    # DPT posted at the TPS and C.Pemberitahuan handed out (PPS and KPPS record them).
    VOTERS_DISTRIBUTE = "voters.distribute"


_ALL_STAFF = frozenset(Role)
_VIEW_BASICS = {Perm.WILAYAH_VIEW, Perm.TPS_VIEW, Perm.KESIAPAN_VIEW}

PERMISSIONS: dict[Perm, frozenset[str]] = {
    Perm.WILAYAH_VIEW: _ALL_STAFF,
    Perm.TPS_VIEW: _ALL_STAFF,
    Perm.KESIAPAN_VIEW: _ALL_STAFF,
    # TPS are set up by KPU Kabupaten; KPU Provinsi (like everyone else) only reads them.
    Perm.TPS_CREATE: frozenset({Role.KPU_ADMIN}),
    Perm.TPS_EDIT: frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS}),
    # Pages show roster counts only (KPPS formed, trained) in readiness; KPU Provinsi supervises
    # how the kabupaten form their ad hoc bodies, so it is in through KPU_SIDE.
    Perm.ADHOC_VIEW: frozenset(KPU_SIDE | BAWASLU_SIDE | {Role.AUDITOR, Role.KEPALA_DESA}),
    Perm.ADHOC_EDIT_KPU: frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS}),
    Perm.ADHOC_EDIT_BAWASLU: frozenset({Role.BAWASLU, Role.PANWASCAM}),
    Perm.AUDIT_VIEW: frozenset({Role.KPU_PROVINSI, Role.KPU_ADMIN, Role.BAWASLU, Role.AUDITOR}),
    Perm.TAHAPAN_MANAGE: frozenset({Role.KPU_ADMIN}),
    # supervision: cases are seen by the Bawaslu side, the KPU (which acts on recommendations)
    # and auditors; handled (assessed, decided, forwarded) by Bawaslu and Panwascam; findings
    # are entered by every Pengawas. Reporter identity is further limited to assigned officers.
    Perm.SUPERVISION_VIEW: frozenset(
        BAWASLU_SIDE | {Role.KPU_PROVINSI, Role.KPU_ADMIN, Role.AUDITOR}
    ),
    Perm.SUPERVISION_HANDLE: frozenset({Role.BAWASLU, Role.PANWASCAM}),
    Perm.SUPERVISION_FIND: BAWASLU_SIDE,
    Perm.SUPERVISION_EXPORT: frozenset({Role.BAWASLU, Role.PANWASCAM, Role.AUDITOR}),
    Perm.COUNTING_VIEW: frozenset(KPU_SIDE | BAWASLU_SIDE | {Role.AUDITOR}),
    # Forms are typed by the bodies below the province (KPPS, PPS, PPK, KPU Kabupaten); KPU
    # Provinsi recapitulates the kabupaten/kota results and never types or imports a C.Hasil.
    Perm.COUNTING_ENTER: COUNTING_BODIES,
    Perm.COUNTING_IMPORT: frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS}),
    # Corrections are new versions of a TPS form, so not for KPU Provinsi either; once the
    # province plenary is locked nobody corrects the governor race's forms (counting.services).
    Perm.COUNTING_CORRECT: frozenset({Role.KPU_ADMIN, Role.PPK}),
    # Witness objections are recorded by the body holding the count or the plenary (KPU
    # Provinsi at the D.Hasil Provinsi plenary), and by the supervisors who hear them.
    Perm.COUNTING_OBJECTION: frozenset(KPU_SIDE | BAWASLU_SIDE),
    # Plenary locks, within the holder's area like every write (pilkada.accounts.scoping): a PPK
    # locks its kecamatan, KPU Kabupaten its kabupaten, KPU Provinsi the province (governor race).
    # A kabupaten role never reaches the province code ("18" does not start with "1807"); a
    # higher body may act on a plenary below it, as KPU takes over a body that cannot hold it.
    Perm.RECAP_LOCK: frozenset({Role.KPU_PROVINSI, Role.KPU_ADMIN, Role.PPK}),
    Perm.LOGISTICS_VIEW: _ALL_STAFF,
    Perm.LOGISTICS_DISPATCH: frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS}),
    Perm.LOGISTICS_RECEIVE: frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS, Role.KPPS}),
    Perm.LOGISTICS_MANAGE: frozenset({Role.KPU_ADMIN}),
    # Budget: the regency's grant (NPHD Pemkab-KPU Kabupaten) and the honoraria paid from it.
    # KPU Provinsi neither manages nor reads it here (its own grant, from the Pemprov, is not
    # modelled); the honoraria pages name each paid person, kept to the regency's own roles.
    Perm.GRANT_VIEW: frozenset({Role.KPU_ADMIN, Role.BAWASLU, Role.PEMKAB_KEUANGAN, Role.AUDITOR}),
    # The grantor (Pemkab) records the agreement and its transfers; KPU's back office may too.
    Perm.GRANT_MANAGE: frozenset({Role.PEMKAB_KEUANGAN, Role.KPU_ADMIN}),
    # Recipients report spending and return the balance.
    Perm.GRANT_REPORT: frozenset({Role.KPU_ADMIN, Role.BAWASLU, Role.PEMKAB_KEUANGAN}),
    # Honoraria: read in one's area; the kepala desa and the camat-level roles watch.
    Perm.HONOR_VIEW: frozenset(
        {
            Role.KPU_ADMIN,
            Role.PPK,
            Role.PPS,
            Role.KPPS,
            Role.BAWASLU,
            Role.PANWASCAM,
            Role.PKD,
            Role.PEMKAB_KEUANGAN,
            Role.KEPALA_DESA,
            Role.AUDITOR,
        }
    ),
    Perm.HONOR_MANAGE: frozenset({Role.KPU_ADMIN}),
    Perm.HONOR_PAY: frozenset({Role.KPU_ADMIN, Role.PPS}),
    # Confirmation of what was actually received comes from outside the paying chain.
    Perm.HONOR_CONFIRM: frozenset({Role.KEPALA_DESA, Role.KPPS}),
    # The roll, masked (NIK/NKK never shown); KPU Provinsi reads it through KPU_SIDE. Imports,
    # review and the full export stay with the kabupaten that keeps its roll.
    Perm.VOTERS_VIEW: frozenset(KPU_SIDE | BAWASLU_SIDE | {Role.AUDITOR}),
    Perm.VOTERS_IMPORT: frozenset({Role.KPU_ADMIN}),
    Perm.VOTERS_REVIEW: frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS}),
    Perm.VOTERS_EXPORT: frozenset({Role.KPU_ADMIN}),
    Perm.VOTERS_DISTRIBUTE: frozenset({Role.KPU_ADMIN, Role.PPK, Role.PPS, Role.KPPS}),
}


def role_has(role: str, perm: Perm) -> bool:
    return role in PERMISSIONS[perm]
